"""Tennessee STAR: reshaping the wide AER table, and the kindergarten cohort's attrition.

The raw table (``data/raw/star.csv``, loaded by :func:`netlib.load.load_star`) has one row per
student and one column per variable × grade. Analyses want one row per student × grade in
which the student sat in a STAR class: :func:`star_long` (written by ``python -m
netlib.tooling.build`` as ``data/processed/star_long.csv``).

Stock & Watson's outcome is the *total scaled score*, reading + math (Stanford Achievement
Test); the treatment indicators are ``small`` and ``aide`` (regular class with a full-time
aide) against regular classes. Randomisation was of students (and teachers) to classes
*within schools*: ``schoolid`` is the block and the cluster; ``school_type`` (AER's
``school{g}``) is only the kind of school.
"""

from __future__ import annotations

import pandas as pd

from netlib.cases.tables import STAR_GRADES

GRADE_LABELS = {"k": "K", "1": "1", "2": "2", "3": "3"}
STEMS = {
    "star": "class_type", "read": "read", "math": "math", "lunch": "lunch",
    "school": "school_type", "degree": "degree", "ladder": "ladder",
    "experience": "experience", "tethnicity": "teacher_ethnicity", "system": "system",
    "schoolid": "schoolid",
}
LONG_COLUMNS = [
    "id", "grade", "grade_order", "entry_grade", "class_type", "small", "aide", "read", "math",
    "score", "schoolid", "system", "school_type", "lunch", "free_lunch", "gender", "boy",
    "ethnicity", "black", "race_other", "birth", "experience", "degree", "ladder",
    "teacher_ethnicity",
]


def star_long(star: pd.DataFrame) -> pd.DataFrame:
    """One row per student × grade with a STAR class, sorted by grade then ``id``.

    Adds ``score = read + math`` (empty if either is missing), 0/1 indicators ``small``,
    ``aide``, ``free_lunch``, ``boy``, ``black`` and ``race_other`` (ethnicity neither
    ``cauc`` nor ``afam``, as in Stock & Watson's Table 13.2), and ``entry_grade``, the first
    grade in which the student was in a STAR class.
    """
    first = pd.Series(pd.NA, index=star.index, dtype="string")
    for g in reversed(STAR_GRADES):
        first = first.mask(star[f"star{g}"].notna(), g)
    parts = []
    for order, g in enumerate(STAR_GRADES):
        rows = star[star[f"star{g}"].notna()]
        part = pd.DataFrame({new: rows[f"{stem}{g}"] for stem, new in STEMS.items()})
        part.insert(0, "id", rows["id"])
        part["grade"] = g
        part["grade_order"] = order
        part["entry_grade"] = first[rows.index]
        for col in ("gender", "ethnicity", "birth"):
            part[col] = rows[col]
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    long["small"] = (long["class_type"] == "small").astype("Int64")
    long["aide"] = (long["class_type"] == "regular+aide").astype("Int64")
    long["score"] = (long["read"] + long["math"]).astype("Int64")
    long["free_lunch"] = _indicator(long["lunch"], "free")
    long["boy"] = _indicator(long["gender"], "male")
    long["black"] = _indicator(long["ethnicity"], "afam")
    eth = long["ethnicity"]
    long["race_other"] = pd.array(
        [pd.NA if pd.isna(e) else int(e not in ("cauc", "afam")) for e in eth], dtype="Int64")
    long = long[LONG_COLUMNS].sort_values(["grade_order", "id"]).reset_index(drop=True)
    return long


def _indicator(s: pd.Series, level: str) -> pd.Series:
    return pd.array([pd.NA if pd.isna(v) else int(v == level) for v in s], dtype="Int64")


def grade_sample(long: pd.DataFrame, grade: str, *, outcome: str = "score") -> pd.DataFrame:
    """The analysis sample of one grade: STAR students of that grade with an outcome."""
    d = long[(long["grade"] == grade) & long[outcome].notna()].copy()
    return d.reset_index(drop=True)


def kindergarten_attrition(star: pd.DataFrame, *, last: str = "3") -> pd.DataFrame:
    """Attrition of the kindergarten cohort by kindergarten class type.

    The cohort is every student randomised in kindergarten (``stark`` set); a student is
    *retained* if the cohort has their total score in grade ``last`` (``read`` and ``math``
    both present), whatever class they sat in then. Returns one row per kindergarten class
    type with ``randomised``, ``retained`` and ``attrition`` (share lost).
    """
    k = star[star["stark"].notna()]
    kept = k[f"read{last}"].notna() & k[f"math{last}"].notna()
    out = (
        pd.DataFrame({"class_type": k["stark"].astype(str), "retained": kept.astype(int)})
        .groupby("class_type")["retained"].agg(randomised="size", retained="sum")
        .reindex(["regular", "small", "regular+aide"])
    )
    out["attrition"] = 1 - out["retained"] / out["randomised"]
    return out.reset_index()
