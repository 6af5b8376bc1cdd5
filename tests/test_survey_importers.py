"""The export readers of netlib.survey on the shipped synthetic examples.

Expected counts are computed independently from the raw files with Python's ``csv`` module
(rows, relations ticked, deliberate problems found by their cell values), not read back from
the reader; the three Network Canvas layouts and the egor layout of the same interviews must
give the same survey.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from netlib import DataError
from netlib.data.paths import RAW
from netlib.privacy import SYNTHETIC_KEY, pseudonym
from netlib.survey import (
    GENERIC,
    IMST_PROFILE,
    load_survey,
    read_egor,
    read_network_canvas,
    read_wide,
)
from netlib.survey import examples as ex
from netlib.survey import network_canvas as nc_mod

EX = RAW / ex.EXAMPLES_DIR
NC = EX / "network_canvas"
NC_CODEBOOK = EX / "network_canvas_codebook.yaml"
WIDE = EX / "wide" / "wide_export.csv"
WIDE_CODEBOOK = EX / "wide" / "wide_codebook.yaml"


def rows(path: Path, delimiter: str = ",") -> list[tuple[int, dict[str, str]]]:
    """``(line, record)`` of a CSV file after its comment line (independent of netlib)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    skip = sum(1 for ln in lines if ln.startswith("#"))
    reader = csv.DictReader(io.StringIO("\n".join(lines[skip:])), delimiter=delimiter)
    return [(skip + 2 + k, r) for k, r in enumerate(reader)]


EGOS = rows(NC / "networkCanvasExport_ego.csv")
NODES = rows(NC / "networkCanvasExport_attributeList_Person.csv")
EDGES = rows(NC / "networkCanvasExport_edgeList_kennen.csv")


@pytest.fixture(scope="module")
def nc() -> object:
    return read_network_canvas(NC, NC_CODEBOOK, IMST_PROFILE)


def line_of(records: list[tuple[int, dict[str, str]]], **match: str) -> list[int]:
    return [ln for ln, r in records if all(r[k] == v for k, v in match.items())]


def test_examples_regenerate_byte_identical(tmp_path):
    ex.write_examples(tmp_path)
    for p in sorted(tmp_path.rglob("*")):
        if p.is_file():
            assert p.read_bytes() == (EX / p.relative_to(tmp_path)).read_bytes(), p.name


def test_network_canvas_counts(nc):
    n_rel = [max(1, (r["info"] == "true") + (r["koop"] == "true")) for _, r in NODES]
    assert nc.rows_in == {"respondents": len(EGOS), "ties": sum(n_rel),
                          "alter_ties": len(EDGES)}
    s = nc.summary()
    assert s["respondents: kept"] + s["respondents: rejected"] == len(EGOS)
    assert s["ties: kept"] + s["ties: rejected"] == sum(n_rel)
    assert s["alter_ties: kept"] + s["alter_ties: rejected"] == len(EDGES)
    # the numbers themselves (eight interviews, 59 tie rows, 32 edges in the example)
    assert (len(nc.respondents), len(nc.ties), len(nc.alter_ties)) == (7, 49, 24)
    assert (s["respondents: rejected"], s["ties: rejected"], s["alter_ties: rejected"]) == (
        1, 10, 8)


def test_network_canvas_rejections_name_file_line_and_reason(nc):
    rej = nc.rejected
    nodes_file = "networkCanvasExport_attributeList_Person.csv"

    def reason_at(file_end: str, line: int) -> set[str]:
        m = rej["file"].str.endswith(file_end) & (rej["line"] == line)
        return set(rej.loc[m, "reason"])

    no_region = line_of(EGOS, bundesland="")
    assert len(no_region) == 1 and reason_at("_ego.csv", no_region[0]) == {
        "region: empty value"}
    (freq9,) = line_of(NODES, haeufigkeit="9")
    assert reason_at(nodes_file, freq9) == {"frequency: unknown category"}
    (no_rel,) = line_of(NODES, info="false", koop="false")
    assert reason_at(nodes_file, no_rel) == {"content: empty value"}
    two = [ln for ln, r in NODES if sum(v == "true" for k, v in r.items()
                                        if k.startswith("alter_einrichtung_")) == 2]
    assert len(two) == 1 and reason_at(nodes_file, two[0]) == {
        "alter_institution: unknown category"}
    # the rejected interview: every alter and edge of it, with that reason
    ego_uuid = next(r["networkCanvasEgoUUID"] for _, r in EGOS if r["bundesland"] == "")
    for ln in line_of(NODES, networkCanvasEgoUUID=ego_uuid):
        assert reason_at(nodes_file, ln) == {
            "respondent_id: tie from a respondent whose row was rejected"}
    for ln in line_of(EDGES, networkCanvasEgoUUID=ego_uuid):
        assert reason_at("_edgeList_kennen.csv", ln) == {
            "respondent_id: alter tie of a respondent whose row was rejected"}
    known = {r["networkCanvasUUID"] for _, r in NODES}
    dangling = [ln for ln, r in EDGES if r["networkCanvasTargetUUID"] not in known]
    assert len(dangling) == 1
    assert reason_at("_edgeList_kennen.csv", dangling[0]) == {
        "alter_b: not a contact this respondent named"}


