"""``python -m netlib.cases.imst [--seed N] [--out DIR] [--respondents N] [--ties M]`` —
write the synthetic survey (the shipped one without the size options)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from netlib.cases.imst.generator import IMST_SEED, write_imst_survey
from netlib.data.paths import RAW, rel


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m netlib.cases.imst",
                                 description="write the synthetic IMST survey")
    ap.add_argument("--seed", type=int, default=IMST_SEED)
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: data/raw/imst_survey_synthetic, only "
                    "without size options)")
    ap.add_argument("--respondents", type=int, default=None,
                    help="number of respondents, split evenly over the nine states")
    ap.add_argument("--ties", type=int, default=None, help="exact number of ties")
    args = ap.parse_args(argv)
    sized = args.respondents is not None or args.ties is not None
    if args.out is None:
        if sized:  # never overwrite the shipped survey with a sized one by accident
            ap.error("--out is required with --respondents or --ties")
        args.out = RAW / "imst_survey_synthetic"
    t0 = time.perf_counter()
    for path in write_imst_survey(args.out, args.seed, respondents=args.respondents,
                                  ties=args.ties):
        print(f"wrote {rel(path)}")
    if sized:
        print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
