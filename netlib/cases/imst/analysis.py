"""The IMST social network analysis: measures and the claims table for the seven findings.

Reproduces the analysis the LINKS brochure reports (seed 001, section 3.f and Figure 9;
Rauch & Korenjak 2017–2019) on any survey in the contract of :mod:`netlib.cases.imst.survey`. The
published findings and how each is operationalised here (our reading, stated so that a
reviewer can disagree):

1. *nine regional networks, steering groups of more than ten members* — number of federal
   states with respondents is 9 and every state has more than 10 respondents;
2. *8 % of actors in two institutions, 2 % in three* — shares of respondents by number of
   institutions, rounded to whole percent, equal 8 and 2;
3. *the most sustained contact is within each regional network; some ties reach other
   states* — the E-I index of the respondent network by state is negative and below its
   permutation null (p < 0.05); in every state, ties to same-state steering-group members
   have the highest mean frequency of all kinds of contact; at least one tie crosses states;
4. *most frequent exchange: working groups/consortia ↔ schools of all types* — among dyad
   classes (each unordered pair of institution types, with "working group ↔ any school" and
   "among target groups" pooled), "working group ↔ school" has the most ties;
5. *second: among the target groups* (academic secondary, teacher-education universities,
   education authorities, universities, vocational schools) — that class ranks second;
6. *Carinthia and Vienna mention informal learning sites more often* — a Poisson model of
   each respondent's count of informal-learning-site contacts (offset: log contacts named)
   gives a rate ratio > 1 for Kärnten+Wien vs the other states with p < 0.05, and these
   two states have the two highest rates;
7. *Styria has the closest ties with companies* — Styria has the highest rate of company
   contacts and the highest contact volume with companies per respondent, and the Poisson
   rate ratio Styria vs the rest is > 1 with p < 0.05.

For a multi-affiliated ego, each of its *k* institutions carries weight 1/*k* of each tie
in the mixing matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import statsmodels.api as sm

from netlib.cases.imst.contract import IMST_REGIONS, INSTITUTION_TYPES
from netlib.cases.imst.generator import SCHOOLS, TARGET_GROUPS
from netlib.cases.imst.survey import Survey
from netlib.privacy import (
    SMALL_CELL,
    SUPPRESSED,
    CountTable,
    Disclosure,
    count_meta,
    protect,
    publish_counts,
)
from netlib.sna.ei import EIResult, ei_from_edges

WG_SCHOOL = "working group ↔ school (any type)"
AMONG_TARGETS = "among target groups"


def regions_of(survey: Survey) -> list[str]:
    """The regions of the survey's profile, or (open vocabulary) those its respondents name."""
    if survey.profile.regions is not None:
        return list(survey.profile.regions)
    return sorted(set(survey.respondents["region"].dropna()))


def institution_types_of(survey: Survey) -> list[str]:
    """The institution types of the survey's profile, or (open vocabulary) those named."""
    if survey.profile.institutions is not None:
        return list(survey.profile.institutions)
    named = set(survey.ties["alter_institution"].dropna())
    for v in survey.respondents["institutions"].dropna():
        named.update(v.split(";"))
    return sorted(named)


def findings_apply(survey: Survey) -> bool:
    """Whether the published IMST findings can be checked: only under the IMST profile
    (they are statements about Austria's nine federal states and its institution types)."""
    return survey.profile.name == "imst"


NOT_APPLICABLE = "not applicable"
OVERDISPERSION = 1.5
"""Pearson dispersion above which :func:`regional_contrast` fits a negative binomial."""
CLAIMS = {
    1: "nine regional networks, steering groups of more than ten",
    2: "8 % active in two institutions, 2 % in three",
    3: "most sustained contact within each regional network; some to other states",
    4: "most frequent exchange: working groups ↔ schools",
    5: "second: among the target groups",
    6: "Carinthia and Vienna name informal learning sites more often",
    7: "Styria has the closest ties with companies",
}


