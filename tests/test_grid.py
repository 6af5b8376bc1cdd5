"""netlib.trials.grid: the same numbers in-process and on a 2-worker local Dask cluster.

References: each in-process point is recomputed by a direct call of
:mod:`netlib.trials.designs` / :mod:`netlib.trials.simulate` / :mod:`netlib.trials.diagnose`
with the seed the grid spawned for it; the Dask runs must equal the in-process tables
exactly (same seeds, same arithmetic, only another process).
"""

import numpy as np
import pandas as pd
import pytest

from netlib.trials import designs as ds
from netlib.trials import diagnose as dg
from netlib.trials import grid as gr
from netlib.trials import simulate as sim

GRID = {"design": ["cra2r2"], "es": [0.3], "rho2": [0.1, 0.2], "n": [10], "J": [20, 40]}


def test_expand_is_the_product_or_the_list():
    assert len(gr.expand(GRID)) == 4
    assert gr.expand([{"a": 1}, {"a": 2}]) == [{"a": 1}, {"a": 2}]
    assert gr.expand({"a": [1, 2], "b": 3}) == [{"a": 1, "b": 3}, {"a": 2, "b": 3}]


def test_analytic_grid_equals_direct_calls():
    t = gr.power_grid(GRID)
    for _, row in t.iterrows():
        kw = dict(rho2=row.rho2, n=row.n, J=row.J)
        assert row.mdes == ds.mdes("cra2r2", **kw).mdes
        assert row.power == ds.power("cra2r2", 0.3, **kw)


def test_simulated_grid_uses_the_spawned_seeds():
    t = gr.power_grid(GRID, method="simulate", reps=200, seed=7)
    seeds = gr._seeds(7, 4)
    for i, row in t.iterrows():
        r = sim.simulate_power("cra2_2r", 0.3, reps=200, seed=seeds[i], rho2=row.rho2,
                               n=row.n, J=row.J)
        assert row.sim_power == r.power
        assert abs(row.sim_power - row.power) < 4 * max(row.sim_power_se, 0.01)


def test_diagnose_grid_rows():
    t = gr.diagnose_grid({"design": "cra2r2", "es": 0.2, "n": 5, "J": [8, 12], "rho2": 0.1},
                         sims=100, seed=3)
    assert list(t["estimator"][:3]) == ["ols_cr", "cluster_means", "mixed"]
    seeds = gr._seeds(3, 2)
    direct = dg.diagnose("cra2r2", es=0.2, n=5, J=12, rho2=0.1, sims=100, seed=seeds[1])
    got = t[t.J == 12].set_index("estimator")["power"]
    assert np.allclose(got.to_numpy(), direct.table["power"].to_numpy())


def test_a_two_worker_local_dask_cluster_gives_the_same_numbers():
    pytest.importorskip("dask.distributed")
    local = gr.power_grid(GRID, method="simulate", reps=200, seed=7)
    dask = gr.power_grid(GRID, method="simulate", reps=200, seed=7, scheduler="local",
                         n_workers=2, progress=True)
    pd.testing.assert_frame_equal(local, dask)


def test_a_given_client_runs_the_diagnosis():
    distributed = pytest.importorskip("dask.distributed")
    grid = {"design": "bcra3f2", "es": 0.25, "n": 4, "J": 6, "K": [2, 3], "rho2": 0.15}
    local = gr.diagnose_grid(grid, sims=150, seed=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_client = gr.diagnose_grid(grid, sims=150, seed=1, scheduler=client)
        by_address = gr.power_grid(GRID, scheduler=cluster.scheduler_address)
    pd.testing.assert_frame_equal(local, on_client)
    pd.testing.assert_frame_equal(by_address, gr.power_grid(GRID))


def test_bad_scheduler_is_refused():
    pytest.importorskip("dask.distributed")
    with pytest.raises(TypeError, match="scheduler"):
        gr.power_grid(GRID, scheduler=3)
