"""Load the IMST survey: :func:`netlib.survey.load_survey` under the IMST profile.

Data contract: ``data/raw/cards/imst_survey_synthetic.md`` and the schemas
:data:`netlib.cases.imst.contract.IMST_RESPONDENTS` / :data:`netlib.cases.imst.contract.IMST_TIES`.
Everything else — rejected rows, pseudonymisation, the key policy — is
:mod:`netlib.survey` (see :func:`netlib.survey.load_survey`).
"""

from __future__ import annotations

from pathlib import Path

from netlib.data.paths import RAW
from netlib.survey.core import Survey
from netlib.survey.files import load_survey
from netlib.survey.profile import IMST_PROFILE, SurveyProfile

SHIPPED_SURVEY = RAW / "imst_survey_synthetic"
MAX_INSTITUTIONS = IMST_PROFILE.max_institutions
# Ordinal score (tie width in figures) and nominal contacts a year for each frequency.
FREQUENCY_SCORE = {k: int(v) for k, v in IMST_PROFILE.frequency_score.items()}
CONTACTS_PER_YEAR = {k: int(v) for k, v in IMST_PROFILE.contacts_per_year.items()}

__all__ = ["CONTACTS_PER_YEAR", "FREQUENCY_SCORE", "SHIPPED_SURVEY", "Survey",
           "load_imst_survey"]


def load_imst_survey(path: str | Path | None = None, *, strict: bool = False,
                     key: str | bytes | None = None, scope: str | None = None,
                     profile: SurveyProfile | str | Path | None = None) -> Survey:
    """Load a survey directory (or ``.xlsx``); default: the shipped synthetic survey.

    ``profile`` defaults to :data:`netlib.survey.IMST_PROFILE` (the nine federal states,
    twelve institution types); see :func:`netlib.survey.load_survey` for ``key`` and
    ``scope``. Adds to ``ties``: ``ego_region``, ``within_region`` (alter in the
    respondent's own federal state), ``alter_is_respondent``, ``frequency_score`` (daily 5 …
    yearly 1) and ``contacts_per_year`` (nominal: daily 220, weekly 45, monthly 12,
    quarterly 4, yearly 1), ``alter_key`` and ``alter_institutions``.
    """
    return load_survey(SHIPPED_SURVEY if path is None else path,
                       IMST_PROFILE if profile is None else profile,
                       strict=strict, key=key, scope=scope)
