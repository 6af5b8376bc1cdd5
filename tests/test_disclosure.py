"""No committed notebook output publishes a small count (1 … SMALL_CELL−1) that is not
marked suppressed.

A scanner cannot tell which numbers in arbitrary output are counts of people or ties, so
the compendium has a convention, and this test enforces it:

* count tables are published through :func:`netlib.privacy.publish_counts`; their HTML is
  ``<table class="… netlib-counts" data-netlib-counts="[positions]">`` — every cell of a
  count column must be 0, at least the threshold, or ``suppressed``;
* plotly traces that carry counts (or numbers derived from them) have
  ``meta = netlib.privacy.count_meta(fields, …)``; every value in a declared count field
  (``z``, ``x``, ``y``) must be None, 0 or at least the threshold, and no text/hover label
  may be a bare small number. Figures are scanned in their plotly JSON and in the copy
  embedded in the ``text/html`` script;
* in the notebooks about persons (:data:`PERSON_NOTEBOOKS`), heuristics catch a forgotten
  convention: any HTML table or plotly trace whose column, index, axis, colour-bar or trace
  names mean a count (n, count, ties, respondents, people, contacts, members, external /
  internal ties, network size, brokerage roles) must be marked, and text outputs (and the
  strings in figures) must not say "3 respondents", "ties: 2", "n = 4" and the like.

Which notebooks are about persons: 02 (the IMST survey of steering-group members). 06
counts organisations, 01/03 constructed or published network descriptions, 04/05 public
trial data and simulations: the marked-output checks run on them, the heuristics do not.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nbformat
import numpy as np
import pytest

from netlib.privacy import COUNTS_CLASS, SMALL_CELL, SUPPRESSED
from netlib.tooling.notebooks import notebook_paths

NOTEBOOKS = notebook_paths()
PERSON_NOTEBOOKS = {"02_imst_regional_networks", "07_bring_your_own_survey"}
COUNT_WORDS = re.compile(
    r"(?<![a-z])(n|count|counts|ties|respondents|people|persons|contacts|members|external|"
    r"internal|size|brokerage\w*|coordinator|itinerant|representative|gatekeeper|liaison)"
    r"(?![a-z])", re.IGNORECASE)
SMALL = rf"[1-{SMALL_CELL - 1}]"
# \u202f: the thin-space thousands separator of netlib.viz.tables (1\u202f508 is not 1)
TEXT_PATTERNS = [
    re.compile(rf"(?<![\d.,]){SMALL}\s+(?:named\s+|cross-state\s+)?(?:respondents?|contacts?"
               rf"|ties?|people|persons?|members?|actors?)\b", re.IGNORECASE),
    re.compile(rf"\bn\s*=\s*{SMALL}(?![\d.\u202f])"),
    re.compile(rf"\b(?:respondents|contacts|ties|members|count|people)\b[ \t]*[:=]?[ \t]+"
               rf"{SMALL}(?![\d.\u202f])", re.IGNORECASE),
]


@dataclass
class Finding:
    where: str
    what: str
    small: int = 0  # small counts published unmarked


@dataclass
class Table:
    classes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[tuple[str, str]]] = field(default_factory=list)  # (tag, text)


class _Tables(HTMLParser):
    """The tables of an HTML fragment: header texts and body cells (th index, td data)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._section = ""
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append(Table(classes=(a.get("class") or "").split(), attrs=a))
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell, self._tag = [], tag

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((self._tag, "".join(self._cell).strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            t = self.tables[-1]
            if self._section == "thead":
                t.header.append([c for _, c in self._row])
            else:
                t.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "").replace("\u202f", ""))  # thin-space thousands (netlib.viz.tables)
    except ValueError:
        return None


def _is_small(v: object, threshold: int = SMALL_CELL) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and not np.isnan(v) and (
        0 < v < threshold)


def scan_html_tables(html: str, where: str, person: bool) -> list[Finding]:
    out = []
    parser = _Tables()
    parser.feed(html)
    for t in parser.tables:
        if COUNTS_CLASS in t.classes:
            positions = json.loads(t.attrs.get("data-netlib-counts", "[]"))
            threshold = int(t.attrs.get("data-netlib-threshold", SMALL_CELL))
            bad = 0
            for row in t.rows:
                data = [c for tag, c in row if tag == "td"]
                for p in positions:
                    cell = data[p] if p < len(data) else ""
                    if cell in ("", SUPPRESSED):
                        continue
                    v = _number(cell)
                    if v is None or _is_small(v, threshold):
                        bad += 1
            if bad:
                out.append(Finding(where, f"marked count table with {bad} small/unreadable "
                                   "count cell(s)", bad))
        elif person and "dataframe" in t.classes:
            names = [c for h in t.header for c in h]
            count_cols = [i for i, c in enumerate(t.header[0] if t.header else [])
                          if COUNT_WORDS.search(c)]
            if any(COUNT_WORDS.search(n) for n in names):
                small = 0
                for row in t.rows:
                    index_cells = sum(tag == "th" for tag, _ in row)
                    cells = [c for _, c in row]
                    for i in count_cols:
                        if i >= index_cells and i < len(cells):
                            v = _number(cells[i])
                            small += v is not None and v == int(v) and _is_small(v)
                out.append(Finding(where, "unmarked table with count columns "
                                   f"{[n for n in names if COUNT_WORDS.search(n)][:6]}",
                                   small))
    return out


