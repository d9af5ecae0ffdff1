# Two commands for a learner:  make lab   (set up and open the course)
#                              make test  (set up and check everything)
# make lab opens your own copies of the notebooks (my-notebooks/, made on first use, never
# overwritten; STUDENT=1 opens student copies in my-student-notebooks/), so the course's stored
# notebooks stay as they are. make reset-notebook NB=01 gives you a fresh copy of one.
# Both create .venv with the Python on PATH on first use, install the exact tested versions
# (constraints.txt) and reinstall only when pyproject.toml or constraints.txt change. Pass
# JupyterLab options with ARGS, e.g.
#   make lab ARGS="--no-browser --port 8899"
# make test-oldest checks the oldest TensorFlow / Keras pair the course supports (constraints-oldest.txt),
# in .venv-oldest: every unit test and every notebook under nbval, as make test does.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
# the oldest supported pair (pyproject.toml's lower bounds), installed from constraints-oldest.txt
OLDEST_VENV ?= .venv-oldest
OLDEST_BIN := $(OLDEST_VENV)/bin
OLDEST_STAMP := $(OLDEST_VENV)/.installed
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

# the learner's copies: full notebooks, or student copies (exercises without solutions) with STUDENT=1
WORK := $(if $(STUDENT),my-student-notebooks,my-notebooks)
# project-local JupyterLab settings (no news pop-up), added to the user's own configuration
LAB_ENV := JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}"

.PHONY: help setup lab reset-notebook student slides test test-oldest unit notebooks timings lint clean

help:
	@echo "make lab        set up (first time only) and open your copies of the course in JupyterLab"
	@echo "                (STUDENT=1: student copies without solutions; ARGS=... goes to JupyterLab)"
	@echo "make reset-notebook NB=01   a fresh copy of one notebook in your copies (old one kept as .bak)"
	@echo "make student    student copies of every notebook in student/ (solutions removed)"
	@echo "make slides     one offline reveal.js deck per notebook in slides/"
	@echo "make test       set up (first time only) and run every unit test and notebook check"
	@echo "make test-oldest  the unit tests and notebooks on the oldest supported TensorFlow / Keras"
	@echo "make unit       unit tests only (fast)"
	@echo "make notebooks  regenerate all stored notebook outputs headlessly (prints timings)"
	@echo "make timings    execute every notebook in a fresh kernel and print its time (writes nothing)"
	@echo "make lint       ruff over the package, the tests and the notebooks"
	@echo "make clean      remove .venv and caches"

PYTHON_CHECK = @$(PYTHON) -c "import sys; v = sys.version_info; sys.exit(0 if (3, 10) <= v[:2] <= (3, 13) else 'The course needs Python 3.10 to 3.13 (3.11 recommended); $(PYTHON) is %d.%d. Run: make PYTHON=python3.11 ...' % v[:2])"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON_CHECK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[tf,lab,test,instructor]" -c constraints.txt
	@touch $(STAMP)

$(OLDEST_STAMP): pyproject.toml constraints-oldest.txt
	@$(PYTHON) -c "import sys; v = sys.version_info; sys.exit(0 if (3, 11) <= v[:2] <= (3, 12) else 'The oldest versions the course supports (TensorFlow 2.18, constraints-oldest.txt) need Python 3.11 or 3.12; $(PYTHON) is %d.%d. Run: make test-oldest PYTHON=python3.11' % v[:2])"
	@test -x $(OLDEST_BIN)/python || $(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_BIN)/python -m pip install --quiet --upgrade pip
	$(OLDEST_BIN)/python -m pip install --quiet -e ".[tf,test]" -c constraints-oldest.txt
	@touch $(OLDEST_STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/python scripts/workspace.py prepare $(if $(STUDENT),--student)
	$(LAB_ENV) $(BIN)/jupyter lab --ServerApp.root_dir=$(WORK) \
		--LabApp.default_url=/lab/tree/00_start_here.ipynb $(LAB_ROOT) $(ARGS)

reset-notebook: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make reset-notebook NB=01 [STUDENT=1]"; exit 2; }
	$(BIN)/python scripts/workspace.py reset $(NB) $(if $(STUDENT),--student)

student: $(STAMP)
	$(BIN)/python scripts/make_student.py

slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(ARGS)

# the instructor kit's checks (student copies, slides, JupyterLab) do not depend on TensorFlow
test-oldest: $(OLDEST_STAMP)
	$(OLDEST_BIN)/python -m pytest $(PYTEST_ARGS) --ignore=tests/test_instructor_kit.py $(ARGS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests $(ARGS)

notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py $(ARGS)

timings: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py --timings-only $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check course_utils tests scripts notebooks

clean:
	rm -rf $(VENV) $(OLDEST_VENV) .pytest_cache .ruff_cache student slides
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
