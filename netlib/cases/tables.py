"""The schemas of the case studies' raw tables: the tables extracted from the seed
documents (IDoS, LINKS, IMST findings, facts, ecosystem), the Tennessee STAR data and the
evaluation reference tables. ``data/raw/datapackage.json`` is generated from them.
"""

from __future__ import annotations

from netlib.data.schema import Column, ForeignKey, Schema

# --------------------------------------------------------------------------- vocabularies
SOURCE_PATTERN = r"\d{3}_[0-9a-f]{16}\.txt § .+"
LINES_PATTERN = r"\d+-\d+"
SEED_OBTAIN = (
    "It is extracted by hand from the seed documents in ../shared/seeds/ (see its data card "
    "in data/raw/cards/); restore it with `git checkout -- data/raw/`."
)

PEER_IDS = ("kinder_forschen", "siemens_stiftung", "smithsonian_ssec", "luma", "lamap", "oce")
NETWORK_TYPES = ("resilience", "scaling", "action", "movement", "learning")
REGIONS = ("DE", "FI", "FR", "LATAM", "AFRICA", "SE_ASIA", "GLOBAL")
FUNDING = ("public", "private", "endowment", "donations", "grants")
STRUCTURES = ("A", "B", "C", "A/B", "A/C", "B/C", "A/B/C")
LINKS_IDS = ("maisons_pour_la_science", "anisn", "luma", "imst", "nep", "stem_learning")
QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than", "at_most", "range")


def _src(lines: str = "the evidence") -> tuple[Column, Column]:
    return (
        Column("source", pattern=SOURCE_PATTERN,
               description="seed file name and the table/section the row comes from"),
        Column("lines", pattern=LINES_PATTERN,
               description=f"1-based line range of {lines} in the seed file"),
    )


def _fr_en(stem: str, required: bool = True, what: str = "") -> tuple[Column, Column]:
    return (
        Column(f"{stem}_fr", required=required,
               description="verbatim French from the seed" + (f": {what}" if what else "")),
        Column(f"{stem}_en", required=required, description="English translation"),
    )


UNITS = ("count", "percent", "year", "years", "days", "hours", "EUR", "ratio")

# --------------------------------------------------------------------------- tables
IDOS_PEERS = Schema(
    name="idos_peers",
    file="idos_peers.csv",
    key=("peer_id",),
    description="IDoS peers paper, Tableau 1: one row per peer organisation",
    obtain=SEED_OBTAIN,
    columns=(
        Column("peer_id", kind="category", categories=PEER_IDS),
        *_fr_en("organisation"),
        *_fr_en("org_type"),
        Column("year_founded", kind="int", min=1800, max=2030),
        Column("headquarters_fr"),
        Column("headquarters_city"),
        Column("headquarters_country"),
        Column("regions_of_impact_fr"),
        Column("regions_of_impact", kind="list", categories=REGIONS),
        Column("main_funding_fr"),
        Column("main_funding", kind="list", categories=FUNDING),
        *_src(),
    ),
)

IDOS_NETWORK_TYPES = Schema(
    name="idos_network_types",
    file="idos_network_types.csv",
    key=("network_type",),
    description="IDoS peers paper, Tableau 2: the five network types and their purpose",
    obtain=SEED_OBTAIN,
    columns=(
        Column("network_type", kind="category", categories=NETWORK_TYPES),
        *_fr_en("name"),
        *_fr_en("purpose"),
        *_src(),
    ),
)

IDOS_PEER_NETWORKS = Schema(
    name="idos_peer_networks",
    file="idos_peer_networks.csv",
    key=("example_id",),
    description=(
        "IDoS peers paper, Tableau 3: network example of each peer (and of the IDoS peer "
        "network itself, peer_id 'idos'): types, structure A/B/C, objectives, success factors"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("example_id", pattern=r"[a-z0-9_]+"),
        Column("peer_id", kind="category", categories=(*PEER_IDS, "idos")),
        *_fr_en("network_name"),
        Column("network_types", kind="list", categories=NETWORK_TYPES),
        Column("network_types_fr"),
        Column("structure", kind="category", categories=STRUCTURES,
               description="Baran (Figure 1): A centralised, B decentralised, C distributed"),
        *_fr_en("objectives"),
        *_fr_en("success_factors"),
        *_src(),
    ),
)

