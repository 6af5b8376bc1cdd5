"""The data packages: data/raw/datapackage.json and data/processed/datapackage.json.

Frictionless validates both (offline: a test fails if it opens a socket); the raw descriptor
is the one the catalogue generates, the cards' column tables are the ones it generates, and
a changed byte, a broken foreign key or an undescribed file is caught by frictionless and by
the project's loader alike.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import socket
import time
from pathlib import Path

import frictionless
import pytest

from netlib import load
from netlib.cases.catalogue import RAW_PACKAGE, RESOURCES
from netlib.data import package, provenance
from netlib.data.errors import DataError
from netlib.data.paths import PROCESSED, RAW
from netlib.data.schema import Column

RAW_DESCRIPTOR = RAW / "datapackage.json"
PROCESSED_DESCRIPTOR = PROCESSED / "datapackage.json"


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _validate(path: Path) -> frictionless.Report:
    start = time.perf_counter()
    report = frictionless.validate(str(path))
    print(f"frictionless validate {path.name} ({path.parent.name}): "
          f"{time.perf_counter() - start:.1f} s")
    return report


def _errors(report: frictionless.Report) -> list[tuple[str, str, str]]:
    out = [("package", e.type, e.note) for e in report.errors]
    for task in report.tasks:
        out += [(task.name, e.type, e.note) for e in task.errors]
    return out


# --------------------------------------------------------------------------- validation
def test_raw_package_is_valid_offline(offline):
    report = _validate(RAW_DESCRIPTOR)
    assert report.valid, _errors(report)[:10]
    assert {t.name for t in report.tasks} == {r.name for r in RESOURCES}
    star = next(t for t in report.tasks if t.name == "star")
    assert star.stats["rows"] == 11598


def test_processed_package_is_valid_offline(offline):
    report = _validate(PROCESSED_DESCRIPTOR)
    assert report.valid, _errors(report)[:10]
    listed = {r["path"] for r in package.read(PROCESSED_DESCRIPTOR)["resources"]}
    assert listed == {p.name for p in PROCESSED.glob("*.csv")}


def test_v2_profile_is_declared_not_fetched():
    for path in (RAW_DESCRIPTOR, PROCESSED_DESCRIPTOR):
        d = package.read(path)
        assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
        assert all("profile" not in r for r in d["resources"])


# --------------------------------------------------------------------------- one truth
def test_descriptor_is_what_the_catalogue_generates():
    expected = package.dumps(package.build_descriptor(
        RAW_PACKAGE, package.recorded_hashes(RAW_DESCRIPTOR)))
    assert RAW_DESCRIPTOR.read_text(encoding="utf-8") == expected, (
        "run `python -m netlib.data.package write`")


def test_cards_tables_are_generated_from_the_descriptor():
    cards = package.card_texts(package.read(RAW_DESCRIPTOR), RAW)
    assert {p.relative_to(RAW).as_posix() for p in cards} == {r.card for r in RESOURCES}
    for path, (text, missing) in cards.items():
        assert not missing, f"{path.name}: no generated block for {missing}"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name}: columns table differs; run `python -m netlib.data.package write`")


def test_check_command_passes():
    assert package.check(RAW_PACKAGE) == []
    assert provenance.check() == []


def test_every_raw_file_is_a_complete_resource():
    d = package.read(RAW_DESCRIPTOR)
    listed = {r["path"] for r in d["resources"]}
    on_disk = {p.relative_to(RAW).as_posix() for p in RAW.rglob("*") if p.is_file()
               and not p.relative_to(RAW).as_posix().startswith("cards/")
               and p.name != "datapackage.json"}
    assert listed == on_disk
    for r in d["resources"]:
        tabular = r.get("format") == "csv"
        assert tabular or r.get("format") in ("yaml", "json", "graphml"), r["name"]
        for key in ("name", "path", "title", "description", "licenses", "sources", "hash",
                    "kind", "card", *(("schema",) if tabular else ())):
            assert r.get(key), (r["name"], key)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", r["hash"])
        assert r["kind"] in ("extracted", "public_dataset", "synthetic", "constructed")
        assert (RAW / r["card"]).is_file()
        assert all(lic.get("name") and lic.get("title") for lic in r["licenses"])
        assert all(src.get("title") for src in r["sources"])
        if tabular:
            assert r["schema"]["fields"] and all(f.get("type") for f in r["schema"]["fields"])
        else:  # a file that is not a table (code book, GraphML) has no Table Schema
            assert "schema" not in r and r["mediatype"] != "text/csv"


def test_licences_and_foreign_keys():
    d = {r["name"]: r for r in package.read(RAW_DESCRIPTOR)["resources"]}
    star = [lic["name"] for lic in d["star"]["licenses"]]
    assert star == ["GPL-2.0-only", "GPL-3.0-only"]
    assert "either, at the user's choice" in d["star"]["licenses"][0]["title"]
    assert "etalab-2.0" in [lic["name"] for lic in d["memberships"]["licenses"]]
    assert [lic["name"] for lic in d["idos_peers"]["licenses"]] == [
        "LicenseRef-no-licence-stated"]
    fks = {(name, fk["fields"][0], fk["reference"]["resource"])
           for name, r in d.items() for fk in r.get("schema", {}).get("foreignKeys", [])}
    assert fks >= {
        ("memberships", "org_id", "organisations"),
        ("memberships", "initiative_id", "initiatives"),
        ("organisation_aliases", "org_id", "organisations"),
        ("links_nodes", "network_id", "links_networks"),
        ("links_governance", "network_id", "links_networks"),
        ("idos_success_factors", "example_id", "idos_peer_networks"),
        ("idos_stylised_networks", "example_id", "idos_peer_networks"),
        ("imst_ties", "respondent_id", "imst_respondents"),
    }
    # 'idos' is a Tableau 3 peer but not a row of Tableau 1: no FK, and the description says why
    assert "foreignKeys" not in d["idos_peer_networks"]["schema"]
    assert "'idos'" in d["idos_peer_networks"]["description"]
    assert d["imst_respondents"]["dialect"] == {"commentChar": "#"}


# --------------------------------------------------------------------------- broken copies

def _subset(root: Path, names: set[str]) -> Path:
    """A descriptor next to ``root``'s with only the resources ``names`` (validates fast)."""
    d = package.read(root / "datapackage.json")
    d["resources"] = [r for r in d["resources"] if r["name"] in names]
    path = root / "subset.datapackage.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    return path


