"""Read a Network Canvas export (CSV files or GraphML) into a :class:`~netlib.survey.Survey`.

Network Canvas (Complex Data Collective; Interviewer, Interviewer Classic, Fresco) exports,
per interview or merged over interviews:

* ``<case>_<session>_ego.csv`` — one row per interview: ``networkCanvasEgoUUID``,
  ``networkCanvasCaseID``, ``networkCanvasSessionID``, … and the ego's variables;
* ``…_attributeList_<NodeType>.csv`` — one row per node (alter): ``nodeID``,
  ``networkCanvasEgoUUID``, ``networkCanvasUUID`` and the node's variables. Network Canvas
  stores the data of the ego–alter tie (how often, which relation) **on the alter**;
* ``…_edgeList_<EdgeType>.csv`` — one row per edge between alters: ``edgeID``, ``from``,
  ``to``, ``networkCanvasEgoUUID``, ``networkCanvasUUID``, ``networkCanvasSourceUUID``,
  ``networkCanvasTargetUUID`` and the edge's variables;
* ``<case>_<session>.graphml`` — the same network in GraphML: one ``<graph>`` per interview
  (several in a merged export), ego variables as graph-level ``<data>``, keys named by
  ``attr.name``, the case id in the ``nc:caseId`` attribute.

A categorical (multi-select) variable is exported as one ``<variable>_<option>`` column of
``true``/``false`` per option; the reader collapses them into a ';'-list of the selected
options. Cells Network Canvas guarded against formula injection (``'=…``) lose the guard.
Files are joined on ``networkCanvasEgoUUID`` (never on ``nodeID``, which restarts in every
interview). Adjacency-matrix files repeat the edge lists and are not read.

The code book (:mod:`netlib.survey.codebook`) names the variables: the respondent id defaults
to ``networkCanvasCaseID``, the alter key is ``networkCanvasUUID``, the relation of an
ego–alter tie defaults to the node type's name, and an alter tie's relation to its edge
type's name. Names (the node label) are never read into the survey, except through an
explicit name → respondent table for linking, and are dropped after use.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from netlib.data.errors import DataError
from netlib.data.paths import rel
from netlib.privacy import resolve_key
from netlib.survey.codebook import Codebook, load_codebook
from netlib.survey.core import Survey, build_survey
from netlib.survey.linking import Linker, linker
from netlib.survey.profile import GENERIC, SurveyProfile, load_profile
from netlib.survey.rows import (
    ALTER_TIE_COLUMNS,
    RESPONDENT_COLUMNS,
    TIE_COLUMNS,
    Export,
    TableBuilder,
    read_export,
    require_columns,
    respondent_record,
    tie_records,
)

EGO_UUID = "networkCanvasEgoUUID"
CASE_ID = "networkCanvasCaseID"
NODE_UUID = "networkCanvasUUID"
SOURCE_UUID = "networkCanvasSourceUUID"
TARGET_UUID = "networkCanvasTargetUUID"
NC_TYPE = "networkCanvasType"
NC_NS = "http://schema.networkcanvas.com/xmlns"
MAX_ZIP_BYTES = 2 * 1024**3  # refuse archives that expand beyond 2 GiB (zip bombs)
MAX_ZIP_MEMBERS = 100_000
_NODES = re.compile(r"(?:^|_)attributeList_(\w+)\.csv$")
_EDGES = re.compile(r"(?:^|_)edgeList_(\w+)\.csv$")


def _files(path: Path) -> dict[str, bytes]:
    """Name → bytes of the export's files (a folder, a .zip, or one .graphml file)."""
    if path.is_dir():
        return {rel(p): p.read_bytes() for p in sorted(path.iterdir())
                if p.is_file() and p.suffix.lower() in (".csv", ".graphml")}
    if not path.is_file():
        raise DataError("Network Canvas export not found", file=rel(path),
                        expected="a folder of CSV/GraphML files, a .zip export, or a .graphml "
                        "file")
    if path.suffix.lower() == ".graphml":
        return {rel(path): path.read_bytes()}
    if path.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise DataError("not a readable zip archive", file=rel(path),
                            expected="the .zip Network Canvas wrote") from None
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
            raise DataError("zip archive too large when expanded", file=rel(path),
                            expected=f"at most {MAX_ZIP_MEMBERS} files and "
                            f"{MAX_ZIP_BYTES // 1024**3} GiB")
        out = {}
        for i in infos:
            name = Path(i.filename).name
            if name.lower().endswith((".csv", ".graphml")) and not name.startswith("._"):
                out[f"{rel(path)}[{i.filename}]"] = zf.read(i)
        return out
    raise DataError(f"cannot read a {path.suffix or 'suffix-less'} file as a Network Canvas "
                    "export", file=rel(path),
                    expected="a folder, a .zip or a .graphml file")


