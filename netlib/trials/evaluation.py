"""Evaluating randomised trials: effect sizes, clustering, treatment-effect models, and
evidence-standards checks in the manner of the What Works Clearinghouse (WWC).

Effect sizes (WWC *Procedures Handbook* v4.1/v5.0, Appendix E; Hedges 1981, 2007)
    * Hedges' g: ``g = ω (ȳ_T − ȳ_C) / S_p`` with the pooled within-group SD
      ``S_p = √(((n_T−1)s_T² + (n_C−1)s_C²)/(n_T+n_C−2))`` and the small-sample correction
      ``ω = 1 − 3/(4N − 9)``, ``N = n_T + n_C``; standard error
      ``√((n_T+n_C)/(n_T n_C) + g²/(2(n_T+n_C)))``.
    * Cluster adjustment (Hedges 2007, eqs. for δ_T; WWC Appendix E): with average cluster size
      ``n`` and ICC ``ρ``, ``g_c = g √(1 − 2(n−1)ρ/(N−2))`` and
      ``V(g_c) = ((N_T+N_C)/(N_T N_C))(1+(n−1)ρ)
      + g_c² [(N−2)(1−ρ)² + n(N−2n)ρ² + 2(N−2n)ρ(1−ρ)] / [2(N−2)((N−2) − 2(n−1)ρ)]``.
    * Cox index for a binary characteristic: ``ω (logit p_T − logit p_C)/1.65``.
    * Improvement index: ``100 Φ(g) − 50`` percentile points.

Clustering
    * ICC by one-way ANOVA for unequal cluster sizes: ``ρ = (MSB − MSW)/(MSB + (n₀−1)MSW)``,
      ``n₀ = (N − Σn_j²/N)/(J − 1)`` (Donner & Koval 1980); or from a mixed model.
    * Design effect ``1 + ((cv² + 1) m̄ − 1) ρ`` (Kish 1965; Eldridge, Ashby & Kerry 2006 for
      the coefficient of variation ``cv`` of cluster sizes; ``cv = 0`` gives ``1 + (m̄−1)ρ``).

Models (statsmodels): OLS with classical, heteroskedasticity-robust (HC1, Stata's ``robust``)
or cluster-robust (CR1) standard errors, optionally with fixed effects for the blocks within
which randomisation took place; a linear mixed model with random cluster intercepts (REML).
Wald intervals and p-values use t(n − k) for classical and HC standard errors, t(G − 1) for
cluster-robust ones (G clusters) and the normal distribution for the mixed model; each
coefficient table says which in its ``df`` column.

WWC checks (*Standards Handbook* v4.1/v5.0)
    * baseline equivalence in SD units: |ES| ≤ 0.05 satisfied; 0.05 < |ES| ≤ 0.25 satisfied
      only with statistical adjustment; > 0.25 not satisfied;
    * overall and differential attrition against the cautious or optimistic boundary
      (``data/raw/wwc_attrition_boundaries.csv``);
    * the clustering correction of a significance test from an analysis that ignored
      clustering (WWC Procedures Handbook v4.1, Appendix F; Hedges 2007), default ICC 0.20
      for achievement outcomes and 0.10 otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

WWC_DEFAULT_ICC = {"achievement": 0.20, "other": 0.10}
EQUIVALENCE_LIMITS = (0.05, 0.25)


# --------------------------------------------------------------------------- effect sizes
@dataclass(frozen=True)
class EffectSize:
    """A standardised mean difference with its standard error and confidence interval."""

    g: float
    se: float
    ci_low: float
    ci_high: float
    n_t: float
    n_c: float
    kind: str = "hedges_g"

    def as_dict(self) -> dict[str, float | str]:
        return asdict(self)


def small_sample_correction(n_total: float) -> float:
    """Hedges' ω = 1 − 3/(4N − 9) (WWC Procedures Handbook, Appendix E)."""
    return 1.0 - 3.0 / (4.0 * n_total - 9.0)


def pooled_sd(sd_t: float, sd_c: float, n_t: float, n_c: float) -> float:
    """Pooled within-group standard deviation."""
    return math.sqrt(((n_t - 1) * sd_t**2 + (n_c - 1) * sd_c**2) / (n_t + n_c - 2))


def _ci(g: float, se: float, alpha: float) -> tuple[float, float]:
    z = stats.norm.ppf(1 - alpha / 2)
    return g - z * se, g + z * se


