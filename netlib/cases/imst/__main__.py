"""``python -m netlib.cases.imst [--seed N] [--out DIR]`` — write the synthetic survey."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netlib.cases.imst.generator import IMST_SEED, write_imst_survey
from netlib.data.paths import RAW, rel


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m netlib.cases.imst",
                                 description="write the synthetic IMST survey")
    ap.add_argument("--seed", type=int, default=IMST_SEED)
    ap.add_argument("--out", type=Path, default=RAW / "imst_survey_synthetic")
    args = ap.parse_args(argv)
    for path in write_imst_survey(args.out, args.seed):
        print(f"wrote {rel(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