# --------------------------------------------------------------------------- GraphML

class _Element:
    __slots__ = ("tag", "attrs", "line", "children", "text")

    def __init__(self, tag: str, attrs: dict[str, str], line: int) -> None:
        self.tag, self.attrs, self.line = tag, attrs, line
        self.children: list[_Element] = []
        self.text = ""


def _parse_xml(name: str, raw: bytes) -> _Element:
    """A small element tree with line numbers; DTDs and entities are refused (no entity
    expansion attacks: "billion laughs", external entities)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    root = _Element("", {}, 0)
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        names = {}
        for k, v in attrs.items():
            ns, _, local = k.rpartition(" ")
            names["nc:" + local if ns == NC_NS else local] = v
        el = _Element(tag.split(" ")[-1], names, parser.CurrentLineNumber)
        stack[-1].children.append(el)
        stack.append(el)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        stack[-1].text += data

    def refuse(*_args: object) -> None:
        raise DataError("GraphML with a DTD or entity declarations", file=name,
                        line=parser.CurrentLineNumber,
                        expected="plain GraphML as Network Canvas writes it (no <!DOCTYPE>)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(raw, True)
    except expat.ExpatError as exc:
        raise DataError(f"not well-formed XML ({expat.ErrorString(exc.code)})", file=name,
                        line=exc.lineno, expected="a GraphML file") from None
    if not root.children or root.children[0].tag != "graphml":
        raise DataError("not a GraphML file", file=name, expected="a <graphml> root element")
    return root.children[0]


def _graphml_exports(name: str, raw: bytes) -> tuple[Export, dict[str, Export], dict[str, Export]]:
    """The GraphML file as the CSV export's tables: ego rows, nodes and edges by type."""
    g = _parse_xml(name, raw)
    keys = {k.attrs.get("id", ""): k.attrs.get("attr.name", k.attrs.get("id", ""))
            for k in g.children if k.tag == "key"}
    egos: list[tuple[int, dict[str, str]]] = []
    nodes: dict[str, list[tuple[int, dict[str, str]]]] = {}
    edges: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for n_graph, graph in enumerate((c for c in g.children if c.tag == "graph"), start=1):
        def data(el: _Element) -> dict[str, str]:
            return {keys.get(d.attrs.get("key", ""), d.attrs.get("key", "")): d.text.strip()
                    for d in el.children if d.tag == "data"}
        ego = data(graph)
        ego_uuid = ego.get(NODE_UUID) or f"graph {n_graph}"
        ego_row = {EGO_UUID: ego_uuid, CASE_ID: graph.attrs.get("nc:caseId", ""), **{
            k: v for k, v in ego.items() if k != NODE_UUID}}
        egos.append((graph.line, ego_row))
        uuid_of: dict[str, str] = {}
        for el in graph.children:
            if el.tag == "node":
                d = data(el)
                uuid_of[el.attrs.get("id", "")] = d.get(NODE_UUID, "")
                t = re.sub(r"\W", "", d.get(NC_TYPE, "node")) or "node"
                nodes.setdefault(t, []).append((el.line, {EGO_UUID: ego_uuid, **d}))
        for el in graph.children:
            if el.tag == "edge":
                d = data(el)
                t = re.sub(r"\W", "", d.get(NC_TYPE, "edge")) or "edge"
                edges.setdefault(t, []).append((el.line, {
                    EGO_UUID: ego_uuid,
                    SOURCE_UUID: uuid_of.get(el.attrs.get("source", ""),
                                             "node " + el.attrs.get("source", "")),
                    TARGET_UUID: uuid_of.get(el.attrs.get("target", ""),
                                             "node " + el.attrs.get("target", "")), **d}))

    def export(rows: list[tuple[int, dict[str, str]]]) -> Export:
        header = list(dict.fromkeys(k for _, r in rows for k in r))
        return Export(name, header, [(ln, {h: r.get(h, "") for h in header}) for ln, r in rows])

    return (export(egos), {t: export(r) for t, r in nodes.items()},
            {t: export(r) for t, r in edges.items()})


