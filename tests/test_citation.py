"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with pyproject.toml.

Validated with jsonschema against the CFF 1.2.0 schema vendored in tests/schemas/ (source
noted in tests/schemas/README.md), offline.
"""

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text())


def citation() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_schema_is_the_cff_1_2_0_schema():
    assert SCHEMA["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_citation_cff_is_valid():
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        citation())


def test_the_validator_rejects_an_invalid_file():
    bad = citation()
    bad["cff-version"] = "1.1.0"
    del bad["authors"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(bad)


def test_version_and_licence_are_pyproject_s():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    cff = citation()
    assert cff["version"] == project["version"]
    assert cff["license"] == "MIT" and project["license"]["text"].startswith("MIT")
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
