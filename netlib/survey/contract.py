"""The data contract of an ego-network survey, built from a :class:`SurveyProfile`.

Three tables (files of a survey folder, or sheets of a workbook):

* ``respondents.csv`` — one row per respondent: ``respondent_id``, ``region``, ``role``,
  ``institutions`` (a ';'-list);
* ``ties.csv`` — one row per contact a respondent names **and relation**: ``respondent_id``,
  ``alter_id`` (the contact, when also a respondent), ``alter_region``,
  ``alter_institution`` (a ';'-list when the profile allows several), ``frequency``,
  ``content`` (the relation), ``alter_organisation`` (optional: organisations only, never
  persons) and ``alter_key`` (optional: who the contact is within the respondent's network,
  so that one contact named for two relations is one alter, and alter–alter ties can refer
  to it; for a contact who is a respondent the key is ``alter_id``);
* ``alter_ties.csv`` (optional) — ties among a respondent's contacts as the respondent
  reports them: ``respondent_id``, ``alter_a``, ``alter_b`` (alter keys), ``relation``
  (optional), ``weight`` (optional, positive).

Coded columns take the profile's vocabulary (matched case-insensitively when the profile says
so, aliases mapped to their label), or any non-empty label when the vocabulary is open.
"""

from __future__ import annotations

from netlib.data.schema import Column, ForeignKey, Schema
from netlib.survey.profile import SurveyProfile

SURVEY_OBTAIN = (
    "A survey is a directory with respondents.csv and ties.csv (and optionally "
    "alter_ties.csv), or one .xlsx with sheets 'respondents' and 'ties' (and optionally "
    "'alter_ties'); see data/raw/cards/imst_survey_synthetic.md. Exports of Network Canvas, "
    "of survey tools (one row per respondent) and egor's files are read by "
    "netlib.survey.read_network_canvas, read_wide and read_egor "
    "(data/raw/cards/survey_examples_synthetic.md). Regenerate the "
    "shipped synthetic survey with `python -m netlib.cases.imst`."
)


def coded(name: str, vocabulary: tuple[str, ...] | None, profile: SurveyProfile, *,
          aliases: dict[str, str] | None = None, many: bool = False, required: bool = True,
          description: str = "") -> Column:
    """A column that takes ``vocabulary`` (or any label when it is ``None``); ``many``: a
    ';'-separated list."""
    kind = "list" if many else ("category" if vocabulary is not None else "str")
    if vocabulary is None:
        return Column(name, kind=kind, required=required, description=description)
    return Column(name, kind=kind, categories=vocabulary, aliases=dict(aliases or {}),
                  casefold=profile.casefold, required=required, description=description)


def respondents_schema(profile: SurveyProfile) -> Schema:
    """``respondents.csv`` under ``profile``."""
    n = profile.max_institutions
    return Schema(
        name="imst_respondents" if profile.name == "imst" else "survey_respondents",
        file="respondents.csv",
        key=("respondent_id",),
        description="respondents.csv: one row per respondent (steering-group member or "
        "coordinator)" if profile.name == "imst" else
        "respondents.csv: one row per respondent",
        obtain=SURVEY_OBTAIN,
        columns=(
            Column("respondent_id", description="the respondent (pseudonymised on loading)"),
            coded("region", profile.regions, profile, aliases=profile.region_aliases,
                  description="the federal state of the respondent's regional network"
                  if profile.name == "imst" else "the region of the respondent's network"),
            coded("role", profile.roles, profile, description="role in the regional network"),
            coded("institutions", profile.institutions, profile, many=True,
                  aliases=profile.institution_aliases,
                  description="the institutions the person works in: "
                  + (f"1–{n} institution types" if n else "one or more institution types")),
        ),
    )


def ties_schema(profile: SurveyProfile, *, extended: bool = True) -> Schema:
    """``ties.csv`` under ``profile``; ``extended=False`` leaves out the optional
    ``alter_key`` column (the published schema of a file that has none)."""
    resp = respondents_schema(profile).name
    many = profile.multi_alter_institutions
    cols = [
        Column("respondent_id", description="who names the contact"),
        Column("alter_id", required=False,
               description="the contact, when also a respondent (else empty)"),
        coded("alter_region", profile.alter_regions, profile, aliases=profile.region_aliases,
              description="where the contact is: one of the nine states, national or abroad"
              if profile.name == "imst" else "where the contact is"),
        coded("alter_institution", profile.institutions, profile, many=many,
              aliases=profile.institution_aliases,
              description="the contact's institution" + (
                  "s (';'-separated, the main one first)" if many else "")),
        coded("frequency", profile.frequency_labels, profile,
              description="how often they communicate"),
        coded("content", profile.relations, profile,
              description="what the contact is about"),
        Column("alter_organisation", required=False, optional=True,
               description="the name of the contact's organisation — organisations only, "
               "never persons"),
    ]
    if extended:
        cols.append(Column("alter_key", required=False, optional=True,
                           description="who the contact is within the respondent's network "
                           "(pseudonymised on loading): rows with one key are one alter"))
    return Schema(
        name="imst_ties" if profile.name == "imst" else "survey_ties",
        file="ties.csv",
        description="ties.csv: one row per contact a respondent names",
        obtain=SURVEY_OBTAIN,
        foreign_keys=(ForeignKey("respondent_id", resp, "respondent_id"),
                      ForeignKey("alter_id", resp, "respondent_id")),
        columns=tuple(cols),
    )


def alter_ties_schema(profile: SurveyProfile) -> Schema:
    """``alter_ties.csv``: ties among the contacts of one respondent, as reported."""
    return Schema(
        name="survey_alter_ties",
        file="alter_ties.csv",
        description="alter_ties.csv: one row per tie between two contacts of a respondent",
        obtain=SURVEY_OBTAIN,
        columns=(
            Column("respondent_id", description="whose network the tie is in"),
            Column("alter_a", description="one contact (its alter_key, or alter_id)"),
            Column("alter_b", description="the other contact"),
            Column("relation", required=False, optional=True,
                   description="what the tie is (empty: a tie)"),
            Column("weight", kind="float", required=False, optional=True, min=0.0,
                   description="tie strength (empty: 1)"),
        ),
    )
