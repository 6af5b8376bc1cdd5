"""netlib.trials.wwc: WWC study ratings (v4.1 and v5.0) and Benjamini–Hochberg.

References: the boundary values are those of ``data/raw/wwc_attrition_boundaries.csv``
(WWC Standards Handbook v4.1, Table II.1: at 10 % overall attrition the cautious boundary is
6.3 percentage points, the optimistic 10.9; at 30 %, 4.1 and 8.2); Benjamini & Hochberg's
(1995, JRSS B 57:289–300, section 4) worked example of 15 p-values, where the procedure at
q = 0.05 rejects the four smallest; statsmodels' ``multipletests(method="fdr_bh")`` as an
independent implementation.
"""

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from netlib import load
from netlib.trials import evaluation as ev
from netlib.trials import wwc
from netlib.trials.evaluation import Attrition


@pytest.fixture(scope="module")
def boundaries():
    return load.load_wwc_attrition_boundaries()


def arms(overall, differential, n=1000):
    """Attrition with the given overall and differential rates (equal arms of n)."""
    rt, rc = overall + differential / 2, overall - differential / 2
    return Attrition(n, round(n * (1 - rt)), n, round(n * (1 - rc)))


@pytest.mark.parametrize("version", wwc.VERSIONS)
def test_individual_rct_ratings(boundaries, version):
    kw = dict(version=version)
    # 10 % overall, 6 pp differential: low under the cautious boundary (6.3)
    assert wwc.rate_individual_rct(arms(.10, .06), boundaries, **kw).rating == wwc.MWOR
    # 30 % overall, 6 pp: high under the cautious boundary (4.1), low under optimistic (8.2)
    high = arms(.30, .06)
    assert wwc.rate_individual_rct(high, boundaries, assumption="optimistic",
                                   **kw).rating == wwc.MWOR
    r = wwc.rate_individual_rct(high, boundaries, baseline={"pretest": 0.04}, **kw)
    assert r.rating == wwc.MWR and [s.result for s in r.steps] == ["high", "shown"]
    assert wwc.rate_individual_rct(high, boundaries, baseline={"pretest": 0.12},
                                   **kw).rating == wwc.DNM
    assert wwc.rate_individual_rct(high, boundaries, baseline={"pretest": 0.12},
                                   adjusted=["pretest"], **kw).rating == wwc.MWR
    assert wwc.rate_individual_rct(high, boundaries, baseline={"pretest": 0.30},
                                   adjusted=["pretest"], **kw).rating == wwc.DNM
    assert wwc.rate_individual_rct(high, boundaries, **kw).rating == wwc.DNM  # nothing shown
    assert wwc.rate_individual_rct(arms(.1, 0), boundaries, confounded=True,
                                   **kw).rating == wwc.DNM


def test_binary_baseline_measures_use_the_cox_index(boundaries):
    # a binary characteristic (free lunch) 40 % vs 46 %: Cox index ω·(logit .40 − logit .46)/1.65
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"t": [1] * 500 + [0] * 500,
                       "lunch": [1] * 200 + [0] * 300 + [1] * 230 + [0] * 270,
                       "pretest": rng.standard_normal(1000)})
    table = ev.baseline_equivalence(df, "t", ["lunch", "pretest"])
    es = dict(zip(table["characteristic"], table["effect_size"], strict=True))
    assert table.set_index("characteristic").loc["lunch", "type"] == "binary"
    assert es["lunch"] == pytest.approx(ev.cox_index(.40, .46, 500, 500))
    rating = wwc.rate_individual_rct(arms(.30, .06), boundaries, baseline=es,
                                     adjusted=["lunch", "pretest"])
    assert abs(es["lunch"]) > 0.05 and rating.rating == (
        wwc.MWR if abs(es["pretest"]) <= 0.25 else wwc.DNM)


