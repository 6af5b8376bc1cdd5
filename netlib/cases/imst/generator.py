"""Synthetic IMST-style ego-network survey, calibrated to the published findings.

:func:`imst_survey` — an IMST-style ego-network survey (data contract in
``data/raw/cards/imst_survey_synthetic.md``) whose parameters are calibrated to the
published findings of the IMST social network analysis (Rauch & Korenjak 2017–2019, LINKS
brochure, seed 001, lines 1274–1360). The calibration targets, each in
:data:`IMST_CALIBRATION`:

1. nine regional networks, each steering group with more than ten members (l. 1274–1275);
2. 8 % of actors active in two institutions and 2 % in three (l. 1321–1325);
3. the most sustained contact is with other steering-group members of the same state; some
   ties reach other states (l. 1311–1319);
4. the most frequent exchange is between working groups/consortia and schools of all types
   (l. 1325–1329);
5. the second most frequent is among the target groups — academic secondary schools,
   teacher-education universities, education authorities, universities, vocational schools
   (l. 1335–1340);
6. Carinthia and Vienna mention informal learning sites more often (l. 1345–1349);
7. Styria has developed the closest ties with companies and industry (l. 1356–1360).

Organisation names are those the brochure mentions (l. 1349–1356); where the brochure does
not say where an organisation is, its region is the naming respondent's own.

Command line: ``python -m netlib.cases.imst [--seed N] [--out DIR] [--respondents N]
[--ties M]`` writes ``respondents.csv`` and ``ties.csv``, each opening with a
``# synthetic: …`` line (see :mod:`netlib.cases.imst.__main__`). Without the two size
options it writes the shipped survey, byte for byte; with them, a survey of exactly ``N``
respondents and ``M`` ties in the same contract (national-scale tests and benchmarks).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from netlib.cases.imst.contract import FREQUENCIES, IMST_REGIONS, INSTITUTION_TYPES

IMST_SEED = 2019
TARGET_GROUPS = ("academic_secondary", "teacher_education_university", "education_authority",
                 "university", "vocational_school")
SCHOOLS = ("primary_school", "middle_school", "academic_secondary", "vocational_school")
INFORMAL_SITES = ("NAWImix Lakeside Park Lab", "Science Centre Graz",
                  "Future Learning Lab Vienna", "Young Science", "green lab",
                  "Science Centre Network")
COMPANIES = ("syn2value", "Federation of Industrialists", "Austropaper")
ORG_REGION = {"Science Centre Graz": "Steiermark", "Future Learning Lab Vienna": "Wien"}

# Every number the generator uses, in one place (probabilities unless said otherwise).
IMST_CALIBRATION: dict[str, object] = {
    "steering_group_size": (11, 16),  # finding 1: "plus de dix membres"
    "share_two_institutions": 0.08,  # finding 2
    "share_three_institutions": 0.02,  # finding 2
    # institution of respondents: steering-group members are "particulièrement actifs dans
    # des groupes de travail" (l. 1330-1331)
    "respondent_institution": {
        "working_group": 0.45, "teacher_education_university": 0.14,
        "education_authority": 0.09, "university": 0.07, "academic_secondary": 0.09,
        "vocational_school": 0.05, "regional_education_centre": 0.05,
        "middle_school": 0.03, "primary_school": 0.02, "other": 0.01,
    },
    "peer_tie_probability": 0.45,  # finding 3: each names ~45 % of own steering group
    "peer_ties_cap": 7.0,  # at most ~7 expected peers (binds only for groups > 16: scale runs)
    "peer_frequency": (0.15, 0.50, 0.30, 0.04, 0.01),  # daily … yearly
    "cross_state_tie_probability": 0.20,  # finding 3: "dans certains cas"
    "cross_state_frequency": (0.0, 0.0, 0.20, 0.45, 0.35),
    "contacts_extra_mean": {"working_group": 9.0, "target": 3.5, "other": 3.0},
    "contacts_base": 2,
    # alter institution weights: base, then for working-group egos (finding 4) and
    # target-group egos (finding 5)
    "alter_weight_base": 0.02,
    "alter_weight_schools_for_working_groups": 0.45,
    "alter_weight_targets_for_target_groups": 0.25,
    "alter_weight_informal": 0.03,
    "alter_weight_company": 0.02,
    "informal_multiplier": {"Kärnten": 5.0, "Wien": 5.0},  # finding 6
    "company_multiplier": {"Steiermark": 8.0},  # finding 7
    "company_frequency_closest": (0.02, 0.25, 0.45, 0.20, 0.08),  # finding 7, Styria
    "alter_region": {"own": 0.85, "national": 0.08, "other_state": 0.05, "abroad": 0.02},
    "school_frequency": (0.02, 0.25, 0.45, 0.20, 0.08),
    "institution_frequency": (0.01, 0.10, 0.35, 0.36, 0.18),
    "cooperation_share": {"peer": 0.60, "cross_state": 0.20, "institution": 0.45},
}


def _draw(rng: np.random.Generator, p: np.ndarray, size: int) -> np.ndarray:
    """Index draws from a probability vector."""
    return rng.choice(len(p), size=size, p=np.asarray(p) / np.sum(p))


def _row_draw(rng: np.random.Generator, P: np.ndarray) -> np.ndarray:
    """One categorical draw per row of the row-stochastic matrix ``P`` (vectorised)."""
    cum = np.cumsum(P / P.sum(1, keepdims=True), axis=1)
    u = rng.random(len(P))[:, None]
    return np.minimum((u > cum).sum(1), P.shape[1] - 1)


def region_sizes(respondents: int) -> np.ndarray:
    """``respondents`` split over the nine states as evenly as possible (the first
    ``respondents mod 9`` states get one more)."""
    R = len(IMST_REGIONS)
    if respondents < 2 * R:
        raise ValueError(f"a survey needs at least {2 * R} respondents (two per state); "
                         f"got {respondents}")
    return respondents // R + (np.arange(R) < respondents % R)


def imst_survey(
    seed: int = IMST_SEED, *, respondents_per_region: int | None = None,
    respondents: int | None = None, ties: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate ``(respondents, ties)`` in the survey contract (see module docstring).

    ``respondents_per_region`` fixes the size of every steering group; ``respondents``
    fixes the total (split by :func:`region_sizes`). By default sizes are drawn from
    ``IMST_CALIBRATION["steering_group_size"]``. ``ties`` fixes the number of ties: the
    generated ties are thinned to exactly that many by a seeded sample without replacement
    (order kept), after the contacts in institutions have been scaled up if too few were
    drawn (see :func:`sized_survey`). Removing ties keeps every rule of the contract.
    """
    if ties is not None:
        return sized_survey(seed, ties, respondents_per_region=respondents_per_region,
                            respondents=respondents)
    return _survey(seed, respondents_per_region=respondents_per_region,
                   respondents=respondents)