def hedges_g_from_stats(
    mean_t: float, mean_c: float, sd_t: float, sd_c: float, n_t: float, n_c: float,
    *, alpha: float = 0.05,
) -> EffectSize:
    """Hedges' g with the small-sample correction, its SE and a normal (1−α) interval."""
    return hedges_g_from_difference(mean_t - mean_c, pooled_sd(sd_t, sd_c, n_t, n_c), n_t, n_c,
                                    alpha=alpha)


def hedges_g_from_difference(
    difference: float, sd: float, n_t: float, n_c: float, *, alpha: float = 0.05,
) -> EffectSize:
    """Hedges' g from a (possibly covariate-adjusted) mean difference and an unadjusted
    pooled SD, as the WWC computes it for regression-adjusted impacts."""
    n = n_t + n_c
    g = small_sample_correction(n) * difference / sd
    se = math.sqrt(n / (n_t * n_c) + g**2 / (2 * n))
    return EffectSize(g, se, *_ci(g, se, alpha), n_t, n_c)


def hedges_g(y_t: Sequence[float], y_c: Sequence[float], *, alpha: float = 0.05) -> EffectSize:
    """Hedges' g of two samples (missing values dropped)."""
    a = np.asarray(pd.Series(y_t, dtype="float64").dropna())
    b = np.asarray(pd.Series(y_c, dtype="float64").dropna())
    return hedges_g_from_stats(a.mean(), b.mean(), a.std(ddof=1), b.std(ddof=1), len(a), len(b),
                               alpha=alpha)


def cluster_adjusted_g(
    es: EffectSize, *, avg_cluster_size: float, icc: float, alpha: float = 0.05,
) -> EffectSize:
    """Hedges (2007) adjustment of ``es`` for clustering (see the module docstring).

    Use it when the effect size was computed ignoring that treatment was assigned to
    clusters of average size ``avg_cluster_size`` with intraclass correlation ``icc``.
    """
    n_t, n_c, n, rho = es.n_t, es.n_c, avg_cluster_size, icc
    big_n = n_t + n_c
    g = es.g * math.sqrt(1 - 2 * (n - 1) * rho / (big_n - 2))
    num = ((big_n - 2) * (1 - rho) ** 2 + n * (big_n - 2 * n) * rho**2
           + 2 * (big_n - 2 * n) * rho * (1 - rho))
    den = 2 * (big_n - 2) * ((big_n - 2) - 2 * (n - 1) * rho)
    var = (big_n / (n_t * n_c)) * (1 + (n - 1) * rho) + g**2 * num / den
    se = math.sqrt(var)
    return EffectSize(g, se, *_ci(g, se, alpha), n_t, n_c, kind="hedges_g_cluster_adjusted")


def cox_index(p_t: float, p_c: float, n_t: float, n_c: float, *,
              small_sample: bool = True) -> float:
    """WWC Cox index for a binary characteristic: the log odds ratio over 1.65,
    ``(logit p_T − logit p_C)/1.65`` (Cox 1970; Sánchez-Meca, Marín-Martínez &
    Chacón-Moscoso 2003), times Hedges' small-sample correction ``ω = 1 − 3/(4N − 9)`` when
    ``small_sample`` (the default, unchanged).

    Whether the WWC multiplies the Cox index by ω could not be confirmed against the
    handbook text here: the R package baselinr (its ``cox_index`` reference page and NEWS)
    states that Procedures Handbook v4.1 gives the index *without* the correction (ω being
    for Hedges' g only); pass ``small_sample=False`` for that reading. The two differ by the
    factor ω (0.99 at N = 80), which matters only at a boundary (0.05, 0.25)."""
    if not (0 < p_t < 1 and 0 < p_c < 1):
        return math.nan
    logit = math.log(p_t / (1 - p_t)) - math.log(p_c / (1 - p_c))
    omega = small_sample_correction(n_t + n_c) if small_sample else 1.0
    return omega * logit / 1.65


def improvement_index(g: float) -> float:
    """WWC improvement index: expected percentile gain of the average comparison-group
    member had they received the intervention, ``100 Φ(g) − 50``."""
    return 100 * stats.norm.cdf(g) - 50


