"""The source documents are cited from references.bib, and a clone without them stands on its own.

references.bib has a full entry for each seed; netlib.cases.sources parses it, says where the texts
are looked for ($NETLIB_SOURCES) and what to do when they are absent; README's Sources table
matches the bibliography; the tests that read the texts skip (or, under
NETLIB_REQUIRE_SOURCES=1, fail) with one reason.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netlib import DataError
from netlib.cases import sources
from netlib.data.paths import DEFAULT_SOURCES, ROOT, rel, sources_dir

REASON = ("source documents not found in {}: set NETLIB_SOURCES or place the five seed texts "
          "in ../shared/seeds (see references.bib)")


@pytest.fixture
def no_sources(monkeypatch, tmp_path):
    absent = tmp_path / "no-seeds-here"
    monkeypatch.setenv("NETLIB_SOURCES", str(absent))
    return absent


# --- references.bib -------------------------------------------------------------------------

def test_every_seed_has_a_key():
    assert set(sources.SEED_KEYS) == set(sources.SEED_LABELS)
    assert len(set(sources.SEED_KEYS.values())) == len(sources.SEED_KEYS)


@pytest.mark.parametrize("seed", sorted(sources.SEED_LABELS))
def test_every_seed_has_a_full_entry(seed):
    entry = sources.bibliography()[sources.SEED_KEYS[seed]]
    for field in ("title", "author", "year", "language", "note"):
        assert entry.get(field), (seed, field)
    assert re.fullmatch(r"(19|20)\d\d", entry["year"])
    assert entry["language"] == "french"
    assert entry["note"].startswith(f"Seed file {seed}.")
    assert "inferred" in entry["note"] or "printed" in entry["note"]  # says where facts come from
    # the raw file also names the seed beside its entry, for grep
    assert f"% seed {seed}\n@" in sources.BIB.read_text(encoding="utf-8")


def test_reference_of_a_seed():
    ref = sources.reference("001_96660dd6e275d386.txt")
    assert ref["key"] == "links_2019" and ref["seed_file"] == "001_96660dd6e275d386.txt"
    assert ref["title"].startswith("Le rôle des réseaux dans la création d'alliances")
    assert ref["author"] == "Partenariat LINKS" and ref["year"] == "2019"
    assert ref["citation"].startswith("Partenariat LINKS (2019). Le rôle des réseaux")
    assert ref["citation"].endswith("In French.")
    # escapes are undone: the seed file name and the URL-encoded name come out as written
    assert "001_96660dd6e275d386.txt" in ref["note"] and "links_fr_web%2B.pdf" in ref["note"]


def test_reference_by_key_and_published_references():
    ref = sources.reference("dong_maynard_2013")
    assert ref["seed_file"] == "" and ref["kind"] == "article"
    assert ref["citation"] == (
        "Dong, N. & Maynard, R. (2013). PowerUp!: A Tool for Calculating Minimum Detectable "
        "Effect Sizes and Minimum Required Sample Sizes for Experimental and Quasi-Experimental "
        "Design Studies. Journal of Research on Educational Effectiveness, 6(1), 24–67. "
        "https://doi.org/10.1080/19345747.2012.673143")
    assert sources.reference("stock_watson_2007")["citation"] == (
        "Stock, J. H. & Watson, M. W. (2007). Introduction to Econometrics (2nd ed.). "
        "Boston: Pearson Addison-Wesley.")
    assert "#REVE" in sources.reference("002_34f3989d49f967e9.txt")["title"]


def test_unknown_reference():
    with pytest.raises(DataError, match="no bibliography entry") as e:
        sources.reference("999_nothing.txt")
    assert "references.bib" in str(e.value)


def test_parse_bib_subset():
    text = """% a comment with @misc{not_an_entry, in it
@comment{ignored}
@Book{k1,
  Title = {A {Nested} Title},
  author = "Doe, Jane Mary and {Some Body}",
  year = 2001,
  note = {50\\% of a\\_b \\#c}
}
@misc{k2, title={Second}}
"""
    bib = sources.parse_bib(text)
    assert list(bib) == ["k1", "k2"]
    assert bib["k1"] == {"type": "book", "title": "A Nested Title",
                         "author": "Doe, Jane Mary and Some Body", "year": "2001",
                         "note": "50% of a_b #c"}
    assert sources.authors(bib["k1"]) == ["Doe, J. M.", "Some Body"]


@pytest.mark.parametrize("text,problem", [
    ("x\n@misc{k,\n  title = {unclosed\n}\n", "malformed BibTeX entry 'k'"),
    ("@misc{k, title}\n", "malformed BibTeX entry 'k'"),
    ("@misc{k, title={a}}\n@misc{k, title={b}}\n", "duplicate BibTeX key 'k'"),
])
def test_parse_bib_errors_name_file_and_line(text, problem):
    with pytest.raises(DataError, match=re.escape(problem)) as e:
        sources.parse_bib(text, file="x.bib")
    assert e.value.file == "x.bib" and e.value.line in (1, 2)


def test_readme_sources_table_matches_references_bib():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Sources\n", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in section.splitlines() if r.startswith("| `")]
    assert len(rows) == len(sources.SEED_LABELS)
    for seed in sources.SEED_LABELS:
        ref = sources.reference(seed)
        (row,) = [r for r in rows if r.startswith(f"| `{seed}` |")]
        assert f"| `{ref['key']}` |" in row
        assert f"({ref['year']})" in row
        assert ref["title"] in row, (seed, ref["title"])
        assert ref["author"].split(";")[0] in row
    assert "NETLIB_SOURCES" in section and "NETLIB_REQUIRE_SOURCES=1" in section
    assert REASON.format("<path>") in section


# --- where the texts are --------------------------------------------------------------------

def test_default_and_configured_location(monkeypatch, tmp_path):
    monkeypatch.delenv("NETLIB_SOURCES", raising=False)
    assert sources_dir() == DEFAULT_SOURCES == ROOT.parent / "shared" / "seeds"
    monkeypatch.setenv("NETLIB_SOURCES", str(tmp_path))
    assert sources_dir() == tmp_path
    monkeypatch.setenv("NETLIB_SOURCES", "elsewhere/seeds")  # relative to the root
    assert sources_dir() == ROOT / "elsewhere" / "seeds"


def test_available_needs_all_five(monkeypatch, tmp_path):
    monkeypatch.setenv("NETLIB_SOURCES", str(tmp_path))
    assert not sources.available() and sources.missing() == list(sources.SEED_LABELS)
    assert sources.unavailable_reason() == REASON.format(rel(tmp_path))
    for seed in list(sources.SEED_LABELS)[:4]:
        (tmp_path / seed).write_text("x\n", encoding="utf-8")
    assert sources.missing() == ["004_59d2649864d84b63.txt"]
    assert "(missing: 004_59d2649864d84b63.txt)" in sources.unavailable_reason()
    (tmp_path / "004_59d2649864d84b63.txt").write_text("y\n", encoding="utf-8")
    assert sources.available()
    assert sources.seed_lines("004_59d2649864d84b63.txt") == ("y",)


def test_missing_seed_says_how_to_obtain_it(no_sources):
    with pytest.raises(DataError, match="seed document not found") as e:
        sources.seed_lines("000_157fe107195ce30b.txt")
    msg = str(e.value)
    assert "no-seeds-here/000_157fe107195ce30b.txt" in msg  # folder and name, not the full path
    assert "NETLIB_SOURCES" in msg and "../shared/seeds" in msg and "references.bib" in msg


def test_required_flag(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("0", False), ("", False)]:
        monkeypatch.setenv("NETLIB_REQUIRE_SOURCES", value)
        assert sources.required() is expected
    monkeypatch.delenv("NETLIB_REQUIRE_SOURCES")
    assert not sources.required()


def test_documents_table_without_the_texts(no_sources):
    df = sources.documents_table()
    assert list(df["seed file"]) == list(sources.SEED_LABELS)
    assert df[["key", "year", "by", "title"]].ne("").all().all()
    assert df["lines"].isna().all() and df["characters"].isna().all()
    status = sources.status()
    assert status.startswith("SOURCE DOCUMENTS NOT FOUND: 5 of 5")
    assert rel(no_sources) in status and str(no_sources) not in status and "NETLIB_SOURCES" in status
    assert "../shared/seeds" in status and "references.bib" in status


@pytest.mark.requires_sources
def test_documents_table_with_the_texts():
    df = sources.documents_table()
    assert (df["lines"] > 0).all() and (df["characters"] > df["lines"]).all()
    assert df.loc[0, "lines"] == len(sources.seed_lines(df.loc[0, "seed file"]))
    assert str(sources_dir()) not in sources.status()  # notebook output is machine-independent


# --- the tests that need the texts: skipped, or failed under the flag ------------------------

def _pytest(**env):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_sources_verbatim.py", "-k", "line_ranges",
         "-q", "-o", "addopts=-ra"],  # without nbval (and its slow import): not needed here
        cwd=ROOT, env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **env},
        capture_output=True, text=True, timeout=300)


def test_absent_texts_skip_with_one_reason_or_fail_when_required(tmp_path):
    absent = str(tmp_path / "none")
    env = {"NETLIB_SOURCES": absent, "NETLIB_REQUIRE_SOURCES": "0"}
    run = _pytest(**env)
    assert run.returncode == 0, run.stdout[-2000:]
    skipped = re.findall(r"SKIPPED \[(\d+)\] [^:]+:\d+: (.*)", run.stdout)
    assert skipped and {reason for _, reason in skipped} == {REASON.format(rel(absent))}
    assert re.search(r"\b\d+ skipped\b", run.stdout) and " failed" not in run.stdout

    run = _pytest(**{**env, "NETLIB_REQUIRE_SOURCES": "1"})
    assert run.returncode == 1
    assert re.search(r"\b\d+ failed\b", run.stdout) and "skipped" not in run.stdout
    assert REASON.format(rel(absent)) in run.stdout and "absence is a failure" in run.stdout


def test_ci_requires_the_texts_and_runs_exactly_make_test():
    lines = [ln.strip() for ln in Path(ROOT, ".ci", "run").read_text().splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert "export NETLIB_REQUIRE_SOURCES=1" in lines
    assert lines[-1] == "make test"


def test_report_warns_without_the_texts(no_sources, monkeypatch, capsys):
    from netlib.tooling import report

    monkeypatch.setattr(report, "render", lambda: [])
    assert report.main([]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"WARNING: {REASON.format(rel(no_sources))}")


def test_status_markdown_warns_visibly_when_texts_are_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("NETLIB_SOURCES", str(tmp_path))
    md = sources.status_markdown()
    assert md.startswith("> **⚠ Source documents not found.**")
    assert all(f"`{seed}`" in md for seed in sources.SEED_LABELS) and "To obtain them" in md
    for seed in sources.SEED_LABELS:
        (tmp_path / seed).write_text("x\n", encoding="utf-8")
    assert sources.status_markdown().startswith("All five source documents were found")
