"""Slow, loop-based reference implementations, kept to validate the vectorised ones.

They follow the textbook definitions step by step with networkx and plain Python, share no
code with :mod:`netlib.sna.ego`, and are used by the tests (agreement) and by ``make bench``
(the per-ego networkx loop the vectorised code is timed against). Not for analysis.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd

from netlib.sna import core_periphery as cp
from netlib.sna.ego import BROKERAGE_ROLES
from netlib.trials import designs as ds


def directed_graph(edges: pd.DataFrame, nodes: list[object]) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    G.add_edges_from(zip(edges["respondent_id"], edges["alter_id"], strict=True))
    return G


def brokerage_loop(G: nx.DiGraph, group: pd.Series, brokers: list[object] | None = None
                   ) -> pd.DataFrame:
    """Gould–Fernandez roles by enumerating predecessors × successors of each broker."""
    out = {}
    for b in brokers if brokers is not None else list(G):
        counts = dict.fromkeys(BROKERAGE_ROLES, 0)
        for a, c in itertools.product(G.predecessors(b), G.successors(b)):
            if a == c or G.has_edge(a, c):
                continue
            ga, gb, gc = group[a], group[b], group[c]
            if ga == gb == gc:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif ga == gb:
                role = "representative"
            elif gb == gc:
                role = "gatekeeper"
            else:
                role = "liaison"
            counts[role] += 1
        out[b] = counts
    return pd.DataFrame.from_dict(out, orient="index")


def ego_loop(ties: pd.DataFrame, respondents: pd.DataFrame, categories: list[str],
             egos: list[object] | None = None) -> pd.DataFrame:
    """Size, ego E-I and Blau per ego, one networkx ego graph at a time."""
    region = respondents.set_index("respondent_id")["region"]
    by_ego = dict(tuple(ties.groupby("respondent_id")))
    rows = []
    for ego in egos if egos is not None else list(by_ego):
        grp = by_ego.get(ego)
        if grp is None:
            continue
        G = nx.Graph()
        for k, t in enumerate(grp.itertuples(index=False)):
            G.add_edge(ego, f"alter{k}", region=t.alter_region, inst=t.alter_institution)
        n = G.degree(ego)
        internal = sum(1 for _, _, d in G.edges(ego, data=True) if d["region"] == region[ego])
        shares = [sum(1 for _, _, d in G.edges(ego, data=True) if d["inst"] == c) / n
                  for c in categories]
        rows.append({"respondent_id": ego, "size": n, "ego_EI": (n - 2 * internal) / n,
                     "blau": 1 - sum(s * s for s in shares)})
    return pd.DataFrame(rows).set_index("respondent_id")


# --------------------------------------------------------------------------- allocation
def _pair(c):
    return (float(c), float(c)) if np.isscalar(c) else (float(c[0]), float(c[1]))


def cosa_exhaustive(design: str, *, costs: dict, sizes: dict[str, tuple[int, int]],
               budget: float | None = None, es: float | None = None,
               p_values: tuple[float, ...] = (0.5,), **params: float) -> tuple[float, float]:
    """(MDES, cost) of the best allocation by brute force over every integer combination
    (one :func:`netlib.trials.designs.mdes` call each) — slow; for checking :func:`netlib.trials.allocation.cosa`."""
    s = ds.spec(design)
    best: tuple[float, float] | None = None
    ranges = [range(sizes[k][0], sizes[k][1] + 1) for k in s.sizes]
    for combo in itertools.product(*ranges, p_values):
        *vals, pp = combo
        sz = dict(zip(s.sizes, vals, strict=True))
        c = 0.0
        for i, level in enumerate(s.sizes):
            ct, cc = _pair(costs.get(level, 0.0))
            c += float(np.prod([sz[k] for k in s.sizes[i:]])) * (pp * ct + (1 - pp) * cc)
        if budget is not None and c > budget + 1e-9:
            continue
        try:
            m = ds.mdes(design, p=pp, **sz, **params).mdes
        except ValueError:
            continue
        if es is not None and m > es:
            continue
        key = (m, c) if budget is not None else (c, m)
        if best is None or key < best:
            best = key
    if best is None:
        raise ValueError("nothing feasible")
    return best if budget is not None else (best[1], best[0])


def validate_rows_loop(fname: str, text: str, schema, *, strict: bool = True):
    """The table validator record by record (the implementation :func:`netlib.data.validate.
    validate_text` had before it checked whole columns): the csv module, then
    :meth:`Column.parse` of every cell of every record and a dict of the keys seen."""
    from netlib.data.errors import DataError
    from netlib.data.validate import (
        REJECTED_COLUMNS,
        Validated,
        check_header,
        read_records_exact,
    )

    header, records, header_line = read_records_exact(fname, text)
    check_header(fname, header, schema, header_line)
    pos = {h: i for i, h in enumerate(header)}
    rows, lines, rejected, keys = [], [], [], {}
    for line, fields in records:
        row, problems = {}, []
        for col in schema.columns:
            raw = fields[pos[col.name]] if col.name in pos else ""
            value, problem = col.parse(raw)
            if problem is not None:
                problems.append((col.name, raw, problem))
            row[col.name] = value
        if problems and strict:
            name, raw, problem = problems[0]
            raise DataError(problem, file=fname, line=line, column=name, value=raw,
                            expected=schema.column(name).expected())
        if not problems and schema.key:
            k = tuple(row[c] for c in schema.key)
            if k in keys:
                problem = f"duplicate key (first seen on line {keys[k]})"
                value = ",".join(map(str, k))
                if strict:
                    raise DataError(problem, file=fname, line=line,
                                    column=",".join(schema.key), value=value,
                                    expected="a unique key")
                problems.append((",".join(schema.key), value, problem))
            else:
                keys[k] = line
        if problems:
            rejected.append({"file": fname, "line": line, "column": problems[0][0],
                             "value": problems[0][1],
                             "reason": "; ".join(f"{n}: {p}" for n, _, p in problems)})
            continue
        rows.append(row)
        lines.append(line)
    data = pd.DataFrame(rows, columns=[c.name for c in schema.columns])
    for col in schema.columns:
        data[col.name] = data[col.name].astype(col.pandas_dtype())
    rej = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    return Validated(data=data, rejected=rej, rows_in=len(records), lines=lines)


def survey_tie_checks_loop(rows: list[dict], known: set[str], rejected: set[str]
                           ) -> tuple[list[int], list[tuple[int, str, str]]]:
    """Record-by-record reference of the survey's tie checks
    (``netlib.survey.core._check_ties``), stage by stage as documented there: (1) unknown or
    rejected respondent at either end, self-tie; (2) duplicates among the rows that passed
    (1) — same respondent, contact and relation (contact = alter_key, else alter_id), or an
    identical row for a contact with neither; (3) a contact whose region or institution
    differs from its first row among those that passed (2). ``rows``: dicts with ``line``
    and the contract columns (missing = None), in file order. Returns the kept lines and
    ``(line, column, reason)`` of each rejected row."""
    out: list[tuple[int, str, str]] = []
    cols = ["respondent_id", "alter_id", "alter_region", "alter_institution", "frequency",
            "content", "alter_organisation", "alter_key"]
    stage1 = []
    for r in rows:
        ego, alter = r["respondent_id"], r["alter_id"]
        if ego not in known:
            out.append((r["line"], "respondent_id", "tie from a respondent whose row was "
                        "rejected" if ego in rejected else "tie from an unknown respondent"))
        elif alter is not None and alter not in known:
            out.append((r["line"], "alter_id", "tie to a respondent whose row was rejected"
                        if alter in rejected else "tie to an unknown respondent"))
        elif alter is not None and alter == ego:
            out.append((r["line"], "alter_id", "self-tie"))
        else:
            stage1.append(r)
    stage2 = []
    seen: dict[tuple, int] = {}
    for r in stage1:
        akey = r["alter_key"]
        key = akey if akey is not None else r["alter_id"]
        if key is not None:
            k = ("key" if akey is not None else "id", r["respondent_id"], key, r["content"])
            col = "respondent_id,alter_id" if akey is None else "respondent_id,alter_key"
            why = "duplicate tie (first on line {})"
        else:
            k = ("row", *(r[c] for c in cols))
            col, why = "respondent_id", "duplicate tie (same row as line {})"
        if k in seen:
            out.append((r["line"], col, why.format(seen[k])))
        else:
            seen[k] = r["line"]
            stage2.append(r)
    kept = []
    first: dict[tuple, dict] = {}
    for r in stage2:
        key = r["alter_key"] if r["alter_key"] is not None else r["alter_id"]
        if key is None:
            kept.append(r["line"])
            continue
        f = first.setdefault((r["respondent_id"], key), r)
        bad = next((c for c in ("alter_region", "alter_institution") if r[c] != f[c]), None)
        if bad:
            out.append((r["line"], "alter_key",
                        f"the same contact is described differently ({bad}) on line "
                        f"{f['line']}"))
        else:
            kept.append(r["line"])
    return sorted(kept), sorted(out)


def hill_climb_one(A: np.ndarray, deg: np.ndarray, c: np.ndarray, inter: float | None
                ) -> tuple[np.ndarray, float]:
    """One start of the core/periphery hill climb, alone (the implementation that
    ``netlib.sna.core_periphery._hill_climb`` replaced by one climbing every start at once).

    Move one node at a time between core and periphery while the correlation improves.

    The block counts after moving node ``v`` follow from its ties into the core
    :math:`t_v = (Ac)_v` and its degree :math:`d_v` (periphery → core: ``m_cc += t_v``,
    ``m_pp -= d_v - t_v``; core → periphery the reverse), so every candidate move is scored
    in O(n) and the best one applied.
    """
    n = len(c)
    c = c.copy()
    t = A @ c
    k, m_cc, m_cp, m_pp = (float(x[0]) for x in cp._blocks(A, c[None, :]))
    r = float(cp._cp_correlation(np.array([k]), np.array([m_cc]), np.array([m_cp]),
                              np.array([m_pp]), n, inter)[0])
    while True:
        sign = np.where(c == 1, -1.0, 1.0)  # +1: joins the core, -1: leaves it
        d_cc = sign * t
        d_pp = -sign * (deg - t)
        nk, ncc, npp = k + sign, m_cc + d_cc, m_pp + d_pp
        ncp = (m_cc + m_cp + m_pp) - ncc - npp
        rf = cp._cp_correlation(nk, ncc, ncp, npp, n, inter)
        if np.all(np.isnan(rf)):
            return c, r
        j = int(np.nanargmax(rf))
        if not (np.isnan(r) or rf[j] > r + 1e-12):
            return c, r
        k, m_cc, m_cp, m_pp, r = nk[j], ncc[j], ncp[j], npp[j], float(rf[j])
        t += sign[j] * A[:, j]
        c[j] = 1 - c[j]
