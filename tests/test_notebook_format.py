"""Opening a committed notebook in JupyterLab does not change it.

JupyterLab saves a notebook by sending ``JSON.stringify`` of its model (parsed from the file
by ``JSON.parse``, with the kernelspec of the kernel it started) to the Jupyter server,
which writes it with nbformat. The oracle here is that trip itself: Node.js (Debian's
``nodejs``, the same JSON implementation as the browser's V8) parses and re-serialises the
file, then nbformat writes the result, with the kernelspec this environment's Jupyter lists.
A committed notebook must come back byte for byte. ``netlib.tooling.notebooks.lab_text``
(used to write executed notebooks) is checked against the same oracle.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import nbformat
import pytest

from netlib.tooling import notebooks
from netlib.tooling.notebooks import lab_kernelspec, lab_text, notebook_paths

NODE = shutil.which("node") or shutil.which("nodejs")
needs_node = pytest.mark.skipif(NODE is None, reason="no Node.js (apt-get install nodejs)")
JS_ROUND_TRIP = "const fs=require('fs');process.stdout.write(JSON.stringify(" \
                "JSON.parse(fs.readFileSync(0,'utf8'))));"


def lab_save(text: str) -> str:
    """What JupyterLab + the Jupyter server write for a notebook file's ``text``."""
    js = subprocess.run([NODE, "-e", JS_ROUND_TRIP], input=text, capture_output=True,
                        text=True, check=True).stdout
    data = json.loads(js)
    data["metadata"]["kernelspec"] = lab_kernelspec()
    out = nbformat.writes(nbformat.from_dict(data), version=nbformat.NO_CONVERT)
    return out if out.endswith("\n") else out + "\n"


def test_the_kernelspec_is_the_one_lab_shows():
    spec = lab_kernelspec()
    assert spec["name"] == notebooks.KERNEL == "python3"
    assert spec["display_name"] == "Python 3 (ipykernel)"  # ipykernel's own kernel.json


@needs_node
def test_lab_text_matches_the_javascript_round_trip():
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3",
                                                           "display_name": "Python 3"}})
    values = [0.0, -0.0, 2.0, 1e20, 1e21, 1.5, 0.1 + 0.2, 1e-7, 123456789.125, 5e-324,
              float("nan"), 3, True, None, "0.0"]
    nb.cells.append(nbformat.v4.new_code_cell("x = 1", outputs=[nbformat.v4.new_output(
        "display_data", data={"application/json": {"values": values},
                              "text/plain": "multi\nline\ntext"})]))
    # NaN is not JSON; the file nbformat writes has it, and JSON.parse would refuse it, so
    # the oracle gets the finite values and lab_text is checked for null separately
    finite = nbformat.from_dict(json.loads(json.dumps(nb).replace("NaN", "null")))
    assert lab_text(finite) == lab_save(nbformat.writes(finite))
    back = json.loads(lab_text(nb))["cells"][0]["outputs"][0]["data"]["application/json"]
    assert back["values"][10] is None
    assert [type(v) for v in back["values"][:5]] == [int, int, int, int, float]
    assert back["values"][3] == 10**20 and back["values"][5:7] == [1.5, 0.1 + 0.2]


@needs_node
@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_committed_notebook_is_as_lab_saves_it(path):
    text = path.read_text(encoding="utf-8")
    saved = lab_save(text)
    if saved != text:
        diff = [(a, b) for a, b in zip(text.splitlines(), saved.splitlines(), strict=False)
                if a != b]
        pytest.fail(f"{path.name}: JupyterLab would rewrite {len(diff)} line(s), e.g. "
                    f"{diff[:3]}; re-execute it with python -m netlib.tooling.notebooks run "
                    f"{path.stem}")
