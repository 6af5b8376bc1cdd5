"""``python -m netlib.simulate imst [--seed N] [--out DIR]`` — write the synthetic survey."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netlib.paths import RAW, rel
from netlib.simulate.ego_survey import IMST_SEED, write_imst_survey


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m netlib.simulate")
    sub = ap.add_subparsers(dest="what", required=True)
    p = sub.add_parser("imst", help="write the synthetic IMST survey")
    p.add_argument("--seed", type=int, default=IMST_SEED)
    p.add_argument("--out", type=Path, default=RAW / "imst_survey_synthetic")
    args = ap.parse_args(argv)
    for path in write_imst_survey(args.out, args.seed):
        print(f"wrote {rel(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
