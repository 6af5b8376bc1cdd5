"""Stable order of many small non-negative integer keys: an LSD radix sort.

``numpy.argsort(kind="stable")`` sorts 64-bit keys by merging (O(n log n)); the keys that
order a survey's rows (codes combined in mixed radix) are below a few million, so a
least-significant-digit radix sort — one counting pass per 11-bit digit, each pass stable
(Knuth, *TAOCP* vol. 3, §5.2.5; Cormen et al., *Introduction to Algorithms*, §8.3) — gives
the same order in O(n · passes). Compiled with numba on first use (cached on disk); without
numba, or for few rows, :func:`numpy.argsort` is used.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from netlib.data import coded_csv

DIGIT_BITS = 11
# below this many keys numpy's sort is as quick (and nothing is compiled)
MIN_KEYS = 50_000


def _radix_order(keys: np.ndarray, passes: int) -> np.ndarray:
    """The stable order of ``keys`` (non-negative int64, below 2**(11 * passes)); the keys
    travel with their rows, so that each pass reads them in sequence."""
    n = keys.shape[0]
    order = np.arange(n)
    spare = np.empty(n, np.int64)
    cur = keys.copy()
    cur_spare = np.empty(n, np.int64)
    size = 1 << 11
    mask = size - 1
    for p in range(passes):
        shift = 11 * p
        counts = np.zeros(size + 1, np.int64)
        for i in range(n):
            counts[((cur[i] >> shift) & mask) + 1] += 1
        for d in range(size):
            counts[d + 1] += counts[d]
        for i in range(n):
            d = (cur[i] >> shift) & mask
            at = counts[d]
            spare[at] = order[i]
            cur_spare[at] = cur[i]
            counts[d] = at + 1
        order, spare = spare, order
        cur, cur_spare = cur_spare, cur
    return order


@functools.cache
def _compiled() -> Callable:
    from numba import njit

    return njit(nogil=True, cache=True)(_radix_order)


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
    return _compiled()(keys, passes)
