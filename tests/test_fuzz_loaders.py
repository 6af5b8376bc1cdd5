"""A property-based harness over every public loader: malformed bytes of the kinds users and
attackers produce, and three promises checked on each —

1. only :class:`netlib.DataError` escapes (no ``csv.Error``, ``UnicodeError``,
   ``OverflowError``, ``BadZipFile``, bare pandas ``ValueError`` …);
2. nothing is lost: with ``strict=False``, rows in = rows kept + rows rejected, the rows in
   being counted here independently with Python's :mod:`csv` module;
3. no raw respondent id appears in any message or rejected row of a survey.
"""

from __future__ import annotations

import csv
import io
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlib import DataError, RejectedRowsWarning, load
from netlib.cases import idos
from netlib.cases.imst.survey import SHIPPED_SURVEY, load_imst_survey
from netlib.cases.tables import EVALUATION_TABLES, IDOS_STYLISED_NETWORKS, SOURCE_TABLES
from netlib.data.paths import RAW
from netlib.privacy import KEY_ENV

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
NASTY_CELLS = ["", " ", '"', '"x', 'x"y', "٢٠٠٦", "２００６", "\x00", "a\x00b", "nan", "inf",
               "-inf", "1e400", "1" * 30, "\u200b", "Ka\u0308rnten", "a;;b", ";", "\ufeff",
               "\u202e", "=1+1", "NULL", "#", "\\", "\r", "é" * 5, "x" * 300]
TABLE_LOADERS = {
    "idos_peers.csv": load.load_idos_peers,
    "idos_network_types.csv": load.load_idos_network_types,
    "idos_peer_networks.csv": load.load_idos_peer_networks,
    "links_networks.csv": load.load_links_networks,
    "links_nodes.csv": load.load_links_nodes,
    "facts.csv": load.load_facts,
    "imst_findings.csv": load.load_imst_findings,
    "star.csv": load.load_star,
    "star_published.csv": load.load_star_published,
    "rct_facts.csv": load.load_rct_facts,
    "wwc_attrition_boundaries.csv": load.load_wwc_attrition_boundaries,
    "organisations.csv": load.load_organisations,
    "initiatives.csv": load.load_initiatives,
    "memberships.csv": load.load_memberships,
    "organisation_aliases.csv": load.load_organisation_aliases,
    "idos_success_families.csv": idos.load_success_families,
    "idos_success_factors.csv": idos.load_success_factors,
    "idos_structure_evidence.csv": idos.load_structure_evidence,
    "links_governance.csv": idos.load_links_governance,
    "idos_stylised_networks.csv": idos.load_stylised_networks,
}

# numeric columns of each table (from the schemas), where non-ASCII digits, overflow and
# non-finite numbers must be rejected
NUMERIC = {
    name: {c.name: c.kind for c in schema.columns if c.kind in ("int", "float")}
    for name, schema in ((s.file, s) for s in (*SOURCE_TABLES, *EVALUATION_TABLES,
                                                 IDOS_STYLISED_NETWORKS))
}


@st.composite
def mutated(draw, text: str) -> bytes:
    """The bytes of ``text`` broken in one to three ways."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["cell", "cell", "cell", "quote", "truncate", "dup", "drop",
                                   "nul", "bytes"]))
        body = [i for i in range(len(lines)) if lines[i] and not lines[i].startswith("#")]
        if not body:
            break
        i = draw(st.sampled_from(body))
        if op == "cell":
            cells = next(csv.reader([lines[i]])) if lines[i] else [""]
            j = draw(st.integers(0, max(len(cells) - 1, 0)))
            cells[j] = draw(st.sampled_from(NASTY_CELLS))
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(cells)
            lines[i] = buf.getvalue()
        elif op == "quote":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + '"' + lines[i][k:]
        elif op == "truncate":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "drop":
            del lines[i]
        elif op == "nul":
            lines[i] += "\x00"
    data = "\n".join(lines).encode("utf-8")
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "bom", "utf-16", "latin-1",
                                     "junk"]))
    if encoding == "bom":
        data = b"\xef\xbb\xbf" + data
    elif encoding == "utf-16":
        data = "\n".join(lines).encode("utf-16")
    elif encoding == "latin-1":
        data = "\n".join(lines).encode("latin-1", errors="replace")
    elif encoding == "junk":
        k = draw(st.integers(0, len(data)))
        data = data[:k] + draw(st.binary(min_size=1, max_size=8)) + data[k:]
    return data


def records_in(data: bytes) -> int:
    """Non-blank records after the leading ``#`` lines, counted with Python's csv module."""
    text = data.decode("utf-8-sig")
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    rows = list(csv.reader(io.StringIO("\n".join(lines), newline="")))
    return sum(1 for r in rows[1:] if r and any(c.strip() for c in r))


