"""Every notebook follows the compendium's shape and is committed as executed.

nbval (run by `make test` over notebooks/) re-executes each notebook and compares outputs;
these checks cover what nbval does not: the reader-facing structure and that the committed
outputs come from a clean top-to-bottom run.
"""

import nbformat
import pytest

from netlib.tooling.notebooks import notebook_paths

NOTEBOOKS = notebook_paths()


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_sources.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_structure(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "**Question.**" in first.source
    assert ("synthetic" in first.source.lower()) or ("real" in first.source.lower())
    headings = [c.source for c in nb.cells if c.cell_type == "markdown"]
    text = "\n".join(headings)
    assert "## " in text and "Findings" in text and "Limitations" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_as_executed_top_to_bottom(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for c in code:
        assert not any(o.output_type == "error" for o in c.outputs), c.source[:60]
        assert not any(o.get("name") == "stderr" for o in c.outputs), c.source[:60]
