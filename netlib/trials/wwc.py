"""What Works Clearinghouse study ratings for randomised trials, handbook version a parameter.

A study rating is one of ``"Meets WWC Standards Without Reservations"`` (MWOR),
``"Meets WWC Standards With Reservations"`` (MWR) and ``"Does Not Meet WWC Standards"``
(DNM). :func:`rate_individual_rct` and :func:`rate_cluster_rct` return the rating with
every step that led to it (rule, handbook section, inputs, result), so a reader can check
each decision against the handbook.

Handbooks: *WWC Standards Handbook, Version 4.1* (2020) with the *Procedures Handbook,
Version 4.1* (2020), and the *WWC Procedures and Standards Handbook, Version 5.0* (2022,
one volume). ``version="5.0"`` (default) or ``"4.1"``. The rules implemented here are the
same in both versions; what differs is where each is stated (``SECTIONS``), and v5.0 speaks
of the risk of bias from *compositional change* of clusters where v4.1 speaks of
*joiners* and individual non-response — the same two quantities enter the decision.

Rules (where each is stated: ``SECTIONS``). What could be confirmed and what not: the
boundary table is v4.1's Table II.1 (the data card of the boundary file), and the rating
logic for group designs is v4.1's Section II (Standards Handbook) — also as the R package
baselinr cites them; the clustering correction is Procedures Handbook v4.1, Appendix F
(:func:`netlib.trials.evaluation.wwc_cluster_correction`). The finer subsection numbers
(II.A, II.B in v4.1) and *every* v5.0 location could not be checked against the handbook
text (neither handbook was in the searchable sources available when this was written):
the v5.0 entries of ``SECTIONS`` therefore name the topic (group-design standards:
attrition, baseline equivalence, cluster-level assignment, …) rather than a section
number, and the v4.1 subsection letters are to be checked against the handbook in hand.
The Cox index's small-sample correction is an open reading too
(:func:`netlib.trials.evaluation.cox_index`).

* **attrition** — overall and differential attrition against the boundary for the
  protocol's assumption (``cautious`` or ``optimistic``); the boundary table is
  ``data/raw/wwc_attrition_boundaries.csv`` (v4.1 Table II.1, kept by v5.0), passed in as
  ``boundaries`` (:func:`netlib.load.load_wwc_attrition_boundaries`).
* **baseline equivalence** — per required characteristic of the *analytic* sample,
  Hedges' g (continuous) or the Cox index (binary, :func:`netlib.trials.evaluation.cox_index`):
  |ES| ≤ 0.05 satisfied; 0.05 < |ES| ≤ 0.25 satisfied only if the impact model adjusts for
  it; > 0.25 not satisfied (any such characteristic: equivalence not shown).
* **individual-level RCT** — low attrition: MWOR; high attrition: MWR if baseline
  equivalence of the analytic sample is shown, DNM otherwise.
* **cluster-level RCT**, finding about individuals — MWOR needs low *cluster* attrition and
  a low risk of bias from compositional change: no joiners (individuals who entered the
  clusters after random assignment) in the analytic sample and low *individual* attrition
  among the individuals present at assignment in the retained clusters; otherwise MWR if
  the individuals of the analytic sample are equivalent at baseline. Failing that, the
  finding can stand as evidence about *clusters*: MWOR with low cluster attrition (the
  effect on the clusters includes their change of composition), MWR if the retained
  clusters are equivalent at baseline, DNM otherwise.
* **multiple comparisons** — the Benjamini–Hochberg (1995) correction of the significance
  of several findings within one outcome domain (:func:`benjamini_hochberg`).
* A confounding factor (``confounded=True``: e.g. one cluster per arm, or the intervention
  always delivered with another) makes any design DNM.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netlib.trials.evaluation import Attrition, attrition_boundary, equivalence_rating

VERSIONS = ("4.1", "5.0")
MWOR = "Meets WWC Standards Without Reservations"
MWR = "Meets WWC Standards With Reservations"
DNM = "Does Not Meet WWC Standards"
SECTIONS = {
    "4.1": {
        "attrition": "Standards Handbook v4.1, Section II.A (individual-level assignment): "
                     "attrition, boundaries of Table II.1",
        "equivalence": "Standards Handbook v4.1, Section II.A: baseline equivalence; "
                       "Procedures Handbook v4.1, Appendix E (Hedges' g, Cox index)",
        "individual": "Standards Handbook v4.1, Section II.A (individual-level assignment)",
        "cluster": "Standards Handbook v4.1, Section II.B (cluster-level assignment: "
                   "joiners, individual non-response, cluster-level effects)",
        "confounding": "Standards Handbook v4.1, Section II.A: confounding factors",
        "multiple": "Procedures Handbook v4.1: statistical significance of findings within "
                    "a domain (Benjamini-Hochberg correction)",
    },
    "5.0": {
        "attrition": "Procedures and Standards Handbook v5.0, group-design standards: "
                     "attrition (boundaries as v4.1 Table II.1)",
        "equivalence": "Procedures and Standards Handbook v5.0, group-design standards: "
                       "baseline equivalence; effect sizes (Hedges' g, Cox index) in its "
                       "effect-size appendix",
        "individual": "Procedures and Standards Handbook v5.0, group-design standards: "
                      "randomised controlled trials",
        "cluster": "Procedures and Standards Handbook v5.0, group-design standards: "
                   "cluster-level assignment (risk of bias due to compositional change)",
        "confounding": "Procedures and Standards Handbook v5.0, group-design standards: "
                       "confounding factors",
        "multiple": "Procedures and Standards Handbook v5.0, reporting findings: "
                    "multiple comparisons within a domain (Benjamini-Hochberg)",
    },
}


@dataclass(frozen=True)
class Step:
    """One decision: the rule, where the handbook states it, what went in, what came out."""

    rule: str
    section: str
    inputs: dict[str, object]
    result: str


@dataclass(frozen=True)
class StudyRating:
    """A WWC rating with the steps that produced it; ``inference`` is ``"individuals"`` or
    ``"clusters"`` (what the rated finding is about)."""

    rating: str
    version: str
    inference: str
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{"rule": s.rule, "result": s.result, "section": s.section,
                              **{f"in: {k}": v for k, v in s.inputs.items()}}
                             for s in self.steps])

    def __str__(self) -> str:
        return f"{self.rating} (WWC v{self.version}, evidence about {self.inference})"


def _version(version: str) -> dict[str, str]:
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}")
    return SECTIONS[version]


def attrition_step(a: Attrition, boundaries: pd.DataFrame, assumption: str, version: str,
                   level: str = "individuals") -> Step:
    """Low or high attrition (module docstring), as a :class:`Step`."""
    limit = attrition_boundary(a.overall, assumption, boundaries)
    low = not math.isnan(limit) and a.differential <= limit + 1e-9
    return Step(f"attrition of {level}", _version(version)["attrition"],
                {"overall": round(a.overall, 4), "differential": round(a.differential, 4),
                 "boundary": limit, "assumption": assumption}, "low" if low else "high")


def equivalence_step(effect_sizes: dict[str, float], adjusted: Sequence[str], version: str,
                     sample: str = "analytic sample") -> Step:
    """Baseline equivalence from one effect size per required characteristic; ``adjusted``
    names those the impact model adjusts for."""
    if not effect_sizes:
        return Step(f"baseline equivalence ({sample})", _version(version)["equivalence"], {},
                    "not shown")
    ok = True
    for name, es in effect_sizes.items():
        r = equivalence_rating(es)
        if r == "satisfied":
            continue
        if r == "requires statistical adjustment" and name in adjusted:
            continue
        ok = False
    return Step(f"baseline equivalence ({sample})", _version(version)["equivalence"],
                {k: round(float(v), 4) for k, v in effect_sizes.items()} |
                {"adjusted for": ", ".join(adjusted)}, "shown" if ok else "not shown")


def rate_individual_rct(
    attrition: Attrition, boundaries: pd.DataFrame, *, assumption: str = "cautious",
    baseline: dict[str, float] | None = None, adjusted: Sequence[str] = (),
    confounded: bool = False, version: str = "5.0",
) -> StudyRating:
    """Rating of an individually randomised trial (module docstring). ``baseline``: effect
    size per required baseline characteristic of the analytic sample (needed only with high
    attrition)."""
    sec = _version(version)
    steps = []
    if confounded:
        steps.append(Step("confounding factor", sec["confounding"], {}, "present"))
        return StudyRating(DNM, version, "individuals", tuple(steps))
    att = attrition_step(attrition, boundaries, assumption, version)
    steps.append(att)
    if att.result == "low":
        return StudyRating(MWOR, version, "individuals", tuple(steps))
    eq = equivalence_step(baseline or {}, adjusted, version)
    steps.append(eq)
    return StudyRating(MWR if eq.result == "shown" else DNM, version, "individuals",
                       tuple(steps))


@dataclass(frozen=True)
class ClusterSample:
    """Counts of a cluster-randomised trial: clusters randomised and retained per arm, and
    for the retained clusters the individuals present at assignment, those of them in the
    analytic sample (stayers), and the joiners in the analytic sample."""

    clusters_randomised_t: int
    clusters_retained_t: int
    clusters_randomised_c: int
    clusters_retained_c: int
    individuals_at_assignment_t: int
    stayers_t: int
    individuals_at_assignment_c: int
    stayers_c: int
    joiners_t: int = 0
    joiners_c: int = 0

    @property
    def cluster_attrition(self) -> Attrition:
        return Attrition(self.clusters_randomised_t, self.clusters_retained_t,
                         self.clusters_randomised_c, self.clusters_retained_c)

    @property
    def individual_attrition(self) -> Attrition:
        return Attrition(self.individuals_at_assignment_t, self.stayers_t,
                         self.individuals_at_assignment_c, self.stayers_c)


def rate_cluster_rct(
    sample: ClusterSample, boundaries: pd.DataFrame, *, assumption: str = "cautious",
    baseline_individuals: dict[str, float] | None = None,
    baseline_clusters: dict[str, float] | None = None, adjusted: Sequence[str] = (),
    confounded: bool = False, version: str = "5.0",
) -> StudyRating:
    """Rating of a cluster-randomised trial (module docstring): first as evidence about
    individuals, then, if that fails, about clusters. ``baseline_individuals``: effect sizes
    of the individuals in the analytic sample; ``baseline_clusters``: of the retained
    clusters (cluster-level means)."""
    sec = _version(version)
    steps: list[Step] = []
    if confounded:
        steps.append(Step("confounding factor", sec["confounding"], {}, "present"))
        return StudyRating(DNM, version, "clusters", tuple(steps))
    clusters = attrition_step(sample.cluster_attrition, boundaries, assumption, version,
                              "clusters")
    steps.append(clusters)
    individuals = attrition_step(sample.individual_attrition, boundaries, assumption, version,
                                 "individuals in retained clusters")
    joiners = sample.joiners_t + sample.joiners_c
    word = "compositional change" if version == "5.0" else "joiners and non-response"
    risk = "low" if joiners == 0 and individuals.result == "low" else "high"
    steps += [individuals, Step(f"risk of bias from {word}", sec["cluster"],
                                {"joiners in analytic sample": joiners,
                                 "individual attrition": individuals.result}, risk)]
    if clusters.result == "low" and risk == "low":
        return StudyRating(MWOR, version, "individuals", tuple(steps))
    eq = equivalence_step(baseline_individuals or {}, adjusted, version,
                          "individuals in the analytic sample")
    steps.append(eq)
    if eq.result == "shown":
        return StudyRating(MWR, version, "individuals", tuple(steps))
    steps.append(Step("finding about clusters", sec["cluster"],
                      {"cluster attrition": clusters.result}, clusters.result))
    if clusters.result == "low":
        return StudyRating(MWOR, version, "clusters", tuple(steps))
    eqc = equivalence_step(baseline_clusters or {}, adjusted, version, "retained clusters")
    steps.append(eqc)
    return StudyRating(MWR if eqc.result == "shown" else DNM, version, "clusters",
                       tuple(steps))


def benjamini_hochberg(p: Sequence[float], alpha: float = 0.05) -> pd.DataFrame:
    """Benjamini & Hochberg (1995) within one outcome domain of ``m`` findings: with the
    p-values ranked ``p_(1) ≤ … ≤ p_(m)``, the findings of rank ``i ≤ k`` are significant,
    ``k`` the largest rank with ``p_(k) ≤ (k/m)·α``. Returns, in input order, ``p``,
    ``rank``, the critical value ``(rank/m)·α``, ``significant`` and the adjusted p-value
    ``min_{j ≥ i} (m/j)·p_(j)`` (capped at 1)."""
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or np.any((p < 0) | (p > 1)) or p.size == 0:
        raise ValueError("p must be a non-empty list of probabilities")
    m = p.size
    order = np.argsort(p, kind="stable")
    ranks = np.empty(m, dtype=int)
    ranks[order] = np.arange(1, m + 1)
    crit = ranks / m * alpha
    below = p[order] <= np.arange(1, m + 1) / m * alpha
    k = int(np.nonzero(below)[0].max()) + 1 if below.any() else 0
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    adjusted = np.empty(m)
    adjusted[order] = adjusted_sorted
    return pd.DataFrame({"p": p, "rank": ranks, "critical": crit, "significant": ranks <= k,
                         "p_adjusted": adjusted})
