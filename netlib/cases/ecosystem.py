"""The STEM-education ecosystem across the sources: organisations x initiatives.

Input is the four tables of :func:`netlib.load.load_ecosystem` — ``organisations`` (with a
triple-helix strand each), ``initiatives``, ``memberships`` (organisation x initiative x
role, each with its sentence) and ``aliases``. Everything here is deterministic except the
permutation test of :func:`ei_by_helix`, which is seeded.

**Disclosure control.** The units here are organisations named in public documents, not
persons, so the counts are published as they are: the small-cell suppression of
:mod:`netlib.privacy` (used for the IMST survey, notebook 02) does not apply, and
``tests/test_disclosure.py`` runs only its marked-output checks on notebook 06.

**Two-mode network.** Organisations and initiatives are the two modes; an edge joins an
organisation to an initiative it takes part in, whatever the role (several roles count once).
With the binary incidence matrix :math:`B` (organisations x initiatives), the projections are

.. math:: P_{\\text{org}} = B B^{\\top}, \\qquad P_{\\text{ini}} = B^{\\top} B,

whose off-diagonal cells count shared initiatives (shared organisations) and whose diagonals
are the two-mode degrees. Two-mode degree is normalised by the size of the other mode and
two-mode betweenness by the bipartite maxima, as Borgatti & Everett (1997) recommend, because
the one-mode normalisations assume ties that a two-mode graph cannot have.

Reference: Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data.
*Social Networks* 19(3), 243–269.

**Cross-sector mixing.** Each organisation carries a strand of the triple helix —
government, education and research, industry (Etzkowitz, H. & Leydesdorff, L. (2000). The
dynamics of innovation: from National Systems and "Mode 2" to a Triple Helix of
university–industry–government relations. *Research Policy* 29(2), 109–123) — plus civil
society and foundations as a fourth strand. Mixing is measured on the organisation projection
with the Krackhardt–Stern E-I index (:func:`netlib.sna.ei.ei_index`, reused) and, inside each
initiative, with Blau's heterogeneity (:func:`netlib.sna.ego.blau`, reused).

**Brokerage.** Gould & Fernandez (1989) roles are counted with
:func:`netlib.sna.ego.brokerage_undirected` on the organisation projection. The projection is
undirected, so the four undirected roles are reported — coordinator, consultant,
representative/gatekeeper (one role: without a direction of flow the two coincide) and
liaison — and each open triad *a–b–c* is counted once for its broker *b*.

**Figures.** :func:`two_mode_layout` places initiatives by Kamada–Kawai on their
projection and organisations around or between them; :func:`two_mode_figure` and
:func:`pilot_figure` draw with :func:`netlib.viz.drawing.network_figure`.

**Jet-Net & TechNet.** :func:`school_company_network` builds a *constructed* school–company
bipartite network of a given size in which every school has one individual company partner,
as the source describes ("Chaque établissement ... forme avec une entreprise un partenariat
individuel", seed 004 line 320).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from netlib.cases.tables import HELIX
from netlib.sna.ego import UNDIRECTED_BROKERAGE_ROLES, blau, brokerage_undirected, iqv
from netlib.sna.ei import EIResult, ei_index
from netlib.sna.two_mode import incidence_matrix, projection_graph, projections

HELIX_LABELS = {
    "government": "government / public authority",
    "education_research": "education and research",
    "industry": "industry and business",
    "civil_society": "civil society / foundations",
}
ORG = "org:"
INI = "ini:"


def org_node(org_id: str) -> str:
    """Node name of an organisation in the two-mode graph (ids of the two modes may clash)."""
    return ORG + org_id


def ini_node(initiative_id: str) -> str:
    """Node name of an initiative in the two-mode graph."""
    return INI + initiative_id


# --------------------------------------------------------------------------- incidence
def incidence(
    memberships: pd.DataFrame, organisations: pd.DataFrame, initiatives: pd.DataFrame
) -> pd.DataFrame:
    """Binary incidence matrix :math:`B`: one row per organisation, one column per initiative.

    Rows and columns follow the order of ``organisations`` and ``initiatives``; a cell is 1
    when the organisation has at least one membership (any role) in the initiative.
    """
    rows = pd.Index(organisations["org_id"], name="org_id")
    cols = pd.Index(initiatives["initiative_id"], name="initiative_id")
    return incidence_matrix(memberships, rows, cols)


# --------------------------------------------------------------------------- graphs
def two_mode_graph(
    organisations: pd.DataFrame, initiatives: pd.DataFrame, memberships: pd.DataFrame
) -> nx.Graph:
    """Bipartite graph: ``org:<id>`` and ``ini:<id>`` nodes, one edge per organisation x
    initiative pair (edge attribute ``roles``: the ``;``-joined roles). Node attributes:
    ``mode`` (``organisation``/``initiative``, also ``bipartite`` 0/1), ``label``, and for
    organisations ``helix`` and ``kind``."""
    G = nx.Graph()
    for r in organisations.itertuples(index=False):
        G.add_node(org_node(r.org_id), mode="organisation", bipartite=0, label=r.name_en,
                   helix=r.helix, kind=r.kind, id=r.org_id)
    for r in initiatives.itertuples(index=False):
        G.add_node(ini_node(r.initiative_id), mode="initiative", bipartite=1, label=r.name_en,
                   helix="initiative", kind=r.kind, id=r.initiative_id)
    roles = (memberships.groupby(["org_id", "initiative_id"], sort=True)["role"]
             .agg(lambda s: ";".join(sorted(s))))
    for (o, i), rr in roles.items():
        G.add_edge(org_node(o), ini_node(i), roles=rr)
    return G


@dataclass(frozen=True)
class Ecosystem:
    """The ecosystem tables and the graphs built from them (see :func:`build`)."""

    organisations: pd.DataFrame
    initiatives: pd.DataFrame
    memberships: pd.DataFrame
    B: pd.DataFrame
    two_mode: nx.Graph
    orgs: nx.Graph  # organisation projection
    inis: nx.Graph  # initiative projection


def build(
    organisations: pd.DataFrame, initiatives: pd.DataFrame, memberships: pd.DataFrame
) -> Ecosystem:
    """Incidence matrix, two-mode graph and both projections of the given tables."""
    B = incidence(memberships, organisations, initiatives)
    P_org, P_ini = projections(B)
    o_attrs = organisations.set_index("org_id")[["name_en", "helix", "kind"]]
    i_attrs = initiatives.set_index("initiative_id")[["name_en", "kind"]]
    return Ecosystem(
        organisations=organisations, initiatives=initiatives, memberships=memberships, B=B,
        two_mode=two_mode_graph(organisations, initiatives, memberships),
        orgs=projection_graph(P_org, o_attrs), inis=projection_graph(P_ini, i_attrs),
    )


# --------------------------------------------------------------------------- measures
def two_mode_measures(eco: Ecosystem) -> pd.DataFrame:
    """Per node of the two-mode graph: raw and normalised degree, betweenness, cut point.

    Normalisations (Borgatti & Everett 1997): degree / size of the other mode; betweenness by
    the maximum a node of its mode can reach in a bipartite graph of these mode sizes
    (:func:`networkx.algorithms.bipartite.betweenness_centrality`). ``articulation`` is True
    when removing the node disconnects its component.
    """
    G = eco.two_mode
    orgs = [n for n, d in G.nodes(data=True) if d["mode"] == "organisation"]
    n_org, n_ini = len(orgs), G.number_of_nodes() - len(orgs)
    btw = nx.algorithms.bipartite.betweenness_centrality(G, orgs)
    cut = set(nx.articulation_points(G))
    rows = []
    for v, d in G.nodes(data=True):
        deg = G.degree(v)
        other = n_ini if d["mode"] == "organisation" else n_org
        rows.append({"node": v, "id": d["id"], "mode": d["mode"], "label": d["label"],
                     "helix": d["helix"], "degree": deg, "degree_norm": deg / other,
                     "betweenness_norm": btw[v], "articulation": v in cut})
    return pd.DataFrame(rows)


def org_measures(eco: Ecosystem) -> pd.DataFrame:
    """One row per organisation: initiatives and roles, projection degree and betweenness,
    cut point of the projection, two-mode betweenness and Gould–Fernandez brokerage counts.

    ``betweenness`` is the normalised betweenness of the (unweighted) organisation projection:
    a shared initiative is a tie, however many initiatives are shared.
    """
    G = eco.orgs
    tm = two_mode_measures(eco).query("mode == 'organisation'").set_index("id")
    btw = nx.betweenness_centrality(G, normalized=True)
    cut = set(nx.articulation_points(G))
    roles = eco.memberships.groupby("org_id")["role"].agg(lambda s: ";".join(sorted(set(s))))
    inis = eco.memberships.groupby("org_id")["initiative_id"].agg(
        lambda s: ";".join(sorted(set(s))))
    brk = brokerage_counts(eco)
    out = eco.organisations[["org_id", "name_en", "helix", "kind"]].copy()
    out["initiatives"] = out["org_id"].map(eco.B.sum(axis=1))
    out["initiative_ids"] = out["org_id"].map(inis)
    out["roles"] = out["org_id"].map(roles)
    out["projection_degree"] = out["org_id"].map(dict(G.degree()))
    out["betweenness"] = out["org_id"].map(btw)
    out["articulation"] = out["org_id"].isin(cut)
    out["two_mode_betweenness"] = out["org_id"].map(tm["betweenness_norm"])
    out = out.join(brk.add_prefix("brokerage_"), on="org_id")
    return out.reset_index(drop=True)


def initiative_measures(eco: Ecosystem) -> pd.DataFrame:
    """One row per initiative: members, composition by strand, Blau and IQV, projection
    degree (initiatives sharing an organisation), betweenness, cut point."""
    G = eco.inis
    comp = helix_composition(eco)
    btw = nx.betweenness_centrality(G, normalized=True)
    cut = set(nx.articulation_points(G))
    out = eco.initiatives[["initiative_id", "name_en", "kind", "scope"]].copy()
    out["members"] = out["initiative_id"].map(eco.B.sum(axis=0))
    out = out.join(comp, on="initiative_id")
    out["projection_degree"] = out["initiative_id"].map(dict(G.degree()))
    out["betweenness"] = out["initiative_id"].map(btw)
    out["articulation"] = out["initiative_id"].isin(cut)
    return out.reset_index(drop=True)


def helix_composition(eco: Ecosystem) -> pd.DataFrame:
    """Members of each initiative by strand, with Blau's heterogeneity and IQV (K = 4).

    Blau :math:`= 1 - \\sum_k p_k^2` over the four strands (Blau 1977; reused from
    :mod:`netlib.sna.ego`); IQV divides it by its maximum :math:`1 - 1/4`. An initiative with a
    single named member scores 0. ``comparable`` is False for initiatives with fewer than
    :data:`MIN_MEMBERS_FOR_MIXING` named members: with *n* members Blau cannot exceed
    :math:`1 - 1/n` (0 for one member, 0.5 for two), so their indices measure the size of the
    list, not its mix, and are not comparable with those of larger initiatives.
    """
    helix = eco.organisations.set_index("org_id")["helix"]
    counts = pd.DataFrame(0, index=eco.B.columns, columns=list(HELIX), dtype=np.int64)
    for h in HELIX:
        members = helix.index[helix == h]
        counts[h] = eco.B.loc[members].sum(axis=0)
    shares = counts.to_numpy() / counts.to_numpy().sum(axis=1, keepdims=True)
    out = counts.copy()
    out["blau"] = blau(shares)
    out["iqv"] = iqv(shares, len(HELIX))
    out["strands"] = (counts > 0).sum(axis=1)
    out["comparable"] = counts.sum(axis=1) >= MIN_MEMBERS_FOR_MIXING
    return out


MIN_MEMBERS_FOR_MIXING = 3
"""Named members an initiative needs for its Blau / IQV to be compared (see
:func:`helix_composition`)."""


def multi_initiative(eco: Ecosystem, min_initiatives: int = 2) -> pd.DataFrame:
    """Every membership of the organisations in at least ``min_initiatives`` initiatives,
    with the sentence it rests on (verbatim French and English) and where it is."""
    n = eco.B.sum(axis=1)
    keep = n.index[n >= min_initiatives]
    names = eco.organisations.set_index("org_id")["name_en"]
    m = eco.memberships[eco.memberships["org_id"].isin(keep)].copy()
    m["organisation"] = m["org_id"].map(names)
    m["initiatives"] = m["org_id"].map(n)
    m = m.sort_values(["initiatives", "org_id", "initiative_id", "role"],
                      ascending=[False, True, True, True])
    return m[["organisation", "org_id", "initiatives", "initiative_id", "role",
              "name_as_written_fr", "evidence_fr", "evidence_en", "source", "lines"]
             ].reset_index(drop=True)


def components(eco: Ecosystem) -> pd.DataFrame:
    """Connected components of the two-mode graph, largest first: sizes and initiatives."""
    rows = []
    for comp in nx.connected_components(eco.two_mode):
        inis = sorted(eco.two_mode.nodes[v]["id"] for v in comp if v.startswith(INI))
        orgs = [v for v in comp if v.startswith(ORG)]
        rows.append({"initiatives": len(inis), "organisations": len(orgs),
                     "initiative_ids": ";".join(inis)})
    out = pd.DataFrame(rows).sort_values(["organisations", "initiative_ids"],
                                         ascending=[False, True])
    return out.reset_index(drop=True)


def structural_bridges(eco: Ecosystem) -> pd.DataFrame:
    """Membership edges of the two-mode graph whose removal disconnects the ecosystem,
    leaving out pendant edges (an organisation in one initiative is trivially such an edge)."""
    G = eco.two_mode
    rows = []
    for u, v in nx.bridges(G):
        if G.degree(u) > 1 and G.degree(v) > 1:
            o, i = (u, v) if u.startswith(ORG) else (v, u)
            rows.append({"org_id": G.nodes[o]["id"], "initiative_id": G.nodes[i]["id"],
                         "roles": G.edges[u, v]["roles"]})
    return pd.DataFrame(rows, columns=["org_id", "initiative_id", "roles"]).sort_values(
        ["org_id", "initiative_id"]).reset_index(drop=True)


# --------------------------------------------------------------------------- mixing, brokers
def ei_by_helix(eco: Ecosystem, *, permutations: int = 2000, seed: int = 0) -> EIResult:
    """Krackhardt–Stern E-I index of the organisation projection by helix strand.

    A tie is a shared initiative. :math:`EI = (E - I)/(E + I)`; −1 when organisations only
    share initiatives with their own strand, +1 when only with other strands. The p-value
    permutes the strand labels over the organisations (seeded); ``by_group`` gives each
    strand's own E-I. Reuses :func:`netlib.sna.ei.ei_index` (Krackhardt & Stern 1988).
    """
    return ei_index(eco.orgs, "helix", permutations=permutations, seed=seed)


def ei_by_strand(eco: Ecosystem, *, permutations: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Each strand's own E-I index on the organisation projection, with a permutation test.

    For strand *g*, :math:`E_g` counts ties from members of *g* to other strands and
    :math:`I_g` ties among members of *g*; :math:`EI_g = (E_g - I_g)/(E_g + I_g)`. These are
    the ``by_group`` rows of :func:`netlib.sna.ei.ei_index` (labels permuted over the
    organisations, seeded): ``expected E-I`` is the permutation mean and ``p`` two-sided.
    """
    by = ei_by_helix(eco, permutations=permutations, seed=seed).by_group
    out = by.rename(columns={"group": "strand"}).set_index("strand")
    return out.reindex(list(HELIX))


