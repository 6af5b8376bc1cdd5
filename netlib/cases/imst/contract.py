"""Data contract of an IMST-style ego-network survey (data card
data/raw/cards/imst_survey_synthetic.md): vocabularies and the two table schemas.

Values are trimmed and matched case-insensitively; English names of the federal states are
normalised to German.
"""

from __future__ import annotations

from netlib.data.schema import Column, ForeignKey, Schema

IMST_REGIONS = (
    "Burgenland", "Kärnten", "Niederösterreich", "Oberösterreich", "Salzburg", "Steiermark",
    "Tirol", "Vorarlberg", "Wien",
)
REGION_ALIASES = {
    "Carinthia": "Kärnten", "Karnten": "Kärnten", "Kaernten": "Kärnten",
    "Lower Austria": "Niederösterreich", "Niederosterreich": "Niederösterreich",
    "Niederoesterreich": "Niederösterreich",
    "Upper Austria": "Oberösterreich", "Oberosterreich": "Oberösterreich",
    "Oberoesterreich": "Oberösterreich",
    "Styria": "Steiermark", "Tyrol": "Tirol", "Vienna": "Wien",
}
ALTER_REGIONS = (*IMST_REGIONS, "national", "abroad")
INSTITUTION_TYPES = (
    "working_group", "primary_school", "middle_school", "academic_secondary",
    "vocational_school", "teacher_education_university", "university", "education_authority",
    "regional_education_centre", "informal_learning_site", "company", "other",
)
ROLES = ("steering_group", "coordinator")
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly")
CONTENTS = ("information", "cooperation")
SURVEY_OBTAIN = (
    "A survey is a directory with respondents.csv and ties.csv (or one .xlsx with sheets "
    "'respondents' and 'ties'); see data/raw/cards/imst_survey_synthetic.md. Regenerate the "
    "shipped synthetic survey with `python -m netlib.cases.imst`."
)

IMST_RESPONDENTS = Schema(
    name="imst_respondents",
    file="respondents.csv",
    key=("respondent_id",),
    description="respondents.csv: one row per respondent (steering-group member or coordinator)",
    obtain=SURVEY_OBTAIN,
    columns=(
        Column("respondent_id", description="the respondent (pseudonymised on loading)"),
        Column("region", kind="category", categories=IMST_REGIONS, aliases=REGION_ALIASES,
               casefold=True, description="the federal state of the respondent's regional network"),
        Column("role", kind="category", categories=ROLES, casefold=True,
               description="role in the regional network"),
        Column("institutions", kind="list", categories=INSTITUTION_TYPES, casefold=True,
               description="the institutions the person works in: 1–3 institution types"),
    ),
)

IMST_TIES = Schema(
    name="imst_ties",
    file="ties.csv",
    description="ties.csv: one row per contact a respondent names",
    obtain=SURVEY_OBTAIN,
    foreign_keys=(ForeignKey("respondent_id", "imst_respondents", "respondent_id"),
                  ForeignKey("alter_id", "imst_respondents", "respondent_id")),
    columns=(
        Column("respondent_id", description="who names the contact"),
        Column("alter_id", required=False,
               description="the contact, when also a respondent (else empty)"),
        Column("alter_region", kind="category", categories=ALTER_REGIONS,
               aliases=REGION_ALIASES, casefold=True,
               description="where the contact is: one of the nine states, national or abroad"),
        Column("alter_institution", kind="category", categories=INSTITUTION_TYPES,
               casefold=True, description="the contact's institution"),
        Column("frequency", kind="category", categories=FREQUENCIES, casefold=True,
               description="how often they communicate"),
        Column("content", kind="category", categories=CONTENTS, casefold=True,
               description="what the contact is about"),
        Column("alter_organisation", required=False, optional=True,
               description="the name of the contact's organisation — organisations only, "
               "never persons"),
    ),
)