LINKS_NETWORKS = Schema(
    name="links_networks",
    file="links_networks.csv",
    key=("network_id",),
    description="LINKS brochure: one row per teacher-development network it profiles",
    obtain=SEED_OBTAIN,
    columns=(
        Column("network_id", kind="category", categories=LINKS_IDS),
        Column("network"),
        Column("country", kind="category", categories=("FR", "IT", "FI", "AT", "GB")),
        *_fr_en("coordinating_body", required=False),
        Column("founded", kind="int", required=False, min=1800, max=2030),
        Column("founded_text_fr", required=False),
        *_fr_en("scope"),
        *_src(),
    ),
)

LINKS_NODES = Schema(
    name="links_nodes",
    file="links_nodes.csv",
    key=("network_id", "node_kind"),
    foreign_keys=(ForeignKey("network_id", "links_networks", "network_id"),),
    description="LINKS brochure: number and kind of the nodes of each network (long format)",
    obtain=SEED_OBTAIN,
    columns=(
        Column("network_id", kind="category", categories=LINKS_IDS),
        Column("node_kind", pattern=r"[a-z0-9_]+"),
        Column("count", kind="int", min=0),
        Column("qualifier", kind="category", categories=QUALIFIERS),
        *_fr_en("description"),
        *_src(),
    ),
)

FACTS = Schema(
    name="facts",
    file="facts.csv",
    key=("fact_id",),
    description=(
        "quantitative facts stated in the seed documents, with their qualifier "
        "('more_than 200' is a strict lower bound, not 200)"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("fact_id", pattern=r"f\d{3}-\d{3}"),
        Column("seed_file", pattern=r"\d{3}_[0-9a-f]{16}\.txt"),
        Column("subject"),
        Column("quantity", pattern=r"[a-z0-9_]+"),
        Column("value", kind="float"),
        Column("value_high", kind="float", required=False),
        Column("qualifier", kind="category", categories=QUALIFIERS),
        Column("unit", kind="category", categories=UNITS),
        Column("year", kind="int", required=False, min=1800, max=2030),
        *_fr_en("text"),
        *_src(),
    ),
)

IMST_FINDINGS = Schema(
    name="imst_findings",
    file="imst_findings.csv",
    key=("finding_id",),
    description=(
        "LINKS brochure, 'Le réseau régional IMST (Autriche)': the published findings of the "
        "IMST social network analysis (Rauch & Korenjak), one sentence a row"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("finding_id", pattern=r"imst-\d+"),
        *_fr_en("finding"),
        *_src(),
    ),
)

# --------------------------------------------------------------------------- ecosystem
# Organisations x initiatives across the sources (data cards
# data/raw/cards/{organisations,initiatives,memberships,organisation_aliases}.md).
HELIX = ("government", "education_research", "industry", "civil_society")
CODING_BASIS = ("source", "name", "outside_knowledge")
ORG_KINDS = (
    "ministry", "public_agency", "education_authority", "regional_authority", "local_authority",
    "international_body", "public_operator", "university", "research_unit", "academy",
    "teacher_pd_centre", "education_organisation", "informal_learning_site",
    "network_organisation", "foundation", "association", "professional_body", "think_tank",
    "innovation_body", "business_association", "industry_organisation", "company",
)
COUNTRIES = ("FR", "DE", "FI", "IT", "AT", "GB", "NL", "US", "EU", "INT")
INITIATIVE_KINDS = (
    "peer_network", "national_network", "regional_network", "movement_network",
    "partnership_project", "research_action_group", "alliance", "platform", "coalition",
    "programme",
)
SCOPES = ("FR", "DE", "FI", "IT", "AT", "GB", "NL", "EU", "LATAM", "INT")
MEMBERSHIP_ROLES = (
    "peer", "founder", "coordinator", "co_lead", "network_body", "host", "partner",
    "invited_partner", "organiser", "speaker", "contributor", "member", "advisory_board",
    "public_sponsor", "funder",
)
ID_PATTERN = r"[a-z][a-z0-9_]*"

