from netlib.survey.core import Survey, SurveyTable, build_survey
from netlib.survey.files import load_survey
from netlib.survey.profile import GENERIC, IMST_PROFILE, SurveyProfile, load_profile
