"""environment.yml and pyproject.toml must list the same dependencies with the same pins."""

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _norm(req: str) -> str:
    name, _, rest = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req).group(0).partition("==")
    name = re.sub(r"[-_.]+", "-", name.strip()).lower()
    return f"{name}=={rest.strip()}" if rest else name


def pyproject_requirements() -> set[str]:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra in meta.get("optional-dependencies", {}).values():
        reqs += extra
    return {_norm(r) for r in reqs}


def environment_requirements() -> tuple[set[str], str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip: list[str] = []
    python = ""
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
        elif str(dep).startswith("python"):
            python = str(dep)
    return {_norm(r) for r in pip}, python


def test_same_dependencies_and_pins():
    env, _ = environment_requirements()
    py = pyproject_requirements()
    assert env == py, {"only in environment.yml": env - py, "only in pyproject.toml": py - env}


def test_every_dependency_is_pinned():
    assert all("==" in r for r in pyproject_requirements())


def test_python_version_agrees():
    _, python = environment_requirements()
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python == "python=3.11" and requires == ">=3.11"