ORGANISATIONS = Schema(
    name="organisations",
    file="organisations.csv",
    key=("org_id",),
    description=(
        "organisations named in the seeds as taking part in a STEM-education initiative: "
        "name as written, country, kind and triple-helix strand (with rationale)"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("org_id", pattern=ID_PATTERN, description="stable identifier"),
        Column("name_fr", description="verbatim name in the source (the fullest spelling used)"),
        Column("name_en", description="usual English name"),
        Column("country", kind="category", categories=COUNTRIES,
               description="country of the organisation (EU: a European body; INT: international)"),
        Column("kind", kind="category", categories=ORG_KINDS, description="kind of organisation"),
        Column("helix", kind="category", categories=HELIX,
               description="triple-helix strand (Etzkowitz & Leydesdorff 2000) plus civil society"),
        Column("helix_rationale", description="one line a reviewer can dispute"),
        Column("coding_basis", kind="category", categories=CODING_BASIS,
               description="how kind and strand were decided: the source describes the "
               "organisation, its name says it, or outside knowledge (flagged for review)"),
        *_fr_en("description", required=False,
                what="what the source says about the organisation"),
        *_src("the name (and description)"),
    ),
)

INITIATIVES = Schema(
    name="initiatives",
    file="initiatives.csv",
    key=("initiative_id",),
    description="the STEM-education initiatives (networks, partnerships, programmes) of the seeds",
    obtain=SEED_OBTAIN,
    columns=(
        Column("initiative_id", pattern=ID_PATTERN, description="stable identifier"),
        *_fr_en("name"),
        Column("kind", kind="category", categories=INITIATIVE_KINDS,
               description="our classification"),
        Column("scope", kind="category", categories=SCOPES, description="where it works"),
        *_fr_en("description"),
        *_src(),
    ),
)

MEMBERSHIPS = Schema(
    name="memberships",
    file="memberships.csv",
    key=("org_id", "initiative_id", "role"),
    foreign_keys=(ForeignKey("org_id", "organisations", "org_id"),
                  ForeignKey("initiative_id", "initiatives", "initiative_id")),
    description=(
        "organisation x initiative, with the role the source gives and the sentence it rests on"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("org_id", pattern=ID_PATTERN, description="an org_id of organisations.csv"),
        Column("initiative_id", pattern=ID_PATTERN,
               description="an initiative_id of initiatives.csv"),
        Column("role", kind="category", categories=MEMBERSHIP_ROLES,
               description="the role the source gives (coded)"),
        Column("name_as_written_fr",
               description="the organisation's name in the evidence: its name_fr or an alias"),
        *_fr_en("evidence"),
        *_src(),
    ),
)

ORGANISATION_ALIASES = Schema(
    name="organisation_aliases",
    file="organisation_aliases.csv",
    key=("org_id", "alias_fr"),
    foreign_keys=(ForeignKey("org_id", "organisations", "org_id"),),
    description="other spellings of an organisation's name in the seeds (deduplication)",
    obtain=SEED_OBTAIN,
    columns=(
        Column("org_id", pattern=ID_PATTERN, description="an org_id of organisations.csv"),
        Column("alias_fr", description="verbatim spelling in the source"),
        Column("note", description="why it is the same organisation"),
        *_src(),
    ),
)

ECOSYSTEM_TABLES: tuple[Schema, ...] = (ORGANISATIONS, INITIATIVES, MEMBERSHIPS,
                                        ORGANISATION_ALIASES)

SOURCE_TABLES: tuple[Schema, ...] = (
    IDOS_PEERS, IDOS_NETWORK_TYPES, IDOS_PEER_NETWORKS, LINKS_NETWORKS, LINKS_NODES, FACTS,
    IMST_FINDINGS, *ECOSYSTEM_TABLES,
)


# --------------------------------------------------------------------------- evaluation data
# Tennessee STAR, as distributed with the R package AER (Kleiber & Zeileis). Levels are those
# of the AER documentation (?STAR), except that the data spell the 1st-3rd grade career-ladder
# level "notladder" where the documentation writes "noladder" (see the data card).
STAR_GRADES = ("k", "1", "2", "3")
STAR_CLASS_TYPES = ("regular", "small", "regular+aide")
STAR_SCHOOL_TYPES = ("inner-city", "suburban", "rural", "urban")
PUBLIC_OBTAIN = (
    "It is a public dataset extracted once into data/raw/ (see its data card in "
    "data/raw/cards/); restore it with `git checkout -- data/raw/`."
)


