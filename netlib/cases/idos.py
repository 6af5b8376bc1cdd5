"""The IDoS peers and the LINKS networks side by side: loaders, derived tables, models.

* **Loaders** for the tables of this comparison (success-factor families and coding,
  structure evidence, LINKS governance, the constructed stylised-network specification),
  each validated against its schema; :func:`load_comparison` also checks every cross-table
  reference (a factor of an unknown Tableau 3 row, evidence ids, fact ids).
* **Derived tables** written by ``python -m netlib.tooling.build`` (:func:`processed_tables`): the
  peers × families counts of the coding (two-mode network), each peer's engagement in the
  five network types (Tableau 3 primary type vs Part III "all five to some degree"), and
  the scale facts of every network with their bounds.
* **Models**: :func:`stylised_network` builds the network the paper's words describe
  (constructed, not observed), and :func:`incidence` / :func:`cosine_similarity` /
  :func:`cluster_peers` analyse the two-mode peers × families network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from netlib.cases.facts import fact_bounds
from netlib.cases.loaders import load_facts, load_idos_peer_networks
from netlib.cases.tables import (
    FAMILIES,
    IDOS_STRUCTURE_EVIDENCE,
    IDOS_STYLISED_NETWORKS,
    IDOS_SUCCESS_FACTORS,
    IDOS_SUCCESS_FAMILIES,
    LINKS_GOVERNANCE,
    NETWORK_TYPES,
    PEER_IDS,
)
from netlib.data.errors import DataError
from netlib.data.tables import load_table
from netlib.sna.two_mode import cosine_similarity

FAMILY_LABELS = {
    "strategy_management": "strategy & management",
    "resources_funding": "resources & funding",
    "motivation_engagement": "motivation & engagement",
    "meal": "MEAL",
    "context_complexity": "context & complexity",
}
EXAMPLE_LABELS = {
    "kinder_forschen_netzwerk": "Kinder forschen",
    "siemens_stemplus": "Siemens Stiftung",
    "smithsonian_laser": "Smithsonian SSEC",
    "luma_network": "LUMA",
    "lamap_mpls": "La main à la pâte",
    "oce_alec": "OCE",
    "idos_peer_network": "IDoS peer network",
}


# --------------------------------------------------------------------------- loaders
def load_success_families(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Figure 2 / Part II: the five success-factor families (seed 000)."""
    return load_table(IDOS_SUCCESS_FAMILIES, path, **kw)


