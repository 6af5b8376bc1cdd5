# Two commands do everything on a fresh machine (see README.md):
#   make report   install, build data/processed, execute every notebook, build the site in report/
#   make test     install, run the unit tests and nbval over every notebook
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help install chromium data notebooks report site test lint lab bench clean

help:
	@echo "make report  - install, build data/processed, execute notebooks, build the site in report/"
	@echo "make site    - only build the site in report/ from the committed notebooks (offline)"
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

# only the site, from the committed notebooks as they are (no execution; offline)
site: install
	$(PY) -m netlib.tooling.report

test: install chromium
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check netlib tests benchmarks notebooks

# As root (containers, CI machines) Jupyter refuses to start without --allow-root.
# tools/lab/overrides.json turns Lab's autosave off: plotly's Lab renderer stores a fresh
# PNG in a figure's output once it draws it live, which autosave would write into the
# committed notebook; saving stays explicit (Ctrl+S), and no news is fetched.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
lab: install
	@mkdir -p $(LAB_SETTINGS) && cp tools/lab/overrides.json $(LAB_SETTINGS)/overrides.json
	$(VENV)/bin/jupyter lab --notebook-dir=. $(LAB_ROOT)

bench: install chromium
	$(PY) -m benchmarks.run

clean:
	rm -rf report build/site .pytest_cache
