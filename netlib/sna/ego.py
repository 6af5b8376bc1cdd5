"""Ego-network measures from a table of named contacts, vectorised.

Input is a *tie table* (one row per contact an ego names), as returned by
:func:`netlib.cases.imst.survey.load_imst_survey`: ``respondent_id`` (ego), ``alter_id`` (when the
contact is also a respondent), the alter's group (``alter_region``) and category
(``alter_institution``). Everything is computed with integer codes and ``numpy.bincount``
(no per-ego loop), so a million ties take well under a second.

Measures (per ego *i*, over its named contacts):

* **size** — number of contacts named, :math:`n_i`;
* **composition** — share of contacts in each category, :math:`p_{ik} = n_{ik}/n_i`;
* **ego E-I** — :math:`(E_i - I_i)/(E_i + I_i)`, :math:`I_i` contacts in the ego's own group,
  :math:`E_i` in another (Krackhardt & Stern 1988, applied to the ego network as in Perry,
  Pescosolido & Borgatti 2018, *Egocentric Network Analysis*, ch. 5);
* **Blau index** — :math:`B_i = 1 - \\sum_k p_{ik}^2` (Blau 1977), the probability that two
  contacts drawn at random (with replacement) are of different categories;
* **IQV** — :math:`B_i / (1 - 1/K)` (Agresti & Agresti 1978), Blau scaled to [0, 1] by its
  maximum for *K* categories. The choice of *K* matters: here *K* is the number of
  categories in the vocabulary (12 institution types), not the number observed, so that
  IQVs are comparable across egos and surveys;
* **brokerage** — Gould & Fernandez (1989) roles of ego as the middle node *b* of directed
  two-paths :math:`a \\to b \\to c` among respondents with no tie :math:`a \\to c`:
  coordinator (a, b, c in one group), itinerant/consultant (a, c in one group, b outside),
  representative (a, b in one group, c outside), gatekeeper (b, c in one group, a outside),
  liaison (all three in different groups). Gould, R. V. & Fernandez, R. M. (1989).
  Structures of mediation. *Sociological Methodology* 19, 89–126. On an **undirected** graph
  (:func:`brokerage_undirected`) the roles are defined on unordered open triads *a – b – c*
  (no tie *a – c*), each counted once for its broker *b*: representative and gatekeeper
  coincide (which end is the "source" is not defined), so four roles remain — coordinator,
  consultant (the undirected itinerant), representative/gatekeeper and liaison;
* **structural holes**, when the ties among an ego's contacts are given (``alter_ties=``):
  ego density, Burt's effective size, efficiency, constraint and hierarchy, unweighted and
  weighted — formulas, references and the handling of egos with 0 or 1 contacts in
  :mod:`netlib.sna.structural_holes`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netlib.sna.structural_holes import structural_holes

BROKERAGE_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
UNDIRECTED_BROKERAGE_ROLES = ("coordinator", "consultant", "representative_gatekeeper",
                              "liaison")


def blau(p: np.ndarray) -> np.ndarray:
    """Blau's heterogeneity :math:`1 - \\sum_k p_k^2` for each row of shares ``p``."""
    return 1.0 - np.square(p).sum(axis=1)


def iqv(p: np.ndarray, K: int) -> np.ndarray:
    """Index of qualitative variation: Blau / (1 - 1/K) for ``K`` categories."""
    if K < 2:
        raise ValueError("IQV needs K >= 2 categories")
    return blau(p) / (1.0 - 1.0 / K)


