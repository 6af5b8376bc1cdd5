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

    results.append(imst_ego_measures())
    results.append(imst_findings_robustness())
    results.append(power_sim_laser())

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
