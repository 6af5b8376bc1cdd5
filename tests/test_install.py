"""`import netlib` must resolve to this repository, never to the unrelated PyPI `netlib`."""

import importlib.metadata as md
import subprocess
import sys
from pathlib import Path

import pytest

import netlib

REPO = Path(__file__).resolve().parents[1]


def test_import_resolves_to_this_repository():
    assert Path(netlib.__file__).resolve() == REPO / "netlib" / "__init__.py"


def test_distribution_has_its_own_name_and_provides_netlib():
    dist = md.distribution("stem-networks-compendium")
    assert dist.version == netlib.__version__
    assert "netlib" in (dist.read_text("top_level.txt") or "netlib").split()


def test_unrelated_pypi_netlib_is_not_installed():
    with pytest.raises(md.PackageNotFoundError):
        md.distribution("netlib")


def test_import_from_another_directory(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import netlib; print(netlib.__file__); print(netlib.ROOT)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    assert Path(out[0]).resolve() == REPO / "netlib" / "__init__.py"
    assert Path(out[1]).resolve() == REPO