def sample(name: str, rows: int = 40) -> str:
    """The raw table, cut to its first data rows (STAR has 11 598) to keep the harness fast."""
    text = (RAW / name).read_text(encoding="utf-8")
    out = list(csv.reader(io.StringIO(text, newline="")))[: rows + 1]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(out)
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(TABLE_LOADERS))
@SETTINGS
@given(data=st.data())
def test_table_loaders_raise_only_data_errors_and_lose_nothing(tmp_path, name, data):
    raw = data.draw(mutated(sample(name)))
    path = tmp_path / name
    path.write_bytes(raw)
    loader = TABLE_LOADERS[name]
    for strict in (True, False):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RejectedRowsWarning)
                df = loader(path, strict=strict)
        except DataError as e:
            assert name in str(e)
            continue
        if not strict:
            assert len(df) + len(df.attrs["rejected"]) == records_in(raw)


IDS = [f"person.{i}@example.org" for i in range(40)]


def survey_text() -> tuple[str, str]:
    """The shipped survey with its ids replaced by e-mail-like ids (and its label removed)."""
    out = []
    for name in ("respondents.csv", "ties.csv"):
        text = (SHIPPED_SURVEY / name).read_text(encoding="utf-8")
        lines = [ln for ln in text.split("\n") if not ln.startswith("#")][:60]
        out.append("\n".join(lines) + "\n")
    rows = list(csv.reader(io.StringIO(out[0])))
    mapping = {r[0]: IDS[k % len(IDS)] for k, r in enumerate(rows[1:]) if r}
    for old, new in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
        out = [t.replace(old, new) for t in out]
    return out[0], out[1]


@SETTINGS
@given(data=st.data(), which=st.sampled_from(["respondents.csv", "ties.csv"]),
       fmt=st.sampled_from(["folder", "folder", "xlsx"]))
def test_survey_loader_raises_only_data_errors_loses_nothing_leaks_no_id(
        tmp_path, monkeypatch, data, which, fmt):
    monkeypatch.setenv(KEY_ENV, "a-user-key-of-more-than-16-bytes")
    resp, ties = survey_text()
    texts = {"respondents.csv": resp.encode(), "ties.csv": ties.encode()}
    texts[which] = data.draw(mutated(texts[which].decode()))
    d = tmp_path / "survey"
    d.mkdir(exist_ok=True)
    for name, raw in texts.items():
        (d / name).write_bytes(raw)
    target = d
    if fmt == "xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        wb.remove(wb.active)
        try:
            for name, raw in texts.items():
                ws = wb.create_sheet(name[:-4])
                for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")):
                    ws.append(row)
        except Exception:  # bytes openpyxl cannot even store: not a workbook to test
            return
        target = tmp_path / "survey.xlsx"
        try:
            wb.save(target)
        except Exception:
            return
    for strict in (True, False):
        try:
            s = load_imst_survey(target, strict=strict)
        except DataError as e:
            shown = str(e) + repr(e.value)
            assert not any(i in shown for i in IDS) and "example.org" not in shown
            continue
        assert "example.org" not in s.rejected.to_csv()
        assert "example.org" not in s.respondents.to_csv() + s.ties.to_csv()
        summary = s.summary()
        for sheet in ("respondents", "ties"):
            assert summary[f"{sheet}: rows in"] == (summary[f"{sheet}: kept"]
                                                    + summary[f"{sheet}: rejected"])
        if fmt == "folder" and not strict:
            assert summary[f"{which[:-4]}: rows in"] == records_in(texts[which])