def test_changed_byte_is_reported_by_frictionless_and_by_the_loader(raw_copy, offline):
    path = raw_copy / "links_nodes.csv"
    data = bytearray(path.read_bytes())
    i = data.index(b" the ") + 3  # in an English description: still a valid cell, so
    data[i] = ord("E")  # only the hash can tell
    path.write_bytes(bytes(data))

    report = frictionless.validate(str(_subset(raw_copy, {"links_nodes", "links_networks"})))
    errors = _errors(report)
    assert ("links_nodes", "hash-count", errors[0][2]) in errors, errors
    assert all(name == "links_nodes" for name, _, _ in errors)
    task = next(t for t in report.tasks if t.name == "links_nodes")
    assert task.place.endswith("links_nodes.csv")

    with pytest.raises(DataError, match="checksum mismatch") as e:
        load.load_links_nodes(path)
    assert "links_nodes.csv" in str(e.value) and e.value.column == "sha256"


def test_broken_foreign_key_is_reported(raw_copy, offline):
    path = raw_copy / "memberships.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    org = lines[1].split(",")[0]
    lines[1] = "nobody" + lines[1][len(org):]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = frictionless.validate(str(_subset(
        raw_copy, {"memberships", "organisations", "initiatives"})))
    types = {(name, t) for name, t, _ in _errors(report)}
    assert ("memberships", "foreign-key") in types and ("memberships", "hash-count") in types
    provenance.update(["memberships.csv"])  # the hash is no longer what stops the loader
    with pytest.raises(DataError, match="unknown org_id") as e:
        load.load_ecosystem(memberships=path)
    assert e.value.line == 2 and e.value.value == "nobody"


