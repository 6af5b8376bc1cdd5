# Two commands do everything on a fresh machine (see README.md):
#   make report   install, build data/processed, execute every notebook, render report/
#   make test     install, run the unit tests and nbval over every notebook
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help install chromium data notebooks report test lint lab bench clean

help:
	@echo "make report  - install, build data/processed, execute notebooks, write report/"
	@echo "make test    - install, run unit tests + nbval over every notebook"
	@echo "make lab     - open JupyterLab on the project"
	@echo "make bench   - time the test suite and each notebook -> benchmarks/latest.json"
	@echo "make lint    - ruff over netlib, tests and notebooks"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependency list changes (a warm venv skips this).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dask]"
	@touch $@

install: $(STAMP)

# Static figure export needs a Chromium; it comes from Debian's packages.
chromium:
	@bash tools/ensure-chromium.sh

data: install
	$(PY) -m netlib.tooling.build

notebooks: data chromium
	$(PY) -m netlib.tooling.notebooks run

report: notebooks
	$(PY) -m netlib.tooling.report
	@echo "Report written to report/index.html"

test: install chromium
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check netlib tests benchmarks notebooks

lab: install
	$(VENV)/bin/jupyter lab --notebook-dir=.

bench: install chromium
	$(PY) -m benchmarks.run

clean:
	rm -rf report .pytest_cache
