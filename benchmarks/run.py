"""``make bench``: wall times measured side by side in one run → ``benchmarks/latest.json``.

Each entry is ``{name, value, unit, baseline, baseline_value, ratio}``: the measured value,
a baseline measured in the same run on the same machine, and their ratio (value/baseline).
Ratios travel between machines better than seconds do. Nothing here asserts a time; the
test suite never does either.

* ``test_suite``: the whole suite (unit tests + nbval), against pytest's own start-up and
  collection (``pytest --collect-only``);
* ``notebook:<name>``: executing each notebook in a fresh kernel, against executing an
  empty notebook (kernel start-up and shutdown). Best of ``REPEATS``;
* ``imst_ego_measures_1M_ties``: the vectorised ego-measure table for ~100 000 respondents
  and 1 000 000 ties against the networkx per-ego loop of ``tests.reference`` measured on a
  sample of egos and scaled (``speedup`` = loop / vectorised; target ≥ 20 and < 10 s);
* ``imst_findings_robustness``: generator seeds (of 100) for which all seven IMST findings
  hold, against the 95 required;
* ``power_sim_laser_1000``: :func:`netlib.trials.simulate.simulate_power` — 1 000 replicates of a
  LASER-size three-level design (students in 123 schools in 3 networks, schools randomised
  within networks: ``bcra3_2f`` with K = 3, J = 41, n = 488, i.e. 60 024 students per
  replicate; unit-level data drawn for every replicate) — against generating a replicate and
  fitting a statsmodels mixed model (random school intercepts, network fixed effects) to it,
  timed on ``MIXED_SAMPLE`` replicates and scaled to 1 000. Best of ``REPEATS``;
* ``power_grid_dask_2_workers``: :func:`netlib.trials.grid.power_grid` over ``GRID_POINTS``
  simulated designs (LASER's WWC sample: ``bcra3_2f``, K = 3, J = 41, n = 51, 1 000
  replicates each, over true effects × ICCs) on a 2-worker local Dask cluster already
  running (best of ``REPEATS`` after a warm-up call), against the same call in-process
  (best of ``REPEATS``); ``..._cold_start``: the one call with ``scheduler="local"``, which
  starts and closes the cluster. The tables must be equal (same seeds); the run checks it.

``python benchmarks/run.py --only NAME [NAME ...]`` measures only the named rows (by their
function: ``test_suite``, ``notebooks``, ``imst_ego_measures``, ``imst_findings_robustness``,
``power_sim_laser``, ``power_grid_dask``) and merges them into ``latest.json``.
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

from netlib.data.paths import ROOT
from netlib.tooling.notebooks import execute, notebook_paths

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


def imst_ego_measures(n_ties: int = 1_000_000, sample: int = 2000) -> dict[str, object]:
    """Vectorised ego measures on ~100 000 respondents / 1 000 000 ties vs the networkx
    per-ego loop of tests.reference, run on ``sample`` egos and scaled to all egos (plus
    building the directed graph once, which the loop needs)."""
    import numpy as np

    from netlib.cases.imst.contract import INSTITUTION_TYPES
    from netlib.cases.imst.generator import imst_survey
    from netlib.sna.ego import ego_measures
    from tests.reference import brokerage_loop, directed_graph, ego_loop

    respondents, ties = imst_survey(1, respondents_per_region=11_112)
    rng = np.random.default_rng(0)
    ties = ties.iloc[np.sort(rng.choice(len(ties), size=n_ties, replace=False))]
    ties = ties.assign(alter_id=ties["alter_id"].replace("", None)).reset_index(drop=True)
    t0 = time.perf_counter()
    ego_measures(ties, respondents, categories=INSTITUTION_TYPES)
    fast = time.perf_counter() - t0

    egos = list(rng.choice(respondents["respondent_id"].to_numpy(), size=sample, replace=False))
    among = ties[ties["alter_id"].notna()]
    group = respondents.set_index("respondent_id")["region"]
    t0 = time.perf_counter()
    G = directed_graph(among, list(group.index))
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    ego_loop(ties[ties["respondent_id"].isin(egos)], respondents, list(INSTITUTION_TYPES), egos)
    brokerage_loop(G, group, egos)
    per_ego = (time.perf_counter() - t0) / sample
    slow = build + per_ego * len(respondents)
    return entry(f"imst_ego_measures_1M_ties ({len(respondents)} respondents, "
                 f"{len(ties)} ties)", fast,
                 f"networkx per-ego loop ({sample} egos, scaled)", slow) | {
        "ratio": round(fast / slow, 4), "speedup": round(slow / fast, 1)}


def imst_findings_robustness(seeds: int = 100, required: int = 95) -> dict[str, object]:
    """Seeds of the generator (0..seeds-1) for which all seven IMST findings hold."""
    from netlib.cases.imst import analysis as imst
    from netlib.cases.imst.generator import write_imst_survey
    from netlib.cases.imst.survey import load_imst_survey

    held = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(seeds):
            d = Path(tmp) / str(seed)
            write_imst_survey(d, seed)
            held += bool(imst.check_findings(load_imst_survey(d), permutations=500)[
                "holds"].all())
    return {"name": "imst_findings_robustness", "value": held, "unit": f"seeds of {seeds}",
            "baseline": "required", "baseline_value": required,
            "ratio": round(held / required, 3)}
def power_sim_laser(reps: int = 1000) -> dict[str, object]:
    """Vectorised simulation vs a mixed model per replicate (see module docstring)."""
    import statsmodels.formula.api as smf

    from netlib.trials import simulate

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


GRID = {"design": "bcra3_2f", "es": [0.1, 0.15, 0.2, 0.25], "rho2": [0.17, 0.22], "n": 51,
        "J": 41, "K": 3}
GRID_POINTS = 8


def power_grid_dask(reps: int = 1000) -> list[dict[str, object]]:
    """The same simulated power grid in-process and on a 2-worker local Dask cluster: warm
    (the cluster already up and its workers' imports done, as on a long-lived cluster) and
    cold (``scheduler="local"``: start-up, imports and shut-down included)."""
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    from netlib.trials.grid import power_grid

    def timed(**kw: object) -> tuple[float, pd.DataFrame]:
        t0 = time.perf_counter()
        table = power_grid(GRID, method="simulate", reps=reps, seed=1, **kw)
        return time.perf_counter() - t0, table

    t_local, local = min((timed() for _ in range(REPEATS)), key=lambda r: r[0])
    t_cold, cold = timed(scheduler="local", n_workers=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        timed(scheduler=client)  # warm the workers up (imports)
        t_warm, warm = min((timed(scheduler=client) for _ in range(REPEATS)),
                           key=lambda r: r[0])
    for table in (cold, warm):
        pd.testing.assert_frame_equal(local, table)  # same seeds, same numbers
    assert len(local) == GRID_POINTS
    base = f"the same grid in-process ({GRID_POINTS} points x {reps} replicates)"
    return [
        {"name": "power_grid_dask_2_workers", "value": round(t_warm, 3), "unit": "s",
         "baseline": base, "baseline_value": round(t_local, 3),
         "ratio": round(t_warm / t_local, 3)},
        {"name": "power_grid_dask_2_workers_cold_start", "value": round(t_cold, 3),
         "unit": "s", "baseline": base, "baseline_value": round(t_local, 3),
         "ratio": round(t_cold / t_local, 3)},
    ]


def test_suite() -> list[dict[str, object]]:
    collect = best(lambda: wall([sys.executable, "-m", "pytest", "--collect-only", "-q"]), 2)
    suite = wall([sys.executable, "-m", "pytest", "-q"])
    return [entry("test_suite", suite, "pytest --collect-only", collect)]


def notebooks() -> list[dict[str, object]]:
    results = []
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
    return results


ROWS = {
    "test_suite": test_suite,
    "notebooks": notebooks,
    "imst_ego_measures": lambda: [imst_ego_measures()],
    "imst_findings_robustness": lambda: [imst_findings_robustness()],
    "power_sim_laser": lambda: [power_sim_laser()],
    "power_grid_dask": power_grid_dask,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    only = argv[1:] if argv[:1] == ["--only"] else []
    unknown = [n for n in only if n not in ROWS]
    if unknown or (argv and not only):
        print(f"usage: run.py [--only NAME ...], NAME in {sorted(ROWS)}", file=sys.stderr)
        return 2
    results = [r for name in (only or ROWS) for r in ROWS[name]()]
    if only and OUT.is_file():  # merge: keep the rows not measured now
        fresh = {r["name"] for r in results}
        kept = [r for r in json.loads(OUT.read_text(encoding="utf-8"))["results"]
                if r["name"] not in fresh]
        results = kept + results

    payload = {
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count()},
        "results": results,
    }
    OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    for r in results:
        print(f"{r['name']:<40} {r['value']:>10.3f} {r['unit']:<12} ratio {r['ratio']} "
              f"to {r['baseline']} ({r['baseline_value']})")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