def cluster(joiners=0, stayers=900, clusters_kept=(20, 20)):
    return wwc.ClusterSample(20, clusters_kept[0], 20, clusters_kept[1], 1000, stayers, 1000,
                             900, joiners_t=joiners)


@pytest.mark.parametrize("version", wwc.VERSIONS)
def test_cluster_rct_paths(boundaries, version):
    kw = dict(version=version)
    ok = wwc.rate_cluster_rct(cluster(), boundaries, **kw)
    assert (ok.rating, ok.inference) == (wwc.MWOR, "individuals")
    # joiners: compositional change; equivalence of the analytic sample rescues MWR
    j = wwc.rate_cluster_rct(cluster(joiners=40), boundaries,
                             baseline_individuals={"pretest": 0.03}, **kw)
    assert (j.rating, j.inference) == (wwc.MWR, "individuals")
    # not equivalent: the finding still stands for clusters (low cluster attrition)
    c = wwc.rate_cluster_rct(cluster(joiners=40), boundaries,
                             baseline_individuals={"pretest": 0.3}, **kw)
    assert (c.rating, c.inference) == (wwc.MWOR, "clusters")
    # high individual attrition (25 % vs 10 %) is compositional change too
    assert wwc.rate_cluster_rct(cluster(stayers=750), boundaries, **kw).inference == "clusters"
    # high cluster attrition (20 of 20 vs 14 of 20 kept), nothing equivalent: DNM
    bad = wwc.rate_cluster_rct(cluster(clusters_kept=(20, 14)), boundaries, **kw)
    assert bad.rating == wwc.DNM
    eq = wwc.rate_cluster_rct(cluster(clusters_kept=(20, 14)), boundaries,
                              baseline_clusters={"pretest": 0.0}, **kw)
    assert (eq.rating, eq.inference) == (wwc.MWR, "clusters")
    assert all(s.section for s in bad.steps) and isinstance(bad.table(), pd.DataFrame)


def test_versions_cite_their_own_handbook(boundaries):
    a = wwc.rate_cluster_rct(cluster(joiners=5), boundaries, version="4.1")
    b = wwc.rate_cluster_rct(cluster(joiners=5), boundaries, version="5.0")
    assert a.rating == b.rating
    assert all("v4.1" in s.section for s in a.steps)
    assert all("v5.0" in s.section for s in b.steps)
    assert any("compositional change" in s.rule for s in b.steps)
    with pytest.raises(ValueError, match="version"):
        wwc.rate_individual_rct(arms(.1, 0), boundaries, version="3.0")


def test_benjamini_hochberg_published_example():
    p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
         0.4262, 0.5719, 0.6528, 0.7590, 1.000]
    out = wwc.benjamini_hochberg(p)
    assert out["significant"].sum() == 4 and out["significant"][:4].all()


@pytest.mark.parametrize("seed", range(5))
def test_benjamini_hochberg_equals_statsmodels(seed):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(0, 0.02, 3), rng.uniform(0, 1, 7)])
    rng.shuffle(p)
    out = wwc.benjamini_hochberg(p)
    reject, adjusted, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
    assert (out["significant"].to_numpy() == reject).all()
    assert np.allclose(out["p_adjusted"], adjusted)


def test_cox_index_with_and_without_the_small_sample_correction():
    # baselinr's documented example (its README and vignette): proportions 2/3 vs 1/3 in
    # groups of 3 give a Cox index of 0.8401784 (= ln 4 / 1.65, no correction); netlib's
    # default multiplies by ω = 1 − 3/(4·6 − 9) = 0.8
    assert ev.cox_index(2 / 3, 1 / 3, 3, 3, small_sample=False) == pytest.approx(0.8401784,
                                                                                abs=1e-7)
    assert ev.cox_index(2 / 3, 1 / 3, 3, 3) == pytest.approx(0.8 * 0.8401784, abs=1e-7)
    assert math.isnan(ev.cox_index(0.0, .5, 10, 10))
