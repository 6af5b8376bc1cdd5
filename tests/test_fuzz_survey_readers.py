"""Bytes the readers never expected: every corruption of the example exports either loads
(rows in = kept + rejected for every table, nothing identifying in any frame) or raises
:class:`netlib.DataError` — never another exception.

A deterministic sweep (no random draws): truncations at several points, a NUL byte, a stray
quote, an extra or a missing field, Latin-1 and UTF-16 text, a BOM, junk bytes, an empty
file, duplicated lines — applied to each file of the Network Canvas export (CSV and GraphML)
and to the wide export.
"""

from __future__ import annotations

import shutil

import pytest

from netlib import DataError
from netlib.data.paths import RAW
from netlib.survey import IMST_PROFILE, read_network_canvas, read_wide

EX = RAW / "survey_examples_synthetic"
NC_FILES = sorted(p.name for p in (EX / "network_canvas").iterdir())


def mutations(raw: bytes) -> dict[str, bytes]:
    lines = raw.split(b"\n")
    mid = len(raw) // 2
    return {
        "truncated-half": raw[:mid],
        "truncated-one-third": raw[: len(raw) // 3],
        "nul": raw[:mid] + b"\x00" + raw[mid:],
        "stray-quote": raw[:mid] + b'"' + raw[mid:],
        "extra-field": b"\n".join(lines[:3] + [lines[3] + b",x"] + lines[4:]),
        "missing-field": b"\n".join(lines[:3] + [lines[3].rsplit(b",", 1)[0]] + lines[4:]),
        "latin1": raw.decode("utf-8").encode("latin-1", "replace"),
        "utf16": raw.decode("utf-8").encode("utf-16"),
        "bom": b"\xef\xbb\xbf" + raw,
        "junk": bytes(range(256)) * 4,
        "empty": b"",
        "header-only": b"\n".join(lines[:2]) + b"\n",
        "duplicated-lines": b"\n".join(lines + lines[2:6]),
        "no-label": b"\n".join(lines[1:]),
    }


def check(survey) -> None:
    s = survey.summary()
    for t in survey.rows_in:
        assert s[f"{t}: kept"] + s[f"{t}: rejected"] == s[f"{t}: rows in"]
    text = "\n".join(f.to_csv() for f in (survey.respondents, survey.ties,
                                          survey.alter_ties, survey.rejected))
    assert "@example.org" not in text and "IMST-0" not in text


CASES = [(f, m) for f in NC_FILES for m in mutations(b"x\ny\nz\nw")]


@pytest.mark.parametrize("fname,mutation", CASES)
def test_network_canvas_reader_survives(tmp_path, fname, mutation):
    d = tmp_path / "nc"
    shutil.copytree(EX / "network_canvas", d)
    raw = (d / fname).read_bytes()
    (d / fname).write_bytes(mutations(raw)[mutation])
    # the folder's CSV files take precedence over its GraphML: read that file itself
    target = d / fname if fname.endswith(".graphml") else d
    try:
        survey = read_network_canvas(target, EX / "network_canvas_codebook.yaml",
                                     IMST_PROFILE, key="a-test-key-of-16-bytes+")
    except DataError as e:
        assert "@example.org" not in str(e)
        return
    check(survey)


@pytest.mark.parametrize("mutation", list(mutations(b"x\ny\nz\nw")))
def test_wide_reader_survives(tmp_path, mutation):
    d = tmp_path / "wide"
    shutil.copytree(EX / "wide", d)
    raw = (d / "wide_export.csv").read_bytes().replace(b",", b"|").replace(b";", b",")
    raw = mutations(raw)[mutation].replace(b",", b";").replace(b"|", b",")
    (d / "wide_export.csv").write_bytes(raw)
    try:
        survey = read_wide(d / "wide_export.csv", d / "wide_codebook.yaml", "france-academies",
                           key="a-test-key-of-16-bytes+")
    except DataError as e:
        assert "FR-0" not in str(e)
        return
    check(survey)
