"""Build ``data/processed/`` from ``data/raw/``: ``python -m netlib.tooling.build``.

Every raw table goes through its loader (checksum, schema, cross-references), then is
written in a tidy, analysis-ready form. Derived tables:

* ``idos_peer_regions.csv``, ``idos_peer_funding.csv``, ``idos_peer_network_types.csv`` —
  the ``;``-lists of Tableaux 1 and 3 in long form (one row per peer × code);
* ``facts.csv`` — adds ``lower``/``upper`` bounds implied by each qualifier
  (``more_than 200`` → lower 200 exclusive, upper empty; ``about 40`` → 40/40 approximate;
  ``range`` → value/value_high);
* ``star_long.csv`` — Tennessee STAR, one row per student × grade in a STAR class;
* ``inventory.csv`` — rows, kind, origin, card and sha256 of every raw file (from
  ``data/raw/datapackage.json``);
* ``ecosystem_*.csv`` — measures of the organisations x initiatives network and its two
  projections as edge lists (:mod:`netlib.cases.ecosystem`);
* from :func:`netlib.cases.idos.processed_tables`: ``idos_factor_families.csv`` (two-mode
  peers × success-factor families), ``idos_network_type_engagement.csv``,
  ``network_scale.csv``;
* ``datapackage.json`` — the processed data package: one resource per file with its hash,
  bytes, a Table Schema inferred from the table written, and the raw resources and build
  step it comes from (:data:`RAW_INPUTS`).

Output is byte-for-byte reproducible: rows sorted by key, ``\\n`` line ends, fixed float
format, no timestamps (``tests/test_build.py`` builds twice and compares bytes).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from netlib.cases import ecosystem, idos
from netlib.cases import tennessee_star as star_mod
from netlib.cases.facts import fact_bounds
from netlib.cases.imst.contract import INSTITUTION_TYPES
from netlib.cases.imst.survey import load_imst_survey
from netlib.cases.loaders import load_all, load_ecosystem, load_star
from netlib.cases.tables import SOURCE_TABLES
from netlib.data import package
from netlib.data.files import atomic_write, atomic_write_text
from netlib.data.package import Source
from netlib.data.paths import PROCESSED, RAW, rel
from netlib.data.tables import load_provenance
from netlib.data.validate import read_records_exact
from netlib.privacy import SYNTHETIC_KEY
from netlib.sna.ego import ego_measures
from netlib.survey.rows import sniff_delimiter

FLOAT_FORMAT = "%.10g"


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Deterministic CSV (UTF-8, ``\\n``, no index, fixed float format), written atomically."""
    atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, lineterminator="\n",
                                             encoding="utf-8", float_format=FLOAT_FORMAT))


def explode_list(df: pd.DataFrame, id_cols: list[str], col: str, name: str) -> pd.DataFrame:
    """One row per item of the ``;``-list in ``col`` (renamed ``name``), keeping ``id_cols``."""
    out = df[id_cols + [col]].copy()
    out[col] = out[col].str.split(";")
    out = out.explode(col).rename(columns={col: name})
    return out.sort_values(id_cols + [name]).reset_index(drop=True)


def source_tables() -> dict[str, pd.DataFrame]:
    """Processed forms of the tables extracted from the seeds, plus the raw inventory."""
    tables = load_all()
    written: dict[str, pd.DataFrame] = {}
    for schema in SOURCE_TABLES:
        df = tables[schema.name]
        if schema.key:
            df = df.sort_values(list(schema.key)).reset_index(drop=True)
        written[schema.file] = fact_bounds(df) if schema.name == "facts" else df
    peers = tables["idos_peers"]
    written["idos_peer_regions.csv"] = explode_list(
        peers, ["peer_id"], "regions_of_impact", "region")
    written["idos_peer_funding.csv"] = explode_list(peers, ["peer_id"], "main_funding", "funding")
    written["idos_peer_network_types.csv"] = explode_list(
        tables["idos_peer_networks"], ["example_id", "peer_id"], "network_types", "network_type")
    written["inventory.csv"] = inventory()
    return written


def inventory() -> pd.DataFrame:
    """Every raw file of ``data/raw/datapackage.json`` with its number of data rows, kind,
    origin (its sources), card and sha256."""

    prov = load_provenance()
    inv = []
    for rec in prov.to_dict("records"):
        path = RAW / rec["file"]
        rows: int | None = None  # a file that is not a table (a code book, GraphML) has none
        if path.suffix.lower() == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            rows = len(read_records_exact(rec["file"], text, sniff_delimiter(text))[1])
        inv.append({
            "file": f"data/raw/{rec['file']}", "rows": rows, "kind": rec["kind"],
            "origin": rec["origin"], "card": f"data/raw/{rec['card']}", "sha256": rec["sha256"],
        })
    out = pd.DataFrame(inv).sort_values("file").reset_index(drop=True)
    out["rows"] = out["rows"].astype("Int64")
    return out


