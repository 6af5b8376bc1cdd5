"""Split a plain CSV body straight into per-column codes — no string object per cell.

For a large text without double quotes, NUL bytes or carriage returns (except those of CRLF
line ends), with each record on one line holding exactly the header's fields (the loop
checks all of this as it goes and stops otherwise), each column is wanted as its distinct cell texts and one integer code
per record
(:attr:`netlib.data.validate.Table.coded`). pandas' C reader makes a Python ``str`` for
every cell and the column is then hashed again; here a compiled loop (numba, the GIL
released) walks the bytes once, hashes each cell as it goes and looks it up in an
open-addressing table (linear probing), so only the *distinct* cells ever become ``str``.

The body is cut at line ends into one part per core, each part split in its own thread;
the parts' distinct cells are then merged (each pointed to the first equal one, compared
byte by byte) so that codes follow the order of first appearance in the file, as
:func:`pandas.factorize` of the whole column would give. The compiled loops are in
:mod:`netlib.data.kernels`.

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

import importlib.util
import os
import threading

import numpy as np

# a part of the body per thread only when each gets at least this many bytes
PART_BYTES = 4_000_000


def available() -> bool:
    """Whether the compiled splitter can run (numba installed; not imported here: numba
    is imported, and the splitter compiled or loaded from numba's cache, on first use)."""
    return importlib.util.find_spec("numba") is not None


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

    Returns ``(coded, status)``: status 0; -1 when the text holds a double quote, a NUL
    byte or a carriage return that does not end a line before its LF; or the 1-based
    record (counted from the body) whose fields are not where the header needs them —
    then ``coded`` is empty and the caller reads the text otherwise. Codes are intp, in the order of first appearance.
    Raises :class:`UnicodeDecodeError` on cell bytes that are not UTF-8.
    """
    if width >= 1 << 24:
        raise ValueError("at most 2**24 - 1 columns")
    from netlib.data import kernels

    b = np.frombuffer(raw, dtype=np.uint8)
    pieces = _parts(raw, body, default_parts(len(raw) - body) if parts is None else parts)
    results: list[tuple | None] = [None] * len(pieces)

    def run(k: int) -> None:
        a, z = pieces[k]
        results[k] = kernels.split_body(b, a, z, width)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(1, len(pieces))]
    for t in threads:
        t.start()
    run(0)
    for t in threads:
        t.join()
    if any(r[5] < 0 for r in results):
        return [], -1
    before = 0
    for r in results:
        if r[5]:
            return [], before + r[5]
        before += r[0].shape[1]
    if len(results) == 1:
        codes, starts, lengths, cols, _, _ = results[0]
        return [(codes[j].astype(np.intp),
                 _texts(raw, b, starts[cols == j], lengths[cols == j]))
                for j in range(width)], 0
    # the parts' distinct cells, one after the other, each pointed to the first equal one:
    # the first ones are the distinct cells of the body, in the order of first appearance
    starts = np.concatenate([r[1] for r in results])
    lengths = np.concatenate([r[2] for r in results])
    cols = np.concatenate([r[3] for r in results])
    keys = np.concatenate([r[4] for r in results])
    part = np.repeat(np.arange(len(results)), [len(r[1]) for r in results])
    canon = kernels.first_equal(b, starts, lengths, cols, keys)
    coded = []
    for j in range(width):
        sel = np.flatnonzero(cols == j)  # by part, then by the part's code
        first = canon[sel] == sel
        code = np.full(len(starts), -1, dtype=np.intp)
        code[sel[first]] = np.arange(int(first.sum()))
        code_of = code[canon[sel]]  # each of the column's cells: its code in the body
        out = [code_of[part[sel] == k][r[0][j]] for k, r in enumerate(results)]
        coded.append((np.concatenate(out),
                      _texts(raw, b, starts[sel[first]], lengths[sel[first]])))
    return coded, 0
