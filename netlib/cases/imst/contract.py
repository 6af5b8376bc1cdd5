"""Data contract of an IMST-style ego-network survey (data card
data/raw/cards/imst_survey_synthetic.md): the vocabularies of the built-in profile
:data:`netlib.survey.IMST_PROFILE` and the two table schemas of the shipped files.

Values are trimmed and matched case-insensitively; English names of the federal states are
normalised to German. The general contract (any profile, alter ties, several relations per
pair) is :mod:`netlib.survey.contract`.
"""

from __future__ import annotations

from netlib.survey.contract import SURVEY_OBTAIN, respondents_schema, ties_schema
from netlib.survey.profile import IMST_PROFILE

assert IMST_PROFILE.regions is not None and IMST_PROFILE.institutions is not None
IMST_REGIONS: tuple[str, ...] = IMST_PROFILE.regions
REGION_ALIASES: dict[str, str] = dict(IMST_PROFILE.region_aliases)
ALTER_REGIONS: tuple[str, ...] = (*IMST_REGIONS, *IMST_PROFILE.alter_regions_extra)
INSTITUTION_TYPES: tuple[str, ...] = IMST_PROFILE.institutions
ROLES: tuple[str, ...] = IMST_PROFILE.roles or ()
FREQUENCIES: tuple[str, ...] = IMST_PROFILE.frequency_labels or ()
CONTENTS: tuple[str, ...] = IMST_PROFILE.relations or ()

# the schemas of the shipped files (the loader also accepts the optional alter_key column
# and an alter_ties table: netlib.survey.contract)
IMST_RESPONDENTS = respondents_schema(IMST_PROFILE)
IMST_TIES = ties_schema(IMST_PROFILE, extended=False)
__all__ = ["ALTER_REGIONS", "CONTENTS", "FREQUENCIES", "IMST_REGIONS", "IMST_RESPONDENTS",
           "IMST_TIES", "INSTITUTION_TYPES", "REGION_ALIASES", "ROLES", "SURVEY_OBTAIN"]
