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
from netlib.trials.evaluation import Attrition, attrition_boundary, attrition_rating

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

    ``last="k"`` gives the attrition of the year of randomisation itself: pupils in a STAR
    kindergarten class without a kindergarten total score (Stock & Watson's kindergarten
    sample is the retained ones).
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


ARMS = {"small": "small", "regular+aide": "aide"}


def attrition_against_regular(att: pd.DataFrame, boundaries: pd.DataFrame) -> pd.DataFrame:
    """WWC attrition of each treated arm against regular classes.

    ``att`` is :func:`kindergarten_attrition`'s table. For each comparison (small vs
    regular, regular+aide vs regular) the two arms form a two-arm trial
    (:class:`netlib.trials.evaluation.Attrition`): overall attrition
    ``1 − (r_T + r_C)/(N_T + N_C)`` and differential attrition ``|a_T − a_C|``, judged
    against the WWC boundary (Standards Handbook v4.1, Table II.1, kept by v5.0) under the
    cautious and the optimistic assumption. Returns one row per comparison with the
    :class:`Attrition` itself (column ``attrition``), ``overall``, ``differential``, each
    boundary (``nan`` where no differential keeps attrition low) and its rating.
    """
    a = att.set_index("class_type")
    c = a.loc["regular"]
    rows = []
    for arm in ARMS:
        t = a.loc[arm]
        x = Attrition(int(t["randomised"]), int(t["retained"]),
                      int(c["randomised"]), int(c["retained"]))
        row = {"comparison": f"{arm} vs regular", "arm": arm, "attrition": x,
               "overall": x.overall, "differential": x.differential}
        for assumption in ("cautious", "optimistic"):
            row[f"{assumption} boundary"] = attrition_boundary(x.overall, assumption, boundaries)
            row[assumption] = attrition_rating(x, assumption, boundaries)
        rows.append(row)
    return pd.DataFrame(rows)


def class_type_changes(long: pd.DataFrame) -> pd.DataFrame:
    """Pupils in STAR classes in two consecutive grades who moved into or out of a small class.

    One row per transition (``K → 1``, ``1 → 2``, ``2 → 3``) with ``pupils`` (in a STAR
    class in both grades), ``changed`` (small in one grade, regular or regular+aide in the
    other) and ``share``. Moves between regular and regular+aide classes are not counted:
    Krueger (1999) reports that pupils of those two types were re-randomised between them at
    the start of grade 1. The data record the class attended, so a change is a crossover
    from the earlier assignment.
    """
    wide = long.pivot(index="id", columns="grade", values="class_type")
    rows = []
    for a, b in zip(STAR_GRADES[:-1], STAR_GRADES[1:], strict=True):
        both = wide[[a, b]].dropna()
        changed = int(((both[a] == "small") != (both[b] == "small")).sum())
        rows.append({"transition": f"{GRADE_LABELS[a]} → {GRADE_LABELS[b]}",
                     "pupils": len(both), "changed": changed,
                     "share": changed / len(both) if len(both) else float("nan")})
    return pd.DataFrame(rows)
