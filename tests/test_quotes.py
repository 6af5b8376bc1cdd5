"""Quotations for readers: PDF line-break hyphenation repaired, real hyphens kept."""

import pytest

from netlib.viz.quotes import quote_markdown, quotes_markdown, repair_hyphenation


@pytest.mark.parametrize("text, want", [
    ("Troisième- ment", "Troisièmement"),
    ("la commu- nication régionale", "la communication régionale"),
    ("peut-être", "peut-être"),
    ("Rhône-Alpes", "Rhône-Alpes"),
    ("Rhône- Alpes", "Rhône-Alpes"),
    ("les pré- et post-tests", "les pré- et post-tests"),
    ("Auvergne-Rhône- Alpes et la démi- douzaine", "Auvergne-Rhône-Alpes et la démidouzaine"),
    ("deux  espaces\n et une ligne", "deux espaces et une ligne"),
])
def test_repair_hyphenation(text, want):
    assert repair_hyphenation(text) == want


def test_quote_markdown_is_a_blockquote_with_both_languages():
    md = quote_markdown("Troisième- ment, les réseaux", "Third, the networks", "seed 001, l. 3–4")
    lines = md.splitlines()
    assert all(line.startswith(">") for line in lines)
    assert "« Troisièmement, les réseaux »" in lines[0]
    assert "> *Third, the networks*" in lines and lines[-1] == "> — seed 001, l. 3–4"


def test_quotes_markdown_stacked_separates_quotes_and_handles_none():
    md = quotes_markdown([{"text_fr": "a", "text_en": "b"}, {"text_fr": "c", "text_en": None}],
                         layout="stacked")
    assert md.count("> « ") == 2 and "\n\n" in md and "*None*" not in md
    assert quotes_markdown([]) == "*(no quotation)*"


def test_quotes_side_by_side_are_a_table_that_markdown_parses():
    """French beside English: one table row per quote, pipes and emphasis marks escaped so
    that a quote cannot break its row (parsed with markdown-it, MyST's parser)."""
    from markdown_it import MarkdownIt

    rows = [{"fr": "Troisième- ment, a | b", "en": "Third, *a* | b", "src": "seed 001, l. 3",
             "lab": "F1"},
            {"fr": "c", "en": None, "src": None, "lab": None}]
    md = quotes_markdown(rows, fr="fr", en="en", source="src", label="lab")
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert html.count("<tr>") == 3 and html.count("<td>") == 8  # header + 2 rows × 4 cells
    assert "« Troisièmement, a | b »" in html and "<em>Third, *a* | b</em>" in html
    assert "<th>French (verbatim)</th>" in html and "<th>English (translation)</th>" in html
    second = html.split("<tr>")[3]
    assert "« c »" in second and "—" in second and "<strong>" not in second
    with pytest.raises(ValueError, match="layout"):
        quotes_markdown(rows, fr="fr", en="en", layout="side")
