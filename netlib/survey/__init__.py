"""Ego-network surveys: profiles, the data contract, and readers for the tools researchers
use — a survey folder or workbook (:func:`load_survey`), Network Canvas exports
(:func:`read_network_canvas`), one-row-per-respondent exports of LimeSurvey, SoSci Survey or
Qualtrics (:func:`read_wide`) and egor's files (:func:`read_egor`). Every reader returns the
same pseudonymised :class:`Survey`.
"""

from __future__ import annotations

from netlib.survey.codebook import Codebook, load_codebook
from netlib.survey.core import Survey, SurveyTable, build_survey
from netlib.survey.egor import read_egor
from netlib.survey.files import load_survey
from netlib.survey.network_canvas import read_network_canvas
from netlib.survey.profile import GENERIC, IMST_PROFILE, SurveyProfile, load_profile
from netlib.survey.wide import read_wide

__all__ = [
    "GENERIC", "IMST_PROFILE", "Codebook", "Survey", "SurveyProfile", "SurveyTable",
    "build_survey", "load_codebook", "load_profile", "load_survey", "read_egor",
    "read_network_canvas", "read_wide",
]
