"""Every French quote in the raw tables is verbatim in its seed, inside the cited lines.

Independent check of the hand extraction: the seed text (whitespace collapsed, see
netlib.cases.sources) must contain each ``*_fr`` cell, and each row's ``source`` must name a seed.
Tests that read the seed texts are marked ``requires_sources`` (see conftest.py).
"""

import pytest

from netlib import load
from netlib.cases.sources import SEED_LABELS, is_verbatim, seed_lines, seed_of
from netlib.cases.tables import SOURCE_TABLES

# Network names of Tableau 3 come from the section I.3 headings, not the table row its
# `lines` point at (see cards/idos_peer_networks.md): they are checked against the whole seed.
WHOLE_SEED = {("idos_peer_networks", "network_name_fr")}
# A quote `<stem>_fr` whose table has a `<stem>_lines` column is checked within those lines
# (e.g. idos_success_families.section_fr, a heading far from the row's `lines`).

CASES = []
for schema in SOURCE_TABLES:
    df = load.load_table(schema)
    fr = [c.name for c in schema.columns if c.name.endswith("_fr")]
    for i, row in df.iterrows():
        for col in fr:
            if isinstance(row[col], str) and row[col]:
                own = col[:-3] + "_lines"
                lines = row[own] if own in df.columns else row["lines"]
                CASES.append(pytest.param(schema.name, row["source"], lines, col, row[col],
                                          id=f"{schema.name}-{i}-{col}"))


def test_there_are_quotes_to_check():
    assert len(CASES) > 150


@pytest.mark.requires_sources
@pytest.mark.parametrize("table,source,lines,col,quote", CASES)
def test_quote_is_verbatim_within_lines(table, source, lines, col, quote):
    seed = seed_of(source)
    assert seed in SEED_LABELS
    scope = None if (table, col) in WHOLE_SEED else lines
    assert is_verbatim(quote, seed, scope), f"{col} not found in {seed} lines {lines}: {quote!r}"


@pytest.mark.requires_sources
@pytest.mark.parametrize("schema", SOURCE_TABLES, ids=lambda s: s.name)
def test_line_ranges_exist_in_seed(schema):
    df = load.load_table(schema)
    for source, lines in zip(df["source"], df["lines"], strict=True):
        start, end = (int(x) for x in lines.split("-"))
        assert 1 <= start <= end <= len(seed_lines(seed_of(source)))


def test_facts_seed_file_matches_source():
    facts = load.load_facts()
    assert (facts["seed_file"] == facts["source"].map(seed_of)).all()
