"""Execute the notebooks top to bottom, in place, as ``make report`` does.

``python -m netlib.tooling.notebooks run [NAME ...]`` runs every ``notebooks/NN_*.ipynb`` (or the
named ones) in a fresh kernel with the notebook's folder as working directory, and writes
the outputs back. Runs are deterministic: ``PYTHONHASHSEED=0``, no timing metadata, and
every random draw in a notebook is seeded. A failing cell stops the run with the error.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from netlib.data.paths import NOTEBOOKS, rel

KERNEL = "python3"
TIMEOUT = 600


def notebook_paths(names: list[str] | None = None) -> list[Path]:
    """The numbered notebooks, in order (or those named, by file name or stem)."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if names:
        wanted = {Path(n).stem for n in names}
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise SystemExit(f"no such notebook(s): {sorted(missing)}")
    return paths


def execute(path: Path, *, write: bool = True) -> float:
    """Execute one notebook in place; return the wall time in seconds."""
    os.environ["PYTHONHASHSEED"] = "0"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name=KERNEL,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0
    nb.metadata.pop("widgets", None)
    if write:
        nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "run":
        print(__doc__)
        return 2
    for path in notebook_paths(argv[1:]):
        print(f"executing {rel(path)} ...", flush=True)
        print(f"  done in {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
