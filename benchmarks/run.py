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
  timed on ``MIXED_SAMPLE`` replicates and scaled to 1 000. Best of ``REPEATS``.

National-scale rows, on a survey generated once per run with
``python -m netlib.cases.imst --respondents 100008 --ties 1000000`` (``big_survey``):

* ``imst_load_1M_ties``: ``load_imst_survey`` (read, validate, pseudonymise) against
  ``pandas.read_csv`` of the same two files, ``LOAD_PAIRS`` times each, one after the other
  (after one warm-up load, which also compiles or loads the numba kernels): min, median and
  max of each, the ratio of the minima and the median of the pairs' ratios (the machine's
  speed drifts; a pair is timed at one moment);
* ``imst_notebook_1M_ties``: notebook 02 through papermill with ``survey_path`` set and
  every other parameter at its default: wall time, peak RSS of the kernel (its process tree,
  sampled every 0.2 s) and the size of the executed notebook (its stored outputs);
* ``imst_ei_2000_perms``: the E-I permutation test (2 000 draws) on the respondent graph of
  that survey (~490 000 ties): time, and peak traced memory at 200 and 2 000 draws (chunked
  draws: the two should be about the same);
* ``imst_export_1M_ties``: GEXF + GraphML export (``view="auto"``: the aggregated graph);
* ``imst_small_surveys``: loading the shipped survey and the tests' small client survey,
  against the same loader with the record-by-record validator of ``tests.reference``
  (the implementation before column-wise validation) in the same run.

Trial-design row:

* ``power_grid_dask_2_workers``: :func:`netlib.trials.grid.power_grid` over ``GRID_POINTS``
  simulated designs (LASER's WWC sample: ``bcra3_2f``, K = 3, J = 41, n = 51, 1 000
  replicates each, over true effects × ICCs) on a 2-worker local Dask cluster already
  running (best of ``REPEATS`` after a warm-up call), against the same call in-process
  (best of ``REPEATS``); ``..._cold_start``: the one call with ``scheduler="local"``, which
  starts and closes the cluster. The tables must be equal (same seeds); the run checks it.

``python -m benchmarks.run --only imst_load_1M_ties imst_ei_2000_perms`` runs only the
named rows (and prints them without writing ``latest.json``).
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
LOAD_PAIRS = 7
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
BIG = {"respondents": 100_008, "ties": 1_000_000, "seed": 2019}
_big: dict[str, Path] = {}


def big_survey() -> Path:
    """The national-scale survey, generated once per run into a temporary folder."""
    if "dir" not in _big:
        from netlib.cases.imst.generator import write_imst_survey

        d = Path(tempfile.mkdtemp(prefix="netlib-bench-")) / "imst_national"
        write_imst_survey(d, BIG["seed"], respondents=BIG["respondents"], ties=BIG["ties"])
        _big["dir"] = d
    return _big["dir"]