def _star_grade(g: str) -> tuple[Column, ...]:
    k = g == "k"
    grade = "kindergarten" if k else f"grade {g}"
    return (
        Column(f"star{g}", kind="category", categories=STAR_CLASS_TYPES, required=False,
               description=f"STAR class type in {grade}; empty: not in a STAR class that year"),
        Column(f"read{g}", kind="int", required=False, min=100, max=1000,
               description=f"total reading scaled score (SAT), {grade}"),
        Column(f"math{g}", kind="int", required=False, min=100, max=1000,
               description=f"total math scaled score (SAT), {grade}"),
        Column(f"lunch{g}", kind="category", categories=("free", "non-free"), required=False,
               description=f"qualified for free lunch, {grade}"),
        Column(f"school{g}", kind="category", categories=STAR_SCHOOL_TYPES, required=False,
               description=f"school TYPE (not the school id), {grade}"),
        Column(f"degree{g}", kind="category", required=False,
               categories=("bachelor", "master", "specialist", "master+") if k
               else ("bachelor", "master", "specialist", "phd"),
               description=f"highest degree of the teacher, {grade}"),
        Column(f"ladder{g}", kind="category", required=False,
               categories=("level1", "level2", "level3", "apprentice", "probation", "pending")
               if k else ("level1", "level2", "level3", "apprentice", "probation", "notladder"),
               description=f"teacher's career-ladder level, {grade}"),
        Column(f"experience{g}", kind="int", required=False, min=0, max=60,
               description=f"teacher's years of total teaching experience, {grade}"),
        Column(f"tethnicity{g}", kind="category", required=False,
               categories=("cauc", "afam", "asian") if g == "3" else ("cauc", "afam"),
               description=f"teacher's ethnicity, {grade}"),
        Column(f"system{g}", kind="int", required=False, min=1,
               description=f"school system (district) id, {grade}"),
        Column(f"schoolid{g}", kind="int", required=False, min=1,
               description=f"school id, {grade} (the cluster; randomisation was within it)"),
    )


def _star_columns() -> tuple[Column, ...]:
    per_grade = {g: {c.name[:-1]: c for c in _star_grade(g)} for g in STAR_GRADES}
    stems = ("star", "read", "math", "lunch", "school", "degree", "ladder", "experience",
             "tethnicity", "system", "schoolid")
    return (
        Column("id", kind="int", min=1, description="student id (the AER row name)"),
        Column("gender", kind="category", categories=("female", "male"), required=False),
        Column("ethnicity", kind="category", required=False,
               categories=("cauc", "afam", "asian", "hispanic", "amindian", "other")),
        Column("birth", pattern=r"\d{4} Q[1-4]", required=False,
               description="birth quarter, 'YYYY Qn'"),
        *(per_grade[g][s] for s in stems for g in STAR_GRADES),
    )


STAR = Schema(
    name="star",
    file="star.csv",
    key=("id",),
    description=(
        "Tennessee STAR class-size experiment, public-access data as distributed with the R "
        "package AER (data('STAR')): one row per student, kindergarten to grade 3 (wide)"
    ),
    obtain=PUBLIC_OBTAIN,
    columns=_star_columns(),
)

HSB82 = Schema(
    name="hsb82",
    file="hsb82.csv",
    key=("id",),
    description=(
        "High School and Beyond 1982 sub-sample of Raudenbush & Bryk (2002), as distributed "
        "with the R package mlmRev (data('Hsb82')): one row per student, 160 schools"
    ),
    obtain=PUBLIC_OBTAIN,
    columns=(
        Column("id", kind="int", min=1, description="row number (the R row name)"),
        Column("school", pattern=r"\d{4}", description="HS&B school id"),
        Column("minrty", kind="category", categories=("No", "Yes"),
               description="student belongs to a minority"),
        Column("sx", kind="category", categories=("Male", "Female"), description="sex"),
        Column("ses", kind="float", min=-5, max=5,
               description="standardised socio-economic status"),
        Column("mAch", kind="float", min=-5, max=30, description="mathematics achievement"),
        Column("meanses", kind="float", min=-5, max=5, description="school mean of ses"),
        Column("sector", kind="category", categories=("Public", "Catholic"),
               description="school sector"),
        Column("cses", kind="float", min=-6, max=6,
               description="ses centred at the school mean (ses - meanses)"),
    ),
)