def test_network_canvas_maps_codes_aliases_and_option_columns(nc):
    assert "Kärnten" in set(nc.respondents["region"])  # "Carinthia" in the export
    assert set(nc.respondents["role"]) == {"steering_group", "coordinator"}
    # institutions: the true options of einrichtung_*, mapped through the code book
    first = next(r for _, r in EGOS if r["networkCanvasCaseID"] == "IMST-01")
    want = sorted(ex.EINRICHTUNG[k.removeprefix("einrichtung_")] for k, v in first.items()
                  if k.startswith("einrichtung_") and v == "true")
    pid = pseudonym("IMST-01", SYNTHETIC_KEY, "network_canvas")
    got = nc.respondents.set_index("respondent_id").loc[pid, "institutions"]
    assert sorted(got.split(";")) == want
    assert set(nc.ties["frequency"]) <= set(IMST_PROFILE.frequency_labels)
    assert set(nc.alter_ties["relation"]) == {"knows"}


def test_network_canvas_links_alters_by_email(nc):
    # the second alter of interviews 1-5 carries the next respondent's e-mail
    assert nc.linking == {"linked": 5, "no key": 34}
    scope = "network_canvas"
    for e in range(5):
        ego = pseudonym(f"IMST-{e + 1:02d}", SYNTHETIC_KEY, scope)
        alter = pseudonym(f"IMST-{e + 2:02d}", SYNTHETIC_KEY, scope)
        t = nc.ties[nc.ties["respondent_id"] == ego]
        if len(t):
            assert alter in set(t["alter_id"].dropna())


def test_no_name_email_or_raw_id_in_any_frame(nc):
    w = read_wide(WIDE, WIDE_CODEBOOK, "france-academies")
    secrets = {r["name"] for _, r in NODES} | {r["email"] for _, r in NODES if r["email"]}
    secrets |= {r["email"] for _, r in EGOS} | {r["networkCanvasCaseID"] for _, r in EGOS}
    secrets |= {r["networkCanvasUUID"] for _, r in NODES}
    secrets |= {r[f"nom{i}"] for _, r in rows(WIDE, ";") for i in range(1, 6) if r[f"nom{i}"]}
    secrets |= {r["id"] for _, r in rows(WIDE, ";")}
    for s in (nc, w):
        text = "\n".join(f.to_csv() for f in (s.respondents, s.ties, s.alter_ties, s.rejected,
                                              s.alters))
        leaked = sorted(x for x in secrets if x in text)
        assert not leaked, leaked[:3]


def _frames(s: object, values: bool = True) -> tuple[pd.DataFrame, ...]:
    def norm(df: pd.DataFrame) -> pd.DataFrame:
        return df.sort_values(list(df.columns)).reset_index(drop=True)
    return (norm(s.respondents), norm(s.ties), norm(s.alter_ties),
            norm(s.rejected[["column", *(["value"] if values else []), "reason", "table"]]))


