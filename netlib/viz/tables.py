"""Reader-first tables for the notebooks and the rendered site.

``show(df, labels=..., values=..., digits=...)`` returns a :class:`Table` that displays as HTML
in JupyterLab and in the site, and as deterministic plain text (which nbval compares):

- column names and coded values are replaced by human labels (``labels``, ``values``);
- text is shown in full, wrapped and left-aligned; numbers are right-aligned in tabular figures;
- one number format: integers with a thin-space thousands separator, other numbers with a
  fixed number of decimals (``digits``), p-values as ``< 0.001`` below the threshold
  (``p_columns``), shares as percentages (``percent_columns``), booleans as yes / no;
- missing values (``NaN``, ``None``, ``pd.NA``) show as an em dash — never ``NaN`` or ``<NA>``;
- an optional caption, and the row index only when it carries information (``index=True``);
- a published count table (:class:`netlib.privacy.CountTable`) keeps its suppression: withheld
  cells read as the privacy module wrote them (``suppressed``, or the ``markers`` given), the
  HTML keeps the ``netlib-counts`` marking the disclosure scanner reads, and the table's note
  follows it.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from netlib.privacy import COUNTS_CLASS, SUPPRESSED, CountTable

MISSING = "—"
THIN_SPACE = "\u202f"

_CSS = (
    "border-collapse:collapse;margin:0.5em 0;font-size:0.92em;"
    "font-variant-numeric:tabular-nums"
)
_TH = "border-bottom:1px solid #444;padding:0.25em 0.6em;vertical-align:bottom"
_TD = "border-bottom:1px solid #e6e6e6;padding:0.25em 0.6em;vertical-align:top"


def _is_missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, float) and math.isnan(x)


def format_int(n: int) -> str:
    """An integer with a narrow no-break space between thousands (ISO 31-0 / SI style)."""
    return f"{int(n):,}".replace(",", THIN_SPACE)


def format_number(x: float, digits: int = 3) -> str:
    """A number with ``digits`` decimals; integral values of integer type print without."""
    if _is_missing(x):
        return MISSING
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, numbers.Integral):
        return format_int(int(x))
    return f"{float(x):,.{digits}f}".replace(",", THIN_SPACE)


def format_p(p: float, digits: int = 3) -> str:
    """A p-value with ``digits`` decimals, and ``< 0.001`` (for ``digits=3``) below that."""
    if _is_missing(p):
        return MISSING
    floor = 10.0 ** (-digits)
    return f"< {floor:.{digits}f}" if p < floor else f"{p:.{digits}f}"


def format_percent(x: float, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage with ``digits`` decimals."""
    if _is_missing(x):
        return MISSING
    return f"{100 * float(x):.{digits}f} %"


def format_value(x: Any, digits: int = 3) -> str:
    """Any cell: missing → em dash, booleans → yes/no, numbers → :func:`format_number`."""
    if _is_missing(x):
        return MISSING
    if isinstance(x, bool) or (hasattr(x, "dtype") and str(getattr(x, "dtype", "")) == "bool"):
        return "yes" if bool(x) else "no"
    if isinstance(x, numbers.Number):
        return format_number(x, digits)
    if isinstance(x, (list, tuple, set, frozenset)):
        return "; ".join(format_value(v, digits) for v in x)
    return str(x)