def not_applicable_claims(survey: Survey, findings: pd.DataFrame | None = None,
                          facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims table for a survey the IMST findings do not speak about: every finding
    "not applicable", with the reason (the survey's profile)."""
    why = (f"not applicable: profile '{survey.profile.name}' — the finding is about "
           "Austria's IMST networks")
    out = pd.DataFrame([{"finding": k, "claim": c, "statistic": "—", "value": why,
                         "holds": NOT_APPLICABLE} for k, c in CLAIMS.items()])
    out.insert(2, "source_fr", [source_sentences(k, findings, facts) for k in out["finding"]])
    out.insert(3, "source_en", [source_sentences(k, findings, facts, "en")
                                for k in out["finding"]])
    return out


def respondent_graph(survey: Survey, directed: bool = False) -> nx.Graph:
    """Ties among respondents, nodes carrying region, role, institutions (pseudonymised ids)."""
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for r in survey.respondents.itertuples(index=False):
        G.add_node(r.respondent_id, region=r.region, role=r.role, institutions=r.institutions,
                   primary_institution=r.institutions.split(";")[0])
    among = survey.ties[survey.ties["alter_is_respondent"]]
    if not directed:  # one edge per pair, in the order of its first tie
        a = among["respondent_id"].to_numpy(dtype=object)
        b = among["alter_id"].to_numpy(dtype=object)
        lo = np.where(a < b, a, b)
        hi = np.where(a < b, b, a)
        # an open frequency scale has no scores: every tie then counts 1
        score = among["frequency_score"].astype("Float64").fillna(1).to_numpy(dtype=float)
        pairs = pd.DataFrame({"lo": lo, "hi": hi, "a": a, "b": b,
                              "score": score.astype(np.int64),
                              "content": among["content"].to_numpy(dtype=object)})
        g = pairs.groupby(["lo", "hi"], sort=False)
        # reciprocated: named from both sides (not: named twice, for two relations)
        e = g.agg(a=("a", "first"), b=("b", "first"), score=("score", "max"),
                  content=("content", "first"), sides=("a", "nunique"))
        G.add_edges_from(
            (u, v, {"frequency_score": int(sc), "content": c, "reciprocated": bool(n > 1)})
            for u, v, sc, c, n in zip(*(e[k].tolist() for k in ("a", "b", "score",
                                                                   "content", "sides")),
                                      strict=True))
        return G
    named_by: dict[tuple[str, str], str] = {}
    for t in among.itertuples(index=False):
        # an open frequency scale has no scores: every tie then counts 1
        score = 1 if pd.isna(t.frequency_score) else int(t.frequency_score)
        pair = (t.respondent_id, t.alter_id) if directed else tuple(sorted(
            (t.respondent_id, t.alter_id)))
        if G.has_edge(t.respondent_id, t.alter_id):  # keep the higher frequency
            d = G.edges[t.respondent_id, t.alter_id]
            d["frequency_score"] = max(d["frequency_score"], score)
            if named_by[pair] != t.respondent_id:  # named from the other side too
                d["reciprocated"] = True
            if t.content not in d["content"].split(";"):  # another relation of the pair
                d["content"] = ";".join(sorted([*d["content"].split(";"), t.content]))
        else:
            named_by[pair] = t.respondent_id
            G.add_edge(t.respondent_id, t.alter_id, frequency_score=score,
                       content=t.content, reciprocated=False)
    return G


def _add_institution_reach(G: nx.Graph, rows: list[list]) -> None:
    """Add to ``G`` one node per (region, institution type) of the contacts who are not
    respondents and an edge from each source node: ``rows`` of (source, region, type,
    summed frequency score, number of contacts)."""
    for source, region, kind, score, size in rows:
        node = f"{region} · {kind}"
        if node not in G:
            G.add_node(node, kind="institution", region=region, primary_institution=kind,
                       contacts=0)
        G.nodes[node]["contacts"] += int(size)
        G.add_edge(source, node, frequency_score=int(score), contacts=int(size))


def reach_graph(survey: Survey) -> nx.Graph:
    """Figure-9-like graph: respondents plus one node per (state, institution type) of the
    contacts who are not respondents; edge weight = summed frequency score."""
    G = respondent_graph(survey)
    nx.set_node_attributes(G, "respondent", "kind")
    others = survey.ties[~survey.ties["alter_is_respondent"]]
    agg = (others.groupby(["respondent_id", "alter_region", "alter_institution"],
                          observed=True)["frequency_score"].agg(["sum", "size"]).reset_index())
    _add_institution_reach(G, agg.to_numpy().tolist())
    G.graph["regions"] = regions_of(survey)
    G.graph["institution_types"] = institution_types_of(survey)
    return G


def region_ei(survey: Survey, permutations: int = 2000, seed: int = 0) -> EIResult:
    """E-I index of the respondent network by federal state (Krackhardt & Stern 1988).

    The same as ``ei_index(respondent_graph(survey), "region", ...)`` (nodes in the order
    of ``survey.respondents``, one tie per pair of respondents who name each other), computed
    from the tie table without building the graph."""
    r = survey.respondents
    among = survey.ties[survey.ties["alter_is_respondent"]]
    ids = pd.Index(r["respondent_id"].to_numpy(dtype=object))
    a = ids.get_indexer(among["respondent_id"].to_numpy(dtype=object))
    b = ids.get_indexer(among["alter_id"].to_numpy(dtype=object))
    if (a < 0).any() or (b < 0).any():  # ties to unknown ids never pass the loader
        raise ValueError("ties among respondents name an id that is not a respondent")
    pairs = np.unique(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1), axis=0)
    return ei_from_edges(pd.Series(r["region"].to_numpy(dtype=object)), pairs[:, 0],
                         pairs[:, 1], permutations=permutations, seed=seed)


def contact_kind(ties: pd.DataFrame) -> np.ndarray:
    """Each tie's kind: a steering-group member of the same state, of another state, or
    another contact."""
    return np.select(
        [ties["alter_is_respondent"] & ties["within_region"], ties["alter_is_respondent"]],
        ["steering group, same state", "steering group, other state"],
        "other contacts")


def sustained_contact(survey: Survey) -> pd.DataFrame:
    """Mean frequency score (daily 5 … yearly 1) by state and kind of contact."""
    t = survey.ties
    kind = contact_kind(t)
    table = (t.assign(kind=kind).groupby(["ego_region", "kind"], observed=True)
             ["frequency_score"].mean().unstack("kind"))
    return table.astype(float).round(2)


def _ego_weights(survey: Survey) -> pd.DataFrame:
    """One row per (respondent, institution) with weight 1/k."""
    r = survey.respondents[["respondent_id", "institutions"]].copy()
    r["institution"] = r["institutions"].str.split(";")
    r = r.explode("institution")
    r["weight"] = 1.0 / r.groupby("respondent_id")["institution"].transform("size")
    return r[["respondent_id", "institution", "weight"]]


def mixing_matrix(survey: Survey, weight: str = "ties") -> pd.DataFrame:
    """Institution-type mixing: rows ego institution, columns alter institution.

    ``weight="ties"`` counts named contacts; ``"contacts"`` weights each by its nominal
    contacts a year. Multi-affiliated egos split each tie over their institutions.
    """
    w = _ego_weights(survey)
    t = survey.ties[["respondent_id", "alter_institution", "contacts_per_year"]].merge(
        w, on="respondent_id")
    value = t["weight"] * (t["contacts_per_year"].astype(float) if weight == "contacts" else 1)
    m = (t.assign(v=value).pivot_table(index="institution", columns="alter_institution",
                                       values="v", aggfunc="sum", fill_value=0.0,
                                       observed=False))
    types = institution_types_of(survey)
    return m.reindex(index=types, columns=types, fill_value=0.0)


def dyad_ranking(mix: pd.DataFrame) -> pd.DataFrame:
    """Unordered institution-type pairs ranked by ties (both directions summed)."""
    types = list(mix.index)
    rows = []
    for i, a in enumerate(types):
        for b in types[i:]:
            v = mix.loc[a, b] + (mix.loc[b, a] if a != b else 0.0)
            if v > 0:
                rows.append({"pair": f"{a} ↔ {b}", "a": a, "b": b, "ties": v})
    out = pd.DataFrame(rows).sort_values(["ties", "pair"], ascending=[False, True])
    return out.reset_index(drop=True)


def dyad_class(a: str, b: str) -> str:
    """The dyad class of the unordered pair of institution types ``a``, ``b``."""
    if {a, b} & {"working_group"} and ({a, b} - {"working_group"}) <= set(SCHOOLS) and (
            {a, b} - {"working_group"}):
        return WG_SCHOOL
    if a in TARGET_GROUPS and b in TARGET_GROUPS:
        return AMONG_TARGETS
    return f"{a} ↔ {b}"


def dyad_class_cells(mix: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """The mixing-matrix cells each published dyad class sums (both directions of a pair)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in dyad_ranking(mix).itertuples(index=False):
        cells = [(r.a, r.b)] if r.a == r.b else [(r.a, r.b), (r.b, r.a)]
        out.setdefault(dyad_class(r.a, r.b), []).extend(cells)
    return out


def dyad_classes(mix: pd.DataFrame) -> pd.DataFrame:
    """Dyad classes ranked: the two pooled classes of findings 4–5 and every other pair.

    The pooled classes sum several unordered pairs of institution types (``pairs``: 4 for
    working group ↔ school, every pair within the target groups for the other), every other
    class is one pair, so a ranking by ``ties`` favours the pooled classes by construction.
    ``ties per pair`` (``ties / pairs``, the pairs of the class among all unordered pairs of
    the vocabulary, zero pairs included) and its rank ``rank per pair`` compare like-sized
    aggregates; :func:`pooled_class_null` tests the pooled totals against random sets of
    as many pairs.
    """
    pairs = dyad_ranking(mix)
    pairs["class"] = [dyad_class(a, b) for a, b in zip(pairs["a"], pairs["b"], strict=True)]
    out = pairs.groupby("class", as_index=False)["ties"].sum()
    size = pd.Series(_class_sizes(list(mix.index)))
    out = out.sort_values(["ties", "class"], ascending=[False, True]).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out["share"] = out["ties"] / out["ties"].sum()
    out["pairs"] = out["class"].map(size).fillna(1).astype(np.int64)
    out["ties per pair"] = out["ties"] / out["pairs"]
    out["rank per pair"] = out["ties per pair"].rank(ascending=False, method="min").astype(
        np.int64)
    return out


def _class_sizes(types: list[str]) -> dict[str, int]:
    """Number of unordered pairs of institution types (self-pairs included) in each class."""
    sizes: dict[str, int] = {}
    for i, a in enumerate(types):
        for b in types[i:]:
            c = dyad_class(a, b)
            sizes[c] = sizes.get(c, 0) + 1
    return sizes


def _pair_totals(mix: pd.DataFrame) -> pd.Series:
    """Ties of every unordered pair of institution types (zero pairs included)."""
    types = list(mix.index)
    return pd.Series({(a, b): float(mix.loc[a, b] + (mix.loc[b, a] if a != b else 0.0))
                      for i, a in enumerate(types) for b in types[i:]})


def pooled_class_null(mix: pd.DataFrame, draws: int = 10_000, seed: int = 0) -> pd.DataFrame:
    """A permutation null that keeps class sizes, for the two pooled classes.

    For a pooled class of *k* pairs with total *T*, draw *k* pairs at random (without
    replacement) from all unordered pairs of institution types, ``draws`` times (seeded),
    and report the share of draws whose total reaches *T* (``p``, with the +1 correction
    (1 + number of draws with a total ≥ *T*) / (1 + ``draws``)), the null mean and the rank of
    ``ties per pair`` among all classes. Small ``p``: the class is large for its size, not
    only because it pools several pairs.
    """
    totals = _pair_totals(mix)
    values = totals.to_numpy()
    classes = dyad_classes(mix).set_index("class")
    rng = np.random.default_rng(seed)
    rows = []
    for cls in (WG_SCHOOL, AMONG_TARGETS):
        if cls not in classes.index:
            continue
        k = int(classes.loc[cls, "pairs"])
        observed = float(classes.loc[cls, "ties"])
        picks = np.argsort(rng.random((draws, len(values))), axis=1)[:, :k]
        sims = values[picks].sum(axis=1)
        rows.append({"class": cls, "pairs": k, "ties": observed,
                     "ties per pair": observed / k,
                     "rank per pair": int(classes.loc[cls, "rank per pair"]),
                     "null mean": float(sims.mean()),
                     "p": (1 + int((sims >= observed).sum())) / (1 + draws), "draws": draws})
    return pd.DataFrame(rows, columns=["class", "pairs", "ties", "ties per pair",
                                       "rank per pair", "null mean", "p", "draws"])


def multi_affiliation(survey: Survey) -> pd.DataFrame:
    """Respondents by number of institutions they work in, with shares."""
    counts = survey.respondents["n_institutions"].value_counts().reindex([1, 2, 3],
                                                                         fill_value=0)
    return pd.DataFrame({"institutions": [1, 2, 3], "respondents": counts.to_numpy(),
                         "share": counts.to_numpy() / len(survey.respondents)})


@dataclass(frozen=True)
class Contrast:
    """Poisson model of per-respondent counts of contacts of one institution type."""

    institution: str
    regions: tuple[str, ...]
    rates: pd.DataFrame  # per state: respondents, contacts of that type, all contacts, rate
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    dispersion: float  # Pearson chi2 / df; ≈ 1 when the Poisson model fits
    model: str


def regional_contrast(survey: Survey, institution: str, regions: tuple[str, ...]) -> Contrast:
    """Rate of contacts of type ``institution`` in ``regions`` vs the other states.

    GLM: :math:`\\log E[y_i] = \\log n_i + \\beta_0 + \\beta_1 [\\text{region}_i \\in R]`,
    :math:`y_i` the respondent's contacts of that type, :math:`n_i` all contacts named.
    Poisson; if the Pearson dispersion exceeds 1.5 the model is refitted as negative
    binomial (NB2, α estimated) and said so. ``exp(β1)`` is the rate ratio.
    """
    t = survey.ties
    per = (t.assign(y=(t["alter_institution"] == institution).astype(int))
           .groupby("respondent_id").agg(y=("y", "sum"), n=("y", "size")))
    r = survey.respondents.set_index("respondent_id")[["region"]].join(per).fillna(0)
    r = r[r["n"] > 0]
    x = r["region"].isin(regions).astype(float).to_numpy()
    X = sm.add_constant(x)
    offset = np.log(r["n"].to_numpy(dtype=float))
    y = r["y"].to_numpy(dtype=float)
    fit = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit()
    dispersion = float(fit.pearson_chi2 / fit.df_resid)
    model = "Poisson GLM, offset log(contacts named)"
    if dispersion > OVERDISPERSION:
        nb = sm.NegativeBinomial(y, X, offset=offset).fit(disp=0)
        params, ci, p = nb.params[:2], nb.conf_int()[:2], nb.pvalues[:2]
        model = "negative binomial (NB2), offset log(contacts named)"
    else:
        params, ci, p = fit.params, fit.conf_int(), fit.pvalues
    rates = (r.groupby("region").agg(respondents=("y", "size"), contacts=("y", "sum"),
                                     all_contacts=("n", "sum"))
             .reindex(regions_of(survey)))
    rates["per_respondent"] = rates["contacts"] / rates["respondents"]
    rates["share_of_contacts"] = rates["contacts"] / rates["all_contacts"]
    with np.errstate(over="ignore"):  # a state with no such contact: ratio 0, CI to inf
        rr, lo, hi = np.exp([params[1], ci[1][0], ci[1][1]])
    return Contrast(institution=institution, regions=tuple(regions), rates=rates,
                    rate_ratio=float(rr), ci_low=float(lo), ci_high=float(hi),
                    p_value=float(p[1]), dispersion=dispersion, model=model)


def source_sentences(
    k: int, findings: pd.DataFrame | None, facts: pd.DataFrame | None, lang: str = "fr"
) -> str:
    """The brochure's sentence(s) behind finding ``k`` (``lang`` "fr" verbatim or "en")."""
    kind, ids = FINDING_SOURCES[k]
    table, key, col = ((facts, "fact_id", f"text_{lang}") if kind == "fact"
                       else (findings, "finding_id", f"finding_{lang}"))
    if table is None:
        return ""
    t = table.set_index(key)
    return " … ".join(t.loc[i, col] for i in ids if i in t.index)


# finding -> (rows of imst_findings.csv / facts.csv that state it)
FINDING_SOURCES = {
    1: ("fact", ["f001-005", "f001-033"]),
    2: ("finding", ["imst-8"]),
    3: ("finding", ["imst-1", "imst-5", "imst-6"]),
    4: ("finding", ["imst-9"]),
    5: ("finding", ["imst-12"]),
    6: ("finding", ["imst-14", "imst-15"]),
    7: ("finding", ["imst-17"]),
}


def check_findings(
    survey: Survey,
    findings: pd.DataFrame | None = None,
    facts: pd.DataFrame | None = None,
    *,
    permutations: int = 2000,
    alpha: float = 0.05,
    ei: EIResult | None = None,
) -> pd.DataFrame:
    """The claims table: each finding, its source sentence, statistic, value, holds
    (:func:`not_applicable_claims` when the survey is not under the IMST profile).

    ``ei``: the E-I test of :func:`region_ei` when already computed (it is then not run
    again; ``permutations`` is ignored); otherwise it is run with ``permutations`` draws.
    """
    if not findings_apply(survey):
        return not_applicable_claims(survey, findings, facts)
    rows = []

    resp = survey.respondents
    per_region = resp["region"].value_counts().reindex(list(IMST_REGIONS), fill_value=0)
    rows.append({
        "finding": 1, "claim": "nine regional networks, steering groups of more than ten",
        "statistic": "states with respondents; smallest steering group",
        "value": f"{int((per_region > 0).sum())} states; min {int(per_region.min())}",
        "holds": bool((per_region > 0).sum() == 9 and per_region.min() > 10),
    })
    ma = multi_affiliation(survey).set_index("institutions")["share"]
    s2, s3 = round(100 * ma.loc[2]), round(100 * ma.loc[3])
    rows.append({
        "finding": 2, "claim": "8 % active in two institutions, 2 % in three",
        "statistic": "share of respondents with 2 / 3 institutions",
        "value": f"{100 * ma.loc[2]:.1f} % / {100 * ma.loc[3]:.1f} %",
        "holds": bool(s2 == 8 and s3 == 2),
    })
    if ei is None:
        ei = region_ei(survey, permutations=permutations)
    sc = sustained_contact(survey)
    same = "steering group, same state"
    top_same = bool((sc.idxmax(axis=1) == same).all()) if same in sc else False
    n_cross = int((survey.ties["alter_is_respondent"] & ~survey.ties["within_region"]).sum())
    rows.append({
        "finding": 3, "claim": "most sustained contact within each regional network; "
        "some ties to other states",
        "statistic": "E-I by state (expected, permutation p); states where same-state "
        "steering-group ties are the most frequent; cross-state ties",
        "value": f"E-I {ei.ei:.2f} (expected {ei.expected:.2f}, p {ei.p_value:.4f}); "
                 f"{int((sc.idxmax(axis=1) == same).sum())}/{len(sc)} states; "
                 f"{n_cross} cross-state ties",
        "holds": bool(ei.ei < 0 and ei.ei < ei.expected and ei.p_value < alpha and top_same
                      and n_cross > 0),
    })
    classes = dyad_classes(mixing_matrix(survey)).set_index("class")
    r4 = int(classes.loc[WG_SCHOOL, "rank"]) if WG_SCHOOL in classes.index else None
    r5 = int(classes.loc[AMONG_TARGETS, "rank"]) if AMONG_TARGETS in classes.index else None
    rows.append({
        "finding": 4, "claim": "most frequent: working groups ↔ schools of all types",
        "statistic": "rank of the class by ties (share)",
        "value": f"rank {r4} ({classes.loc[WG_SCHOOL, 'share']:.1%})" if r4 else "absent",
        "holds": r4 == 1,
    })
    rows.append({
        "finding": 5, "claim": "second: among the target groups",
        "statistic": "rank of the class by ties (share)",
        "value": f"rank {r5} ({classes.loc[AMONG_TARGETS, 'share']:.1%})" if r5 else "absent",
        "holds": r5 == 2,
    })
    inf = regional_contrast(survey, "informal_learning_site", ("Kärnten", "Wien"))
    top2 = set(inf.rates["share_of_contacts"].nlargest(2).index)
    rows.append({
        "finding": 6, "claim": "Carinthia and Vienna mention informal learning sites more",
        "statistic": "rate ratio Kärnten+Wien vs rest (95 % CI, p); top-2 states by share",
        "value": f"RR {inf.rate_ratio:.2f} ({inf.ci_low:.2f}–{inf.ci_high:.2f}), "
                 f"p {inf.p_value:.2g}; top 2: {', '.join(sorted(top2))}",
        "holds": bool(inf.rate_ratio > 1 and inf.p_value < alpha
                      and top2 == {"Kärnten", "Wien"}),
    })
    com = regional_contrast(survey, "company", ("Steiermark",))
    t = survey.ties
    volume = (t[t["alter_institution"] == "company"].groupby("ego_region")
              ["contacts_per_year"].sum().reindex(list(IMST_REGIONS), fill_value=0)
              / per_region)
    top_rate = com.rates["share_of_contacts"].idxmax()
    rows.append({
        "finding": 7, "claim": "Styria has the closest ties with companies",
        "statistic": "rate ratio Styria vs rest (95 % CI, p); state with highest company "
                     "share and contact volume per respondent",
        "value": f"RR {com.rate_ratio:.2f} ({com.ci_low:.2f}–{com.ci_high:.2f}), "
                 f"p {com.p_value:.2g}; highest: {top_rate} / {volume.idxmax()}",
        "holds": bool(com.rate_ratio > 1 and com.p_value < alpha
                      and top_rate == "Steiermark" and volume.idxmax() == "Steiermark"),
    })
    out = pd.DataFrame(rows)
    out.insert(2, "source_fr", [source_sentences(k, findings, facts) for k in out["finding"]])
    out.insert(3, "source_en", [source_sentences(k, findings, facts, "en")
                                for k in out["finding"]])
    return out


INSTITUTION_COLOURS = {
    "working_group": "#0072B2", "primary_school": "#E69F00", "middle_school": "#F0E442",
    "academic_secondary": "#D55E00", "vocational_school": "#CC79A7",
    "teacher_education_university": "#009E73", "university": "#56B4E9",
    "education_authority": "#000000", "regional_education_centre": "#999999",
    "informal_learning_site": "#8C564B", "company": "#7B3294", "other": "#C7C7C7",
}


def figure9_layout(G: nx.Graph) -> dict[object, tuple[float, float]]:
    """Regions as clusters on a circle; each state's respondents on an inner ring, its
    institution contacts on an outer arc; national/abroad contacts in the centre."""
    regions = list(G.graph.get("regions", IMST_REGIONS))
    types = list(G.graph.get("institution_types", INSTITUTION_TYPES))
    pos: dict[object, tuple[float, float]] = {}
    k_reg = max(len(regions), 1)
    centre = {r: (10 * np.cos(2 * np.pi * i / k_reg), 10 * np.sin(2 * np.pi * i / k_reg))
              for i, r in enumerate(regions)}
    by_region: dict[str, list[object]] = {}
    for v, d in G.nodes(data=True):
        if d.get("kind") == "respondent":
            by_region.setdefault(d["region"], []).append(v)
    for r, nodes in by_region.items():
        cx, cy = centre[r]
        for k, v in enumerate(sorted(nodes)):
            a = 2 * np.pi * k / len(nodes)
            pos[v] = (cx + 2.2 * np.cos(a), cy + 2.2 * np.sin(a))
    for v, d in G.nodes(data=True):
        if d.get("kind") != "institution":
            continue
        j = types.index(d["primary_institution"]) if d["primary_institution"] in types else 0
        if d["region"] in centre:
            cx, cy = centre[d["region"]]
            base = np.arctan2(cy, cx)
            a = base + (j - (len(types) - 1) / 2) * 0.22
            pos[v] = (cx + 4.6 * np.cos(a), cy + 4.6 * np.sin(a))
        else:  # national / abroad
            off = 0.0 if d["region"] == "national" else np.pi / len(types)
            a = 2 * np.pi * j / len(types) + off
            rad = 2.5 if d["region"] == "national" else 4.0
            pos[v] = (rad * np.cos(a), rad * np.sin(a))
    return pos


# ---------------------------------------------------------------------------------------
# Publishing. The functions above return exact numbers, for computation; everything below
# is what a reader may see. Every count of people or ties (and every number that reveals
# one: a share of a known total, an index computed from the count, a mean over fewer than
# five) goes through netlib.privacy's primary + complementary suppression, with the totals
# that are published next to it declared, so that no withheld count can be worked out.
# (The ecosystem case, netlib.cases.ecosystem, counts organisations, not persons: it needs
# no suppression.)
# ---------------------------------------------------------------------------------------

NOT_TESTED = "n < 5: not tested"
FEW = "n < 5"


def mixing_disclosure(mix: pd.DataFrame, threshold: int = SMALL_CELL) -> Disclosure:
    """One decision for the mixing matrix and the dyad-class table together.

    Published about the matrix: its cells, its row and column totals (shown with it), the
    total of every dyad class (a sum of cells: a pair and its mirror, or a pooled class;
    :func:`dyad_class_cells`) and the grand total (the number of named contacts, given in
    captions, so declared known).
    """
    return protect(mix, threshold, margins="both", groups=dyad_class_cells(mix),
                   known="total")


def publish_mixing(mix: pd.DataFrame, disclosure: Disclosure | None = None) -> CountTable:
    """The mixing matrix as published: withheld cells and totals marked, rest rounded."""
    d = disclosure if disclosure is not None else mixing_disclosure(mix)
    return publish_counts(mix, list(mix.columns), d.threshold, disclosure=d, show_totals=True)


def publish_dyad_classes(classes: pd.DataFrame, disclosure: Disclosure) -> CountTable:
    """The dyad-class table with the class totals withheld by :func:`mixing_disclosure`
    (and their shares: a share of the known total reveals the count)."""
    hidden = pd.DataFrame({"ties": [bool(disclosure.totals.get(c, False))
                                     for c in classes["class"]]}, index=classes.index)
    return publish_counts(classes, ["ties"], disclosure.threshold, mask=hidden,
                          derived={c: "ties" for c in ("share", "ties per pair")
                                   if c in classes})


def mixing_figure(mix: pd.DataFrame, disclosure: Disclosure) -> object:
    """Heatmap of the mixing matrix: withheld cells carry no value (z None, no colour) and
    say "suppressed" on hover; the trace is marked as counts for the disclosure scanner."""
    import plotly.graph_objects as go

    hidden = disclosure.cells.to_numpy()
    vals = mix.to_numpy()
    z = [[None if hidden[i, j] else float(np.round(vals[i, j], 2)) for j in range(vals.shape[1])]
         for i in range(vals.shape[0])]
    text = [[f"<{disclosure.threshold} or withheld" if hidden[i, j] else
             f"{vals[i, j]:.0f}" for j in range(vals.shape[1])] for i in range(vals.shape[0])]
    labels = [["s" if hidden[i, j] else f"{vals[i, j]:.0f}" for j in range(vals.shape[1])]
              for i in range(vals.shape[0])]
    hover = [[f"{mix.index[i]} → {mix.columns[j]}<br>named contacts: "
              + (f"{SUPPRESSED} (<{disclosure.threshold}, or withheld so that such a cell "
                 "cannot be worked out)" if hidden[i, j] else text[i][j])
              for j in range(vals.shape[1])] for i in range(vals.shape[0])]
    fig = go.Figure(go.Heatmap(
        z=z, x=list(mix.columns), y=list(mix.index), text=labels, texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", colorscale="Blues", hoverongaps=True,
        colorbar=dict(title="contacts"), meta=count_meta(["z"], int(hidden.sum()),
                                                       disclosure.threshold)))
    fig.update_layout(title="Institution-type mixing: respondent's institution × contact's "
                      "(s = suppressed)", height=560, xaxis=dict(tickangle=-40),
                      yaxis=dict(autorange="reversed"))
    return fig


def classes_figure(published: CountTable, top: int = 10) -> object:
    """Bar chart of the ``top`` dyad classes from the *published* table (withheld: no bar)."""
    import plotly.graph_objects as go

    t = published.frame.head(top).iloc[::-1]
    x = [None if v == SUPPRESSED else float(v) for v in t["ties"]]
    fig = go.Figure(go.Bar(
        x=x, y=list(t["class"]), orientation="h",
        marker_color=["#D55E00" if c in (WG_SCHOOL, AMONG_TARGETS) else "#999999"
                      for c in t["class"]],
        meta=count_meta(["x"], sum(v is None for v in x), published.threshold)))
    fig.update_layout(title=f"The {top} most frequent dyad classes", height=430,
                      xaxis_title="named contacts")
    return fig


def publish_multi_affiliation(ma: pd.DataFrame, threshold: int = SMALL_CELL) -> CountTable:
    """Respondents by number of institutions; the number of respondents is published
    (known), so a single small group would follow from the others: complementary cell."""
    t = ma.set_index("institutions")
    return publish_counts(t, ["respondents"], threshold, derived={"share": "respondents"},
                          margins="columns", known="columns")


def publish_ei_by_group(ei: EIResult, threshold: int = SMALL_CELL) -> CountTable:
    """Per-state E-I table: members, external and internal ties suppressed (their column
    totals are known: respondents, 2 × external and internal ties are published); the E-I of
    a row with a withheld count is withheld (with the shown count it would give the other
    back); a state with fewer than ``threshold`` members is not tested."""
    t = ei.by_group.set_index("group")
    out = publish_counts(t, ["members", "external", "internal"], threshold,
                         derived={"E-I": ["external", "internal"]},
                         margins="columns", known="columns")
    small = t["members"] < threshold
    for col in ("E-I", "expected E-I", "p"):
        out.frame[col] = [NOT_TESTED if s else v for v, s in zip(out.frame[col], small,
                                                                     strict=True)]
    return out


def sustained_contact_counts(survey: Survey) -> pd.DataFrame:
    """Number of ties behind each mean of :func:`sustained_contact`."""
    t = survey.ties
    kind = contact_kind(t)
    return (t.assign(kind=kind).groupby(["ego_region", "kind"], observed=True)
            ["frequency_score"].size().unstack("kind").fillna(0).astype(int))


def publish_sustained_contact(survey: Survey, threshold: int = SMALL_CELL) -> CountTable:
    """Mean contact frequency by state and kind; a mean over fewer than ``threshold`` ties
    (it would show individual answers) is replaced by "n < 5". No count is published (the
    table is marked for the scanner with no count column)."""
    means = sustained_contact(survey)
    n = sustained_contact_counts(survey).reindex_like(means).fillna(0)
    out = means.astype(object).copy()
    for c in means.columns:
        out[c] = [FEW if 0 < k < threshold else ("" if pd.isna(v) else v)
                  for v, k in zip(means[c], n[c], strict=True)]
    return CountTable(out, [], None, threshold, note=(
        f"[means] '{FEW}' = a mean over fewer than {threshold} ties, withheld; "
        "empty = no such tie."))


def contrast_disclosure(contrasts: list[Contrast], threshold: int = SMALL_CELL) -> Disclosure:
    """Per-state counts behind the share-of-contacts figure. Each state's number of named
    contacts is published (mean network size × respondents), so a share reveals the count;
    the column totals (contacts with the type, from the mixing matrix) and the pooled count
    of the contrasted states (from the rate ratio) are known too."""
    counts = pd.DataFrame({c.institution: c.rates["contacts"].astype(float)
                           for c in contrasts})
    groups = {f"{c.institution} in {'+'.join(c.regions)}": [(r, c.institution)
                                                             for r in c.regions]
              for c in contrasts}
    return protect(counts, threshold, margins="columns", groups=groups,
                   known=("columns", *groups))


def contrast_figure(contrasts: list[Contrast], labels: list[str],
                    threshold: int = SMALL_CELL) -> object:
    """Share of each state's named contacts with each contrasted type; a share whose count
    is withheld has no bar and says so on hover."""
    import plotly.graph_objects as go

    d = contrast_disclosure(contrasts, threshold)
    traces = []
    for c, label in zip(contrasts, labels, strict=True):
        hide = d.cells[c.institution]
        share = 100 * c.rates["share_of_contacts"]
        y = [None if h else float(round(v, 2)) for v, h in zip(share, hide, strict=True)]
        hover = [f"{r}: {SUPPRESSED} (fewer than {threshold} contacts, or withheld)" if h
                 else f"{r}: {v:.1f} %" for r, v, h in zip(share.index, share, hide,
                                                          strict=True)]
        traces.append(go.Bar(name=label, x=list(share.index), y=y, hovertext=hover,
                             hoverinfo="text", meta=count_meta([], int(hide.sum()),
                                                               threshold)))
    fig = go.Figure(traces)
    fig.update_layout(title="Share of named contacts in informal learning sites and companies",
                      yaxis_title="% of the state's named contacts", barmode="group",
                      height=420)
    return fig


def publish_state_summary(summary: pd.DataFrame, threshold: int = SMALL_CELL) -> CountTable:
    """Per-state summary of the ego measures: respondents and brokerage sums are counts
    (suppressed; their totals over states are not published); the means of a state with a
    withheld number of respondents are withheld."""
    counts = [c for c in summary.columns if c == "respondents"
              or c in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")]
    means = {c: "respondents" for c in summary.columns if c.startswith("mean_")}
    return publish_counts(summary, counts, threshold, derived=means)


def publish_claims(claims: pd.DataFrame, survey: Survey,
                   threshold: int = SMALL_CELL) -> pd.DataFrame:
    """The claims table as published: a value that is a share of the (published) number of
    respondents is withheld when the multi-affiliation table withholds its count."""
    out = claims.copy()
    ma = publish_multi_affiliation(multi_affiliation(survey), threshold).frame
    if (ma["respondents"] == SUPPRESSED).any():
        row = out.index[out["finding"] == 2]
        out.loc[row, "value"] = (f"{SUPPRESSED}: a group of fewer than {threshold} "
                                 "respondents (see the table in section 5)")
    return out


def reach_disclosure(G: nx.Graph, threshold: int = SMALL_CELL) -> tuple[Disclosure, list]:
    """Protection of the reach graph's counts: the contacts of each institution node (a
    class total of its edges) and of each respondent → institution edge, with each
    institution type's total declared known. Returns the decision and the edge list in the
    order of ``cells``."""
    edges = [(u, v) for u, v, d in G.edges(data=True) if "contacts" in d]
    node_of = {}
    for u, v in edges:
        node_of[(u, v)] = u if G.nodes[u].get("kind") == "institution" else v
    table = pd.DataFrame({"contacts": [float(G.edges[e]["contacts"]) for e in edges]},
                         index=pd.RangeIndex(len(edges)))
    groups: dict[str, list[tuple[object, object]]] = {}
    types: dict[str, list[tuple[object, object]]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(f"node: {node_of[e]}", []).append((i, "contacts"))
        kind = G.nodes[node_of[e]]["primary_institution"]
        types.setdefault(f"type: {kind}", []).append((i, "contacts"))
    # per institution type, the contacts who are not respondents follow from the mixing
    # matrix's column totals and the ties among respondents drawn in figure 9: known
    return protect(table, threshold, groups={**groups, **types}, known=tuple(types)), edges


def _apply_reach_suppression(G: nx.Graph, threshold: int = SMALL_CELL) -> int:
    """Replace withheld counts in ``G`` (in place): attribute removed, ``suppressed`` lists
    the attributes withheld. Returns the number of elements touched."""
    d, edges = reach_disclosure(G, threshold)
    touched = 0
    for v, data in G.nodes(data=True):
        data.setdefault("suppressed", "")
        if data.get("kind") == "institution" and d.totals.get(f"node: {v}", False):
            del data["contacts"]
            data["suppressed"] = "contacts"
            touched += 1
    for _, _, data in G.edges(data=True):
        data.setdefault("suppressed", "")
    for i, e in enumerate(edges):
        if d.cells.iloc[i, 0]:
            data = G.edges[e]
            del data["contacts"], data["frequency_score"]  # the score bounds the count
            data["suppressed"] = "contacts frequency_score"
            touched += 1
    return touched


# Above this many respondents, Figure 9 and the export show the aggregated reach graph
# (respondents grouped by state x primary institution): one marker per respondent stops
# being readable long before, and a node-link figure of 100 000 respondents and a million
# ties is a plotly document of ~190 MB whose static export does not finish.
FIGURE9_FULL_LIMIT = 2000
VIEWS = ("auto", "full", "aggregate")
AGGREGATE_MAX_SIZE = 400  # size value of the largest node (marker 6 + 2.5 * sqrt: 56 px)


def figure9_view(survey: Survey, view: str = "auto") -> str:
    """``"full"`` or ``"aggregate"``: ``view`` itself, or for ``"auto"`` the full picture up
    to :data:`FIGURE9_FULL_LIMIT` respondents and the aggregated one above."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}; got {view!r}")
    if view == "auto":
        return "full" if len(survey.respondents) <= FIGURE9_FULL_LIMIT else "aggregate"
    return view


def aggregate_note(survey: Survey) -> str:
    """What the aggregated view is, for captions and export descriptions."""
    return (f"aggregated: respondents grouped by state × primary institution; one node "
            f"per respondent is drawn up to {FIGURE9_FULL_LIMIT} respondents")


def figure9_caption(survey: Survey, view: str = "auto") -> str:
    """The caption of :func:`figure9`: source, respondents, named contacts, and the view
    when aggregated."""
    text = ("IMST regional networks and their reach into kinds of institutions "
            f"({survey.source}: {len(survey.respondents)} respondents, "
            f"{len(survey.ties)} named contacts)")
    if figure9_view(survey, view) == "aggregate":
        text = text[:-1] + f"; {aggregate_note(survey)})"
    return text


def aggregated_reach_graph(survey: Survey, threshold: int = SMALL_CELL) -> nx.Graph:
    """The reach graph with respondents grouped by (state, primary institution), from the
    tie table directly (no graph of respondents is built).

    Nodes: one per respondent group (``kind="respondents"``, ``respondents`` = how many)
    and one per (state, institution type) of the contacts who are not respondents
    (``kind="institution"``, ``contacts``), as in :func:`reach_graph`. Edges: group →
    institution node with ``contacts`` and summed ``frequency_score`` (suppressed by
    :func:`_apply_reach_suppression` like the full graph's); group ↔ group for the ties
    among respondents, drawn only when at least ``threshold`` ties join the two groups,
    with their mean frequency score (``mean_frequency``) and no count. Group sizes below
    ``threshold`` are withheld with their complements (each state's number of respondents
    is published elsewhere, so declared known).
    """
    r = survey.respondents
    group = r["region"].astype(str) + " · " + r["institutions"].str.split(";").str[0]
    primary = r["institutions"].str.split(";").str[0]
    of = pd.Series(group.to_numpy(), index=r["respondent_id"].to_numpy())
    G = nx.Graph()
    sizes = group.value_counts().sort_index()
    info = pd.DataFrame({"group": group, "region": r["region"].astype(str),
                         "primary": primary}).drop_duplicates("group").set_index("group")
    table = pd.DataFrame({"respondents": sizes.astype(float)})
    by_region = {f"respondents in {reg}": [(g, "respondents") for g in sizes.index
                                           if info.loc[g, "region"] == reg]
                 for reg in sorted(info["region"].unique())}
    d = protect(table, threshold, groups=by_region, known=tuple(by_region))
    for g, n in sizes.items():
        hidden = bool(d.cells.loc[g, "respondents"])
        G.add_node(f"respondents: {g}", kind="respondent", region=info.loc[g, "region"],
                   primary_institution=info.loc[g, "primary"],
                   respondents=None if hidden else int(n),
                   suppressed="respondents" if hidden else "")
    t = survey.ties
    ego = of.reindex(t["respondent_id"].to_numpy()).to_numpy()
    others = ~t["alter_is_respondent"].to_numpy()
    inst = pd.DataFrame({"ego": ego[others], "region": t["alter_region"].to_numpy()[others],
                         "type": t["alter_institution"].to_numpy()[others],
                         "score": t["frequency_score"].to_numpy(dtype=float)[others]})
    agg = inst.groupby(["ego", "region", "type"], observed=True)["score"].agg(
        ["sum", "size"]).reset_index()
    agg["ego"] = "respondents: " + agg["ego"].astype(str)
    _add_institution_reach(G, agg.to_numpy().tolist())
    among = t["alter_is_respondent"].to_numpy()
    pairs = pd.DataFrame({"a": ego[among],
                          "b": of.reindex(t["alter_id"].to_numpy()[among]).to_numpy(),
                          "score": t["frequency_score"].to_numpy(dtype=float)[among]})
    swap = pairs["a"] > pairs["b"]
    pairs.loc[swap, ["a", "b"]] = pairs.loc[swap, ["b", "a"]].to_numpy()
    pairs = pairs[pairs["a"] != pairs["b"]]
    links = pairs.groupby(["a", "b"])["score"].agg(["mean", "size"]).reset_index()
    for rr in links[links["size"] >= threshold].itertuples(index=False):
        G.add_edge(f"respondents: {rr.a}", f"respondents: {rr.b}",
                   mean_frequency=round(float(rr.mean), 2))
    _apply_reach_suppression(G, threshold)
    return G


def figure9(survey: Survey, threshold: int = SMALL_CELL, view: str = "auto") -> object:
    """The Figure-9-like picture of the regional networks and their reach.

    Institution nodes are sized by their number of contacts; a withheld number (below
    ``threshold``, or withheld so that one cannot be worked out) is drawn at the size of
    ``threshold`` and says "suppressed" on hover. ``view`` (:func:`figure9_view`): one node
    per respondent (``"full"``), or respondents grouped by state × primary institution
    (``"aggregate"``, :func:`aggregated_reach_graph`: group nodes sized by their number of
    respondents, ties among groups by their mean frequency); ``"auto"`` chooses by the
    number of respondents (:data:`FIGURE9_FULL_LIMIT`).
    """
    from netlib.viz.drawing import network_figure

    aggregate = figure9_view(survey, view) == "aggregate"
    if aggregate:
        G = aggregated_reach_graph(survey, threshold)
        n = sum(bool(d.get("suppressed")) for _, d in G.nodes(data=True)) + sum(
            bool(d.get("suppressed")) for _, _, d in G.edges(data=True))
    else:
        G = reach_graph(survey)
        n = _apply_reach_suppression(G, threshold)
    G.graph["regions"] = regions_of(survey)  # the layout's clusters (any profile)
    G.graph["institution_types"] = institution_types_of(survey)
    for v, d in G.nodes(data=True):
        if d["kind"] == "institution":
            d["size"] = d.get("contacts", threshold)
            d["label"] = v
            d["contacts"] = d.get("contacts", f"{SUPPRESSED} (<{threshold} or withheld)")
        elif aggregate:
            d["size"] = d["respondents"] if d["respondents"] is not None else threshold
            d["label"] = v
            d["contacts"] = (f"{d['respondents']} respondents" if d["respondents"] is not None
                             else f"respondents: {SUPPRESSED} (<{threshold} or withheld)")
        else:
            d["size"] = 4
            d["label"] = f"respondent ({d['region']})"
            d["contacts"] = "—"
    if aggregate:  # sizes relative to the largest node (hover shows the numbers)
        top = max(float(d["size"]) for _, d in G.nodes(data=True))
        for _, d in G.nodes(data=True):
            d["size"] = AGGREGATE_MAX_SIZE * float(d["size"]) / top
        for _, _, d in G.edges(data=True):
            d.setdefault("frequency_score", d.get("mean_frequency", 1))
    fig = network_figure(
        G, figure9_layout(G), color="primary_institution", size="size",
        width="frequency_score", hover=("label", "primary_institution", "contacts"),
        palette=INSTITUTION_COLOURS,
        title="IMST regional networks and their reach into kinds of institutions"
        + (" (respondents grouped by state × primary institution)" if aggregate else ""),
    )
    fig.update_traces(meta=count_meta([], n, threshold))
    regions = G.graph["regions"]
    for i, r in enumerate(regions):
        a = 2 * np.pi * i / max(len(regions), 1)
        fig.add_annotation(x=15.8 * np.cos(a), y=15.8 * np.sin(a), text=f"<b>{r}</b>",
                           showarrow=False, font=dict(size=12))
    fig.add_annotation(x=0, y=0, text="national /<br>abroad", showarrow=False,
                       font=dict(size=10, color="#555"))
    fig.update_layout(height=720, legend_title_text="institution type")
    return fig


EXPORT_DESCRIPTION = (
    "IMST reach graph (pseudonymised respondents; one node per state x institution type of "
    "the contacts who are not respondents). Small-cell suppression: a number of contacts "
    "below {t} (node 'contacts', edge 'contacts' and the edge's summed 'frequency_score', "
    "which bounds it), or withheld so that such a number cannot be worked out from a "
    "node's total, is not written; the element's 'suppressed' attribute names what was "
    "withheld. Ties among respondents are single ties with their frequency code "
    "(1 yearly ... 5 daily).")


def export_graph(survey: Survey, threshold: int = SMALL_CELL, view: str = "auto") -> nx.Graph:
    """The suppressed graph :func:`export_network` writes: the reach graph (``"full"``) or
    the aggregated one (``"aggregate"``; ``"auto"`` as :func:`figure9_view`), its
    ``description`` graph attribute saying which and what was withheld. Attributes that
    GEXF/GraphML cannot store (None) become empty strings."""
    aggregate = figure9_view(survey, view) == "aggregate"
    if aggregate:
        G = aggregated_reach_graph(survey, threshold)
    else:
        G = reach_graph(survey)
        _apply_reach_suppression(G, threshold)
    for _, d in G.nodes(data=True):
        for k, val in list(d.items()):
            d[k] = val if isinstance(val, int | float | str) else ("" if val is None else str(val))
    description = EXPORT_DESCRIPTION.format(t=threshold)
    if aggregate:
        description += (f" Size note: {aggregate_note(survey)}; a group's number of "
                        f"respondents below {threshold} (or withheld so that one cannot be "
                        "worked out from its state's total) is not written, and groups "
                        f"are joined only where at least {threshold} ties among respondents "
                        "join them, with their mean frequency code and no count.")
    G.graph["description"] = description
    return G


def write_network(G: nx.Graph, directory: object) -> list[object]:
    """Write ``G`` (from :func:`export_graph`) to GEXF and GraphML in ``directory`` with its
    description (GEXF ``<meta><description>``, GraphML graph attribute)."""
    from pathlib import Path
    from xml.etree.ElementTree import SubElement

    from networkx.readwrite.gexf import GEXFWriter

    out = Path(str(directory))
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "imst_network.gexf", out / "imst_network.graphml"]
    description = G.graph["description"]
    H = G.copy()
    H.graph.clear()  # the description goes into each format's own place; no layout lists
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(H)
    SubElement(writer.xml.find("meta"), "description").text = description
    writer.write(paths[0])
    H.graph["description"] = description
    nx.write_graphml(H, paths[1])
    return paths


def export_network(survey: Survey, directory: object, threshold: int = SMALL_CELL,
                   view: str = "auto") -> list[object]:
    """Write the pseudonymised reach graph to GEXF and GraphML (for Gephi) in ``directory``.

    Counts are suppressed as in :func:`figure9` (see :data:`EXPORT_DESCRIPTION`, written
    into both files: GEXF ``<meta><description>``, GraphML graph attribute
    ``description``). Above :data:`FIGURE9_FULL_LIMIT` respondents (``view="auto"``) the
    aggregated graph is written and the description says so (a size note): a million
    ties would make files of hundreds of megabytes that Gephi cannot lay out usefully.
    """
    return write_network(export_graph(survey, threshold, view), directory)
