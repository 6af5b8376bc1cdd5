"""Notebook 02 on a survey from another country, run the way a researcher would: papermill
with the ``survey_path`` and ``profile`` parameters (a French network, académies as regions,
its own institution types and relations, alter ties)."""

from __future__ import annotations

import json
import re

import pytest

from netlib.data.paths import ROOT
from netlib.survey.examples import contract_survey

NOTEBOOK = ROOT / "notebooks" / "02_imst_regional_networks.ipynb"


_BASE64_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


def outputs(nb: dict) -> str:
    """The text outputs of ``nb``; embedded images (base64 PNG inside a figure's HTML) are
    left out — their bytes can spell any short string, e.g. "P000", by chance."""
    out = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            out.append("".join(o.get("text", "")))
            out.append("".join(o.get("data", {}).get("text/plain", "")))
            out.append(_BASE64_IMAGE.sub("", "".join(o.get("data", {}).get("text/html", ""))))
    return "\n".join(out)


@pytest.mark.parametrize("profile", ["france-academies", "generic"])
def test_notebook_02_runs_on_a_french_survey(tmp_path, profile):
    papermill = pytest.importorskip("papermill")
    survey = tmp_path / "reseau_fr"
    contract_survey(survey, "france-academies", respondents=80)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(NOTEBOOK.parent),
        parameters={"survey_path": str(survey), "profile": profile, "permutations": 200},
        progress_bar=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    text = outputs(nb)
    assert "Error" not in "".join(o.get("output_type", "") for c in nb["cells"]
                                  for o in c.get("outputs", []))
    assert f"profile '{profile}'" in text
    assert "not applicable: profile" in text  # the Austrian findings
    assert "findings 6 and 7 are about Austrian states" in text
    assert "mean effective size" in text  # the structural-holes section ran
    for region in ("Lyon", "Créteil"):
        assert region in text
    assert "P000" not in text  # raw ids never reach an output
