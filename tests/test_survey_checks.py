"""The survey's tie checks, done as array operations (``netlib.survey.core``), against the
record-by-record reference ``tests/reference.py::survey_tie_checks_loop`` on random surveys
full of problems: unknown and rejected respondents, self-ties, duplicate pairs and rows,
several relations per contact, contacts described two ways."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netlib.data.validate import Validated
from netlib.survey.core import _check_ties
from netlib.survey.profile import GENERIC
from tests.reference import survey_tie_checks_loop

COLS = ["respondent_id", "alter_id", "alter_region", "alter_institution", "frequency",
        "content", "alter_organisation", "alter_key"]


def random_ties(seed: int, n: int) -> tuple[pd.DataFrame, set[str], set[str]]:
    rng = np.random.default_rng(seed)
    people = [f"p{i}" for i in range(12)]
    known, rejected = set(people[:9]), {"p9", "p10"}  # p11: unknown
    def pick(opts: list, p: list[float] | None = None) -> list:
        w = None if p is None else np.asarray(p) / np.sum(p)
        return [opts[i] for i in rng.choice(len(opts), n, p=w)]

    df = pd.DataFrame({
        "respondent_id": pick(people, [0.1] * 9 + [0.01] * 3),
        "alter_id": pick([None, *people], [0.5] + [0.5 / 12] * 12),
        "alter_region": pick(["A", "B"]), "alter_institution": pick(["x", "y"]),
        "frequency": pick(["f1", "f2"]), "content": pick(["info", "coop"]),
        "alter_organisation": pick([None, "org"], [0.9, 0.1]),
        "alter_key": pick([None, "k1", "k2", "k3"], [0.6, 0.15, 0.15, 0.1]),
    })
    return df.astype("string"), known, rejected


@pytest.mark.parametrize("seed", range(40))
def test_array_checks_equal_the_record_loop(seed):
    df, known, rejected = random_ties(seed, 300)
    lines = list(range(2, len(df) + 2))
    v = Validated(data=df.copy(), rejected=pd.DataFrame(columns=["file", "line", "column",
                                                                "value", "reason"]),
                  rows_in=len(df), lines=lines)
    respondents = pd.DataFrame({"respondent_id": pd.array(sorted(known), dtype="string")})
    kept, extra = _check_ties(v, "ties.csv", respondents, rejected, GENERIC, strict=False)
    records = [{"line": ln, **{c: (None if pd.isna(x) else x) for c, x in zip(COLS, row,
                                                                            strict=True)}}
               for ln, row in zip(lines, df[COLS].itertuples(index=False), strict=True)]
    want_kept, want_out = survey_tie_checks_loop(records, known, rejected)
    assert sorted(np.asarray(lines)[kept]) == want_kept
    got = sorted((r["line"], r["column"], r["reason"].split(": ", 1)[1]) for r in extra)
    assert got == want_out
    assert kept.sum() + len(extra) == len(df)
    assert len(want_out) > 0  # the draws do contain problems


def test_strict_mode_raises_the_first_problem_in_file_order():
    df, known, rejected = random_ties(3, 200)
    v = Validated(data=df.copy(), rejected=pd.DataFrame(columns=["file", "line", "column",
                                                                "value", "reason"]),
                  rows_in=len(df), lines=list(range(2, len(df) + 2)))
    respondents = pd.DataFrame({"respondent_id": pd.array(sorted(known), dtype="string")})
    records = [{"line": ln, **{c: (None if pd.isna(x) else x) for c, x in zip(COLS, row,
                                                                            strict=True)}}
               for ln, row in zip(range(2, len(df) + 2), df[COLS].itertuples(index=False),
                                  strict=True)]
    _, want = survey_tie_checks_loop(records, known, rejected)
    from netlib import DataError

    with pytest.raises(DataError) as e:
        _check_ties(v, "ties.csv", respondents, rejected, GENERIC, strict=True)
    assert e.value.line == want[0][0] and want[0][2] in str(e.value)