def load_success_factors(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Tableau 3 success factors, one bullet a row, coded into a family (seed 000)."""
    return load_table(IDOS_SUCCESS_FACTORS, path, **kw)


def load_structure_evidence(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """Sentences of seed 000 describing each network's structure."""
    return load_table(IDOS_STRUCTURE_EVIDENCE, path, **kw)


def load_links_governance(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """LINKS brochure: coordination, governance, ministry and university links (seed 001)."""
    return load_table(LINKS_GOVERNANCE, path, **kw)


def load_stylised_networks(path: str | Path | None = None, **kw: bool) -> pd.DataFrame:
    """CONSTRUCTED specification of the stylised network of each Tableau 3 example."""
    return load_table(IDOS_STYLISED_NETWORKS, path, **kw)


def _refs(df: pd.DataFrame, col: str, known: set[str], what: str, *, listed: bool = False
          ) -> None:
    for line, value in zip(df.attrs["lines"], df[col], strict=True):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            continue
        items = str(value).split(";") if listed else [str(value)]
        bad = [v for v in items if v not in known]
        if bad:
            raise DataError(f"refers to an unknown {what}", file=df.attrs.get("source_file"),
                            line=line, column=col, value=";".join(bad),
                            expected=f"one of {sorted(known)}")


def load_comparison() -> dict[str, pd.DataFrame]:
    """Every table of the comparison, validated, with cross-table references checked."""
    t = {
        "idos_peer_networks": load_idos_peer_networks(),
        "facts": load_facts(),
        "idos_success_families": load_success_families(),
        "idos_success_factors": load_success_factors(),
        "idos_structure_evidence": load_structure_evidence(),
        "links_governance": load_links_governance(),
        "idos_stylised_networks": load_stylised_networks(),
    }
    check_references(t)
    return t


def check_references(t: dict[str, pd.DataFrame]) -> None:
    """Raise :class:`DataError` (file, line, column, value, expected) on the first broken
    reference between the tables of :func:`load_comparison`."""
    nets = t["idos_peer_networks"]
    examples = set(nets["example_id"])
    sf = t["idos_success_factors"]
    _refs(sf, "example_id", examples, "Tableau 3 example (idos_peer_networks.example_id)")
    pairs = dict(zip(nets["example_id"], nets["peer_id"], strict=True))
    for line, ex, peer in zip(sf.attrs["lines"], sf["example_id"], sf["peer_id"], strict=True):
        if pairs[ex] != peer:
            raise DataError("peer_id does not match the Tableau 3 row", file=sf.attrs.get(
                "source_file"), line=line, column="peer_id", value=peer, expected=pairs[ex])
    _refs(t["idos_structure_evidence"], "example_id", examples | {"all"},
          "Tableau 3 example or 'all'")
    spec = t["idos_stylised_networks"]
    _refs(spec, "example_id", examples, "Tableau 3 example")
    ev = set(t["idos_structure_evidence"]["evidence_id"])
    for col in ("centre_evidence", "unit_ties_evidence", "local_evidence"):
        _refs(spec, col, ev, "evidence_id (idos_structure_evidence.csv)", listed=True)
    _refs(spec, "units_basis", set(t["facts"]["fact_id"]) | {"illustrative"},
          "fact_id (facts.csv) or 'illustrative'", listed=True)


# --------------------------------------------------------------------------- scale facts
# facts.csv rows that state the size or growth of a network, and the network they are
# about: fact_id -> (collection, network_id, headline?). `headline` marks the one number
# used as the network's size in the network-of-networks figure (the count of its units).
SCALE_FACTS: dict[str, tuple[str, str, bool]] = {
    "f000-001": ("idos", "idos_peer_network", True),
    "f000-009": ("idos", "kinder_forschen_netzwerk", True),
    "f000-010": ("idos", "kinder_forschen_netzwerk", False),
    "f000-028": ("idos", "kinder_forschen_netzwerk", False),
    "f000-007": ("idos", "siemens_stemplus", False),
    "f000-021": ("idos", "siemens_stemplus", False),
    "f000-022": ("idos", "siemens_stemplus", True),
    "f000-023": ("idos", "siemens_stemplus", False),
    "f000-011": ("idos", "luma_network", False),
    "f000-012": ("idos", "luma_network", True),
    "f000-013": ("idos", "lamap_mpls", False),
    "f000-025": ("idos", "lamap_mpls", False),
    "f000-026": ("idos", "lamap_mpls", False),
    "f000-027": ("idos", "lamap_mpls", False),
    "f000-015": ("idos", "oce_alec", False),
    "f000-016": ("idos", "oce_alec", True),
    "f001-013": ("links", "maisons_pour_la_science", False),
    "f001-014": ("links", "maisons_pour_la_science", True),
    "f001-008": ("links", "anisn", False),
    "f001-009": ("links", "anisn", True),
    "f001-011": ("links", "anisn", False),
    "f001-019": ("links", "luma", True),
    "f001-025": ("links", "luma", False),
    "f001-005": ("links", "imst", True),
    "f001-006": ("links", "imst", False),
    "f001-033": ("links", "imst", False),
    "f001-015": ("links", "stem_learning", True),
    "f001-016": ("links", "stem_learning", False),
    "f001-017": ("links", "stem_learning", False),
    "f001-018": ("links", "stem_learning", False),
}


def scale_table(facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scale facts of every IDoS example and LINKS network, with bounds and sources.

    One row per fact of :data:`SCALE_FACTS`; ``lower``/``upper`` follow the qualifier as in
    the processed ``facts.csv`` ("plus de 40" → lower 40, exclusive; no upper bound).
    Networks with no stated size (the Smithsonian's LASER network, NEP) have no row.
    """
    facts = fact_bounds(load_facts() if facts is None else facts).set_index("fact_id")
    missing = sorted(set(SCALE_FACTS) - set(facts.index))
    if missing:
        raise DataError("scale facts missing from facts.csv", value=";".join(missing),
                        expected="fact_ids listed in netlib.cases.idos.SCALE_FACTS")
    rows = []
    for fid, (collection, network_id, headline) in SCALE_FACTS.items():
        f = facts.loc[fid]
        rows.append({
            "collection": collection, "network_id": network_id, "fact_id": fid,
            "quantity": f["quantity"], "value": f["value"], "value_high": f["value_high"],
            "qualifier": f["qualifier"], "lower": f["lower"],
            "lower_inclusive": f["lower_inclusive"], "upper": f["upper"], "unit": f["unit"],
            "year": f["year"], "headline": headline, "text_en": f["text_en"],
            "source": f["source"], "lines": f["lines"],
        })
    df = pd.DataFrame(rows).astype({
        "value": "Float64", "value_high": "Float64", "lower": "Float64", "upper": "Float64",
        "year": "Int64", "lower_inclusive": "boolean",
    })
    return df.sort_values(["collection", "network_id", "fact_id"]).reset_index(drop=True)


# --------------------------------------------------------------------------- network types
def network_type_engagement(nets: pd.DataFrame | None = None,
                            evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each peer × each of the five network types: ``primary`` (Tableau 3) or
    ``some_degree`` (Part III: every peer engages in all five types), with the source.

    The Part III sentence (evidence row of aspect ``all_types``) is about the six peers;
    the IDoS peer network itself is not a peer and is not expanded.
    """
    nets = load_idos_peer_networks() if nets is None else nets
    evidence = load_structure_evidence() if evidence is None else evidence
    part3 = evidence[evidence["aspect"] == "all_types"]
    if len(part3) != 1:
        raise DataError("expected exactly one 'all_types' evidence row",
                        file="data/raw/idos_structure_evidence.csv", column="aspect",
                        value=str(len(part3)), expected="1")
    p3 = part3.iloc[0]
    rows = []
    for _, r in nets[nets["peer_id"].isin(PEER_IDS)].iterrows():
        primary = set(r["network_types"].split(";"))
        for t in NETWORK_TYPES:
            is_primary = t in primary
            rows.append({
                "peer_id": r["peer_id"], "example_id": r["example_id"], "network_type": t,
                "level": "primary" if is_primary else "some_degree",
                "source": r["source"] if is_primary else p3["source"],
                "lines": r["lines"] if is_primary else p3["lines"],
                "evidence_id": "" if is_primary else p3["evidence_id"],
            })
    return pd.DataFrame(rows).sort_values(["peer_id", "network_type"]).reset_index(drop=True)


# --------------------------------------------------------------------------- two-mode network
def factor_family_counts(factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table: example × family × coding → number of success factors.

    ``coding = "primary"`` counts ``family``; ``"alternative"`` counts ``family_alt`` where
    the coding file gives one and ``family`` otherwise (every factor moved to its second
    family at once: the largest change a reviewer's disagreement could make).
    """
    factors = load_success_factors() if factors is None else factors
    alt = factors["family_alt"].where(factors["family_alt"].notna(), factors["family"])
    out = []
    for coding, fam in (("primary", factors["family"]), ("alternative", alt)):
        counts = (pd.DataFrame({"example_id": factors["example_id"],
                                "peer_id": factors["peer_id"], "family": fam})
                  .value_counts().rename("factors").reset_index())
        grid = pd.MultiIndex.from_product(
            [sorted(factors["example_id"].unique()), FAMILIES], names=["example_id", "family"])
        counts = (counts.set_index(["example_id", "family"])["factors"].reindex(grid,
                  fill_value=0).reset_index())
        counts["peer_id"] = counts["example_id"].map(
            dict(zip(factors["example_id"], factors["peer_id"], strict=False)))
        counts["coding"] = coding
        out.append(counts)
    df = pd.concat(out, ignore_index=True)
    totals = df.groupby(["coding", "example_id"])["factors"].transform("sum")
    df["share"] = df["factors"] / totals
    return (df[["coding", "example_id", "peer_id", "family", "factors", "share"]]
            .sort_values(["coding", "example_id", "family"]).reset_index(drop=True))


def incidence(counts: pd.DataFrame, coding: str = "primary") -> pd.DataFrame:
    """Peers × families matrix (rows: Tableau 3 examples, columns: FAMILIES) of counts."""
    c = counts[counts["coding"] == coding]
    return (c.pivot(index="example_id", columns="family", values="factors")
            .reindex(columns=list(FAMILIES)).astype(int))


@dataclass(frozen=True)
class Clustering:
    """Result of :func:`cluster_peers`."""

    linkage: np.ndarray
    labels: list[str]
    order: list[str]
    clusters: dict[str, int]
    cophenetic: float


def cluster_peers(B: pd.DataFrame, k: int = 2) -> Clustering:
    r"""Average-linkage (UPGMA) hierarchical clustering of the rows of ``B`` on cosine
    distance :math:`1 - s_{ij}`, cut into ``k`` clusters; ``cophenetic`` is the correlation
    between the tree's and the original distances (how faithfully the tree summarises
    them). Deterministic (no random start)."""
    from scipy.cluster.hierarchy import cophenet, fcluster, leaves_list, linkage
    from scipy.spatial.distance import squareform

    S = cosine_similarity(B).to_numpy()
    D = np.clip(1 - S, 0, None)
    np.fill_diagonal(D, 0)
    d = squareform(D, checks=False)
    Z = linkage(d, method="average")
    labels = list(B.index)
    order = [labels[i] for i in leaves_list(Z)]
    cl = fcluster(Z, t=k, criterion="maxclust")
    coph = float(cophenet(Z, d)[0])
    return Clustering(Z, labels, order, dict(zip(labels, map(int, cl), strict=True)), coph)


def jackknife_partitions(factors: pd.DataFrame, k: int = 2, coding: str = "primary"
                         ) -> pd.DataFrame:
    """Leave one success factor out at a time and re-cluster: how stable is the split?

    For each factor, drop it, rebuild the incidence matrix and cut the average-linkage tree
    into ``k`` clusters. Returns one row per dropped factor with the partition (as a
    canonical string: groups sorted, members sorted) and whether it equals the partition
    from all factors. A split that a single factor can change is not a finding.
    """
    def canon(clusters: dict[str, int]) -> str:
        groups: dict[int, list[str]] = {}
        for ex, c in clusters.items():
            groups.setdefault(c, []).append(ex)
        return " | ".join(sorted(", ".join(sorted(g)) for g in groups.values()))

    full = canon(cluster_peers(incidence(factor_family_counts(factors), coding), k).clusters)
    rows = []
    for fid in factors["factor_id"]:
        B = incidence(factor_family_counts(factors[factors["factor_id"] != fid]), coding)
        part = canon(cluster_peers(B, k).clusters)
        rows.append({"dropped": fid, "partition": part, "same_as_full": part == full})
    out = pd.DataFrame(rows)
    out.attrs["full"] = full
    return out


# --------------------------------------------------------------------------- stylised networks
def stylised_network(units: int, *, centre: bool, unit_ties: str, members_per_unit: int = 0
                     ) -> nx.Graph:
    """A network built from words, not observed ties (CONSTRUCTED).

    ``units`` unit nodes (partners, territories, centres, hubs, peers); with ``centre``, a
    coordinating node tied to every unit; ``unit_ties``: ``"none"``, ``"ring"`` (each unit
    to the next) or ``"all"`` (every pair of units); each unit tied to
    ``members_per_unit`` local members of its own (members are not tied to each other).
    Node attribute ``role``: ``centre`` / ``unit`` / ``member``. Deterministic.
    """
    if units < 1:
        raise ValueError("need at least one unit")
    if unit_ties not in ("none", "ring", "all"):
        raise ValueError(f"unit_ties must be none, ring or all, got {unit_ties!r}")
    G = nx.Graph()
    U = [f"u{i}" for i in range(units)]
    G.add_nodes_from(U, role="unit")
    if centre:
        G.add_node("centre", role="centre")
        G.add_edges_from(("centre", u) for u in U)
    if unit_ties == "all":
        G.add_edges_from((a, b) for i, a in enumerate(U) for b in U[i + 1:])
    elif unit_ties == "ring" and units > 2:
        G.add_edges_from(zip(U, U[1:] + U[:1], strict=True))
    elif unit_ties == "ring" and units == 2:
        G.add_edge(U[0], U[1])
    for u in U:
        for j in range(members_per_unit):
            G.add_node(f"{u}m{j}", role="member")
            G.add_edge(u, f"{u}m{j}")
    return G


def stylised_from_spec(row: pd.Series, **override: object) -> nx.Graph:
    """:func:`stylised_network` for one row of ``idos_stylised_networks.csv``.

    ``override`` replaces any of ``units``, ``centre`` (bool), ``unit_ties``,
    ``local_networks`` (bool) or ``members_per_unit`` — for sensitivity analyses.
    """
    p = {
        "units": int(row["units"]),
        "centre": row["centre"] == "yes",
        "unit_ties": row["unit_ties"],
        "local_networks": row["local_networks"] == "yes",
        "members_per_unit": int(row["members_per_unit"]),
    }
    unknown = set(override) - set(p)
    if unknown:
        raise TypeError(f"unknown parameter(s) {sorted(unknown)}")
    p.update(override)
    G = stylised_network(int(p["units"]), centre=bool(p["centre"]), unit_ties=str(p["unit_ties"]),
                         members_per_unit=int(p["members_per_unit"]) if p["local_networks"]
                         else 0)
    G.graph.update({"example_id": row["example_id"], **p})
    return G


# --------------------------------------------------------------------------- network of networks
# Organisations that appear in both collections (seed 001 lines 141-145 name "Les Maisons
# pour la science La main à la pâte (France)" and "LUMA (Finlande)" among the LINKS five).
SAME_ORGANISATION = {"lamap_mpls": "maisons_pour_la_science", "luma_network": "luma"}


# --------------------------------------------------------------------------- build step
def processed_tables() -> dict[str, pd.DataFrame]:
    """Derived tables of the comparison for ``data/processed`` (a :data:`netlib.tooling.build.STEPS`
    step): two-mode counts, network-type engagement, scale facts."""
    t = load_comparison()
    return {
        "idos_factor_families.csv": factor_family_counts(t["idos_success_factors"]),
        "idos_network_type_engagement.csv": network_type_engagement(
            t["idos_peer_networks"], t["idos_structure_evidence"]),
        "network_scale.csv": scale_table(t["facts"]),
    }