@pytest.mark.parametrize("layout", ["per_interview", "graphml", "zip"])
def test_every_network_canvas_layout_gives_the_same_survey(tmp_path, nc, layout):
    if layout == "zip":
        z = tmp_path / "network_canvas.zip"
        with zipfile.ZipFile(z, "w") as zf:
            for p in ex.network_canvas_example(tmp_path / "files", layout="per_interview"):
                zf.write(p, f"export/{p.name}")
        s = read_network_canvas(z, NC_CODEBOOK, IMST_PROFILE, scope="network_canvas")
    else:
        out = tmp_path / "network_canvas"
        ex.network_canvas_example(out, layout=layout)
        target = out if layout == "per_interview" else out / "networkCanvasExport.graphml"
        s = read_network_canvas(target, NC_CODEBOOK, IMST_PROFILE, scope="network_canvas")
    # (GraphML names a dangling edge's end by its node id, the CSV files by a UUID)
    values = layout != "graphml"
    for a, b in zip(_frames(s, values), _frames(nc, values), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_graphml_rejections_point_at_graphml_lines():
    s = read_network_canvas(NC / "networkCanvasExport.graphml", NC_CODEBOOK, IMST_PROFILE)
    lines = (NC / "networkCanvasExport.graphml").read_text(encoding="utf-8").split("\n")
    for _, r in s.rejected.iterrows():
        assert r["file"].endswith(".graphml")
        assert lines[int(r["line"]) - 1].lstrip().startswith(("<graph ", "<node ", "<edge "))


def test_generic_profile_keeps_labels_as_written():
    s = read_network_canvas(NC, NC_CODEBOOK, GENERIC)
    # the contact in two institutions is kept, its main institution first
    multi = s.ties[s.ties["alter_institutions"].str.contains(";")]
    assert len(multi) >= 1 and (multi["alter_institution"] ==
                                multi["alter_institutions"].str.split(";").str[0]).all()
    assert "9" in set(s.ties["frequency"])  # an open scale keeps the unmapped code
    assert s.ties["frequency_score"].isna().all()  # …and has no scores
    assert "Carinthia" in set(s.respondents["region"])  # no aliases in an open vocabulary
    assert set(s.rejected["reason"]) >= {"region: empty value", "content: empty value"}


def test_strict_mode_names_the_export_line_and_hides_the_id():
    with pytest.raises(DataError) as e:
        read_network_canvas(NC, NC_CODEBOOK, IMST_PROFILE, strict=True)
    msg = str(e.value)
    (line,) = line_of(EGOS, bundesland="")
    assert "networkCanvasExport_ego.csv" in msg and f"line {line}" in msg
    assert not any(r["networkCanvasCaseID"] in msg for _, r in EGOS)


def test_wide_counts_linking_and_rejections():
    w = read_wide(WIDE, WIDE_CODEBOOK, "france-academies")
    recs = rows(WIDE, ";")
    slots = [[i for i in range(1, 6) if r[f"nom{i}"]] for _, r in recs]
    n_ties = sum(max(1, (r[f"nom{i}_info"] == "Oui") + (r[f"nom{i}_coop"] == "Oui"))
                 for (_, r), ss in zip(recs, slots, strict=True) for i in ss)
    n_pairs = sum(r[c] == "Oui" for _, r in recs for c in r if c.startswith("lien_"))
    assert w.rows_in == {"respondents": len(recs), "ties": n_ties, "alter_ties": n_pairs}
    # FR-004 names FR-005 (the Lille respondent, rejected): that tie goes too
    assert (len(w.respondents), len(w.ties), len(w.alter_ties)) == (9, 39, 12)
    # linking: a contact whose name is in noms.csv is that respondent
    names = {r["name"]: r["respondent_id"] for _, r in rows(EX / "wide" / "noms.csv")}
    n_linked = sum(r[f"nom{i}"] in names for (_, r), ss in zip(recs, slots, strict=True)
                   for i in ss)
    assert w.linking["linked"] == n_linked == 6
    (lille,) = [ln for ln, r in recs if r["academie"] == "Lille"]
    rej = w.rejected
    assert set(rej.loc[rej["line"] == lille, "reason"]) == {
        "region: unknown category",
        "respondent_id: tie from a respondent whose row was rejected",
        "respondent_id: alter tie of a respondent whose row was rejected"}
    (mairie,) = [ln for ln, r in recs if "MAIRIE" in r.values()]
    assert "alter_institution: unknown category ['MAIRIE']" in set(
        rej.loc[rej["line"] == mairie, "reason"])
    assert "alter_a: a contact whose ties were rejected" in set(
        rej.loc[rej["line"] == mairie, "reason"])
    assert "Paris" in set(w.respondents["region"])  # "Académie de Paris", an alias


@pytest.mark.parametrize("variant", ["bom", "comma", "qualtrics"])
def test_wide_variants_read_the_same(tmp_path, variant):
    base = read_wide(WIDE, WIDE_CODEBOOK, "france-academies", scope="w")
    text = WIDE.read_text(encoding="utf-8")
    label, body = text.split("\n", 1)
    recs = list(csv.reader(io.StringIO(body), delimiter=";"))
    if variant == "bom":
        out = "\ufeff" + text
    elif variant == "comma":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(recs)
        out = label + "\n" + buf.getvalue()
    else:  # Qualtrics: question texts and ImportIds as rows 2 and 3
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n", delimiter=";")
        w.writerow(recs[0])
        w.writerow([f"Question {h}" for h in recs[0]])
        w.writerow([f'{{"ImportId":"{h}"}}' for h in recs[0]])
        w.writerows(recs[1:])
        out = label + "\n" + buf.getvalue()
    p = tmp_path / "wide_export.csv"
    p.write_text(out, encoding="utf-8")
    shutil.copy(EX / "wide" / "noms.csv", tmp_path / "noms.csv")
    shutil.copy(WIDE_CODEBOOK, tmp_path / "wide_codebook.yaml")
    s = read_wide(p, tmp_path / "wide_codebook.yaml", "france-academies", scope="w")
    for a, b in zip(_frames(s), _frames(base), strict=True):
        pd.testing.assert_frame_equal(a, b)
    shift = 2 if variant == "qualtrics" else 0
    assert (s.rejected["line"] == base.rejected["line"] + shift).all()


def _egor_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The Network Canvas example rewritten in egor's three-file layout."""
    egos = pd.DataFrame([r for _, r in EGOS]).rename(columns={"networkCanvasCaseID": "egoID"})
    uuid_to_ego = dict(zip(egos["networkCanvasEgoUUID"], egos["egoID"], strict=True))
    alters = pd.DataFrame([r for _, r in NODES]).rename(columns={"networkCanvasUUID":
                                                                 "alterID"})
    alters.insert(0, "egoID", alters["networkCanvasEgoUUID"].map(uuid_to_ego))
    aat = pd.DataFrame([r for _, r in EDGES])
    aat = pd.DataFrame({"egoID": aat["networkCanvasEgoUUID"].map(uuid_to_ego),
                        "Source": aat["networkCanvasSourceUUID"],
                        "Target": aat["networkCanvasTargetUUID"], "weight": aat["staerke"]})
    paths = tmp_path / "egos.csv", tmp_path / "alters.csv", tmp_path / "aaties.csv"
    for df, p in zip((egos, alters, aat), paths, strict=True):
        df.to_csv(p, index=False, sep=";")
    return paths


def test_egor_three_files_match_network_canvas(tmp_path):
    egos, alters, aaties = _egor_files(tmp_path)
    cb = {"respondent": {"region": "bundesland", "role": "rolle",
                         "institutions": "einrichtung", "link": "email"},
          "alter": {"region": "alter_bundesland", "institution": "alter_einrichtung",
                    "frequency": "haeufigkeit", "organisation": "organisation",
                    "relations": {"info": "information", "koop": "cooperation"},
                    "link": "email"},
          "alter_ties": {"relation": "knows"},
          "values": {"role": {"1": "steering_group", "2": "coordinator"},
                     "institution": ex.EINRICHTUNG, "frequency": ex.HAEUFIGKEIT}}
    s = read_egor(egos, alters, aaties, codebook=cb, profile=IMST_PROFILE, synthetic=True,
                  scope="network_canvas")
    base = read_network_canvas(NC, NC_CODEBOOK, IMST_PROFILE)
    # the same people, ties and alter ties (egor files carry weights as given)
    for a, b in zip(_frames(s)[:3], _frames(base)[:3], strict=True):
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert s.rows_in == base.rows_in
    # DataFrames work as well as files
    s2 = read_egor(pd.read_csv(egos, sep=";", dtype=str), pd.read_csv(alters, sep=";",
                   dtype=str), pd.read_csv(aaties, sep=";", dtype=str), codebook=cb,
                   profile=IMST_PROFILE, synthetic=True, scope="network_canvas")
    assert len(s2.ties) == len(s.ties) and len(s2.alter_ties) == len(s.alter_ties)


def test_egor_one_file_is_the_wide_reader(tmp_path):
    s = read_egor(WIDE, codebook=WIDE_CODEBOOK, profile="france-academies", synthetic=True)
    assert len(s.ties) == len(read_wide(WIDE, WIDE_CODEBOOK, "france-academies").ties)


def test_egor_names_a_missing_id_column(tmp_path):
    egos, alters, _ = _egor_files(tmp_path)
    with pytest.raises(DataError, match="no column alterNumber"):
        read_egor(egos, alters, alter_id="alterNumber", synthetic=True)


# --------------------------------------------------------------------------- refusals
def test_load_survey_on_an_export_names_the_right_reader():
    with pytest.raises(DataError, match="read_network_canvas"):
        load_survey(NC)
    with pytest.raises(DataError, match="read_wide"):
        load_survey(EX / "wide")


def test_codebook_naming_a_missing_variable_is_refused():
    cb = {"respondent": {"region": "land"}}
    with pytest.raises(DataError, match="does not have") as e:
        read_network_canvas(NC, cb)
    assert e.value.column == "land"


def test_codebook_with_an_unknown_field_is_refused():
    with pytest.raises(DataError, match="unknown field"):
        read_network_canvas(NC, {"alter": {"colour": "x"}})


def test_real_export_needs_a_key(tmp_path, monkeypatch):
    monkeypatch.delenv("NETLIB_PSEUDONYM_KEY", raising=False)
    out = tmp_path / "nc"
    ex.network_canvas_example(out)
    for p in out.iterdir():  # strip the synthetic label: now it looks like real data
        p.write_text(p.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(DataError, match="pseudonymisation key"):
        read_network_canvas(out, NC_CODEBOOK)
    s = read_network_canvas(out, NC_CODEBOOK, key="a-secret-key-of-the-user-123")
    assert not s.synthetic and len(s.respondents) == 7


@pytest.mark.parametrize("xml,expected", [
    (b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaa">]><graphml/>', "DTD or entity"),
    (b"<graphml><graph>", "not well-formed"),
    (b"<html/>", "not a GraphML file"),
])
def test_hostile_or_broken_graphml_is_refused(tmp_path, xml, expected):
    p = tmp_path / "x.graphml"
    p.write_bytes(xml)
    with pytest.raises(DataError, match=expected):
        read_network_canvas(p, synthetic=True)


def test_zip_that_expands_too_far_is_refused(tmp_path, monkeypatch):
    z = tmp_path / "big.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a_ego.csv", "x" * 10_000)
    monkeypatch.setattr(nc_mod, "MAX_ZIP_BYTES", 1000)
    with pytest.raises(DataError, match="too large"):
        read_network_canvas(z)


def test_ragged_wide_record_is_refused_unshown(tmp_path):
    text = WIDE.read_text(encoding="utf-8").split("\n")
    text[3] = text[3] + ";extra"
    p = tmp_path / "w.csv"
    p.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_wide(p, WIDE_CODEBOOK, "france-academies")
    assert e.value.line == 4 and e.value.value is None
    assert "FR-" not in str(e.value)


@pytest.mark.parametrize("which", ["network_canvas", "wide"])
def test_structural_holes_agree_with_networkx_on_every_ego_network(which):
    """Independent computation: networkx's effective_size and constraint on each ego graph
    (ego + its contacts + ego-contact ties + the reported alter ties), unweighted."""
    import networkx as nx

    from netlib.sna.ego import ego_measures

    s = (read_network_canvas(NC, NC_CODEBOOK, IMST_PROFILE) if which == "network_canvas"
         else read_wide(WIDE, WIDE_CODEBOOK, "france-academies"))
    alters = s.alters
    m = ego_measures(alters, s.respondents, alter_ties=s.alter_ties).set_index(
        "respondent_id")
    checked = 0
    for ego, group in alters.groupby("respondent_id"):
        G = nx.Graph()
        G.add_edges_from(("EGO", k) for k in group["alter_key"])
        at = s.alter_ties[s.alter_ties["respondent_id"] == ego]
        G.add_edges_from(zip(at["alter_a"], at["alter_b"], strict=True))
        n = group["alter_key"].nunique()
        assert m.loc[ego, "n_alters"] == n
        assert m.loc[ego, "effective_size"] == pytest.approx(
            nx.effective_size(G, nodes=["EGO"])["EGO"], abs=1e-12)
        assert m.loc[ego, "constraint"] == pytest.approx(
            nx.constraint(G, nodes=["EGO"])["EGO"], abs=1e-12)
        if n > 1:
            assert m.loc[ego, "density"] == pytest.approx(len(at) / (n * (n - 1) / 2))
        checked += 1
    assert checked == alters["respondent_id"].nunique() >= 7


def test_egor_two_files_with_pair_columns(tmp_path):
    """egor's two-file layout: alter-alter ties as pair columns of the egos file."""
    (tmp_path / "egos.csv").write_text(
        "egoID;region;role;institutions;X1.to.2;X1.to.3;X2.to.3\n"
        "e1;Wien;coordinator;other;1;0;1\n"
        "e2;Tirol;steering_group;university;0;0;0\n", encoding="utf-8")
    (tmp_path / "alters.csv").write_text(
        "egoID;alterID;region;institution;frequency;relation\n"
        "e1;1;Wien;university;weekly;information\n"
        "e1;2;Wien;company;daily;cooperation\n"
        "e1;3;Tirol;other;yearly;information\n"
        "e2;1;Tirol;company;monthly;information\n", encoding="utf-8")
    cb = {"alter": {"region": "region", "institution": "institution",
                    "frequency": "frequency", "relation": "relation"},
          "alter_ties": {"pairs": "X{i}.to.{j}"}}
    s = read_egor(tmp_path / "egos.csv", tmp_path / "alters.csv", codebook=cb,
                  profile=IMST_PROFILE, synthetic=True)
    assert len(s.rejected) == 0 and len(s.ties) == 4
    # e1 reports ties 1-2 and 2-3: a path of three contacts, density 2/3
    m = __import__("netlib.sna.ego", fromlist=["ego_measures"]).ego_measures(
        s.alters, s.respondents, alter_ties=s.alter_ties).set_index("respondent_id")
    e1 = pseudonym("e1", SYNTHETIC_KEY, "egos")
    assert m.loc[e1, "density"] == pytest.approx(2 / 3)
    # Borgatti (1997): effective size n - 2t/n = 3 - 4/3
    assert m.loc[e1, "effective_size"] == pytest.approx(3 - 4 / 3)


def test_several_node_and_edge_types(tmp_path):
    out = tmp_path / "nc"
    shutil.copytree(NC, out)
    (out / "networkCanvasExport.graphml").unlink()
    ego = EGOS[0][1]["networkCanvasEgoUUID"]
    (out / "networkCanvasExport_attributeList_Place.csv").write_text(
        "# synthetic: test\nnodeID,networkCanvasEgoUUID,networkCanvasUUID,name,"
        "alter_bundesland,alter_einrichtung_AUL,haeufigkeit\n"
        f"1,{ego},place-1,Museum,Wien,true,2\n2,{ego},place-2,Werkstatt,Tirol,true,3\n",
        encoding="utf-8")
    (out / "networkCanvasExport_edgeList_nah.csv").write_text(
        "# synthetic: test\nedgeID,from,to,networkCanvasEgoUUID,networkCanvasUUID,"
        "networkCanvasSourceUUID,networkCanvasTargetUUID\n"
        f"1,1,2,{ego},e-1,place-1,place-2\n", encoding="utf-8")
    base = read_network_canvas(NC, NC_CODEBOOK, GENERIC)
    cb = _codebook_dict()
    cb["alter_ties"] = {"weight": "staerke"}  # no edge_types: every edge type is read
    both = read_network_canvas(out, cb, GENERIC)
    # every node type is read (relation = its type name), every edge type too
    assert both.rows_in["ties"] == base.rows_in["ties"] + 2
    assert both.rows_in["alter_ties"] == base.rows_in["alter_ties"] + 1
    assert set(both.ties["content"]) == set(base.ties["content"]) | {"Place"}
    assert set(both.alter_ties["relation"]) == {"kennen", "nah"}  # type names
    only = read_network_canvas(out, {**_codebook_dict(), "node_types": ["Person"],
                                     "alter_ties": {"edge_types": {"kennen": "knows"},
                                                    "weight": "staerke"}}, GENERIC)
    assert only.rows_in == base.rows_in
    with pytest.raises(DataError, match="node type 'Org'"):
        read_network_canvas(out, {"node_types": ["Org"]}, GENERIC)


def _codebook_dict() -> dict:
    import yaml

    return yaml.safe_load(NC_CODEBOOK.read_text(encoding="utf-8"))