STAR_PUBLISHED = Schema(
    name="star_published",
    file="star_published.csv",
    key=("table", "column", "term"),
    description=(
        "published Project STAR estimates (Stock & Watson, Introduction to Econometrics, "
        "Tables 13.1 and 13.2): coefficient and heteroskedasticity-robust SE per term"
    ),
    obtain=PUBLIC_OBTAIN,
    columns=(
        Column("table", pattern=r"SW13\.[12]"),
        Column("column", description="column label of the printed table"),
        Column("grade", kind="category", categories=STAR_GRADES),
        Column("specification", kind="category",
               categories=("differences", "experience", "experience_school_fe",
                           "experience_school_fe_student")),
        Column("term", kind="category",
               categories=("small", "regular_aide", "intercept", "experience", "boy",
                           "free_lunch", "black", "race_other", "n_obs")),
        Column("estimate", kind="float"),
        Column("se", kind="float", required=False, min=0,
               description="heteroskedasticity-robust standard error; empty for n_obs"),
        Column("source"),
    ),
)

RCT_FACTS = Schema(
    name="rct_facts",
    file="rct_facts.csv",
    key=("fact_id",),
    description=(
        "facts from public records about the two randomised evaluations the IDoS paper "
        "reports (La main à la pâte, LASER) and published ICCs for science achievement"
    ),
    obtain=PUBLIC_OBTAIN,
    columns=(
        Column("fact_id", pattern=r"rct-\d{3}"),
        Column("study", kind="category",
               categories=("lamap_formsciences", "laser_i3", "icc_reference")),
        Column("quantity", pattern=r"[a-z0-9_]+"),
        Column("value", kind="float"),
        Column("value_high", kind="float", required=False),
        Column("qualifier", kind="category", categories=QUALIFIERS),
        Column("unit", kind="category",
               categories=("count", "hours", "years", "year", "sd", "icc")),
        Column("statement", description="what the record says, in English"),
        Column("source", description="citation of the public record"),
        Column("identifier", required=False,
               description="registry id, grant number or DOI of the record"),
        Column("checked", description="how this row was checked (see the data card)"),
    ),
)

WWC_ATTRITION = Schema(
    name="wwc_attrition_boundaries",
    file="wwc_attrition_boundaries.csv",
    key=("overall",),
    description=(
        "What Works Clearinghouse attrition boundary: highest differential attrition (in "
        "percentage points) for low attrition, by overall attrition (%), cautious and "
        "optimistic assumptions (Standards Handbook v4.1, Table II.1)"
    ),
    obtain=PUBLIC_OBTAIN,
    columns=(
        Column("overall", kind="int", min=0, max=100, description="overall attrition, %"),
        Column("cautious", kind="float", required=False, min=0, max=100,
               description="max differential attrition (pp), cautious; empty: always high"),
        Column("optimistic", kind="float", required=False, min=0, max=100,
               description="max differential attrition (pp), optimistic; empty: always high"),
    ),
)

EVALUATION_TABLES: tuple[Schema, ...] = (STAR, STAR_PUBLISHED, RCT_FACTS, WWC_ATTRITION)
# =========================================================================================
# Comparison of the IDoS peers and the LINKS networks (loaders in netlib.cases.idos)
# =========================================================================================
FAMILIES = ("strategy_management", "resources_funding", "motivation_engagement", "meal",
            "context_complexity")
EVIDENCE_ASPECTS = ("centre", "units", "roles", "local_networks", "unit_ties",
                    "decentralisation", "centralisation", "all_types", "one_type_each", "baran",
                    "holley", "distribution")
GOVERNANCE_ASPECTS = ("coordination", "governance", "ministry", "university", "other_networks")
UNIT_TIES = ("none", "ring", "all")

IDOS_SUCCESS_FAMILIES = Schema(
    name="idos_success_families",
    file="idos_success_families.csv",
    key=("family",),
    description=(
        "IDoS peers paper, Figure 2 / Part II: the five families of success factors of "
        "networks, as the text lists them, with the heading of the section on each"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("family", kind="category", categories=FAMILIES),
        Column("number", kind="int", min=1, max=5, description="order in the text (1-5)"),
        *_fr_en("name"),
        Column("section_fr", description="verbatim heading of the Part II section, found at "
               "section_lines"),
        Column("section_lines", pattern=LINES_PATTERN),
        *_src(),
    ),
)

