"""Grids of designs: power and diagnosis over many parameter sets, in-process or on Dask.

:func:`power_grid` evaluates a grid of designs — analytically (PowerUp!,
:mod:`netlib.trials.designs`) or by simulation (:func:`netlib.trials.simulate.simulate_power`)
— and :func:`diagnose_grid` runs :func:`netlib.trials.diagnose.diagnose` on each point. A
grid is a list of dicts (one design each) or a dict of lists (their Cartesian product).

Where it runs (``scheduler``):

* ``None`` (default): in this process, one point after another (no Dask needed);
* ``"local"``: a ``dask.distributed.LocalCluster`` on this machine with ``n_workers``
  single-threaded worker processes, started and closed by the call;
* a ``dask.distributed.Client``, or a scheduler address (``"tcp://host:8786"``): that
  cluster, as is — the same call on a distributed cluster.

Dask is the optional extra ``dask`` (``pip install ".[dask]"``). Every point gets its own
seed, spawned from ``seed`` by ``numpy.random.SeedSequence`` in grid order, so the numbers
do not depend on where, in which order or on how many workers the points run: the same
seeds give the same table in-process and on any cluster (``tests/test_grid.py``). A tqdm
progress bar (stderr) counts finished points when ``progress`` is true.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from netlib.trials import designs as ds
from netlib.trials import diagnose as dg
from netlib.trials import simulate as sim

SIM_NAMES = {v: k for k, v in ds.ALIASES.items()}  # PowerUp! name -> simulate's name


def expand(grid: Mapping[str, Iterable[Any]] | Iterable[Mapping[str, Any]]) -> list[dict]:
    """The points of a grid: a list of dicts as is, a dict of lists as its product."""
    if isinstance(grid, Mapping):
        keys = list(grid)
        values = [list(v) if isinstance(v, list | tuple | range | np.ndarray) else [v]
                  for v in grid.values()]
        return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*values)]
    return [dict(point) for point in grid]


def _seeds(seed: int, k: int) -> list[int]:
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(k)]


def power_point(point: dict[str, Any], *, method: str, reps: int, seed: int) -> dict[str, Any]:
    """One grid point: ``design``, ``es`` and the design's PowerUp! parameters. Returns the
    MDES, its df and the power (``method="analytic"``) or the simulated power with its
    Monte Carlo SE and coverage (``method="simulate"``, seeded by ``seed``)."""
    q = dict(point)
    design, es = q.pop("design"), q.pop("es")
    m = ds.mdes(design, **q)
    out: dict[str, Any] = {"mdes": m.mdes, "df": m.df,
                           "power": ds.power(design, es, **q)}
    if method == "simulate":
        name = SIM_NAMES.get(design, design)
        r = sim.simulate_power(name, es, reps=reps, seed=seed, progress=False, **q)
        out.update(sim_power=r.power, sim_power_se=r.mc_se, sim_coverage=r.coverage)
    elif method != "analytic":
        raise ValueError("method must be 'analytic' or 'simulate'")
    return out


def diagnose_point(point: dict[str, Any], *, sims: int, seed: int) -> pd.DataFrame:
    """One grid point of :func:`diagnose_grid`: the diagnosis table of that design."""
    q = dict(point)
    design = q.pop("design")
    return dg.diagnose(design, sims=sims, seed=seed, **q).table


def _run(func: Callable[..., Any], points: list[dict], seeds: list[int], kw: dict,
         scheduler: Any, n_workers: int, progress: bool, desc: str) -> list[Any]:
    from tqdm import tqdm

    if scheduler is None:
        return [func(p, seed=s, **kw)
                for p, s in tqdm(list(zip(points, seeds, strict=True)), disable=not progress,
                                 desc=desc, unit="point")]
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as err:  # pragma: no cover - depends on the optional extra
        raise ImportError("running a grid on Dask needs the optional extra: "
                          "pip install '.[dask]'") from err
    cluster = None
    if isinstance(scheduler, Client):
        client, own = scheduler, False
    elif scheduler == "local":
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client, own = Client(cluster), True
    elif isinstance(scheduler, str):
        client, own = Client(scheduler), True
    else:
        raise TypeError("scheduler must be None, 'local', a dask Client or an address")
    try:
        futures = [client.submit(func, p, seed=s, pure=False, **kw)
                   for p, s in zip(points, seeds, strict=True)]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        with tqdm(total=len(futures), disable=not progress, desc=desc, unit="point") as bar:
            for f in as_completed(futures):
                results[index[f.key]] = f.result()
                bar.update()
        return results
    finally:
        if own:
            client.close()
        if cluster is not None:
            cluster.close()


def power_grid(grid: Mapping[str, Iterable[Any]] | Iterable[Mapping[str, Any]], *,
               method: str = "analytic", reps: int = 1000, seed: int = 0,
               scheduler: Any = None, n_workers: int = 2, progress: bool = False
               ) -> pd.DataFrame:
    """MDES and power over a grid (module docstring): one row per point, its parameters
    then ``mdes``, ``df``, ``power`` (and ``sim_power``, ``sim_power_se``, ``sim_coverage``
    with ``method="simulate"``, ``reps`` replicates per point)."""
    points = expand(grid)
    seeds = _seeds(seed, len(points))
    res = _run(power_point, points, seeds, dict(method=method, reps=reps), scheduler,
               n_workers, progress, "power grid")
    return pd.concat([pd.DataFrame(points), pd.DataFrame(res)], axis=1)


def diagnose_grid(grid: Mapping[str, Iterable[Any]] | Iterable[Mapping[str, Any]], *,
                  sims: int = 1000, seed: int = 0, scheduler: Any = None, n_workers: int = 2,
                  progress: bool = False) -> pd.DataFrame:
    """:func:`netlib.trials.diagnose.diagnose` at every point of a grid (``design``, ``es``,
    ``n``, ``J``, ``rho2`` …): one row per point and estimator."""
    points = expand(grid)
    seeds = _seeds(seed, len(points))
    res = _run(diagnose_point, points, seeds, dict(sims=sims), scheduler, n_workers,
               progress, "diagnose grid")
    frames = []
    for i, (p, table) in enumerate(zip(points, res, strict=True)):
        t = table.reset_index()
        for k, v in reversed(list(p.items())):
            t.insert(0, k, v)
        t.insert(0, "point", i)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)
