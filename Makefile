# GRU Lab — the two commands of the README, and their parts.
#
#   make book   build the whole site into _build/html (venv, install, JS assets, execute chapters)
#   make test   the whole test suite: fresh execution of every chapter, strict build, pytest
#   make lab    open the chapters as notebooks in JupyterLab
#
# Everything runs inside .venv, which `make` creates and keeps in step with requirements.txt.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
JB     := $(BIN)/jupyter-book
JBFLAGS := -W -n --keep-going
JUPYTERLAB_PIN := jupyterlab==4.6.6
UV_PIN := uv==0.13.9
# nbgrader, for `make assignments` and the grading round trip that `make test` runs (kept out of
# requirements.txt: readers and Binder do not need its 46 packages). Also the `grading` extra.
NBGRADER_PIN := nbgrader==0.9.6
# $(call pip_install,ARGS): install into the venv with uv when it is there, else with pip.
pip_install = if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install --quiet --python $(PY) $(1); \
	else $(PY) -m pip install --quiet $(1); fi

# Quiet TensorFlow: no C++ INFO/WARNING lines on stderr. oneDNN stays on (TensorFlow's default
# on x86, what a reader's notebook runs): with it an epoch of the character model takes about a
# third less time, and executing every chapter 274 s instead of 296 s (benchmarks/README.md). Its notice at import ("oneDNN custom operations are on") reaches the build's log;
# the pages leave stderr out (_config.yml, stderr_output).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 1
export PYTHONHASHSEED := 0
# One BLAS thread: the book's matrices are small, and on a busy 2-core machine two OpenBLAS
# threads spin against each other (a chapter-4 training step ran 9x slower with two).
export OPENBLAS_NUM_THREADS := 1
# Offline copies of the data sets (tests, CI, a classroom without internet). When the folder
# is absent, gru_lab.datasets downloads from each data set's home instead.
# Trained weights and other expensive results, cached by code, data and seed (gru_lab.cache):
# a rebuild whose training code did not change trains nothing. `make clean` empties it.
RESULTS_CACHE := $(CURDIR)/_build/.gru_lab_cache
export GRU_LAB_CACHE ?= $(RESULTS_CACHE)
ifneq ($(wildcard ../shared/data),)
export GRU_LAB_DATA ?= $(abspath ../shared/data)
endif

VENV_STAMP   := $(VENV)/.installed
ASSETS_STAMP := _vendor/site/vendor/.installed

PHONY_I18N := book-en book-zh catalogs
.PHONY: $(PHONY_I18N) help venv assets execute book book-strict test test-fast pytest lab lab-deps notebooks lint clean student

help:
	@echo "make book     build the site into _build/html, English and Chinese (_build/html/zh)"
	@echo "make book-en / book-zh  one edition (book-zh reuses the English execution)"
	@echo "make catalogs update the translation catalogs (locales/) after an English edit"
	@echo "make test     run the whole test suite (fresh execution, strict build, pytest)"
	@echo "make test-fast  the package tests only (no build, no browser, about 2 min)"
	@echo "make lab      open the chapters as notebooks in JupyterLab"
	@echo "make lab-deps install JupyterLab only (the notebook edition's browser test needs it)"
	@echo "make notebooks  the notebook edition under _build/notebooks (the notebooks branch)"
	@echo "make student  the student edition (no solutions): _build/student/{html,notebooks}"
	@echo "make assignments  the exercises as nbgrader assignments: _build/assignments/<language>"
	@echo "make lint     ruff"
	@echo "make clean    remove _build and _vendor"