def brokerage(
    edges: pd.DataFrame, group: pd.Series, *, source: str = "respondent_id",
    target: str = "alter_id",
) -> pd.DataFrame:
    """Gould–Fernandez brokerage counts per broker (see module docstring).

    ``edges``: directed ties (``source`` names ``target``), both ends respondents.
    ``group``: group of every respondent, indexed by id. Returns one row per node of
    ``group`` with a count for each role and their ``total``.

    Brokerage is counted on the *binary* directed graph, as Gould & Fernandez define it and
    as R's ``sna::brokerage`` computes it on a sociomatrix: a tie listed more than once (the
    same contact named twice) is one arc, so each open two-path a → b → c counts once;
    self-ties are dropped. The role columns are ``sna``'s ``w_I`` (coordinator), ``w_O``
    (itinerant), ``b_IO`` (representative), ``b_OI`` (gatekeeper) and ``b_O`` (liaison).
    """
    nodes = group.index.to_numpy()
    code = {v: i for i, v in enumerate(nodes)}
    gcode, _ = pd.factorize(group.to_numpy())
    e = edges[[source, target]].dropna()
    a = e[source].map(code).to_numpy(dtype=np.int64)
    b = e[target].map(code).to_numpy(dtype=np.int64)
    keep = a != b
    n = len(nodes)
    # the binary directed graph: a tie listed more than once is one arc
    edge_keys = np.unique(a[keep] * n + b[keep])
    a, b = edge_keys // n, edge_keys % n
    # two-paths x -> y -> z: join arcs (x, y) with arcs (y, z) on y
    order = np.argsort(a, kind="stable")
    out_src, out_dst = a[order], b[order]
    starts = np.searchsorted(out_src, np.arange(n))
    ends = np.searchsorted(out_src, np.arange(n), side="right")
    outdeg = ends - starts
    reps = outdeg[b]  # for each arc (x, y): number of arcs leaving y
    x = np.repeat(a, reps)
    y = np.repeat(b, reps)
    first = np.repeat(starts[b], reps)
    within = np.arange(len(x)) - np.repeat(np.cumsum(reps) - reps, reps)
    z = out_dst[first + within]
    ok = (x != z) & ~np.isin(x * n + z, edge_keys)
    x, y, z = x[ok], y[ok], z[ok]
    gx, gy, gz = gcode[x], gcode[y], gcode[z]
    role = np.select(
        [(gx == gy) & (gy == gz), (gx == gz) & (gx != gy), (gx == gy) & (gy != gz),
         (gy == gz) & (gx != gy)],
        [0, 1, 2, 3], 4,
    )
    counts = np.zeros((n, len(BROKERAGE_ROLES)), dtype=np.int64)
    np.add.at(counts, (y, role), 1)
    out = pd.DataFrame(counts, columns=list(BROKERAGE_ROLES), index=pd.Index(nodes))
    out["total"] = counts.sum(1)
    return out


def brokerage_undirected(
    edges: pd.DataFrame, group: pd.Series, *, source: str = "source", target: str = "target",
) -> pd.DataFrame:
    """Gould–Fernandez brokerage on an undirected graph: each open triad counted once.

    ``edges``: undirected ties (either orientation, duplicates and self-ties ignored).
    ``group``: group of every node, indexed by id. For broker *b* and an unordered pair
    {*a*, *c*} of its neighbours with no tie *a – c*: **coordinator** if *a*, *b*, *c* share a
    group; **consultant** if *a* and *c* share one and *b* is outside it; **representative /
    gatekeeper** if *b* shares its group with exactly one of *a*, *c* (on a directed graph the
    two roles are distinguished by the direction of the flow, which an undirected tie does not
    have); **liaison** if all three groups differ. Returns one row per node of ``group``
    (:data:`UNDIRECTED_BROKERAGE_ROLES` and their ``total``; the total is the number of open
    triads centred on the node, :math:`\binom{d_b}{2} - t_b` with :math:`t_b` the ties among
    its neighbours).

    Computed from :func:`brokerage` on the graph with every tie in both directions, where
    each unordered triad appears as *a→b→c* and *c→b→a*: coordinator, itinerant and liaison
    counts are halved and representative + gatekeeper summed and halved (the reverse of a
    representative path is a gatekeeper path). Reference: Gould, R. V. & Fernandez, R. M.
    (1989). Structures of mediation. *Sociological Methodology* 19, 89–126.
    """
    e = edges[[source, target]].dropna()
    both = pd.concat([e, e.rename(columns={source: target, target: source})],
                     ignore_index=True)
    d = brokerage(both, group, source=source, target=target)
    out = pd.DataFrame({
        "coordinator": d["coordinator"] // 2,
        "consultant": d["itinerant"] // 2,
        "representative_gatekeeper": (d["representative"] + d["gatekeeper"]) // 2,
        "liaison": d["liaison"] // 2,
    }, index=d.index)
    out["total"] = out.sum(axis=1)
    return out