def spread(values: list[float]) -> dict[str, float]:
    v = sorted(values)
    return {"min": round(v[0], 3), "median": round(v[len(v) // 2], 3), "max": round(v[-1], 3)}


def imst_load_1m() -> list[dict[str, object]]:
    """load_imst_survey on the national-scale survey vs pandas.read_csv of its two files."""
    import pandas as pd

    from netlib.cases.imst.survey import load_imst_survey

    d = big_survey()

    def read_csv() -> float:
        t0 = time.perf_counter()
        for name in ("respondents.csv", "ties.csv"):
            pd.read_csv(d / name, skiprows=1, dtype=str, keep_default_na=False)
        return time.perf_counter() - t0

    def load() -> float:
        t0 = time.perf_counter()
        load_imst_survey(d)
        return time.perf_counter() - t0

    load()  # warm-up: numba's kernels compiled or loaded from its cache
    base, times = [], []
    for _ in range(LOAD_PAIRS):
        base.append(read_csv())
        times.append(load())
    e = entry(f"imst_load_1M_ties ({BIG['respondents']} respondents, {BIG['ties']} ties)",
              min(times), "pandas.read_csv of the two files", min(base))
    pairs = sorted(t / b for t, b in zip(times, base, strict=True))
    return [e | {"spread": spread(times), "baseline_spread": spread(base),
                 "pair_ratio_median": round(pairs[len(pairs) // 2], 2)}]


def _tree_rss(proc: object) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:  # type: ignore[attr-defined]
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def imst_notebook_1m() -> list[dict[str, object]]:
    """Notebook 02 via papermill on the national-scale survey, default parameters."""
    import threading

    import papermill
    import psutil

    from netlib.data.paths import NOTEBOOKS

    d = big_survey()
    out = d.parent / "02_national.ipynb"
    me = psutil.Process()
    peak = {"rss": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for child in me.children():  # the kernel (and what it starts)
                peak["rss"] = max(peak["rss"], _tree_rss(child))
            done.wait(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    try:
        papermill.execute_notebook(str(NOTEBOOKS / "02_imst_regional_networks.ipynb"),
                                   str(out), parameters={"survey_path": str(d)},
                                   cwd=str(NOTEBOOKS), kernel_name="python3",
                                   progress_bar=False)
    finally:
        wall_s = time.perf_counter() - t0
        done.set()
        watcher.join()
    name = f"imst_notebook_1M_ties ({BIG['ties']} ties)"
    return [
        {"name": name, "value": round(wall_s, 3), "unit": "s", "baseline": "target",
         "baseline_value": 120.0, "ratio": round(wall_s / 120.0, 3)},
        {"name": f"{name}: peak RSS", "value": round(peak["rss"] / 2**30, 3), "unit": "GB",
         "baseline": "target", "baseline_value": 4.0,
         "ratio": round(peak["rss"] / 2**30 / 4.0, 3)},
        {"name": f"{name}: stored outputs", "value": round(out.stat().st_size / 2**20, 3),
         "unit": "MB", "baseline": "target", "baseline_value": 5.0,
         "ratio": round(out.stat().st_size / 2**20 / 5.0, 3)},
    ]


def imst_ei_2000() -> list[dict[str, object]]:
    """E-I permutation test, 2 000 draws, on the national-scale respondent graph."""
    import tracemalloc

    from netlib.cases.imst.analysis import respondent_graph
    from netlib.cases.imst.survey import load_imst_survey
    from netlib.sna.ei import ei_index

    G = respondent_graph(load_imst_survey(big_survey()))
    t0 = time.perf_counter()
    ei_index(G, "region", permutations=2000, seed=0)
    t = time.perf_counter() - t0
    peaks = {}
    for r in (200, 2000):
        tracemalloc.start()
        ei_index(G, "region", permutations=r, seed=0)
        peaks[r] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    name = f"imst_ei_2000_perms ({G.number_of_edges()} ties)"
    return [
        {"name": name, "value": round(t, 3), "unit": "s", "baseline": "target",
         "baseline_value": 10.0, "ratio": round(t / 10.0, 3)},
        {"name": f"{name}: peak traced memory", "value": round(peaks[2000], 1), "unit": "MB",
         "baseline": "same test with 200 draws", "baseline_value": round(peaks[200], 1),
         "ratio": round(peaks[2000] / peaks[200], 3)},
    ]


def imst_export_1m() -> list[dict[str, object]]:
    """GEXF + GraphML export of the national-scale survey (aggregated view, auto)."""
    from netlib.cases.imst.analysis import export_network
    from netlib.cases.imst.survey import load_imst_survey

    s = load_imst_survey(big_survey())
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = export_network(s, tmp)
        t = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in paths) / 2**20
    return [{"name": f"imst_export_1M_ties (GEXF + GraphML, {size:.1f} MB)",
             "value": round(t, 3), "unit": "s", "baseline": "target", "baseline_value": 15.0,
             "ratio": round(t / 15.0, 3)}]


def imst_small_surveys() -> list[dict[str, object]]:
    """Small surveys: today's loader vs the same with the record-by-record validator."""
    from unittest import mock

    import netlib.survey.core as survey_module
    from netlib.cases.imst.survey import SHIPPED_SURVEY, load_imst_survey
    from tests.reference import validate_rows_loop

    tmp = Path(tempfile.mkdtemp(prefix="netlib-bench-small-"))
    client = tmp / "client"  # the tests' small client survey (tests/test_imst_survey.py)
    from tests.test_imst_survey import BASE_RESP, BASE_TIES, write

    write(client, BASE_RESP, BASE_TIES)
    key = "a-bench-key-of-more-than-16-bytes"
    out = []
    for label, path in (("shipped", SHIPPED_SURVEY), ("client example", client)):
        def load(p: Path = path) -> float:
            t0 = time.perf_counter()
            load_imst_survey(p, key=None if p == SHIPPED_SURVEY else key)
            return time.perf_counter() - t0

        now = best(load, 5)
        texts: dict[str, str] = {}
        real_read = survey_module.read_table

        def read(fname: str, text: str, raw: bytes | None = None,
                 threads: int | None = None, decoded: object = None, texts: dict = texts,
                 real: object = real_read) -> object:
            texts[fname] = text
            return real(fname, text, raw, threads, decoded)  # type: ignore[operator]

        def loop(fname: str, table: object, schema: object, strict: bool = True,
                 frame: bool = True, texts: dict = texts) -> object:
            return validate_rows_loop(fname, texts[fname], schema, strict=strict)

        with mock.patch.object(survey_module, "read_table", read), \
                mock.patch.object(survey_module, "validate_table", loop):
            before = best(load, 5)
        out.append(entry(f"imst_small_surveys: load {label}", now,
                         "record-by-record validator (tests.reference)", before))
    return out


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


ROWS = {
    "imst_load_1M_ties": imst_load_1m,
    "imst_notebook_1M_ties": imst_notebook_1m,
    "imst_ei_2000_perms": imst_ei_2000,
    "imst_export_1M_ties": imst_export_1m,
    "imst_small_surveys": imst_small_surveys,
    "power_grid_dask_2_workers": power_grid_dask,
}


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


def print_results(results: list[dict[str, object]]) -> None:
    for r in results:
        extra = f" spread {r['spread']}" if "spread" in r else ""
        print(f"{r['name']:<40} {r['value']:>10.3f} {r['unit']:<12} ratio {r['ratio']} "
              f"to {r['baseline']} ({r['baseline_value']}){extra}")


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m benchmarks.run")
    ap.add_argument("--only", nargs="+", choices=sorted(ROWS),
                    help="run only these rows (latest.json is not written)")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    if args.only:
        results = [r for name in args.only for r in ROWS[name]()]
        print_results(results)
        return 0
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

    results.append(imst_ego_measures())
    results.append(imst_findings_robustness())
    results.append(power_sim_laser())
    for row in ROWS.values():
        results.extend(row())

    payload = {
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count()},
        "results": results,
    }
    OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print_results(results)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