# --------------------------------------------------------------------------- assembly

def _need(export: Export, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in export.header]
    if missing:
        raise DataError(f"{what} has no column {missing[0]}", file=export.name,
                        column=missing[0], expected=f"the Network Canvas columns {list(columns)}")


def _assemble(egos: list[Export], nodes: dict[str, list[Export]],
              edges: dict[str, list[Export]], cb: Codebook
              ) -> tuple[dict[str, TableBuilder], Linker]:
    rid_var = str(cb.respondent.get("id", CASE_ID))
    resp = TableBuilder("respondents", RESPONDENT_COLUMNS)
    ties = TableBuilder("ties", TIE_COLUMNS)
    alter_ties = TableBuilder("alter_ties", ALTER_TIE_COLUMNS)
    rid_of: dict[str, str] = {}
    link_keys = []
    for ex in egos:
        _need(ex, (EGO_UUID,), "ego file")
        require_columns(ex, {k: v for k, v in cb.respondent.items() if k != "id"},
                        "respondent")
        if rid_var not in ex.header:
            raise DataError("ego file has no respondent id column", file=ex.name,
                            column=rid_var, expected=f"a column {rid_var} (code book "
                            "respondent.id)")
        for line, row in ex.rows:
            rid = row[rid_var].strip()
            rid_of.setdefault(row[EGO_UUID].strip(), rid)
            resp.add(respondent_record(row, ex.header, cb, rid), ex.name, line)
            if cb.respondent.get("link") is not None:
                link_keys.append((rid, row.get(str(cb.respondent["link"]), "")))
    lk, look = linker(cb, link_keys)
    selected = cb.node_types or tuple(nodes)
    unknown = [t for t in selected if t not in nodes]
    if unknown and cb.node_types is not None:
        raise DataError(f"the code book's node type '{unknown[0]}' is not in the export",
                        expected=f"node types among {sorted(nodes)}")
    variables = {k: v for k, v in cb.alter.items() if k not in ("link", "link_names", "name")}
    # node types have their own variables: a code-book variable must be in one of them at
    # least (a type without it gives empty cells, checked like any other)
    files = [ex for t in selected for ex in nodes.get(t, [])]
    if files:
        union = Export(files[0].name, list(dict.fromkeys(h for ex in files for h in ex.header)),
                       [])
        require_columns(union, {k: v for k, v in variables.items() if k != "relations"},
                        "alter")
    for t in selected:
        for ex in nodes.get(t, []):
            _need(ex, (EGO_UUID, NODE_UUID), f"node file ({t})")
            for line, row in ex.rows:
                ego = row[EGO_UUID].strip()
                rid = rid_of.get(ego, ego)  # an unknown ego is rejected, pseudonymised
                alter_id = lk.link(row.get(look, "")) if look else ""
                for rec in tie_records(row, ex.header, cb, variables, rid=rid,
                                       alter_key=row[NODE_UUID].strip(), alter_id=alter_id,
                                       default_relation=cb.default_relation or t):
                    ties.add(rec, ex.name, line)
    edge_types = cb.alter_ties.get("edge_types")
    wanted = dict(edge_types) if isinstance(edge_types, dict) else {t: t for t in edges}
    for t, relation in wanted.items():
        for ex in edges.get(t, []):
            _need(ex, (EGO_UUID, SOURCE_UUID, TARGET_UUID), f"edge file ({t})")
            wvar = cb.alter_ties.get("weight")
            for line, row in ex.rows:
                ego = row[EGO_UUID].strip()
                alter_ties.add({"respondent_id": rid_of.get(ego, ego),
                                "alter_a": row[SOURCE_UUID], "alter_b": row[TARGET_UUID],
                                "relation": relation,
                                "weight": row.get(str(wvar), "") if wvar else ""},
                               ex.name, line)
    return {"respondents": resp, "ties": ties, "alter_ties": alter_ties}, lk