def ego_measures(
    ties: pd.DataFrame,
    respondents: pd.DataFrame,
    *,
    group: str = "region",
    alter_group: str = "alter_region",
    category: str = "alter_institution",
    categories: Sequence[str] | None = None,
    alter_ties: pd.DataFrame | None = None,
    alter_key: str = "alter_key",
    weight: str | None = "frequency_score",
    alter_weight: str | None = "weight",
) -> pd.DataFrame:
    """One row per respondent: size, composition, ego E-I, Blau, IQV, brokerage.

    ``group`` is the respondents' column defining "own group" (federal state) and
    ``alter_group`` the matching column of the ties; ``category`` is the alter attribute
    whose composition and diversity are measured over ``categories`` (default: the
    categories present; pass the full vocabulary to fix *K*). Egos who name nobody get
    size 0 and missing shares, E-I, Blau and IQV.

    With ``alter_ties`` (``respondent_id``, ``alter_a``, ``alter_b``: alter keys of the
    respondent's contacts, see :func:`netlib.sna.structural_holes.structural_holes`) the
    columns ``n_alters``, ``n_alter_ties``, ``density``, ``effective_size``, ``efficiency``,
    ``constraint`` and ``hierarchy`` are added, computed over distinct contacts
    (``alter_key``, else ``alter_id``; ``size`` still counts rows), and their
    ``*_weighted`` variants with ego–alter strengths from the ties' ``weight`` column
    and alter–alter strengths from the alter ties' ``alter_weight`` column — each used when
    the column exists, 1 otherwise; no weighted columns when neither exists. Without
    ``alter_ties`` the result is unchanged.
    """
    ids = respondents["respondent_id"].to_numpy()
    code = pd.Index(ids)
    ego = code.get_indexer(ties["respondent_id"])
    if (ego < 0).any():
        raise ValueError("ties name respondents that are not in the respondents table")
    cats = list(categories) if categories is not None else sorted(ties[category].unique())
    K = len(cats)
    cat = pd.Index(cats).get_indexer(ties[category])
    if (cat < 0).any():
        raise ValueError(f"{category} has values outside the given categories")
    n = len(ids)
    size = np.bincount(ego, minlength=n)
    comp = np.bincount(ego * K + cat, minlength=n * K).reshape(n, K)
    ego_grp = respondents[group].to_numpy()[ego]
    internal = (ties[alter_group].to_numpy() == ego_grp)
    n_int = np.bincount(ego, weights=internal, minlength=n)
    n_ext = size - n_int
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = comp / size[:, None]
        ei = (n_ext - n_int) / size
    out = pd.DataFrame({"respondent_id": ids, "size": size, "internal": n_int.astype(int),
                        "external": n_ext.astype(int), "ego_EI": ei})
    out["blau"] = blau(shares)
    out["iqv"] = iqv(shares, K) if K >= 2 else np.nan
    out[[f"share_{c}" for c in cats]] = shares
    among = ties[ties["alter_id"].notna()]
    brk = brokerage(among, respondents.set_index("respondent_id")[group])
    out = out.join(brk.add_prefix("brokerage_"), on="respondent_id")
    if alter_ties is not None:
        holes = structural_holes(
            ties, alter_ties, egos=code, alter_key=alter_key,
            weight=weight if weight is not None and weight in ties else None,
            alter_weight=alter_weight if alter_weight is not None and alter_weight in alter_ties
            else None)
        out = out.join(holes, on="respondent_id")
    return out
