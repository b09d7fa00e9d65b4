# The course's commands. Each target creates .venv and installs the pinned
# requirements on first use; a second run finds the stamps and installs nothing.
#   make lab         open JupyterLab on the first notebook (learners)
#   make test        every test, notebooks re-executed included (maintainers)
#   make regenerate  re-execute notebooks in place: the only way outputs are made
#   make bench       notebook wall times against their import floor, and the test time
#   make bench-large closed form and GD epoch on 2,000,000 x 20, idle and next to a busy process
#   make bench-dask  out-of-core normal equations, 10^6 to 10^8 rows x 10: Dask LocalCluster vs a NumPy loop
#   make lint        the commit hooks: ruff, notebook hygiene, launch links, spelling, workflows (also in make test)
#   make site        static site from the stored outputs, in build/site/html
#   make sync-launch regenerate Colab badges and install cells from pyproject.toml
#   make sync-exercises  write each lesson's Exercises cells and the README's list from lessons_utils/exercises
#   make test-browser  only the real-browser tests (JupyterLab UI, static site)
#   make test-colab    every notebook with Colab's library versions (lanes/colab-constraints.txt)
#   make test-newest   every notebook with the newest releases on PyPI (refreshed daily)

# Python 3.11 or newer (the notebooks use the `z` format spec); python3.11 is
# preferred, python3 is used only if it is new enough. Override: make PYTHON=...
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PYTHON_VERSION = $(shell $(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null)
# The first line of every recipe that creates a venv: stop unless $(PYTHON) is new enough.
CHECK_PYTHON = @"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	echo "Python 3.11 or newer is needed, found $(if $(PYTHON),$(or $(PYTHON_VERSION),no working python) at $(PYTHON),no python3.11 or python3 on PATH)." >&2; \
	echo "Install Python 3.11, or name one: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# Empty means every lesson (tools/course.py decides what a lesson is).
NOTEBOOKS ?=
WORKERS ?= 2

# The two lanes: every notebook run by tools/run_lane.py in its own venv,
# against a fresh wheel of lessons_utils built from the checkout on every run.
COLAB_VENV := .venv-colab
COLAB_CONSTRAINTS := lanes/colab-constraints.txt
COLAB_STAMP := $(COLAB_VENV)/.installed
NEWEST_VENV := .venv-newest
NEWEST_REQUIREMENTS := lanes/newest-requirements.txt
# Named after today's date (UTC): the first run of each day finds no stamp and
# upgrades the venv to the newest releases; later runs that day install nothing.
NEWEST_STAMP := $(NEWEST_VENV)/.upgraded-$(shell date -u +%Y-%m-%d)

.PHONY: lab test test-unit test-notebooks test-browser test-colab test-newest regenerate bench bench-large bench-dask \
	lint site \
	sync-launch sync-exercises clean

# Jupyter refuses to run as root (containers, CI) unless told it is on purpose.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(RUNTIME_STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/01_synthetic_data.ipynb

# Three pytest runs: nbval must keep a notebook's cells on one worker (--dist
# loadfile), the papermill runs spread best one test at a time, and each browser
# test file shares one JupyterLab server or one site build between its tests (loadfile).
test: test-unit test-notebooks test-browser

test-unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --ignore=tests/browser

test-notebooks: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --nbval notebooks \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

test-browser: $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile tests/browser

test-colab: $(COLAB_STAMP)
	$(COLAB_VENV)/bin/python tools/run_lane.py --lane colab --constraints $(COLAB_CONSTRAINTS) $(NOTEBOOKS)

test-newest: $(NEWEST_STAMP)
	$(NEWEST_VENV)/bin/python tools/run_lane.py --lane newest $(NOTEBOOKS)

regenerate: $(DEV_STAMP)
	$(BIN)/python tools/regenerate.py $(NOTEBOOKS)

bench: $(DEV_STAMP)
	$(BIN)/python tools/bench.py

bench-large: $(DEV_STAMP)
	$(BIN)/python tools/bench.py --only-large

bench-dask: $(DEV_STAMP)
	$(BIN)/python tools/bench_dask.py

# Every commit hook (.pre-commit-config.yaml) on every tracked file; the hooks find their tools in .venv.
lint: $(DEV_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pre-commit run --all-files

site: $(DEV_STAMP)
	$(BIN)/python tools/build_site.py

sync-launch: $(DEV_STAMP)
	$(BIN)/python tools/sync_launch.py

sync-exercises: $(DEV_STAMP)
	$(BIN)/python tools/sync_exercises.py

$(BIN)/python:
	$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt -e .
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $@

# Made anew whenever the constraints change, so it holds exactly those versions.
$(COLAB_STAMP): $(COLAB_CONSTRAINTS)
	$(CHECK_PYTHON)
	rm -rf $(COLAB_VENV)
	$(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install -r $(COLAB_CONSTRAINTS)
	touch $@

$(NEWEST_VENV)/bin/python:
	$(CHECK_PYTHON)
	$(PYTHON) -m venv $(NEWEST_VENV)

# Upgraded in place (dependencies too) on the first run of each day, and when
# the requirements change; rm $(NEWEST_VENV)/.upgraded-* forces it sooner.
$(NEWEST_STAMP): $(NEWEST_REQUIREMENTS) | $(NEWEST_VENV)/bin/python
	$(NEWEST_VENV)/bin/python -m pip install --upgrade --upgrade-strategy eager pip -r $(NEWEST_REQUIREMENTS)
	rm -f $(NEWEST_VENV)/.upgraded-*
	touch $@

clean:
	rm -rf $(VENV) $(COLAB_VENV) $(NEWEST_VENV) build *.egg-info