# ---------------------------------------------------------------- environment
venv: $(VENV_STAMP)
# uv installs the same pins as pip, from its cache, in a fraction of pip's time (about 20 s
# against 70-110 s here); where uv cannot be installed, pip does the same job.
$(VENV_STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check $(UV_PIN) 2>/dev/null || true
	$(call pip_install,-r requirements.txt)
	@touch $@

# JavaScript served by the site itself (MathJax 3, RequireJS, widgets HTML manager), pinned
# in tools/js/package-lock.json; Sphinx copies _vendor/site/ into _build/html/ (html_extra_path).
assets: $(ASSETS_STAMP)
$(ASSETS_STAMP): tools/js/package.json tools/js/package-lock.json tools/js/widgets-config.js
	npm ci --prefix tools/js --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf _vendor/site/vendor
	mkdir -p _vendor/site/vendor
	cp -r tools/js/node_modules/mathjax/es5 _vendor/site/vendor/mathjax
	cp tools/js/node_modules/requirejs/require.js _vendor/site/vendor/require.js
	cp tools/js/widgets-config.js _vendor/site/vendor/widgets-config.js
	cp -r tools/js/node_modules/@jupyter-widgets/html-manager/dist _vendor/site/vendor/html-manager
	@touch $@

# ---------------------------------------------------------------- the site
# Every chapter whose code has no cached result is executed, in parallel (one per CPU), into
# the execution cache that the Sphinx build then reads (tools/execute_chapters.py).
execute: venv
	$(PY) tools/execute_chapters.py

# Local builds reuse the execution cache: only chapters whose code changed are re-run.
# Both editions: English into _build/html and Chinese into _build/html/zh (tools/build_zh.py:
# the same pages through the catalogs in locales/, executing nothing). Both read only the
# execution cache, so the two Sphinx runs go side by side (one core each); the Chinese run's
# log is printed after the English one. `make book-en` or `make book-zh` builds one (book-zh
# needs the execution cache, which `make execute` fills).
# $(call both_editions,EXTRA_JB_FLAGS,EXTRA_ZH_FLAGS): both Sphinx runs at once; fails if either does.
define both_editions
	@mkdir -p _build; status=0; \
	$(PY) tools/build_zh.py $(2) $(JBFLAGS) > _build/build_zh.log 2>&1 & zh=$$!; \
	$(JB) build . $(1) $(JBFLAGS) || status=$$?; \
	wait $$zh || status=$$?; \
	echo "---- the Chinese edition (tools/build_zh.py, log in _build/build_zh.log)"; \
	cat _build/build_zh.log; exit $$status
endef
book: venv assets execute
	$(call both_editions,)
	@echo
	@echo "The book is built. Open: file://$(CURDIR)/_build/html/index.html"
	@echo "                  中文版: file://$(CURDIR)/_build/html/zh/index.html"
	@echo "(or serve it: $(PY) -m http.server -d _build/html 8000  ->  http://127.0.0.1:8000)"

book-en: venv assets execute
	$(JB) build . $(JBFLAGS)

book-zh: venv assets
	$(PY) tools/build_zh.py $(JBFLAGS)

# The translation catalogs after an edit of the English pages: extract every page's messages
# (Sphinx's gettext builder on the executed pages, with the alt texts and exercise titles that
# gru_lab_i18n adds; run `make book` first) and
# merge them into locales/zh_CN (sphinx-intl marks changed entries fuzzy and adds new ones
# empty). Then translate what tools/check_catalogs.py lists. See README, "Updating a translation".
catalogs: venv
	$(BIN)/jupyter-book config sphinx . >/dev/null
	PYTHONPATH=tools/sphinxext $(PY) -m sphinx -q -b gettext . _build/gettext \
	  -d _build/.doctrees-gettext -D nb_execution_cache_path=$(CURDIR)/_build/.jupyter_cache
	$(BIN)/sphinx-intl update -p _build/gettext -l zh_CN -d locales -w 76
	$(PY) tools/check_catalogs.py --fill-equations
	-$(PY) tools/check_catalogs.py

# The test build: empty caches and --all, so every chapter is executed afresh, once.
# The build's content-keyed results are emptied too: every model is trained afresh.
book-strict: export GRU_LAB_CACHE := $(RESULTS_CACHE)
book-strict: venv assets
	rm -rf _build/.jupyter_cache _build/execution.json "$(RESULTS_CACHE)" _build/zh
	$(PY) tools/execute_chapters.py
	$(call both_editions,--all,-E)

# ---------------------------------------------------------------- tests
# The README's test command (CI runs exactly this through .ci/run). pytest runs even when the
# build fails, so tests/test_notebooks.py names the chapter and cell that raised.
test: venv assets lab-deps grading-deps
	@status=0; $(MAKE) --no-print-directory book-strict || status=$$?; \
	$(PY) -m pytest -ra --durations=15 $(PYTEST_JOBS) || status=$$?; exit $$status

# pytest's workers (pytest-xdist): two, one per core of the reference machine; most tests wait
# on Chromium or a subprocess, so two workers keep both cores busy. An expensive session
# fixture is made once for both through tests/_helpers.made_once (xdist's own loadgroup does
# not group with pytest 9.2: pytest-xdist issue 1386). `make test PYTEST_JOBS=` runs one process.
PYTEST_JOBS ?= -n 2

# The package's own tests, for a developer's loop: no build, no browser, no chapter.
test-fast: venv
	$(PY) -m pytest -ra -q $(PYTEST_JOBS) -m "not browser and not notebooks and not slow and not site"

# pytest alone, against the site already built (quick iterations).
pytest: venv
	$(PY) -m pytest -ra --durations=15 $(PYTEST_JOBS)

lint: venv
	$(BIN)/ruff check .

# ---------------------------------------------------------------- notebooks
lab: lab-deps
	$(BIN)/jupyter lab book/intro.md

# JupyterLab in the venv (for `make lab`, benchmarks/bench_widget_browser.py and the browser
# test of the notebook edition, tests/test_notebook_edition.py). Installed once (a stamp).
LAB_STAMP := $(VENV)/.lab-installed
lab-deps: $(LAB_STAMP)
$(LAB_STAMP): $(VENV_STAMP)
	$(call pip_install,$(JUPYTERLAB_PIN))
	mkdir -p $(VENV)/etc/jupyter/labconfig
	cp .jupyter/labconfig/default_setting_overrides.json $(VENV)/etc/jupyter/labconfig/
	@touch $@

# The notebook edition that the build wrote (_build/html/_notebooks: every notebook page of
# _toc.yml as it reads on the website, with the build's outputs), laid out like the repository
# with the files that install gru_lab, for the `notebooks` branch that the Binder, Colab and
# JupyterHub buttons open (.github/workflows/book.yml publishes it). Needs the built site.
notebooks: venv
	$(PY) tools/make_notebooks.py _build/notebooks

# ---------------------------------------------------------------- student edition
# The book without solutions: tools/student_edition.py copies the sources to _build/student_src,
# strips every solution, builds the site into _build/student/html and writes the notebooks to
# _build/student/notebooks (and a zip). The execution cache of `make book` is shared.
student: venv assets
	$(PY) tools/student_edition.py --jb-flags="$(JBFLAGS)"

# ---------------------------------------------------------------- classroom grading
# Every chapter's exercises as an nbgrader source notebook with a rubric, in
# _build/assignments/<language>/ (tools/make_assignments.py; the teacher's guide, "Grading
# with nbgrader", takes it from there). The numbers glued into the solutions are read from
# the execution cache of `make book`; a chapter not cached there is executed once. nbgrader
# itself (the `grading` extra) is installed into the venv when it is missing.
.PHONY: assignments grading-deps
grading-deps: venv
	@$(PY) -c "import nbgrader" 2>/dev/null || $(call pip_install,$(NBGRADER_PIN))

assignments: venv grading-deps
	$(PY) tools/make_assignments.py

clean:
	rm -rf _build _vendor
