"""Execute the notebooks top to bottom, in place, as ``make report`` does.

``python -m netlib.tooling.notebooks run [NAME ...]`` runs every ``notebooks/NN_*.ipynb`` (or the
named ones) in a fresh kernel with the notebook's folder as working directory, and writes
the outputs back. Runs are deterministic: ``PYTHONHASHSEED=0``, no timing metadata, and
every random draw in a notebook is seeded. A failing cell stops the run with the error.

Notebooks are written the way JupyterLab saves them (:func:`lab_text`), so that opening a
committed notebook in ``make lab`` does not change it: Lab parses the file in the browser,
stamps the kernelspec of the kernel it starts, and sends ``JSON.stringify`` of its model to
the Jupyter server, which writes it with nbformat (keys sorted, indent 1). JavaScript has
one number type, so on that trip a float with an integral value (``0.0``, ``2.0``) comes
back as an integer (``0``, ``2``) and NaN/Infinity as ``null``; every other float keeps its
value (both sides print the shortest string that round-trips, ECMA-262 §7.1.12.1).
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

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


def lab_kernelspec(name: str = KERNEL) -> dict[str, str]:
    """The kernelspec metadata JupyterLab writes for kernel ``name`` (as this environment's
    Jupyter lists it: ipykernel's ``python3`` is "Python 3 (ipykernel)")."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def js_numbers(obj: Any) -> Any:
    """``obj`` as it comes back from ``JSON.parse(JSON.stringify(obj))`` in JavaScript:
    integral floats below 1e21 in magnitude become ints (-0.0 becomes 0), non-finite
    floats become None; everything else is unchanged."""
    if isinstance(obj, float):
        if not math.isfinite(obj):
            return None
        return int(obj) if obj.is_integer() and abs(obj) < 1e21 else obj
    if isinstance(obj, dict):
        return {k: js_numbers(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [js_numbers(v) for v in obj]
    return obj


def lab_text(nb: nbformat.NotebookNode) -> str:
    """The file JupyterLab would save for ``nb`` (see the module docstring)."""
    data = js_numbers(json.loads(json.dumps(nb)))
    data.setdefault("metadata", {})["kernelspec"] = lab_kernelspec()
    text = nbformat.writes(nbformat.from_dict(data), version=nbformat.NO_CONVERT)
    return text if text.endswith("\n") else text + "\n"


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write ``nb`` to ``path`` as JupyterLab would save it."""
    path.write_text(lab_text(nb), encoding="utf-8")


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
        write_notebook(nb, path)
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