def sized_survey(seed: int, ties: int, *, respondents_per_region: int | None = None,
                 respondents: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A survey with exactly ``ties`` ties: generated, then thinned.

    When the calibrated generator names fewer ties than asked for, the mean number of
    contacts in institutions is multiplied by the factor that would make the total reach
    110 % of ``ties`` and the survey is drawn again (same seed; repeated while too few, since
    identical contact rows are dropped), then thinned. The
    calibration of findings 3–7 is about shares and rates, which thinning at random keeps
    in expectation.
    """
    if ties < 1:
        raise ValueError(f"ties must be positive; got {ties}")
    resp, t = _survey(seed, respondents_per_region=respondents_per_region,
                      respondents=respondents)
    scale = 1.0
    for _ in range(8):  # duplicates dropped among institution contacts: iterate
        if len(t) >= ties:
            break
        n = len(resp)
        extra = max(len(t) - n * IMST_CALIBRATION["contacts_base"], 1)  # type: ignore[operator]
        scale *= max((1.1 * ties - (len(t) - extra)) / extra, 1.1)
        resp, t = _survey(seed, respondents_per_region=respondents_per_region,
                          respondents=respondents, contacts_scale=scale)
    if len(t) < ties:
        raise ValueError(f"could not generate {ties} ties for {len(resp)} respondents "
                         f"(got {len(t)}); ask for fewer ties or more respondents")
    rng = np.random.default_rng([seed, ties])
    keep = np.sort(rng.choice(len(t), size=ties, replace=False))
    return resp, t.iloc[keep].reset_index(drop=True)


def _survey(
    seed: int, *, respondents_per_region: int | None = None, respondents: int | None = None,
    contacts_scale: float = 1.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    cal = IMST_CALIBRATION
    rng = np.random.default_rng(seed)
    R = len(IMST_REGIONS)
    lo, hi = cal["steering_group_size"]  # type: ignore[misc]
    if respondents is not None:
        sizes = region_sizes(respondents)
    elif respondents_per_region:
        sizes = np.full(R, respondents_per_region)
    else:
        sizes = rng.integers(lo, hi + 1, size=R)
    N = int(sizes.sum())
    region = np.repeat(np.arange(R), sizes)
    start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    local = np.arange(N) - start
    ids = np.array([f"syn-{i + 1:06d}" for i in range(N)])
    role = np.where(local == 0, "coordinator", "steering_group")

    # institutions: one each, then exactly round(8 %) with two and round(2 %) with three
    inst_names = list(INSTITUTION_TYPES)
    mix = cal["respondent_institution"]  # type: ignore[assignment]
    p_inst = np.array([mix.get(k, 0.0) for k in inst_names])
    inst = np.zeros((N, len(inst_names)), dtype=bool)
    first = _draw(rng, p_inst, N)
    inst[np.arange(N), first] = True
    n2 = round(cal["share_two_institutions"] * N)  # type: ignore[operator]
    n3 = round(cal["share_three_institutions"] * N)  # type: ignore[operator]
    multi = rng.choice(N, size=n2 + n3, replace=False)
    for j, who in enumerate(multi):
        extra = 1 if j < n2 else 2
        p = np.where(inst[who], 0.0, p_inst)
        inst[who, rng.choice(len(p), size=extra, replace=False, p=p / p.sum())] = True
    inst_str = np.array([";".join(inst_names[k] for k in np.flatnonzero(row)) for row in inst])

    freq = np.array(FREQUENCIES)
    parts = []
    # A. ties to steering-group members of the same state (finding 3)
    p_in = np.minimum(cal["peer_tie_probability"], cal["peer_ties_cap"] / (sizes - 1))
    k_in = rng.binomial(sizes[region] - 1, p_in[region])
    ego = np.repeat(np.arange(N), k_in)
    offset = rng.integers(1, sizes[region][ego], endpoint=False)
    peer = start[ego] + (local[ego] + offset) % sizes[region][ego]
    pairs = np.unique(np.stack([ego, peer], 1), axis=0)
    n = len(pairs)
    parts.append(pd.DataFrame({
        "ego": pairs[:, 0], "alter": pairs[:, 1],
        "alter_region": np.array(IMST_REGIONS)[region[pairs[:, 1]]],
        "alter_institution": np.array(inst_names)[first[pairs[:, 1]]],
        "frequency": freq[_draw(rng, cal["peer_frequency"], n)],
        "content": np.where(rng.random(n) < cal["cooperation_share"]["peer"],
                            "cooperation", "information"),
        "alter_organisation": "",
    }))
    # B. one tie to a respondent of another state, for some (finding 3)
    cross = np.flatnonzero(rng.random(N) < cal["cross_state_tie_probability"])
    other_region = (region[cross] + rng.integers(1, R, size=len(cross))) % R
    target = (np.cumsum(sizes) - sizes)[other_region] + rng.integers(0, sizes[other_region])
    n = len(cross)
    parts.append(pd.DataFrame({
        "ego": cross, "alter": target,
        "alter_region": np.array(IMST_REGIONS)[region[target]],
        "alter_institution": np.array(inst_names)[first[target]],
        "frequency": freq[_draw(rng, cal["cross_state_frequency"], n)],
        "content": np.where(rng.random(n) < cal["cooperation_share"]["cross_state"],
                            "cooperation", "information"),
        "alter_organisation": "",
    }))
    # C. contacts in institutions (findings 4-7)
    col = {k: i for i, k in enumerate(inst_names)}
    is_wg = inst[:, col["working_group"]]
    is_tg = inst[:, [col[k] for k in TARGET_GROUPS]].any(1)
    means = cal["contacts_extra_mean"]
    lam = np.where(is_wg, means["working_group"], np.where(is_tg, means["target"],
                                                           means["other"]))
    k_out = cal["contacts_base"] + rng.poisson(lam * contacts_scale)
    ego = np.repeat(np.arange(N), k_out)
    W = np.full((N, len(inst_names)), cal["alter_weight_base"])
    W[:, col["working_group"]] = 0.0  # working groups are the respondents' own bodies
    for s in SCHOOLS:
        W[is_wg, col[s]] += cal["alter_weight_schools_for_working_groups"] / len(SCHOOLS)
    for t in TARGET_GROUPS:
        W[is_tg & ~is_wg, col[t]] += cal["alter_weight_targets_for_target_groups"] / len(
            TARGET_GROUPS)
    reg_names = np.array(IMST_REGIONS)
    inf_mult = np.array([cal["informal_multiplier"].get(r, 1.0) for r in IMST_REGIONS])
    com_mult = np.array([cal["company_multiplier"].get(r, 1.0) for r in IMST_REGIONS])
    W[:, col["informal_learning_site"]] = cal["alter_weight_informal"] * inf_mult[region]
    W[:, col["company"]] = cal["alter_weight_company"] * com_mult[region]
    alt_inst = _row_draw(rng, W[ego])
    n = len(ego)
    ar = cal["alter_region"]
    where = _draw(rng, [ar["own"], ar["national"], ar["other_state"], ar["abroad"]], n)
    other_state = (region[ego] + rng.integers(1, R, size=n)) % R
    alter_region = np.select(
        [where == 0, where == 1, where == 2],
        [reg_names[region[ego]], "national", reg_names[other_state]], "abroad")
    is_school = np.isin(alt_inst, [col[s] for s in SCHOOLS])
    fr = np.where(is_school, _draw(rng, cal["school_frequency"], n),
                  _draw(rng, cal["institution_frequency"], n))
    closest = (alt_inst == col["company"]) & (com_mult[region[ego]] > 1)
    fr[closest] = _draw(rng, cal["company_frequency_closest"], int(closest.sum()))
    org = np.full(n, "", dtype=object)
    inf = alt_inst == col["informal_learning_site"]
    com = alt_inst == col["company"]
    org[inf] = np.array(INFORMAL_SITES)[rng.integers(0, len(INFORMAL_SITES), inf.sum())]
    org[com] = np.array(COMPANIES)[rng.integers(0, len(COMPANIES), com.sum())]
    named = inf | com
    alter_region = alter_region.astype(object)
    alter_region[named] = [ORG_REGION.get(o, reg_names[region[e]])
                           for o, e in zip(org[named], ego[named], strict=True)]
    parts.append(pd.DataFrame({
        "ego": ego, "alter": -1, "alter_region": alter_region,
        "alter_institution": np.array(inst_names)[alt_inst], "frequency": freq[fr],
        "content": np.where(rng.random(n) < cal["cooperation_share"]["institution"],
                            "cooperation", "information"),
        "alter_organisation": org,
    }))

    t = pd.concat(parts, ignore_index=True)
    # one row per (ego, alter, ...) — identical institution rows would be duplicates
    t = t.drop_duplicates().sort_values(["ego", "alter"], kind="stable")
    ties = pd.DataFrame({
        "respondent_id": ids[t["ego"].to_numpy()],
        "alter_id": np.where(t["alter"].to_numpy() >= 0, ids[t["alter"].clip(lower=0)], ""),
        "alter_region": t["alter_region"].to_numpy(),
        "alter_institution": t["alter_institution"].to_numpy(),
        "frequency": t["frequency"].to_numpy(),
        "content": t["content"].to_numpy(),
        "alter_organisation": t["alter_organisation"].to_numpy(),
    })
    respondents = pd.DataFrame({
        "respondent_id": ids, "region": reg_names[region], "role": role,
        "institutions": inst_str,
    })
    return respondents, ties.reset_index(drop=True)


def label(seed: int, respondents: int | None = None, ties: int | None = None) -> str:
    """The ``# synthetic: …`` line that opens each file (the call that made it)."""
    args = f"seed={seed}"
    if respondents is not None:
        args += f", respondents={respondents}"
    if ties is not None:
        args += f", ties={ties}"
    return (f"# synthetic: generated by netlib.cases.imst.generator.imst_survey({args}); "
            "not real survey data — calibrated to the published IMST findings")


def write_imst_survey(out: Path, seed: int = IMST_SEED, *, respondents: int | None = None,
                      ties: int | None = None) -> list[Path]:
    """Write ``respondents.csv`` and ``ties.csv`` (each labelled synthetic) to ``out``.

    ``respondents``/``ties``: the survey's size (:func:`imst_survey`); without them, the
    shipped survey.
    """
    out.mkdir(parents=True, exist_ok=True)
    respondents_df, ties_df = imst_survey(seed, respondents=respondents, ties=ties)
    paths = []
    head = label(seed, respondents, ties) + "\n"
    for name, df in (("respondents.csv", respondents_df), ("ties.csv", ties_df)):
        body = df.to_csv(index=False, lineterminator="\n")
        path = out / name
        path.write_text(head + body, encoding="utf-8")
        paths.append(path)
    return paths