def _decode(arr: object) -> list:
    """A plotly JSON array: a plain (nested) list or a typed array {dtype, bdata, shape}."""
    if isinstance(arr, dict) and "bdata" in arr:
        a = np.frombuffer(base64.b64decode(arr["bdata"]), dtype=np.dtype(arr["dtype"]))
        return a.astype(float).ravel().tolist()
    if isinstance(arr, list):
        flat: list = []
        for x in arr:
            flat.extend(_decode(x) if isinstance(x, list | dict) else [x])
        return flat
    return [] if arr is None else [arr]


def _strings(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k != "bdata" for s in _strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


def _title(obj: object) -> str:
    if isinstance(obj, dict):
        t = obj.get("title")
        return t.get("text", "") if isinstance(t, dict) else (t or "")
    return ""


def scan_figure(spec: dict, where: str, person: bool) -> list[Finding]:
    out = []
    layout = spec.get("layout", {})
    for k, trace in enumerate(spec.get("data", [])):
        meta = trace.get("meta")
        w = f"{where}, trace {k} ({trace.get('type')})"
        if isinstance(meta, dict) and meta.get("netlib") == "counts":
            threshold = int(meta.get("threshold", SMALL_CELL))
            bad = sum(_is_small(v, threshold) for f in meta.get("count_fields", [])
                      for v in _decode(trace.get(f)))
            for f in ("text", "hovertext", "customdata"):
                bad += sum(bool(re.fullmatch(rf"\s*{SMALL}(\.0+)?\s*", s))
                           for s in _strings(trace.get(f)))
            if bad:
                out.append(Finding(w, f"marked count trace with {bad} small value(s)", bad))
            continue
        if not person:
            continue
        axis = [_title(layout.get(trace.get("xaxis", "x").replace("x", "xaxis", 1), {})),
                _title(layout.get(trace.get("yaxis", "y").replace("y", "yaxis", 1), {})),
                _title(trace.get("colorbar", {})), str(trace.get("name") or ""),
                str(trace.get("hovertemplate") or "")]
        if any(COUNT_WORDS.search(a) for a in axis):
            small = sum(_is_small(v) for f in ("z", "x", "y") for v in _decode(trace.get(f)))
            out.append(Finding(w, f"unmarked trace whose names mean counts: "
                               f"{[a for a in axis if COUNT_WORDS.search(a)]}", small))
    if person:
        for s in _strings(spec):
            out += scan_text(s, f"{where}, figure text")
    return out


def scan_text(text: str, where: str) -> list[Finding]:
    out = []
    for pat in TEXT_PATTERNS:
        for m in pat.finditer(text):
            out.append(Finding(where, f"small count in text: {m.group(0)!r}", 1))
    return out


SCRIPT_SPEC = re.compile(r"var s=(\{.*?\});el\.innerHTML", re.DOTALL)


def scan_notebook(path) -> list[Finding]:
    nb = nbformat.read(path, as_version=4)
    person = path.stem in PERSON_NOTEBOOKS
    out: list[Finding] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.outputs:
            where = f"{path.stem} cell {i}"
            data = dict(o.get("data", {}))
            if o.get("output_type") == "stream":
                data["text/plain"] = o.get("text", "")
            html = data.get("text/html", "")
            if isinstance(html, list):
                html = "".join(html)
            out += scan_html_tables(html, f"{where} text/html", person)
            for m in SCRIPT_SPEC.finditer(html):
                out += scan_figure(json.loads(m.group(1)), f"{where} text/html script",
                                   person)
            spec = data.get("application/vnd.plotly.v1+json")
            if spec:
                out += scan_figure(spec, f"{where} plotly JSON", person)
            text = data.get("text/plain", "")
            if isinstance(text, list):
                text = "".join(text)
            if "[counts]" in text and COUNTS_CLASS not in html:
                # a count table's text is checked through its marked HTML twin
                out.append(Finding(f"{where} text/plain", "count table without its marked "
                                   "HTML form"))
            if person and text:
                out += scan_text(text, f"{where} text/plain")
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_unmarked_small_count_in_committed_outputs(path):
    findings = scan_notebook(path)
    report = "\n".join(f"{f.where}: {f.what} ({f.small} small)" for f in findings)
    assert not findings, (f"{sum(f.small for f in findings)} small counts published "
                          f"without suppression in {len(findings)} place(s):\n{report}")


# --- the scanner itself catches what it should ------------------------------------------

def test_scanner_flags_an_unmarked_count_table_and_a_leaking_marked_one():
    import pandas as pd

    from netlib.privacy import publish_counts

    df = pd.DataFrame({"respondents": [107, 10, 2]}, index=[1, 2, 3])
    assert scan_html_tables(df.to_html(), "t", person=True)[0].small == 1
    ok = publish_counts(df, margins="columns", known="columns")._repr_html_()
    assert scan_html_tables(ok, "t", person=True) == []
    leaking = ok.replace(f"<td>{SUPPRESSED}</td>", "<td>2</td>", 1)
    assert scan_html_tables(leaking, "t", person=True)[0].small == 1


def test_scanner_flags_figures_and_text():
    import plotly.graph_objects as go

    from netlib.privacy import count_meta

    fig = go.Figure(go.Heatmap(z=[[1.0, 7.0], [0.0, 12.0]], colorbar=dict(title="contacts")))
    spec = json.loads(fig.to_json())
    assert scan_figure(spec, "f", person=True)[0].small == 1
    fig.update_traces(meta=count_meta(["z"], 0))
    assert scan_figure(json.loads(fig.to_json()), "f", person=True)[0].small == 1
    fig.update_traces(z=[[None, 7.0], [0.0, 12.0]])
    assert scan_figure(json.loads(fig.to_json()), "f", person=True) == []
    assert scan_text("a state with 3 respondents", "t")
    assert scan_text("external ties      4\n", "t")
    assert not scan_text("119 respondents, 1508 named contacts; n < 5", "t")