def standardise(
    estimate: float, se: float, sd: float, n_t: float, n_c: float, *, alpha: float = 0.05,
    df: float = math.inf,
) -> EffectSize:
    """A model's impact estimate in SD units: ``ω·estimate/sd`` with the interval
    ``ω·(estimate ± q·se)/sd`` (the model's own uncertainty, not Hedges' formula), ``q``
    the (1 − α/2) quantile of t(``df``) — pass the model's ``df`` column (e.g. G − 1 for a
    cluster-robust fit) to scale the model's own interval; the default is the normal."""
    w = small_sample_correction(n_t + n_c)
    g, s = w * estimate / sd, w * se / sd
    q = stats.norm.ppf(1 - alpha / 2) if math.isinf(df) else stats.t.ppf(1 - alpha / 2, df)
    return EffectSize(g, s, g - q * s, g + q * s, n_t, n_c, kind="model_estimate_in_sd")


# --------------------------------------------------------------------------- clustering
def icc_anova(y: Sequence[float], cluster: Sequence[object]) -> float:
    """One-way ANOVA estimate of the intraclass correlation (unequal cluster sizes).

    ``ρ = (MSB − MSW) / (MSB + (n₀ − 1) MSW)`` with ``n₀ = (N − Σ n_j²/N)/(J − 1)``
    (Donner & Koval 1980). Missing outcomes are dropped. May be negative by chance.
    """
    d = pd.DataFrame({"y": pd.Series(y, dtype="float64").to_numpy(),
                      "c": pd.Series(cluster).to_numpy()}).dropna()
    grp = d.groupby("c")["y"]
    n_j, m_j = grp.size().to_numpy(float), grp.mean().to_numpy()
    big_n, j = n_j.sum(), len(n_j)
    grand = d["y"].mean()
    msb = (n_j * (m_j - grand) ** 2).sum() / (j - 1)
    msw = ((d["y"] - grp.transform("mean")) ** 2).sum() / (big_n - j)
    n0 = (big_n - (n_j**2).sum() / big_n) / (j - 1)
    return float((msb - msw) / (msb + (n0 - 1) * msw))


def design_effect(avg_cluster_size: float, icc: float, cv: float = 0.0) -> float:
    """Design effect ``1 + ((cv² + 1) m̄ − 1) ρ`` (``cv`` = SD/mean of cluster sizes)."""
    return 1 + ((cv**2 + 1) * avg_cluster_size - 1) * icc


def cluster_sizes(cluster: Sequence[object]) -> dict[str, float]:
    """Number of clusters, mean size and coefficient of variation of the sizes."""
    sizes = pd.Series(cluster).dropna().value_counts().to_numpy(float)
    return {"clusters": len(sizes), "mean_size": float(sizes.mean()),
            "cv": float(sizes.std(ddof=0) / sizes.mean())}


