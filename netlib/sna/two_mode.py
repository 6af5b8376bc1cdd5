r"""Two-mode (affiliation) networks: incidence matrices, one-mode projections, similarity.

An affiliation network of actors × events is held as its incidence matrix :math:`B`
(:math:`b_{ij} = 1` when actor *i* is in event *j*). Its projections are
:math:`BB^\top` (actors × actors: the events two actors share; the diagonal is each actor's
own number of events) and :math:`B^\top B` (events × events). Reference: Breiger, R. L. (1974).
The duality of persons and groups. *Social Forces* 53(2), 181–190.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd


def incidence_matrix(pairs: pd.DataFrame, rows: pd.Index, columns: pd.Index) -> pd.DataFrame:
    """Binary incidence matrix with ``rows`` × ``columns`` (in their order) from ``pairs``.

    ``pairs`` has two columns, named like ``rows.name`` and ``columns.name``; repeated pairs
    count once; a pair naming an unknown row or column raises ``KeyError``.
    """
    p = pairs[[rows.name, columns.name]].drop_duplicates()
    r, c = rows.get_indexer(p[rows.name]), columns.get_indexer(p[columns.name])
    if (r < 0).any() or (c < 0).any():
        raise KeyError("pairs name rows or columns that are not in the index")
    B = np.zeros((len(rows), len(columns)), dtype=np.int64)
    B[r, c] = 1
    return pd.DataFrame(B, index=rows, columns=columns)


def projection(B: pd.DataFrame, *, mode: str = "rows", binary: bool = True) -> pd.DataFrame:
    r"""One-mode projection of a two-mode incidence matrix :math:`B`.

    ``mode="rows"``: :math:`P = BB^\top` (the number of columns two rows share when
    ``binary``, else the sum over columns of products of the counts); ``mode="columns"``:
    :math:`B^\top B`. The diagonal is each row's (column's) own total (Breiger 1974).
    """
    if mode not in ("rows", "columns"):
        raise ValueError(f"mode must be 'rows' or 'columns', got {mode!r}")
    M = (B > 0).astype(int) if binary else B
    return M @ M.T if mode == "rows" else M.T @ M


def projections(B: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both projections of a binary incidence matrix: :math:`BB^\\top` and :math:`B^\\top B`."""
    return projection(B, mode="rows"), projection(B, mode="columns")


def projection_graph(P: pd.DataFrame, attrs: pd.DataFrame | None = None) -> nx.Graph:
    """One-mode graph from a projection matrix: nodes = its index (every node, isolates
    included), an edge where the off-diagonal cell is positive, ``weight`` = that cell.
    ``attrs`` (indexed like ``P``) become node attributes."""
    G = nx.Graph()
    ids = list(P.index)
    if attrs is not None:
        G.add_nodes_from((i, attrs.loc[i].to_dict()) for i in ids)
    else:
        G.add_nodes_from(ids)
    p = P.to_numpy()
    a, b = np.nonzero(np.triu(p, k=1))
    G.add_weighted_edges_from((ids[x], ids[y], int(p[x, y])) for x, y in zip(a, b, strict=True))
    return G


def cosine_similarity(B: pd.DataFrame) -> pd.DataFrame:
    r"""Cosine similarity of the rows of ``B``:
    :math:`s_{ij} = \frac{b_i \cdot b_j}{\lVert b_i\rVert\,\lVert b_j\rVert}` (profiles,
    insensitive to how many items a row has in all)."""
    X = B.to_numpy(dtype=float)
    norm = np.linalg.norm(X, axis=1)
    S = (X @ X.T) / np.outer(norm, norm)
    return pd.DataFrame(S, index=B.index, columns=B.index)