def brokerage_counts(eco: Ecosystem) -> pd.DataFrame:
    """Gould–Fernandez brokerage counts of every organisation on the organisation projection,
    by helix strand: the four undirected roles, each open triad counted once (see module
    docstring and :func:`netlib.sna.ego.brokerage_undirected`)."""
    edges = pd.DataFrame(list(eco.orgs.edges()), columns=["source", "target"])
    group = eco.organisations.set_index("org_id")["helix"]
    return brokerage_undirected(edges, group)


def brokerage_by_strand(eco: Ecosystem) -> pd.DataFrame:
    """Brokerage counts summed over the brokers of each strand, with the number of brokers."""
    brk = brokerage_counts(eco)
    helix = eco.organisations.set_index("org_id")["helix"]
    brk = brk.join(helix)
    out = brk.groupby("helix")[list(UNDIRECTED_BROKERAGE_ROLES) + ["total"]].sum()
    out.insert(0, "brokers", brk[brk["total"] > 0].groupby("helix").size())
    return out.reindex(list(HELIX)).fillna(0).astype(np.int64)


def summary(eco: Ecosystem, *, permutations: int = 0, seed: int = 0) -> dict[str, object]:
    """Headline numbers of an ecosystem (used for the sensitivity checks of notebook 06)."""
    n = eco.B.sum(axis=1)
    comps = components(eco)
    btw = nx.betweenness_centrality(eco.orgs, normalized=True)
    top = sorted(btw, key=lambda k: (-btw[k], k))[:3]
    out: dict[str, object] = {
        "organisations": len(eco.organisations),
        "initiatives": len(eco.initiatives),
        "memberships (org x initiative pairs)": int(eco.B.to_numpy().sum()),
        "organisations in 2+ initiatives": int((n >= 2).sum()),
        "components": len(comps),
        "largest component (organisations)": int(comps["organisations"].iloc[0]),
        "top betweenness (projection)": ", ".join(top),
    }
    if permutations:
        ei = ei_by_helix(eco, permutations=permutations, seed=seed)
        out["E-I by strand"] = round(ei.ei, 3)
        out["p (permutation)"] = round(ei.p_value, 4)
    return out


