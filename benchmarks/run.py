"""``make bench``: wall times measured side by side in one run → ``benchmarks/latest.json``.

Each entry is ``{name, value, unit, baseline, baseline_value, ratio}``: the measured value,
a baseline measured in the same run on the same machine, and their ratio (value/baseline).
Ratios travel between machines better than seconds do. Nothing here asserts a time; the
test suite never does either.

* ``test_suite``: the whole suite (unit tests + nbval), against pytest's own start-up and
  collection (``pytest --collect-only``);
* ``notebook:<name>``: executing each notebook in a fresh kernel, against executing an
  empty notebook (kernel start-up and shutdown). Best of ``REPEATS``.
* ``power_sim_laser_1000``: :func:`netlib.simulate.simulate_power` — 1 000 replicates of a
  LASER-size three-level design (students in 123 schools in 3 networks, schools randomised
  within networks: ``bcra3_2f`` with K = 3, J = 41, n = 488, i.e. 60 024 students per
  replicate; unit-level data drawn for every replicate) — against generating a replicate and
  fitting a statsmodels mixed model (random school intercepts, network fixed effects) to it,
  timed on ``MIXED_SAMPLE`` replicates and scaled to 1 000. Best of ``REPEATS``.
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
MIXED_SAMPLE = 5
LASER = dict(n=488, J=41, K=3, rho2=0.20)
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


def power_sim_laser(reps: int = 1000) -> dict[str, object]:
    """Vectorised simulation vs a mixed model per replicate (see module docstring)."""
    import statsmodels.formula.api as smf

    from netlib import simulate

    def vectorised() -> float:
        t0 = time.perf_counter()
        simulate.simulate_power("bcra3_2f", 0.2, reps=reps, seed=1, progress=False, **LASER)
        return time.perf_counter() - t0

    def one_mixed(seed: int) -> float:
        t0 = time.perf_counter()
        df = simulate.cluster_trial("bcra3_2f", es=0.2, seed=seed, **LASER)
        smf.mixedlm("y ~ treatment + C(block)", df, groups=df["cluster"]).fit(reml=True)
        return time.perf_counter() - t0

    value = best(vectorised)
    per_fit = sum(one_mixed(s) for s in range(MIXED_SAMPLE)) / MIXED_SAMPLE
    baseline = per_fit * reps
    return {
        "name": f"power_sim_laser_{reps}", "value": round(value, 3), "unit": "s",
        "baseline": f"statsmodels MixedLM per replicate ({MIXED_SAMPLE} timed, "
                    f"x{reps // MIXED_SAMPLE})",
        "baseline_value": round(baseline, 3), "ratio": round(value / baseline, 5),
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

    results.append(power_sim_laser())

    payload = {
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count()},
        "results": results,
    }
    OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    for r in results:
        print(f"{r['name']:<40} {r['value']:>8.2f} s  = {r['ratio']:>7.4g} × {r['baseline']}"
              f" ({r['baseline_value']:.2f} s)")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