def test_update_records_the_new_hash(raw_copy):
    path = raw_copy / "links_nodes.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    assert any("checksum mismatch" in p for p in provenance.check())
    provenance.update(["links_nodes.csv"])
    assert provenance.check() == []
    rec = provenance.records()["links_nodes.csv"]
    assert rec["hash"] == f"sha256:{package.sha256(path)}"
    assert len(load.load_links_nodes(path)) == 10


def test_undescribed_file_and_stale_card_are_reported(raw_copy):
    (raw_copy / "stray.csv").write_text("a\n1\n", encoding="utf-8")
    card = raw_copy / "cards" / "links_nodes.md"
    card.write_text(card.read_text(encoding="utf-8").replace("| `count` |", "| `n` |"),
                    encoding="utf-8")
    copy = dataclasses.replace(RAW_PACKAGE, directory=raw_copy)
    problems = package.check(copy)
    assert any("stray.csv: not a resource" in p for p in problems)
    assert any("links_nodes.md: columns table differs" in p for p in problems)
    (raw_copy / "stray.csv").unlink()
    package.write(copy)
    assert package.check(copy) == []
    assert card.read_text(encoding="utf-8") == (RAW / "cards" / "links_nodes.md").read_text(
        encoding="utf-8")


def test_processed_hash_is_checked(tmp_path, monkeypatch):
    from netlib.data import tables

    shutil.copytree(PROCESSED, tmp_path / "processed")
    monkeypatch.setattr(tables, "PROCESSED", tmp_path / "processed")
    assert len(load.load_processed("links_nodes")) == 10
    p = tmp_path / "processed" / "links_nodes.csv"
    p.write_bytes(p.read_bytes() + b"\n")
    with pytest.raises(DataError, match="checksum mismatch.*datapackage.json"):
        load.load_processed("links_nodes")


# --------------------------------------------------------------------------- field mapping
def test_list_pattern_accepts_what_the_loader_keeps():
    col = Column("x", kind="list", categories=("a_b", "c", "D"))
    pattern = package.field(col)["constraints"]["pattern"]
    assert package.list_categories(pattern) == ["a_b", "c", "D"]
    for cell in ("a_b", "c;D", "D;a_b;c"):
        assert col.parse(cell)[1] is None and re.fullmatch(pattern, cell)
    for cell in ("e", "c;", ";c", "c;e"):
        assert col.parse(cell)[1] is not None and not re.fullmatch(pattern, cell)
    assert package.list_categories(package.field(Column("y", kind="list"))
                                   ["constraints"]["pattern"]) is None


def test_what_table_schema_cannot_say_is_in_the_description():
    col = Column("region", kind="category", categories=("Wien",), aliases={"Vienna": "Wien"},
                 casefold=True, description="a state")
    f = package.field(col)
    assert f["constraints"]["enum"] == ["Wien"]
    assert "case variants" in f["description"] and "'Vienna' → 'Wien'" in f["description"]


def test_load_provenance_reads_the_descriptor():
    prov = load.load_provenance()
    assert list(prov.columns) == ["file", "title", "kind", "origin", "licence", "card", "sha256"]
    assert list(prov["file"]) == sorted(r.file for r in RESOURCES)
    star = prov.set_index("file").loc["star.csv"]
    assert star["sha256"] == package.sha256(RAW / "star.csv")
    assert star["licence"].startswith("GPL-2.0-only")


def test_generic_data_layer_does_not_import_the_cases():
    import subprocess
    import sys

    code = ("import sys, netlib.data.package, netlib.data.provenance, netlib.data.tables; "
            "print(sorted(m for m in sys.modules if m.startswith(('netlib.cases', "
            "'netlib.tooling', 'netlib.load'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