@SETTINGS
@given(data=st.data(), which=st.sampled_from(["organisations.csv", "initiatives.csv",
                                              "memberships.csv", "organisation_aliases.csv"]))
def test_ecosystem_loader_raises_only_data_errors(tmp_path, data, which):
    paths = {}
    for name in ("organisations.csv", "initiatives.csv", "memberships.csv",
                 "organisation_aliases.csv"):
        paths[name] = tmp_path / name
        text = (RAW / name).read_text(encoding="utf-8")
        paths[name].write_bytes(data.draw(mutated(text)) if name == which else text.encode())
    try:
        load.load_ecosystem(paths["organisations.csv"], paths["initiatives.csv"],
                            paths["memberships.csv"], paths["organisation_aliases.csv"])
    except DataError as e:
        assert any(n in str(e) for n in paths)


SWEEP = ["", '"x', "٢٠٠٦", "２", "a\x00b", "nan", "1e400", "1" * 30, "\u200b", "Ka\u0308rnten",
         "a;;b", "\ufeff", "é" * 5]


@pytest.mark.parametrize("name", sorted(TABLE_LOADERS))
def test_every_nasty_cell_in_every_column(tmp_path, name):
    """A deterministic sweep that random draws could miss: each value above in each column,
    one broken cell per row of one file (so a problem is one row's, and the file loads once)."""
    rows = list(csv.reader(io.StringIO(sample(name, rows=1), newline="")))
    header, base = rows[0], rows[1]
    broken = []
    for j in range(len(header)):
        for value in SWEEP:
            row = base[:]
            row[j] = value
            broken.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *broken])
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RejectedRowsWarning)
        df = TABLE_LOADERS[name](path, strict=False)
    assert len(df) + len(df.attrs["rejected"]) == len(broken)
    # the values that must never be accepted in a typed column are rejected there
    rejected = set(df.attrs["rejected"]["line"])
    for k in range(len(broken)):
        j, value = k // len(SWEEP), SWEEP[k % len(SWEEP)]
        kind = NUMERIC.get(name, {}).get(header[j])
        must_reject = (value == "a\x00b" or (kind and value in ("٢٠٠٦", "２", "1e400"))
                       or (kind == "int" and value == "1" * 30))
        if must_reject:
            assert k + 2 in rejected, (header[j], value)


def trial_text(n: int = 24) -> str:
    rows = ["student,school,block,treat,score,age"]
    for i in range(n):
        school = "ABCDEFGH"[i % 8]
        rows.append(f"s{i},{school},{'north' if school in 'ABCD' else 'south'},"
                    f"{int(school in 'ACEG')},{10 + i % 5}.5,{6 + i % 3}")
    return "\n".join(rows) + "\n"


@SETTINGS
@given(data=st.data(), design=st.sampled_from(["individual", "cluster"]))
def test_trial_loader_raises_only_data_errors_and_loses_nothing(tmp_path, data, design):
    from netlib.trials.loader import load_trial

    raw = data.draw(mutated(trial_text()))
    path = tmp_path / "trial.csv"
    path.write_bytes(raw)
    kw = dict(outcome="score", treatment="treat", design=design, cluster="school",
              block="block", covariates=["age"])
    for strict in (True, False):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RejectedRowsWarning)
                t = load_trial(path, strict=strict, **kw)
        except DataError as e:
            assert "trial.csv" in str(e)
            continue
        if not strict:
            assert t.rows_in == len(t.data) + len(t.rejected) == records_in(raw)
