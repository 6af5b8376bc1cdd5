"""One-off extraction of mlmRev's ``Hsb82`` (High School and Beyond) into ``data/raw/hsb82.csv``.

Run once (already done; the CSV is committed with its sha256 in ``data/raw/datapackage.json``)::

    apt-get install r-cran-mlmrev        # Debian's package of the R package mlmRev
    python tools/extract_hsb.py

The R package mlmRev 1.0-8 (Bates, Maechler, Bolker & Walker; GPL (>= 2)), Debian package
``r-cran-mlmrev`` 1.0-8-2, ships ``Hsb82``: the 1982 High School and Beyond sub-sample of
Raudenbush & Bryk (2002, *Hierarchical Linear Models*, 2nd ed.), 7 185 students in 160
schools. R is needed only here, never at run time: the script asks ``Rscript`` to write the
data frame and normalises it with pandas.

Output: UTF-8 CSV, ``\\n`` line ends, one row per student in mlmRev's row order; the R row
name becomes ``id``; the school factor is written as its label (the HS&B school id);
factor labels as mlmRev spells them; numbers as R prints them with 15 significant digits.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "data" / "raw" / "hsb82.csv"
R = ('suppressMessages(library(mlmRev)); data(Hsb82); d <- Hsb82; '
     'd$school <- as.character(d$school); '
     'write.csv(cbind(id = seq_len(nrow(d)), d), commandArgs(TRUE)[1], row.names = FALSE)')


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "hsb82.csv"
        subprocess.run(["Rscript", "-e", R, str(raw)], check=True)
        df = pd.read_csv(raw, dtype={"school": str})
    assert df.shape == (7185, 9), df.shape
    df.to_csv(OUT, index=False, lineterminator="\n", encoding="utf-8", float_format="%.15g")
    print(f"wrote {OUT} ({len(df)} rows, {df['school'].nunique()} schools)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
