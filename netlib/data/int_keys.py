"""Integer keys of many rows: their stable order (an LSD radix sort).

``numpy.argsort(kind="stable")`` sorts 64-bit keys by merging (O(n log n)); the keys that
order a survey's rows (codes combined in mixed radix) are below a few million, so a
least-significant-digit radix sort — one counting pass per 12-bit digit, each pass stable
(Knuth, *TAOCP* vol. 3, §5.2.5; Cormen et al., *Introduction to Algorithms*, §8.3) — gives
the same order in O(n · passes). Compiled with numba on first use (:mod:`netlib.data.kernels`); without
numba, or for few rows, :func:`numpy.argsort` is used.
"""

from __future__ import annotations

import numpy as np

from netlib.data import coded_csv

DIGIT_BITS = 12
# below this many keys numpy's sort is as quick (and nothing is compiled)
MIN_KEYS = 50_000


def stable_argsort(keys: np.ndarray) -> np.ndarray:
    """``numpy.argsort(keys, kind="stable")`` for non-negative integer keys (intp)."""
    keys = np.asarray(keys, dtype=np.int64)
    if len(keys) < MIN_KEYS or not coded_csv.available():
        return np.argsort(keys, kind="stable")
    top = int(keys.max(initial=0))
    if keys.min(initial=0) < 0:
        raise ValueError("keys must be non-negative")
    passes = max(1, -(-top.bit_length() // DIGIT_BITS))
    if passes > 3:  # large keys: merging is as quick
        return np.argsort(keys, kind="stable")
    from netlib.data import kernels

    return kernels.radix_order(keys, passes)