def read_network_canvas(path: str | Path, codebook: Codebook | dict | str | Path | None = None,
                        profile: SurveyProfile | str | Path | None = GENERIC, *,
                        key: str | bytes | None = None, scope: str | None = None,
                        strict: bool = False, synthetic: bool | None = None) -> Survey:
    """Read a Network Canvas export: a folder of per-interview (or merged) CSV files, the
    ``.zip`` Interviewer writes, or a GraphML file (one ``<graph>`` per interview).

    When a folder holds both CSV and GraphML files, the CSV files are read (they are the
    same data). ``synthetic`` marks the export as synthetic data (then the public synthetic
    key may be used; by default a file whose first line is ``# synthetic: …`` is synthetic).
    Returns a :class:`~netlib.survey.Survey` whose ``rejected`` rows name the export's file
    and line; ``survey.linking`` counts how alters were linked to respondents.
    """
    path = Path(path)
    cb = load_codebook(codebook)
    prof = load_profile(profile)
    files = _files(path)
    csvs = {n: b for n, b in files.items() if n.lower().rstrip("]").endswith(".csv")}
    egos, nodes, edges = [], {}, {}
    for n, raw in csvs.items():
        base = n.split("[")[-1].rstrip("]").split("/")[-1]
        if base.endswith("ego.csv"):
            egos.append(read_export(n, raw))
        elif m := _NODES.search(base):
            nodes.setdefault(m.group(1), []).append(read_export(n, raw))
        elif m := _EDGES.search(base):
            edges.setdefault(m.group(1), []).append(read_export(n, raw))
    if not egos:
        graphs = {n: b for n, b in files.items() if n.lower().rstrip("]").endswith(".graphml")}
        for n, raw in graphs.items():
            e, nd, ed = _graphml_exports(n, raw)
            egos.append(e)
            for t, x in nd.items():
                nodes.setdefault(t, []).append(x)
            for t, x in ed.items():
                edges.setdefault(t, []).append(x)
    if not egos:
        raise DataError("no Network Canvas ego file or GraphML file found", file=rel(path),
                        expected="files …_ego.csv, …_attributeList_<Type>.csv and "
                        "…_edgeList_<Type>.csv, or …graphml")
    label = next((_label(raw) for raw in files.values() if _label(raw)), "")
    if synthetic is None:
        synthetic = "synthetic" in label.lower()
    k = resolve_key(key, synthetic=synthetic, source=rel(path))
    built, lk = _assemble(egos, nodes, edges, cb)
    tables = {name: b.table() for name, b in built.items()}
    survey = build_survey(tables, prof, key=k, scope=path.stem if scope is None else scope,
                          strict=strict, source=rel(path), synthetic=synthetic, label=label,
                          importer="Network Canvas")
    survey.linking = lk.summary()
    return survey


def _label(raw: bytes) -> str:
    """The synthetic-data label of a file: its first line ``# synthetic: …`` (CSV) or a
    leading ``<!-- synthetic: … -->`` comment (GraphML); else ``""``."""
    head = raw[:2000].decode("utf-8", "replace").lstrip("\ufeff")
    if head.startswith("#"):
        return head.split("\n", 1)[0].lstrip("# ").strip()
    m = re.search(r"<!--\s*(synthetic:[^>]*?)\s*-->", head)
    return m.group(1) if m else ""