IDOS_SUCCESS_FACTORS = Schema(
    name="idos_success_factors",
    file="idos_success_factors.csv",
    key=("factor_id",),
    foreign_keys=(ForeignKey("example_id", "idos_peer_networks", "example_id"),),
    description=(
        "IDoS peers paper, Tableau 3: each success factor (one bullet) of each network, coded "
        "into one of the five families of Figure 2; the coding is a judgement, argued in "
        "`rationale`"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("factor_id", pattern=r"sf\d{2}"),
        Column("example_id", pattern=r"[a-z0-9_]+",
               description="the Tableau 3 row (idos_peer_networks.example_id)"),
        Column("peer_id", kind="category", categories=(*PEER_IDS, "idos")),
        Column("item", kind="int", min=1, description="position of the bullet in the cell"),
        *_fr_en("text"),
        Column("family", kind="category", categories=FAMILIES,
               description="coded family (our judgement, see rationale)"),
        Column("family_alt", kind="category", categories=FAMILIES, required=False,
               description="a second family a reviewer could defend (empty: none)"),
        Column("rationale", description="why this family, citing Part II lines of the seed"),
        *_src(),
    ),
)

IDOS_STRUCTURE_EVIDENCE = Schema(
    name="idos_structure_evidence",
    file="idos_structure_evidence.csv",
    key=("evidence_id",),
    description=(
        "IDoS peers paper: the sentences that describe how each network is structured "
        "(centre, units, ties, (de)centralisation), and the paper's statements on Baran's "
        "structures, Holley's stages and the five network types"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("evidence_id", pattern=r"ev\d{2}"),
        Column("example_id", pattern=r"[a-z0-9_]+",
               description="the Tableau 3 row it describes, or 'all'"),
        Column("aspect", kind="category", categories=EVIDENCE_ASPECTS),
        *_fr_en("text"),
        *_src(),
    ),
)

LINKS_GOVERNANCE = Schema(
    name="links_governance",
    file="links_governance.csv",
    key=("governance_id",),
    foreign_keys=(ForeignKey("network_id", "links_networks", "network_id"),),
    description=(
        "LINKS brochure: what each network's profile says about its coordination, "
        "governance bodies, links to ministries and to universities, and other networks"
    ),
    obtain=SEED_OBTAIN,
    columns=(
        Column("governance_id", pattern=r"gov\d{2}"),
        Column("network_id", kind="category", categories=LINKS_IDS),
        Column("aspect", kind="category", categories=GOVERNANCE_ASPECTS),
        *_fr_en("text"),
        *_src(),
    ),
)

IDOS_STYLISED_NETWORKS = Schema(
    name="idos_stylised_networks",
    file="idos_stylised_networks.csv",
    key=("example_id",),
    foreign_keys=(ForeignKey("example_id", "idos_peer_networks", "example_id"),),
    description=(
        "CONSTRUCTED (not observed): how notebook 03 builds a stylised network for each "
        "Tableau 3 example from the paper's words — units, coordinating centre, ties — each "
        "choice citing idos_structure_evidence rows"
    ),
    obtain="It is constructed by hand from idos_structure_evidence.csv and facts.csv (see its "
           "data card); restore it with `git checkout -- data/raw/`.",
    columns=(
        Column("example_id", pattern=r"[a-z0-9_]+"),
        Column("units", kind="int", min=1, description="number of units (partners, "
               "territories, centres, hubs, peers)"),
        Column("units_basis", kind="list", description="facts.csv fact_id(s) the number "
               "comes from, or 'illustrative' when the source gives none"),
        Column("centre", kind="category", categories=("yes", "no"),
               description="a coordinating node tied to every unit"),
        Column("centre_evidence", kind="list", required=False),
        Column("unit_ties", kind="category", categories=UNIT_TIES,
               description="ties among units: none, a ring, or every pair"),
        Column("unit_ties_evidence", kind="list", required=False),
        Column("local_networks", kind="category", categories=("yes", "no"),
               description="each unit has its own local members"),
        Column("local_evidence", kind="list", required=False),
        Column("members_per_unit", kind="int", min=0,
               description="local members per unit: illustrative, stated nowhere"),
        Column("synthetic", kind="category", categories=("constructed",)),
        Column("assumptions", description="the reading of the evidence, in words"),
    ),
)

# The tables extracted from the seeds join the verbatim check, the build and the inventory.
SOURCE_TABLES = SOURCE_TABLES + (
    IDOS_SUCCESS_FAMILIES, IDOS_SUCCESS_FACTORS, IDOS_STRUCTURE_EVIDENCE, LINKS_GOVERNANCE,
)