# --------------------------------------------------------------------------- models
def _frame(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    d = df[cols].dropna().copy()
    for c in cols:
        if pd.api.types.is_numeric_dtype(d[c]):
            d[c] = d[c].astype("float64")
    return d


def _coef_table(terms: list[str], params: pd.Series, se: pd.Series, df: float,
                alpha: float) -> pd.DataFrame:
    """One row per term: estimate, SE, Wald interval and two-sided p-value from t(``df``)
    (``df = inf``: the normal distribution), shared by the model wrappers."""
    est = params[terms].to_numpy(dtype=float)
    s = se[terms].to_numpy(dtype=float)
    dist = stats.norm if math.isinf(df) else stats.t(df)
    q = dist.ppf(1 - alpha / 2)
    return pd.DataFrame({
        "term": terms,
        "estimate": est,
        "se": s,
        "ci_low": est - q * s,
        "ci_high": est + q * s,
        "p": 2 * dist.sf(np.abs(est / s)),
        "df": float(df),
    })


def fit_ols(
    df: pd.DataFrame, outcome: str, treatments: Sequence[str], covariates: Sequence[str] = (),
    *, se: str = "HC1", cluster: str | None = None, fixed_effects: str | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """OLS impact estimates, one row per term (treatments first, then the intercept and
    covariates; fixed-effect dummies are not reported).

    ``se`` is ``"classical"``, ``"HC0"``–``"HC3"`` or ``"cluster"`` (CR1, clustered on
    ``cluster``; statsmodels' small-sample correction G/(G−1)·(N−1)/(N−K), which is R
    sandwich's ``vcovCL(type = "HC1")`` and Stata's ``vce(cluster)``).
    ``fixed_effects`` names a column whose levels get dummies (the randomisation blocks).
    Rows with a missing value in any used column are dropped (``n`` says how many remain).

    Inference (the ``df`` column; ``ci_low``/``ci_high`` and ``p`` use the t distribution
    with that many degrees of freedom):

    * ``"cluster"``: t(G − 1), G the number of clusters — as Stata does and as R's
      ``lmtest::coeftest(m, vcovCL(m, cluster = ~g, type = "HC1"), df = G - 1)`` gives.
      With few clusters the normal distribution would be far too liberal.
    * ``"classical"`` and ``"HC0"``–``"HC3"``: t(n − k), the residual degrees of freedom
      (k counts every coefficient, fixed-effect dummies included) — what
      ``lmtest::coeftest(m, vcovHC(m, type = "HC1"))`` gives by default for an ``lm`` fit
      (and Stata's ``regress, robust``). For large n this is the normal distribution.

    ``attrs["cluster_dof"]`` repeats G − 1 for a cluster-robust fit (``None`` otherwise).
    """
    import statsmodels.formula.api as smf

    cols = [outcome, *treatments, *covariates]
    if fixed_effects:
        cols.append(fixed_effects)
    if cluster and cluster not in cols:
        cols.append(cluster)
    d = _frame(df, cols)
    rhs = " + ".join([*treatments, *covariates] + ([f"C({fixed_effects})"] if fixed_effects
                                                   else []))
    model = smf.ols(f"{outcome} ~ {rhs}", data=d)
    if se == "cluster":
        if cluster is None:
            raise ValueError("se='cluster' needs cluster=")
        res = model.fit(cov_type="cluster", cov_kwds={"groups": d[cluster]})
        dof = d[cluster].nunique() - 1
        inference_df = float(dof)
    elif se == "classical":
        res = model.fit()
        dof = None
        inference_df = float(res.df_resid)
    else:
        res = model.fit(cov_type=se)
        dof = None
        inference_df = float(res.df_resid)
    terms = [*treatments, "Intercept", *covariates]
    out = _coef_table(terms, res.params, res.bse, inference_df, alpha)
    out["n"] = int(res.nobs)
    out["clusters"] = d[cluster].nunique() if cluster else pd.NA
    out["se_type"] = se
    out["fixed_effects"] = fixed_effects or ""
    out.attrs["cluster_dof"] = dof
    return out


def fit_mixed(
    df: pd.DataFrame, outcome: str, treatments: Sequence[str], group: str,
    covariates: Sequence[str] = (), *, random_slopes: Sequence[str] = (),
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Linear mixed model with a random intercept per ``group`` (statsmodels MixedLM, REML),
    optionally random slopes.

    Returns one row per fixed term like :func:`fit_ols` (treatments first, then the
    intercept and covariates), with the variance components in ``attrs``: ``tau2``
    (between-group variance of the intercept), ``sigma2`` (within) and
    ``icc = τ²/(τ² + σ²)`` (conditional on the fixed terms).

    * **Null model**: ``treatments=()`` and no covariates fits ``y = γ₀₀ + u_j + e_ij`` —
      Raudenbush & Bryk's (2002, ch. 4) one-way ANOVA with random effects, whose ``icc`` is
      the model-based ICC a planner feeds to :mod:`netlib.trials.designs`
      (:func:`null_model`; ``tests/test_hsb.py`` reproduces their Table 4.2).
    * **Random slopes**: ``random_slopes`` names covariates (or treatments) whose slopes vary
      by group, ``y = … + (β + v_j) x + …`` with an unstructured covariance of
      ``(u_j, v_j)``; ``attrs["cov_re"]`` is that covariance matrix (a data frame named by
      the terms, ``"Group"`` the intercept), and ``tau2``/``icc`` refer to the intercept,
      i.e. to ``x = 0``.

    Standard errors follow statsmodels' convention: the square roots of the diagonal of the
    inverse of the *full observed* (negative) Hessian of the REML log-likelihood, taken
    jointly over the fixed effects and the variance parameters. lme4 (``vcov()`` of an
    ``lmer`` fit), SAS ``PROC MIXED`` and most multilevel software instead use the GLS
    formula at the fitted variance components,

    .. math:: \widehat{\mathrm{Var}}(\hat\beta) = (X^\top \hat V^{-1} X)^{-1}, \qquad
              \hat V = \hat\sigma^2 I + \hat\tau^2 Z Z^\top,

    which treats the variances as known. The two differ only through the observed
    cross-derivatives between β and the variance parameters (zero in expectation, not in a
    sample), so they agree to first order. On STAR's kindergarten (small-class coefficient,
    79 schools) statsmodels gives 2.16768 and lme4 1.1-31 2.16762 (0.002 % apart); on the
    57-pupil, 10-school test data of ``tests/test_evaluation_r.py`` they are up to 0.15 %
    apart, and that test checks the documented relationship: the GLS formula computed with
    numpy equals lme4's SE, and statsmodels' SE is within 1 % of it. Intervals and p-values
    are Wald with the normal distribution (``df`` = inf), as statsmodels reports them; lme4
    gives no p-values.
    """
    import statsmodels.formula.api as smf

    unknown = [c for c in random_slopes if c not in (*treatments, *covariates)]
    if unknown:
        raise ValueError(f"random slopes {unknown} must be among the treatments or "
                         "covariates (a random slope needs its fixed slope)")
    d = _frame(df, [outcome, *treatments, *covariates, group])
    rhs = " + ".join([*treatments, *covariates]) or "1"
    if random_slopes:
        model = smf.mixedlm(f"{outcome} ~ {rhs}", data=d, groups=d[group],
                            re_formula="1 + " + " + ".join(random_slopes))
        res = _best_fit(model)
    else:
        res = smf.mixedlm(f"{outcome} ~ {rhs}", data=d, groups=d[group]).fit(reml=True)
    terms = [*treatments, "Intercept", *covariates]
    out = _coef_table(terms, res.fe_params, res.bse_fe, math.inf, alpha)
    out["n"] = int(res.nobs)
    out["clusters"] = d[group].nunique()
    out["se_type"] = "mixed (REML)"
    out["fixed_effects"] = ""
    tau2, sigma2 = float(res.cov_re.iloc[0, 0]), float(res.scale)
    out.attrs.update(tau2=tau2, sigma2=sigma2, icc=tau2 / (tau2 + sigma2),
                     converged=bool(res.converged),
                     cov_re=pd.DataFrame(res.cov_re, dtype=float))
    return out


def _best_fit(model: object) -> object:
    """REML fit of a random-slope model: statsmodels' gradient optimisers can stop at a
    poor point of the likelihood with a covariance matrix of random effects (on High School
    and Beyond, BFGS and CG stop 100 log-likelihood units below the optimum), so each of
    Powell, L-BFGS and Nelder-Mead is tried and the converged fit with the highest REML
    log-likelihood is kept (``tests/test_hsb.py`` checks it against lme4)."""
    import warnings

    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    fits: list = []
    for method in ("powell", "lbfgs", "nm"):
        if method == "nm" and fits:
            break
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            try:
                r = model.fit(reml=True, method=[method])
            except (ValueError, np.linalg.LinAlgError):
                continue
        if r.converged and np.isfinite(r.llf):
            fits.append(r)
    if not fits:
        return model.fit(reml=True)  # statsmodels' default, with its warnings
    return max(fits, key=lambda r: r.llf)


def null_model(df: pd.DataFrame, outcome: str, group: str, *, alpha: float = 0.05
               ) -> pd.DataFrame:
    """The null (unconditional) two-level model ``y = γ₀₀ + u_j + e_ij`` by REML: one row
    (the intercept γ₀₀) with ``attrs`` ``tau2``, ``sigma2`` and the model-based ``icc``
    (:func:`fit_mixed` without treatments or covariates)."""
    return fit_mixed(df, outcome, (), group, alpha=alpha)


# --------------------------------------------------------------------------- WWC checks
def equivalence_rating(es: float) -> str:
    """WWC baseline-equivalence category of an effect size in SD units."""
    if es is None or not np.isfinite(es):
        return "cannot be computed"
    a = abs(es)
    if a <= EQUIVALENCE_LIMITS[0]:
        return "satisfied"
    if a <= EQUIVALENCE_LIMITS[1]:
        return "requires statistical adjustment"
    return "not satisfied"


def baseline_equivalence(
    df: pd.DataFrame, treatment: str, characteristics: Sequence[str],
) -> pd.DataFrame:
    """Baseline differences between arms (``treatment`` 1 vs 0), one row per characteristic.

    A characteristic with only the values 0/1 is binary and gets the Cox index; any other is
    continuous and gets Hedges' g. ``rating`` is the WWC category.
    """
    rows = []
    for c in characteristics:
        d = df[[treatment, c]].dropna().astype("float64")
        t, k = d.loc[d[treatment] == 1, c], d.loc[d[treatment] == 0, c]
        binary = set(np.unique(d[c])) <= {0.0, 1.0}
        if binary:
            es = cox_index(t.mean(), k.mean(), len(t), len(k))
        else:
            es = hedges_g(t, k).g
        rows.append({
            "characteristic": c, "type": "binary" if binary else "continuous",
            "n_t": len(t), "n_c": len(k), "mean_t": t.mean(), "mean_c": k.mean(),
            "effect_size": es, "rating": equivalence_rating(es),
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Attrition:
    """Overall and differential attrition of a two-arm trial (rates as proportions)."""

    randomised_t: int
    retained_t: int
    randomised_c: int
    retained_c: int

    @property
    def rate_t(self) -> float:
        return 1 - self.retained_t / self.randomised_t

    @property
    def rate_c(self) -> float:
        return 1 - self.retained_c / self.randomised_c

    @property
    def overall(self) -> float:
        return 1 - (self.retained_t + self.retained_c) / (self.randomised_t + self.randomised_c)

    @property
    def differential(self) -> float:
        return abs(self.rate_t - self.rate_c)


def attrition_boundary(overall: float, assumption: str, boundaries: pd.DataFrame) -> float:
    """Highest differential attrition (proportion) that keeps attrition *low* at this overall
    rate, from the WWC table (``overall`` rounded to a whole percent); NaN if none does."""
    if assumption not in ("cautious", "optimistic"):
        raise ValueError("assumption must be 'cautious' or 'optimistic'")
    pct = int(round(overall * 100))
    row = boundaries.loc[boundaries["overall"] == pct, assumption]
    if row.empty or pd.isna(row.iloc[0]):
        return math.nan
    return float(row.iloc[0]) / 100


def attrition_rating(a: Attrition, assumption: str, boundaries: pd.DataFrame) -> str:
    """``"low"`` or ``"high"`` attrition under the WWC boundary for ``assumption``."""
    limit = attrition_boundary(a.overall, assumption, boundaries)
    if math.isnan(limit):
        return "high"
    return "low" if a.differential <= limit + 1e-9 else "high"


@dataclass(frozen=True)
class ClusterCorrection:
    """WWC clustering correction of a significance test (Procedures Handbook, Appendix F)."""

    t: float
    t_corrected: float
    df: float
    p_corrected: float
    icc: float

    @property
    def significant(self) -> bool:
        return self.p_corrected < 0.05


def wwc_cluster_correction(
    g: float, n_t: float, n_c: float, m_t: float, m_c: float, *, icc: float | None = None,
    outcome: str = "achievement",
) -> ClusterCorrection:
    """Correct the significance of an effect size from an analysis that ignored clustering.

    ``t = g / √((n_T+n_C)/(n_T n_C) + g²/(2N))``; with ``n = N/M`` students per cluster
    (``M = m_T + m_C`` clusters), ``t_a = t √(((N−2) − 2(n−1)ρ)/((N−2)(1 + (n−1)ρ)))`` on
    ``h = ((N−2) − 2(n−1)ρ)² / ((N−2)(1−ρ)² + n(N−2n)ρ² + 2(N−2n)ρ(1−ρ))`` degrees of
    freedom; two-sided p from t(h). Default ICC: 0.20 (achievement) or 0.10 (other).
    """
    rho = WWC_DEFAULT_ICC[outcome] if icc is None else icc
    big_n = n_t + n_c
    n = big_n / (m_t + m_c)
    t = g / math.sqrt(big_n / (n_t * n_c) + g**2 / (2 * big_n))
    a = (big_n - 2) - 2 * (n - 1) * rho
    t_a = t * math.sqrt(a / ((big_n - 2) * (1 + (n - 1) * rho)))
    h = a**2 / ((big_n - 2) * (1 - rho) ** 2 + n * (big_n - 2 * n) * rho**2
                + 2 * (big_n - 2 * n) * rho * (1 - rho))
    p = 2 * stats.t.sf(abs(t_a), h)
    return ClusterCorrection(t, t_a, h, p, rho)
