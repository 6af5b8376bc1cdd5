"""``python -m netlib.survey examples [--out DIR] [--seed N]`` — write the synthetic example
exports; ``python -m netlib.survey contract --profile NAME --respondents N --out DIR`` — a
synthetic survey in the contract's layout under a profile."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netlib.data.paths import RAW, rel
from netlib.survey.examples import EXAMPLE_SEED, contract_survey, write_examples


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m netlib.survey",
                                 description="write synthetic survey examples")
    sub = ap.add_subparsers(dest="what", required=True)
    ex = sub.add_parser("examples", help="the shipped example exports")
    ex.add_argument("--out", type=Path, default=RAW / "survey_examples_synthetic")
    ex.add_argument("--seed", type=int, default=EXAMPLE_SEED)
    co = sub.add_parser("contract", help="a survey in the contract's layout")
    co.add_argument("--profile", default="france-academies")
    co.add_argument("--respondents", type=int, default=60)
    co.add_argument("--ties-per-respondent", type=int, default=6)
    co.add_argument("--seed", type=int, default=EXAMPLE_SEED)
    co.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    if args.what == "examples":
        paths = write_examples(args.out, args.seed)
    else:
        paths = contract_survey(args.out, args.profile, respondents=args.respondents,
                                ties_per_respondent=args.ties_per_respondent, seed=args.seed)
    for p in paths:
        print(f"wrote {rel(p)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
