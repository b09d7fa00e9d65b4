# The course's commands. Each target creates .venv and installs the pinned
# requirements on first use; a second run finds the stamps and installs nothing.
#   make lab         open JupyterLab on the first notebook (learners)
#   make test        every test, notebooks re-executed included (maintainers)
#   make regenerate  re-execute notebooks in place: the only way outputs are made
#   make bench       notebook wall times against their import floor, and the test time
#   make lint        ruff over .py and .ipynb (also part of make test)
#   make site        static site from the stored outputs, in build/site/html
#   make sync-launch regenerate Colab badges and install cells from pyproject.toml
#   make test-browser  only the real-browser tests (JupyterLab UI, static site)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
NOTEBOOKS ?= $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
WORKERS ?= 2

.PHONY: lab test test-unit test-notebooks test-browser regenerate bench lint site sync-launch clean

# Jupyter refuses to run as root (containers, CI) unless told it is on purpose.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(RUNTIME_STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/01_synthetic_data.ipynb

# Three pytest runs: nbval must keep a notebook's cells on one worker (--dist
# loadfile), the papermill runs spread best one test at a time, and each browser
# test file shares one server or one site build between its tests (loadfile).
test: test-unit test-notebooks test-browser

test-unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --ignore=tests/browser

test-notebooks: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --nbval notebooks \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

test-browser: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile tests/browser

regenerate: $(DEV_STAMP)
	$(BIN)/python tools/regenerate.py $(NOTEBOOKS)

bench: $(DEV_STAMP)
	$(BIN)/python tools/bench.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

site: $(DEV_STAMP)
	$(BIN)/python tools/build_site.py

sync-launch: $(DEV_STAMP)
	$(BIN)/python tools/sync_launch.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) build *.egg-info
