"""The compiled loops of :mod:`netlib.data.coded_csv` and :mod:`netlib.data.int_keys`.

Compiled by numba (``nogil``: they release the GIL, so that several run at once in
threads) on first use, and cached on disk by numba. This module imports numba: the
modules that use it import it only when a large input needs it.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(nogil=True, cache=True)
def split_body(b: np.ndarray, pos: int, stop: int, width: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """The records of ``b[pos:stop]`` (one per line, ``width`` fields each, the last line
    with or without its newline) as ``(codes, starts, lengths, columns, keys, status)``:
    ``codes[j, i]`` is record i's code in column j; entry e is a distinct cell
    ``b[starts[e]:starts[e] + lengths[e]]`` of column ``columns[e]`` (the entries of one
    column in the order of their codes, 0, 1, …), ``keys[e]`` its hash and first 16 bytes;
    status 0, -1 for a double quote, a NUL byte or a carriage return other than that of a
    CRLF line end in the text (another engine reads it), else the 1-based record whose
    separators are wrong. A record ends with LF or CRLF (the CR is not part of the cell,
    as the csv module reads it)."""
    n = 0
    for t in range(pos, stop):
        if b[t] == 10:
            n += 1
    if stop > pos and b[stop - 1] != 10:
        n += 1
    codes = np.empty((width, n), np.int32)
    cap = 1 << 12
    # per slot: the cell's hash, its first 8 and next 8 bytes (zero-padded: the text holds
    # no NUL byte, so a cell of at most 16 bytes is given by them, length included), and
    # (entry + 1) << 24 | column   (0: an empty slot)
    slots = np.zeros((cap, 4), np.uint64)
    entries = np.empty((1024, 4), np.int64)  # each entry's start, length, column, code
    e_key = np.empty((1024, 3), np.uint64)  # each entry's hash and first 16 bytes
    ne = 0
    counts = np.zeros(width, np.int32)
    low = np.uint64(0xFFFFFF)
    for i in range(n):
        for j in range(width):
            start = pos
            h = np.uint64(j + 1)
            w0 = np.uint64(0)
            w1 = np.uint64(0)
            while pos < stop:
                c = b[pos]
                if c == 44 or c == 10:
                    break
                if c == 13 and j == width - 1 and pos + 1 < stop and b[pos + 1] == 10:
                    break  # a CRLF line end (its CR is not part of the cell)
                if c == 34 or c == 13 or c == 0:  # a quote, other CR or NUL: not for this loop
                    return codes, entries[:0, 0], entries[:0, 1], entries[:0, 2], e_key[:0], -1
                h = h * np.uint64(31) + np.uint64(c)
                q = pos - start
                if q < 8:
                    w0 |= np.uint64(c) << np.uint64(8 * q)
                elif q < 16:
                    w1 |= np.uint64(c) << np.uint64(8 * (q - 8))
                pos += 1
            end = pos
            if j < width - 1:  # a comma must follow
                if pos >= stop or b[pos] != 44:
                    return codes, entries[:0, 0], entries[:0, 1], entries[:0, 2], e_key[:0], i + 1
            elif pos < stop and b[pos] != 10:  # the record must end here
                if b[pos] != 13:
                    return codes, entries[:0, 0], entries[:0, 1], entries[:0, 2], e_key[:0], i + 1
                pos += 1  # the CR of CRLF
            pos += 1
            ln = end - start
            h ^= np.uint64(ln) << np.uint64(40)
            h ^= h >> np.uint64(33)
            h *= np.uint64(0xFF51AFD7ED558CCD)
            h ^= h >> np.uint64(33)
            h *= np.uint64(0xC4CEB9FE1A85EC53)
            h ^= h >> np.uint64(33)
            meta = np.uint64(j)
            mask = cap - 1
            k = np.int64(h & np.uint64(mask))
            found = -1
            while True:
                info = slots[k, 3]
                if info == 0:
                    break
                if (slots[k, 0] == h and (info & low) == meta and slots[k, 1] == w0
                        and slots[k, 2] == w1):
                    e = np.int64(info >> np.uint64(24)) - 1
                    if ln <= 16:
                        found = e
                        break
                    if entries[e, 1] == ln:
                        st = entries[e, 0]
                        q = 16
                        while q < ln and b[st + q] == b[start + q]:
                            q += 1
                        if q == ln:
                            found = e
                            break
                k = (k + 1) & mask
            if found >= 0:
                codes[j, i] = entries[found, 3]
                continue
            if ne == entries.shape[0]:
                grown = np.empty((2 * ne, 4), np.int64)
                grown[:ne] = entries
                entries = grown
                grown_key = np.empty((2 * ne, 3), np.uint64)
                grown_key[:ne] = e_key
                e_key = grown_key
            entries[ne, 0] = start
            entries[ne, 1] = ln
            entries[ne, 2] = j
            entries[ne, 3] = counts[j]
            e_key[ne, 0] = h
            e_key[ne, 1] = w0
            e_key[ne, 2] = w1
            codes[j, i] = counts[j]
            counts[j] += 1
            slots[k, 0] = h
            slots[k, 1] = w0
            slots[k, 2] = w1
            slots[k, 3] = (np.uint64(ne + 1) << np.uint64(24)) | meta
            ne += 1
            if 2 * ne > cap:  # keep the table at most half full
                old = slots
                cap *= 2
                mask = cap - 1
                slots = np.zeros((cap, 4), np.uint64)
                for t in range(old.shape[0]):
                    if old[t, 3] != 0:
                        k2 = np.int64(old[t, 0] & np.uint64(mask))
                        while slots[k2, 3] != 0:
                            k2 = (k2 + 1) & mask
                        for m in range(4):
                            slots[k2, m] = old[t, m]
    if pos < stop:  # more text than records
        return codes, entries[:0, 0], entries[:0, 1], entries[:0, 2], e_key[:0], n + 1
    return codes, entries[:ne, 0], entries[:ne, 1], entries[:ne, 2], e_key[:ne], 0


@njit(nogil=True, cache=True)
def first_equal(b: np.ndarray, starts: np.ndarray, lengths: np.ndarray, cols: np.ndarray,
                keys: np.ndarray) -> np.ndarray:
    """For each cell e (``b[starts[e]:starts[e] + lengths[e]]`` of column ``cols[e]``, its
    hash and first 16 bytes in ``keys[e]``, as :func:`split_body` gives them): the first
    cell with the same column and bytes (an open-addressing table of twice the cells'
    number; bytes past the 16th compared in ``b``)."""
    n = starts.shape[0]
    cap = 1
    while cap < 2 * n + 2:
        cap *= 2
    mask = cap - 1
    slots = np.full(cap, -1, np.int64)
    out = np.empty(n, np.int64)
    for e in range(n):
        k = np.int64(keys[e, 0] & np.uint64(mask))
        ln = lengths[e]
        while True:
            s = slots[k]
            if s < 0:
                slots[k] = e
                out[e] = e
                break
            if (keys[s, 0] == keys[e, 0] and keys[s, 1] == keys[e, 1]
                    and keys[s, 2] == keys[e, 2] and cols[s] == cols[e]
                    and lengths[s] == ln):
                t = starts[s]
                st = starts[e]
                q = 16
                while q < ln and b[t + q] == b[st + q]:
                    q += 1
                if q >= ln:
                    out[e] = s
                    break
            k = (k + 1) & mask
    return out


@njit(nogil=True, cache=True)
def radix_order(keys: np.ndarray, passes: int) -> np.ndarray:
    """The stable order of ``keys`` (non-negative int64, below 2**(12 * passes)); the keys
    travel with their rows (each pass reads them in sequence; the first pass reads the rows
    in their own order, the last moves only the rows)."""
    n = keys.shape[0]
    size = 1 << 12
    mask = size - 1
    order = np.empty(0, np.int64)
    cur = keys
    for p in range(passes):
        shift = 12 * p
        last = p == passes - 1
        counts = np.zeros(size + 1, np.int64)
        for i in range(n):
            counts[((cur[i] >> shift) & mask) + 1] += 1
        for d in range(size):
            counts[d + 1] += counts[d]
        out = np.empty(n, np.int64)
        out_keys = np.empty(0 if last else n, np.int64)
        for i in range(n):
            d = (cur[i] >> shift) & mask
            at = counts[d]
            out[at] = i if p == 0 else order[i]
            if not last:
                out_keys[at] = cur[i]
            counts[d] = at + 1
        order = out
        cur = out_keys
    return order

