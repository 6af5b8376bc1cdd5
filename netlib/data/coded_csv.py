"""Split a plain CSV body straight into per-column codes — no string object per cell.

For a large text of the *simple layout* (:func:`netlib.data.validate._simple_layout`: no
quote, no carriage return, no empty line, as many commas per record as the header needs),
each column is wanted as its distinct cell texts and one integer code per record
(:attr:`netlib.data.validate.Table.coded`). pandas' C reader makes a Python ``str`` for
every cell and the column is then hashed again; here a compiled loop (numba, the GIL
released) walks the bytes once, hashes each cell as it goes and looks it up in an
open-addressing table (linear probing), so only the *distinct* cells ever become ``str``.

The body is cut at line ends into one part per core, each part split in its own thread;
the parts' distinct texts are then merged (:func:`pandas.factorize` of the few distinct
texts) so that codes follow the order of first appearance in the file, as
:func:`pandas.factorize` of the whole column would give.

Exactness: two cells get one code only if their bytes are equal — the table compares the
length, the first 16 bytes (kept in the slot) and, for longer cells, every further byte;
the hash only chooses where to look (Knuth, *TAOCP* vol. 3, §6.4, algorithm L; hash:
multiplicative ×31 over the bytes with the MurmurHash3 64-bit finaliser). A record whose
separators are not where the header needs them stops the split (the caller then reads the
text with an exact engine, which names the line). Cells are decoded as UTF-8 once per
distinct text; bytes that are not UTF-8 raise :class:`UnicodeDecodeError`.

numba is optional: without it (:func:`available` is False) the caller uses pandas.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import threading
from collections.abc import Callable

import numpy as np
import pandas as pd

# a part of the body per thread only when each gets at least this many bytes
PART_BYTES = 4_000_000


def available() -> bool:
    """Whether the compiled splitter can run (numba installed; not imported here: numba
    is imported, and the splitter compiled or loaded from numba's cache, on first use)."""
    return importlib.util.find_spec("numba") is not None


def _split_body(b: np.ndarray, pos: int, stop: int, width: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """The records of ``b[pos:stop]`` (one per line, ``width`` fields each, the last line
    with or without its newline) as ``(codes, starts, lengths, columns, entry codes,
    status)``: ``codes[j, i]`` is record i's code in column j; entry e is a distinct cell
    ``b[starts[e]:starts[e] + lengths[e]]`` of column ``columns[e]`` with code
    ``entry codes[e]``; status 0, else the 1-based record whose separators are wrong."""
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
    e_start = np.empty(1024, np.int64)
    e_len = np.empty(1024, np.int64)
    e_col = np.empty(1024, np.int64)
    e_code = np.empty(1024, np.int32)
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
                    return codes, e_start[:0], e_len[:0], e_col[:0], e_code[:0], i + 1
            elif pos < stop and b[pos] != 10:  # the record must end here
                return codes, e_start[:0], e_len[:0], e_col[:0], e_code[:0], i + 1
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
                    if e_len[e] == ln:
                        st = e_start[e]
                        q = 16
                        while q < ln and b[st + q] == b[start + q]:
                            q += 1
                        if q == ln:
                            found = e
                            break
                k = (k + 1) & mask
            if found >= 0:
                codes[j, i] = e_code[found]
                continue
            if ne == e_start.shape[0]:
                size = 2 * ne
                g = np.empty(size, np.int64)
                g[:ne] = e_start
                e_start = g
                g = np.empty(size, np.int64)
                g[:ne] = e_len
                e_len = g
                g = np.empty(size, np.int64)
                g[:ne] = e_col
                e_col = g
                g32 = np.empty(size, np.int32)
                g32[:ne] = e_code
                e_code = g32
            e_start[ne] = start
            e_len[ne] = ln
            e_col[ne] = j
            e_code[ne] = counts[j]
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
        return codes, e_start[:0], e_len[:0], e_col[:0], e_code[:0], n + 1
    return codes, e_start[:ne], e_len[:ne], e_col[:ne], e_code[:ne], 0


@functools.cache
def _compiled() -> Callable:
    """:func:`_split_body` compiled (numba, GIL released; cached on disk by numba)."""
    from numba import njit

    return njit(nogil=True, cache=True)(_split_body)


def _texts(raw: bytes, b: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The cells ``raw[s:s + l]`` decoded, as an object array: gathered into one buffer with
    a newline after each (no cell holds one), decoded once and split."""
    if not len(starts):
        return np.array([], dtype=object)
    ends = np.cumsum(lengths + 1)
    offsets = np.repeat(starts - (ends - lengths - 1), lengths + 1)
    buf = b[np.minimum(offsets + np.arange(int(ends[-1])), len(b) - 1)]
    buf[ends - 1] = 10
    texts = buf.tobytes().decode("utf-8").split("\n")
    return np.array(texts[:-1], dtype=object)


def _parts(raw: bytes, body: int, parts: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of up to ``parts`` pieces of the body, cut after a newline."""
    cuts = [body]
    for k in range(1, max(parts, 1)):
        at = raw.find(b"\n", body + (len(raw) - body) * k // parts)
        if at < 0 or at + 1 <= cuts[-1] or at + 1 >= len(raw):
            break
        cuts.append(at + 1)
    cuts.append(len(raw))
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def default_parts(size: int) -> int:
    """Threads to use for a body of ``size`` bytes: one per core, each with at least
    :data:`PART_BYTES`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, size // PART_BYTES))


def split_columns(raw: bytes, body: int, width: int, parts: int | None = None
                  ) -> tuple[list[tuple[np.ndarray, np.ndarray]], int]:
    """Columns of the records of ``raw[body:]`` (one per line) as ``(codes, distinct
    texts)``.

    Returns ``(coded, status)``: status 0, or the 1-based record (counted from the body)
    whose fields are not where the header needs them — then ``coded`` is empty and the
    caller reads the text otherwise. Codes are intp, in the order of first appearance.
    Raises :class:`UnicodeDecodeError` on cell bytes that are not UTF-8.
    """
    if width >= 1 << 24 or b"\x00" in raw:
        raise ValueError("at most 2**24 - 1 columns, and no NUL byte in the text")
    split = _compiled()
    b = np.frombuffer(raw, dtype=np.uint8)
    pieces = _parts(raw, body, default_parts(len(raw) - body) if parts is None else parts)
    results: list[tuple | None] = [None] * len(pieces)

    def run(k: int) -> None:
        a, z = pieces[k]
        results[k] = split(b, a, z, width)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(1, len(pieces))]
    for t in threads:
        t.start()
    run(0)
    for t in threads:
        t.join()
    before = 0
    for r in results:
        if r is None or r[5]:
            return [], before + (r[5] if r is not None else 1)
        before += r[0].shape[1]
    coded = []
    for j in range(width):
        codes_parts, text_parts = [], []
        for r in results:
            codes, starts, lengths, cols, ecodes, _ = r
            sel = np.flatnonzero(cols == j)
            sel = sel[np.argsort(ecodes[sel], kind="stable")]  # by code: 0, 1, …
            text_parts.append(_texts(raw, b, starts[sel], lengths[sel]))
            codes_parts.append(codes[j])
        if len(results) == 1:
            coded.append((codes_parts[0].astype(np.intp), text_parts[0]))
            continue
        # one vocabulary for the parts, in the order of first appearance
        merged, uniques = pd.factorize(np.concatenate(text_parts), use_na_sentinel=False)
        at, out = 0, []
        for codes, texts in zip(codes_parts, text_parts, strict=True):
            out.append(merged[at:at + len(texts)].astype(np.intp)[codes])
            at += len(texts)
        coded.append((np.concatenate(out), np.asarray(uniques, dtype=object)))
    return coded, 0
