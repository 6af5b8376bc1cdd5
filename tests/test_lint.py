"""Library, tests, benchmarks and notebooks are ruff-clean (rules in pyproject.toml)."""

import subprocess
import sys

from netlib.data.paths import ROOT


def test_ruff_clean():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "netlib", "tests", "benchmarks", "notebooks",
         "conftest.py"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