class Table:
    """A formatted table; display it (last expression of a cell) or call :meth:`to_html`."""

    def __init__(self, cells: pd.DataFrame, numeric: Mapping[str, bool],
                 caption: str | None, index_name: str | None, *,
                 count_columns: Iterable[str] = (), threshold: int | None = None,
                 note: str | None = None) -> None:
        self.cells = cells
        self.numeric = dict(numeric)
        self.caption = caption
        self.index_name = index_name
        self.count_columns = list(count_columns)
        self.threshold = threshold
        self.note = note

    def __len__(self) -> int:
        return len(self.cells)

    def __repr__(self) -> str:
        if self.cells.empty:
            body = "(no rows)"
        else:
            with pd.option_context("display.max_colwidth", None, "display.width", 10_000,
                                   "display.max_rows", None, "display.max_columns", None):
                body = self.cells.to_string(index=self.index_name is not None)
        body = f"{body}\n{self.note}" if self.note else body
        return f"{self.caption}\n{body}" if self.caption else body

    def to_html(self) -> str:
        cols = list(self.cells.columns)
        head = "".join(
            f'<th style="{_TH};text-align:{"right" if self.numeric[c] else "left"}">'
            f"{html.escape(str(c))}</th>" for c in cols)
        if self.index_name is not None:
            head = f'<th style="{_TH};text-align:left">{html.escape(self.index_name)}</th>' + head
        rows = []
        for idx, row in self.cells.iterrows():
            tds = "".join(
                f'<td style="{_TD};text-align:{"right" if self.numeric[c] else "left"};'
                f'{"white-space:nowrap" if self.numeric[c] else "white-space:normal"}">'
                f"{html.escape(str(row[c]))}</td>" for c in cols)
            if self.index_name is not None:
                tds = f'<td style="{_TD};text-align:left">{html.escape(str(idx))}</td>' + tds
            rows.append(f"<tr>{tds}</tr>")
        if not rows:
            span = len(cols) + (self.index_name is not None)
            rows.append(f'<tr><td style="{_TD}" colspan="{span}">(no rows)</td></tr>')
        cap = (f'<caption style="caption-side:top;text-align:left;font-weight:600;'
               f'padding-bottom:0.3em">{html.escape(self.caption)}</caption>'
               if self.caption else "")
        marks = ""
        if self.threshold is not None:
            # positions of the count columns among the <td> cells of a row (the index is one)
            offset = self.index_name is not None
            positions = [offset + cols.index(c) for c in self.count_columns]
            marks = (f' class="netlib-table {COUNTS_CLASS}" data-netlib-counts="{positions}"'
                     f' data-netlib-threshold="{self.threshold}"')
        else:
            marks = ' class="netlib-table"'
        note = (f'<p class="{COUNTS_CLASS}-note"><small>{html.escape(self.note)}</small></p>'
                if self.note else "")
        return (f'<table{marks} style="{_CSS}">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>{note}")

    def _repr_html_(self) -> str:
        return self.to_html()


def _is_marked_numeric(series: pd.Series, markers: set[str]) -> bool:
    """An object column of numbers in which some cells are withheld markers (``suppressed``)."""
    seen = False
    for v in series:
        if _is_missing(v) or (isinstance(v, str) and (v in markers or v == "")):
            continue
        if isinstance(v, bool) or not isinstance(v, numbers.Number):
            return False
        seen = True
    return seen


def show(df: pd.DataFrame | pd.Series | CountTable, *, labels: Mapping[str, str] | None = None,
         values: Mapping[str, Mapping[Any, str]] | None = None, digits: int | Mapping[str, int] = 3,
         p_columns: Iterable[str] = (), percent_columns: Iterable[str] = (),
         caption: str | None = None, index: bool | str = False,
         columns: Iterable[str] | None = None, markers: Iterable[str] = ()) -> Table:
    """Format ``df`` for readers.

    ``labels`` renames columns (original name → label); ``values`` maps coded values per
    original column name (``{"type": {"academic_secondary": "academic secondary school"}}``);
    ``digits`` is one number of decimals or one per column; ``p_columns`` and
    ``percent_columns`` name columns formatted as p-values and percentages; ``index`` keeps the
    row index (``True``, or a string naming its header); ``columns`` selects and orders columns.

    ``df`` may be a published :class:`~netlib.privacy.CountTable`: its frame is formatted the
    same way, cells equal to ``suppressed`` or to one of ``markers`` (other withheld-value
    texts, e.g. ``"n < 5"``) are kept verbatim — a column of numbers with such cells is still a
    number column — and the result keeps the count marking, threshold, note and caption.
    """
    counted: CountTable | None = df if isinstance(df, CountTable) else None
    if counted is not None:
        df = counted.frame
        caption = caption if caption is not None else counted.caption
    frame = df.to_frame() if isinstance(df, pd.Series) else df
    marks = set(markers) | ({SUPPRESSED} if counted is not None else set())
    if columns is not None:
        frame = frame[list(columns)]
    labels = dict(labels or {})
    values = dict(values or {})
    p_cols, pct_cols = set(p_columns), set(percent_columns)
    unknown = (set(labels) | set(values) | p_cols | pct_cols) - set(frame.columns)
    if unknown:
        raise KeyError(f"show(): no column named {sorted(map(str, unknown))}; "
                       f"columns are {list(map(str, frame.columns))}")
    out: dict[str, list[str]] = {}
    numeric: dict[str, bool] = {}
    for col in frame.columns:
        series = frame[col]
        d = digits.get(col, 3) if isinstance(digits, Mapping) else digits
        if marks and pd.api.types.is_object_dtype(series) and col not in values:
            kept = [isinstance(v, str) and (v in marks or v == "") for v in series]
            is_num = _is_marked_numeric(series, marks)
            if col in pct_cols:
                fmt, d = format_percent, (digits.get(col, 1) if isinstance(digits, Mapping) else 1)
            else:
                fmt = format_p if col in p_cols else format_value
            cells = [v if k else fmt(v, d) for v, k in zip(series, kept, strict=True)]
        elif col in values:
            mapping = values[col]
            cells = [MISSING if _is_missing(v) else mapping.get(v, str(v)) for v in series]
            is_num = False
        elif col in p_cols:
            cells, is_num = [format_p(v, d) for v in series], True
        elif col in pct_cols:
            pd_ = digits.get(col, 1) if isinstance(digits, Mapping) else 1
            cells, is_num = [format_percent(v, pd_) for v in series], True
        else:
            is_num = (pd.api.types.is_numeric_dtype(series)
                      and not pd.api.types.is_bool_dtype(series))
            cells = [format_value(v, d) for v in series]
        label = labels.get(col, str(col))
        out[label] = cells
        numeric[label] = is_num
    cells = pd.DataFrame(out, index=frame.index if index else None)
    if not index:
        cells.index = pd.RangeIndex(len(cells))
    index_name = None
    if index:
        index_name = index if isinstance(index, str) else str(frame.index.name or "")
        cells.index = [format_value(i) for i in frame.index]
    if counted is None:
        return Table(cells, numeric, caption, index_name)
    count_labels = [labels.get(c, str(c)) for c in counted.counts if c in frame.columns]
    return Table(cells, numeric, caption, index_name, count_columns=count_labels,
                 threshold=counted.threshold, note=counted.note)
