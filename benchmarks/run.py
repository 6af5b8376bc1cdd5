"""``make bench``: wall times measured side by side in one run → ``benchmarks/latest.json``.

Each entry is ``{name, value, unit, baseline, baseline_value, ratio}``: the measured value,
a baseline measured in the same run on the same machine, and their ratio (value/baseline).
Ratios travel between machines better than seconds do. Nothing here asserts a time; the
test suite never does either.

* ``test_suite``: the whole suite (unit tests + nbval), against pytest's own start-up and
  collection (``pytest --collect-only``);
* ``notebook:<name>``: executing each notebook in a fresh kernel, against executing an
  empty notebook (kernel start-up and shutdown). Best of ``REPEATS``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from netlib.notebooks import execute, notebook_paths
from netlib.paths import ROOT

REPEATS = 3
OUT = ROOT / "benchmarks" / "latest.json"


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def best(f, n: int = REPEATS) -> float:
    return min(f() for _ in range(n))


def entry(name: str, value: float, baseline: str, baseline_value: float) -> dict[str, object]:
    return {
        "name": name, "value": round(value, 3), "unit": "s", "baseline": baseline,
        "baseline_value": round(baseline_value, 3), "ratio": round(value / baseline_value, 2),
    }


def main() -> int:
    results = []
    collect = best(lambda: wall([sys.executable, "-m", "pytest", "--collect-only", "-q"]), 2)
    suite = wall([sys.executable, "-m", "pytest", "-q"])
    results.append(entry("test_suite", suite, "pytest --collect-only", collect))

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("1")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, empty)
        base = best(lambda: execute(empty, write=False))
        for path in notebook_paths():
            t = best(lambda p=path: execute(p, write=False))
            results.append(entry(f"notebook:{path.stem}", t, "empty notebook", base))

    payload = {
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count()},
        "results": results,
    }
    OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    for r in results:
        print(f"{r['name']:<40} {r['value']:>8.2f} s  = {r['ratio']:>5.2f} × {r['baseline']}")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
