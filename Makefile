# Two commands for a learner:  make lab   (set up and open the course)
#                              make test  (set up and check everything)
# Both create .venv with the Python on PATH on first use and reinstall only when
# pyproject.toml changes. Pass JupyterLab options with ARGS, e.g.
#   make lab ARGS="--no-browser --port 8899"

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
# JupyterLab refuses to start as root (containers, CI) unless told it may.
LAB_ROOT := $(shell [ "$$(id -u 2>/dev/null)" = 0 ] && echo --allow-root)
# Quiet, repeatable TensorFlow for tests and for regenerating outputs (same values as
# course_utils.setup_notebook sets inside each notebook).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0

PYTEST_ARGS := tests notebooks --nbval --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300 \
	--durations=20 -p no:cacheprovider

.PHONY: help setup lab test unit notebooks timings lint clean

help:
	@echo "make lab        set up (first time only) and open the course in JupyterLab"
	@echo "make test       set up (first time only) and run every unit test and notebook check"
	@echo "make unit       unit tests only (fast)"
	@echo "make notebooks  regenerate all stored notebook outputs headlessly (prints timings)"
	@echo "make timings    execute every notebook in a fresh kernel and print its time (writes nothing)"
	@echo "make lint       ruff over the package, the tests and the notebooks"
	@echo "make clean      remove .venv and caches"

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import sys; v = sys.version_info; sys.exit(0 if (3, 10) <= v[:2] <= (3, 13) else 'The course needs Python 3.10 to 3.13 (3.11 recommended); $(PYTHON) is %d.%d. Run: make PYTHON=python3.11 ...' % v[:2])"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(LAB_ROOT) $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(ARGS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests $(ARGS)

notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py $(ARGS)

timings: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py --timings-only $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check course_utils tests scripts notebooks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
