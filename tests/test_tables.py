"""Reader-first tables (netlib.viz.tables): every property asserted here can fail."""

import html

import numpy as np
import pandas as pd
import pytest

from netlib.viz.tables import MISSING, THIN_SPACE, format_p, format_percent, show


def frame():
    return pd.DataFrame({
        "type": ["academic_secondary", "primary", None],
        "n": [6325, 12, 3],
        "share": [0.085, 0.5, np.nan],
        "p": [4.998e-4, 0.0312, 1.0],
        "ok": [True, False, True],
        "text": ["a long French sentence " * 20, "b", pd.NA],
    })


def test_labels_values_and_number_formats():
    t = show(frame(), labels={"type": "school type", "n": "pupils"},
             values={"type": {"academic_secondary": "academic secondary school"}},
             p_columns=["p"], percent_columns=["share"])
    c = t.cells
    assert list(c.columns) == ["school type", "pupils", "share", "p", "ok", "text"]
    assert c["school type"].tolist() == ["academic secondary school", "primary", MISSING]
    assert c["pupils"].tolist() == [f"6{THIN_SPACE}325", "12", "3"]
    assert c["share"].tolist() == ["8.5 %", "50.0 %", MISSING]
    assert c["p"].tolist() == ["< 0.001", "0.031", "1.000"]
    assert c["ok"].tolist() == ["yes", "no", "yes"]
    assert c["text"].iloc[2] == MISSING


def test_no_truncation_and_no_repr_noise():
    t = show(frame())
    text, page = repr(t), t.to_html()
    long = "a long French sentence " * 20
    assert long.strip() in text and long.strip() in page
    for noise in ("NaN", "<NA>", "dtype", "None", "..."):
        assert noise not in text and noise not in page


def test_alignment_text_left_numbers_right():
    page = show(frame()).to_html()
    first_row = page.split("<tr>")[2]
    cells = first_row.split("<td ")[1:]
    assert "text-align:left" in cells[0] and "text-align:right" in cells[1]
    assert "white-space:normal" in cells[5]


def test_empty_table_says_so_and_unknown_column_is_named():
    t = show(frame().iloc[0:0])
    assert "(no rows)" in repr(t) and "(no rows)" in t.to_html()
    with pytest.raises(KeyError, match="nope"):
        show(frame(), labels={"nope": "x"})


def test_html_escapes_values():
    page = show(pd.DataFrame({"x": ["<script>alert(1)</script>"]})).to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_p_and_percent_helpers():
    assert format_p(0.0004998) == "< 0.001" and format_p(0.001) == "0.001"
    assert format_percent(0.0855) == "8.6 %"


def test_count_table_keeps_suppression_marking_and_note():
    """A published CountTable through show(): withheld cells stay 'suppressed', the count
    columns keep their marking (positions among the <td> cells, the index being one), and
    the disclosure scanner of tests/test_disclosure.py accepts the result while it flags a
    leaked small count."""
    from netlib.privacy import COUNTS_CLASS, SUPPRESSED, publish_counts
    from tests.test_disclosure import scan_html_tables, scan_text

    df = pd.DataFrame({"respondents": [1107, 10, 2], "share": [0.9, 0.08, 0.02]},
                      index=pd.Index([1, 2, 3], name="institutions"))
    published = publish_counts(df, ["respondents"], derived={"share": "respondents"},
                               margins="columns", known="columns")
    t = show(published, labels={"respondents": "respondents (n)"},
             percent_columns=["share"], index="institutions")
    c = t.cells
    assert c["respondents (n)"].tolist() == [f"1{THIN_SPACE}107", SUPPRESSED, SUPPRESSED]
    assert c["share"].tolist() == ["90.0 %", SUPPRESSED, SUPPRESSED]
    assert t.numeric["respondents (n)"] and t.numeric["share"]
    page = t.to_html()
    assert COUNTS_CLASS in page and 'data-netlib-counts="[1]"' in page
    assert html.escape(published.note) in page and published.note in repr(t)
    assert scan_html_tables(page, "t", person=True) == []
    assert scan_text(f"ties    1{THIN_SPACE}107", "t") == []  # a thousands group, not a 1
    assert scan_text("ties: 2", "t")  # while a small count still is
    leaking = page.replace(f">{SUPPRESSED}</td>", ">2</td>", 1)
    assert scan_html_tables(leaking, "t", person=True)[0].small == 1


def test_markers_keep_withheld_texts_in_number_columns():
    df = pd.DataFrame({"mean": [2.7612, "n < 5", ""], "p": [4.998e-4, "n < 5: not tested", 0.2]})
    t = show(df, markers=["n < 5", "n < 5: not tested"], p_columns=["p"], digits=2)
    assert t.cells["mean"].tolist() == ["2.76", "n < 5", ""]
    assert t.cells["p"].tolist() == ["< 0.01", "n < 5: not tested", "0.20"]
    assert t.numeric["mean"] and t.numeric["p"]
    assert "netlib-counts" not in t.to_html()