def imst_tables() -> dict[str, pd.DataFrame]:
    """The shipped (synthetic) IMST survey, pseudonymised, and its ego measures."""

    survey = load_imst_survey(strict=True, key=SYNTHETIC_KEY)  # never the user's key
    ego = ego_measures(survey.ties, survey.respondents, categories=INSTITUTION_TYPES)
    return {
        "imst_respondents.csv": survey.respondents,
        "imst_ties.csv": survey.ties,
        "imst_ego_measures.csv": ego.round(10),
    }


def evaluation_tables() -> dict[str, pd.DataFrame]:
    """Tennessee STAR in long form: one row per student × grade in a STAR class
    (``star_long.csv``, see :func:`netlib.cases.tennessee_star.star_long`)."""
    return {"star_long.csv": star_mod.star_long(load_star())}
def _edge_list(G, a: str, b: str, w: str) -> pd.DataFrame:
    rows = [sorted((u, v)) + [d["weight"]] for u, v, d in G.edges(data=True)]
    return pd.DataFrame(rows, columns=[a, b, w]).sort_values([a, b]).reset_index(drop=True)


def ecosystem_tables() -> dict[str, pd.DataFrame]:
    """Measures of the organisations x initiatives network and both projections."""

    t = load_ecosystem()
    eco = ecosystem.build(t["organisations"], t["initiatives"], t["memberships"])
    return {
        "ecosystem_org_measures.csv":
            ecosystem.org_measures(eco).sort_values("org_id").round(10).reset_index(drop=True),
        "ecosystem_initiative_measures.csv":
            ecosystem.initiative_measures(eco).sort_values("initiative_id").round(10)
            .reset_index(drop=True),
        "ecosystem_org_projection.csv":
            _edge_list(eco.orgs, "org_a", "org_b", "shared_initiatives"),
        "ecosystem_initiative_projection.csv":
            _edge_list(eco.inis, "initiative_a", "initiative_b", "shared_organisations"),
    }


# The raw resources each processed file comes from (a file named like a raw table comes
# from that table; "*" is every raw resource).
RAW_INPUTS: dict[str, tuple[str, ...]] = {
    "idos_peer_regions.csv": ("idos_peers",),
    "idos_peer_funding.csv": ("idos_peers",),
    "idos_peer_network_types.csv": ("idos_peer_networks",),
    "inventory.csv": ("*",),
    "imst_respondents.csv": ("imst_respondents",),
    "imst_ties.csv": ("imst_ties",),
    "imst_ego_measures.csv": ("imst_respondents", "imst_ties"),
    "star_long.csv": ("star",),
    **{f"ecosystem_{x}.csv": ("organisations", "initiatives", "memberships")
       for x in ("org_measures", "initiative_measures", "org_projection",
                 "initiative_projection")},
    "idos_factor_families.csv": ("idos_success_factors",),
    "idos_network_type_engagement.csv": ("idos_peer_networks", "idos_structure_evidence"),
    "network_scale.csv": ("facts",),
}


def raw_inputs(file: str, raw: dict[str, object]) -> tuple[str, ...]:
    """Names of the raw resources ``file`` is built from (see :data:`RAW_INPUTS`)."""
    names = RAW_INPUTS.get(file) or ((file.removesuffix(".csv"),)
                                     if file.removesuffix(".csv") in raw else ())
    if not names:
        raise ValueError(f"{file}: say which raw resources it comes from in RAW_INPUTS")
    return tuple(sorted(raw)) if names == ("*",) else names


# Each step returns {processed file name: table}. A new dataset adds its step here.
STEPS: tuple[Callable[[], dict[str, pd.DataFrame]], ...] = (
    source_tables, imst_tables, evaluation_tables, ecosystem_tables, idos.processed_tables,
)


def build(out: Path = PROCESSED) -> list[Path]:
    """Run every step of :data:`STEPS` and write its tables to ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, pd.DataFrame] = {}
    steps: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {}
    for step in STEPS:
        for name, df in step().items():
            if name in written:
                raise ValueError(f"two build steps write {name}")
            written[name] = df
            steps[name] = step

    paths = []
    for name in sorted(written):
        path = out / name
        write_csv(written[name], path)
        paths.append(path)
    raw = {r["name"]: r for r in package.read(RAW / package.DESCRIPTOR)["resources"]}
    resources = []
    for path in paths:
        step = steps[path.name]
        sources = [Source(f"raw resource {n} (data/raw/{raw[n]['path']}), through "
                          f"{step.__module__}.{step.__name__}", f"../raw/{raw[n]['path']}")
                   for n in raw_inputs(path.name, raw)]
        resources.append(package.written_resource(path, written[path.name], sources))
    descriptor = package.package_descriptor(
        "stem-networks-processed",
        "Networks in STEM education — processed data of the research compendium",
        "Tidy tables built from data/raw (the raw data package, ../raw/datapackage.json) by "
        "`python -m netlib.tooling.build`; byte-reproducible. Each resource names the raw "
        "resources and the build step it comes from; its Table Schema is inferred from the "
        "table written. Licences are those of the raw resources it comes from.",
        resources,
    )
    target = out / package.DESCRIPTOR  # last: it vouches for the files written before it
    atomic_write_text(target, package.dumps(descriptor))
    return [*paths, target]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else PROCESSED
    paths = build(out)
    print(f"built {len(paths)} files in {rel(out)} from {rel(RAW)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