def merge_organisations(
    organisations: pd.DataFrame, memberships: pd.DataFrame, keep: str, drop: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables with organisation ``drop`` merged into ``keep`` (for a sensitivity check of a
    candidate alias the sources do not confirm). Duplicate memberships collapse."""
    orgs = organisations[organisations["org_id"] != drop].reset_index(drop=True)
    m = memberships.copy()
    m["org_id"] = m["org_id"].replace({drop: keep})
    m = m.drop_duplicates(["org_id", "initiative_id", "role"]).reset_index(drop=True)
    return orgs, m


# --------------------------------------------------------------------------- Jet-Net & TechNet
def jntn_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """The Jet-Net & TechNet numbers of ``facts.csv`` (seed 004), qualifiers kept."""
    f = facts[facts["subject"] == "Jet-Net & TechNet"]
    return f[["fact_id", "quantity", "value", "qualifier", "unit", "year", "text_fr",
              "text_en", "lines"]].sort_values("fact_id").reset_index(drop=True)


def school_company_network(
    n_companies: int, n_schools: int, *, allocation: str = "balanced", seed: int = 0
) -> pd.DataFrame:
    """A *constructed* school–company partnership network: one row per partnership.

    Every school has exactly one company partner (an individual partnership, seed 004 line
    320) and every company at least one school (``n_schools >= n_companies``).
    ``allocation="balanced"`` deals schools to companies in turn (sizes differ by at most one);
    ``"random"`` gives each company one school and the rest uniformly at random (seeded).
    Ids are ``school_001``… and ``company_01``…
    """
    if n_companies < 1 or n_schools < n_companies:
        raise ValueError("need n_companies >= 1 and n_schools >= n_companies")
    schools = [f"school_{k + 1:03d}" for k in range(n_schools)]
    companies = [f"company_{k + 1:02d}" for k in range(n_companies)]
    if allocation == "balanced":
        idx = np.arange(n_schools) % n_companies
    elif allocation == "random":
        rng = np.random.default_rng(seed)
        idx = np.concatenate([np.arange(n_companies),
                              rng.integers(0, n_companies, n_schools - n_companies)])
        idx = idx[rng.permutation(n_schools)]
    else:
        raise ValueError("allocation must be 'balanced' or 'random'")
    return pd.DataFrame({"school": schools, "company": [companies[i] for i in idx]})


def bipartite_summary(
    edges: pd.DataFrame, a: str = "school", b: str = "company", plural: tuple[str, str] = (
        "schools", "companies")
) -> dict[str, object]:
    """Size, density, components and degree range of a bipartite edge list, and the number of
    edges of each projection (schools sharing a company, companies sharing a school)."""
    G = nx.Graph()
    G.add_nodes_from(edges[a].unique(), mode=a)
    G.add_nodes_from(edges[b].unique(), mode=b)
    G.add_edges_from(edges[[a, b]].itertuples(index=False, name=None))
    na, nb = edges[a].nunique(), edges[b].nunique()
    deg_b = edges.groupby(b).size()
    per_b = deg_b.to_numpy()
    return {
        plural[0]: na, plural[1]: nb, "partnerships": len(edges),
        "density": round(len(edges) / (na * nb), 4),
        "components": nx.number_connected_components(G),
        f"{plural[0]} per {b} (min–max)": f"{int(per_b.min())}–{int(per_b.max())}",
        f"{a}–{a} ties (shared {b})": int((per_b * (per_b - 1) // 2).sum()),
        f"{b}–{b} ties (shared {a})": int(_shared(edges, a, b)),
    }


def _shared(edges: pd.DataFrame, a: str, b: str) -> int:
    per_a = edges.groupby(a)[b].nunique().to_numpy()
    return int((per_a * (per_a - 1) // 2).sum())


def scale_scenario(
    n_schools_region: Iterable[int], *, share: float, schools_per_company: float
) -> pd.DataFrame:
    """Schools reached and companies needed for each assumed number of schools in a region.

    ``share`` of the region's schools take part; each company partners with
    ``schools_per_company`` schools on average. Both are parameters, not facts about Brittany.
    """
    n = np.asarray(list(n_schools_region), dtype=float)
    schools = np.round(n * share).astype(int)
    return pd.DataFrame({"assumed schools in region": n.astype(int),
                         "schools taking part": schools,
                         "companies needed": np.ceil(schools / schools_per_company).astype(int)})


# --------------------------------------------------------------------------- figures
STRAND_COLOURS = {  # Okabe–Ito (netlib.viz.plot.OKABE_ITO)
    HELIX_LABELS["government"]: "#0072B2",
    HELIX_LABELS["education_research"]: "#009E73",
    HELIX_LABELS["industry"]: "#D55E00",
    HELIX_LABELS["civil_society"]: "#E69F00",
    "initiative": "#444444",
}


def two_mode_layout(eco: Ecosystem, ring: float = 0.045) -> dict[str, tuple[float, float]]:
    """Deterministic positions for the two-mode picture: initiatives laid out by Kamada–Kawai
    on the initiative projection (components side by side), the organisations of a single
    initiative on a ring around it, and organisations of several initiatives at the centroid
    of their initiatives (nudged apart when several share a centroid)."""
    pos: dict[str, tuple[float, float]] = {}
    comps = sorted(nx.connected_components(eco.inis), key=lambda c: (-len(c), sorted(c)))
    x0 = 0.0
    for comp in comps:
        H = eco.inis.subgraph(comp)
        if len(comp) > 2:
            p = nx.kamada_kawai_layout(H, weight=None, scale=1.0)
        else:
            p = {v: np.array([0.0, 0.0]) for v in comp}
        for v, xy in p.items():
            pos[ini_node(v)] = (float(xy[0]) + x0, float(xy[1]))
        x0 += 1.35
    B = eco.B
    n = B.sum(axis=1)
    seen: dict[tuple[float, float], int] = {}
    for o in B.index[n >= 2]:
        pts = np.array([pos[ini_node(i)] for i in B.columns[B.loc[o] == 1]])
        c = tuple(np.round(pts.mean(axis=0), 6))
        k = seen.get(c, 0)
        seen[c] = k + 1
        pos[org_node(o)] = (c[0] + 0.035 * k, c[1] - 0.035 * k)
    for i in B.columns:
        single = [o for o in B.index[B[i] == 1] if n[o] == 1]
        r = ring * (1 + np.sqrt(len(single)) / 2)
        cx, cy = pos[ini_node(i)]
        for j, o in enumerate(single):
            a = 2 * np.pi * j / max(len(single), 1) + np.pi / 2
            pos[org_node(o)] = (cx + r * np.cos(a), cy + r * np.sin(a))
    # let the organisations of several initiatives move off crowded spots (others stay put)
    free = [org_node(o) for o in B.index[n >= 2]]
    fixed = [v for v in pos if v not in free]
    moved = nx.spring_layout(eco.two_mode, pos={v: np.array(xy) for v, xy in pos.items()},
                             fixed=fixed, k=0.12, iterations=60, seed=0)
    return {v: (float(xy[0]), float(xy[1])) for v, xy in moved.items()}


def two_mode_figure(
    eco: Ecosystem, labels: dict[str, str], *, title: str = ""
) -> go.Figure:
    """The organisations x initiatives network: organisations as dots coloured by strand and
    sized by two-mode degree, initiatives as dark squares. ``labels`` maps node names to the
    labels shown (initiatives above their square, organisations below their dot); positions
    come from :func:`two_mode_layout`."""
    from netlib.viz import drawing

    G = eco.two_mode.copy()
    for v, d in G.nodes(data=True):
        d["group"] = HELIX_LABELS.get(d["helix"], "initiative")
        d["size"] = G.degree(v) ** 2
        d["name"] = d["label"]
    nx.set_edge_attributes(G, 1, "w")
    pos = two_mode_layout(eco)
    fig = drawing.network_figure(G, pos, color="group", size="size", width="w",
                              hover=("name", "group"), palette=STRAND_COLOURS, title=title)
    for tr in fig.data:
        if tr.name == "initiative":
            tr.marker.symbol = "square"
            tr.marker.size = 13
    for prefix, where in ((INI, "top center"), (ORG, "bottom center")):
        shown = [v for v in labels if v in pos and v.startswith(prefix)]
        fig.add_trace(go.Scatter(
            x=[pos[v][0] for v in shown], y=[pos[v][1] for v in shown],
            text=[labels[v] for v in shown], mode="text", textposition=where,
            textfont=dict(size=10, color="#222222"), hoverinfo="skip", showlegend=False))
    fig.update_layout(width=1000, height=780, legend=dict(title="", orientation="h", y=-0.02))
    return fig


def pilot_figure(edges: pd.DataFrame, title: str = "") -> go.Figure:
    """A school–company partnership network drawn as stars: each company in the middle of the
    schools it partners with."""
    from netlib.viz import drawing

    G = nx.Graph()
    companies = sorted(edges["company"].unique())
    pos: dict[str, tuple[float, float]] = {}
    for k, c in enumerate(companies):
        cx = 3.0 * k
        G.add_node(c, group="company", size=4)
        pos[c] = (cx, 0.0)
        schools = sorted(edges.loc[edges["company"] == c, "school"])
        for j, s in enumerate(schools):
            a = 2 * np.pi * j / len(schools) + np.pi / 2
            G.add_node(s, group="school", size=1)
            G.add_edge(c, s, w=1)
            pos[s] = (cx + np.cos(a), np.sin(a))
    for v, d in G.nodes(data=True):
        d["name"] = v
    fig = drawing.network_figure(G, pos, color="group", size="size", width="w", hover=("name",),
                              palette={"company": "#D55E00", "school": "#009E73"}, title=title)
    fig.update_layout(height=340)
    return fig
