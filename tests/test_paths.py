import subprocess
import sys
from pathlib import Path

from netlib.data import paths

REPO = Path(__file__).resolve().parents[1]


def test_root_is_the_repository():
    assert paths.ROOT == REPO
    assert paths.RAW == REPO / "data" / "raw"
    assert paths.root_path("notebooks") == REPO / "notebooks"


def test_root_from_notebooks_directory():
    code = "from netlib.data.paths import RAW; print(RAW)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO / "notebooks",
                         capture_output=True, text=True, check=True).stdout.strip()
    assert Path(out) == REPO / "data" / "raw"


def test_root_override(tmp_path):
    code = "from netlib.data.paths import ROOT; print(ROOT)"
    env = {"NETLIB_ROOT": str(tmp_path), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert Path(out) == tmp_path.resolve()


def test_rel_inside_and_outside(tmp_path):
    assert paths.rel(REPO / "data" / "raw" / "x.csv") == "data/raw/x.csv"
    # outside the project only the folder and the name are shown, never the user's layout
    shown = paths.rel(tmp_path / "y.csv")
    assert shown == f"…/{tmp_path.name}/y.csv"
    assert str(tmp_path.parent) not in shown
    assert paths.rel(tmp_path) == f"…/{tmp_path.name}"
