"""Fixtures shared by the test modules."""

import shutil

import pytest

from netlib.data import provenance
from netlib.data.paths import RAW


@pytest.fixture
def raw_copy(tmp_path, monkeypatch):
    """A copy of data/raw (descriptor and cards included) that the loader's checks point at."""
    root = tmp_path / "raw"
    shutil.copytree(RAW, root)
    monkeypatch.setattr(provenance, "RAW", root)
    monkeypatch.setattr(provenance, "DESCRIPTOR_FILE", root / "datapackage.json")
    return root
