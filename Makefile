# Kerjasama developer tasks. `make help` lists them.
#
# Everything runs from the project virtualenv in .venv, created on first use with `python3 -m venv`
# (Python >= 3.11). The install step re-runs only when requirements.lock or pyproject.toml is newer
# than the stamp file .venv/.installed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERJASAMA := $(BIN)/kerjasama

# `make demo PORT=8123`
PORT ?= 8000
DATA_DIR ?= var
# Debian's package; Playwright's own browser download cannot be used (README, STACK_NOTES).
CHROMIUM ?= /usr/bin/chromium

# pytest-xdist workers for `make test`. Measured on the 2-core box with 300 synthetic DB tests
# (create user, log in, GET admin page) plus tests/test_infrastructure.py:
#   1 request per test:  serial 10.6 s, -n 2 11.2 s  (worker start-up ~1.5 s eats the gain)
#   4 requests per test: serial 21.0 s, -n 2 16.6 s
# so xdist pays off once the suite takes more than ~10 s serially, which a few hundred real view
# tests will. `make test WORKERS=0` runs serially (plain tracebacks, pdb works).
WORKERS ?= 2
# Extra pytest arguments: `make test PYTEST_ARGS='-k agreements -x'`.
PYTEST_ARGS ?=
# The benchmark (bench/README.md): cases to build, timed requests per page, and the SQLite
# database's folder when DATABASE_URL is not set (never the demo's var/).
N ?= 50000
REPEAT ?= 7
BENCH_DATA_DIR ?= var/bench

# Settings refuse to load without SECRET_KEY unless DEBUG=1, and pytest-django imports the
# settings before any conftest.py runs, so the key must be in the environment of the pytest
# process. A key already in the environment wins. Tests run with DEBUG off (production-like).
SECRET_KEY ?= insecure-test-only-key-not-for-production-0123456789abcdefghij
TEST_ENV := SECRET_KEY='$(SECRET_KEY)'

.PHONY: help install demo demo-reset test test-unit test-browser lint format messages lock sync-docs rules-table clean distclean bench-data bench bench-imports bench-import-full

help:
	@echo "make install       create .venv and install requirements.lock + the project (editable)"
	@echo "make demo          migrate, load demo data, print demo logins, serve on 127.0.0.1:$(PORT)"
	@echo "                   (make demo PORT=8123)"
	@echo "make demo-reset    delete the demo database and uploads, then load the demo afresh for today"
	@echo "make test          the whole test suite: test-unit, then test-browser"
	@echo "make test-unit     every test but the browser tests (WORKERS=$(WORKERS), PYTEST_ARGS=...)"
	@echo "make test-browser  Playwright tests against $(CHROMIUM) (pytest -m browser)"
	@echo "make lint          ruff check + ruff format --check + mypy (with django-stubs)"
	@echo "make format        ruff check --fix + ruff format"
	@echo "make messages      update kerjasama/locale/{id,en} .po files and compile them"
	@echo "make lock          regenerate requirements.lock from pyproject.toml (pip-compile)"
	@echo "make sync-docs     copy the shared domain reference and design sketch into docs/, redraw the import graph"
	@echo "make rules-table   regenerate docs/RULES.md from the rule registry and the test markers"
	@echo "make serve         production-like: DEBUG off, migrate, collectstatic, gunicorn on 127.0.0.1:$(PORT)"
	@echo "                   (needs SECRET_KEY in the environment; docs/DEPLOYMENT.md)"
	@echo "make load          load test of the running app: USERS=$(USERS) (or 10,50) for DURATION=$(DURATION) s"
	@echo "make clean         remove caches, test output and build artefacts (keeps .venv, var/)"
	@echo "make distclean     clean + remove .venv"
	@echo "make bench-data    build N=$(N) bench cases into $(BENCH_DATA_DIR)/ (or DATABASE_URL); bench/README.md"
	@echo "make bench         time the registry, search, dashboard, agenda (REPEAT=$(REPEAT)); bench/README.md"
	@echo "make bench-imports time and memory of reading a register of ROWS=$(ROWS) rows (bench/imports.py)"
	@echo "make bench-import-full  the whole import (preview, commit) of ROWS=$(ROWS) rows (bench/import_full.py)"

# --- Virtualenv ------------------------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --disable-pip-version-check --no-deps -e .
	touch $@

install: $(STAMP)

# --- Run -------------------------------------------------------------------------------------
# The demo command (migrate + load_demo + print logins + runserver) is the application's own.
# SQLite lives in $DATA_DIR (default var/), which must exist before the first connection.
demo: $(STAMP)
	mkdir -p "$(DATA_DIR)"
	DEBUG=1 DATA_DIR="$(DATA_DIR)" $(KERJASAMA) demo --addrport 127.0.0.1:$(PORT)

# The demo's invented dates are relative to the day it was loaded: start again from today.
demo-reset: $(STAMP)
	rm -f "$(DATA_DIR)"/kerjasama.sqlite3 "$(DATA_DIR)"/kerjasama.sqlite3-wal "$(DATA_DIR)"/kerjasama.sqlite3-shm
	rm -rf "$(DATA_DIR)"/media
	$(MAKE) demo

# --- Tests -----------------------------------------------------------------------------------
# The whole suite. pytest exit code 5 ("no tests collected") is a failure here, as it is for
# pytest itself. One after the other: run side by side on the 2-core box (tried in stop 20), the
# pair took longer than the two in turn — the browser tests need more CPU than their waiting
# suggests, and the unit tests' two workers already use both cores.
test: test-unit test-browser

# The slowest tests are listed at the end of each run (where CI's time goes).
DURATIONS ?= --durations=15 --durations-min=8

test-unit: $(STAMP)
	$(TEST_ENV) $(BIN)/pytest -n $(WORKERS) $(DURATIONS) $(PYTEST_ARGS)

# Browser tests on two workers too: a browser test keeps about one core busy (its live server
# thread, Chromium, and waits between them), so on the 2-core box the 71 tests took 690 s on two
# workers against 1,034 s serially (stop 21). `make test-browser BROWSER_WORKERS=0` runs them in
# one process.
BROWSER_WORKERS ?= 2

test-browser: $(STAMP)
	@test -x "$(CHROMIUM)" || { echo "The browser tests need Debian's chromium at $(CHROMIUM): apt-get install chromium (or run make test-unit)"; exit 1; }
	$(TEST_ENV) CHROMIUM="$(CHROMIUM)" $(BIN)/pytest -m browser -n $(BROWSER_WORKERS) $(DURATIONS) $(PYTEST_ARGS)

# --- Code style ------------------------------------------------------------------------------
# mypy reads the settings through django-stubs' plugin: DEBUG=1 lets them load without a key.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --- Translations ----------------------------------------------------------------------------
# Run from inside the package: makemessages then files every string under kerjasama/ into
# LOCALE_PATHS[0] (kerjasama/locale), and compilemessages, which walks the current directory for
# locale/ folders, never wanders into .venv and compiles every installed package's catalogues.
messages: $(STAMP)
	cd kerjasama && DEBUG=1 ../$(KERJASAMA) makemessages -l id -l en --no-obsolete --ignore='tests/*'
	cd kerjasama && DEBUG=1 ../$(KERJASAMA) compilemessages

# --- Dependencies ----------------------------------------------------------------------------
# pip-tools is a tool for this target only, not a project dependency: installed on demand.
$(BIN)/pip-compile: | $(STAMP)
	$(BIN)/pip install --disable-pip-version-check pip-tools

lock: $(BIN)/pip-compile
	$(BIN)/pip-compile --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

# --- Documentation --------------------------------------------------------------------------
# The domain reference and the design sketch are the team's shared files; docs/ ships copies so
# that a clone can follow every § the code cites (tests/test_docs.py checks they agree).
SHARED ?= ../shared
# It also redraws the import graph in docs/ARCHITECTURE.md from the code (tests/test_architecture.py
# fails while the drawing and the code differ).
sync-docs:
	cp "$(SHARED)/domain/KERJASAMA_DAERAH.md" docs/domain/KERJASAMA_DAERAH.md
	cp "$(SHARED)/DESIGN.md" docs/DESIGN.md
	$(PYTHON) scripts/import_graph.py --write docs/ARCHITECTURE.md
	$(MAKE) rules-table

# docs/RULES.md: the law's rules, where the code enforces them and which tests prove them,
# written by tests/test_rule_table.py from kerjasama/*/rules.py and the @pytest.mark.rule markers
# (it counts the ✅ of the reference per §, hence the call from sync-docs).
rules-table: $(STAMP)
	$(TEST_ENV) KERJASAMA_WRITE_RULES=1 $(BIN)/pytest -q tests/test_rule_table.py

# --- Production-like server and load test (issue 8; docs/DEPLOYMENT.md) --------------------
# `make serve`: the app as in production (DEBUG off, collected static files through WhiteNoise,
# gunicorn with gunicorn.conf.py) but on plain HTTP on loopback, so the HTTPS-only settings
# default to off here; behind a TLS proxy leave them on. SECRET_KEY must come from the
# environment (the Makefile's test key is not exported); ALLOWED_HOSTS defaults to loopback.
.PHONY: serve load
USERS ?= 10
DURATION ?= 30
LOAD_ARGS ?=
SERVE_ENV = DEBUG=0 DATA_DIR="$(DATA_DIR)" \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} SECURE_HSTS_SECONDS=$${SECURE_HSTS_SECONDS:-0} \
	SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-0} CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-0} \
	DATABASE_CONN_MAX_AGE=$${DATABASE_CONN_MAX_AGE:-60}

serve: $(STAMP)
	@test -n "$${SECRET_KEY}$${SECRET_KEY_FILE}" || { echo "make serve needs SECRET_KEY (or SECRET_KEY_FILE) in the environment, e.g. export SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"; exit 1; }
	mkdir -p "$(DATA_DIR)"
	$(SERVE_ENV) $(KERJASAMA) migrate --noinput
	$(SERVE_ENV) $(KERJASAMA) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) GUNICORN_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py kerjasama.wsgi

# `make load`: bench/load.py against the app that `make serve` runs (same PORT, DATABASE_URL).
load: $(STAMP)
	$(BIN)/python bench/load.py --url http://127.0.0.1:$(PORT) --users $(USERS) --duration $(DURATION) $(LOAD_ARGS)

# --- Cleaning --------------------------------------------------------------------------------
clean:
	rm -rf test-output test-results .pytest_cache .ruff_cache .mypy_cache build dist *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -type f -name '*.py[co]' -exec rm -f {} +

distclean: clean
	rm -rf $(VENV)

# --- Benchmark (issue 8; bench/README.md) ---------------------------------------------------
# SQLite in $(BENCH_DATA_DIR)/ unless DATABASE_URL points elsewhere (a database of its own:
# bench-data refuses one with other data). Migrations and reference data first, then the data.
bench-data: $(STAMP)
	mkdir -p "$(BENCH_DATA_DIR)"
	DATA_DIR="$(BENCH_DATA_DIR)" $(KERJASAMA) migrate -v0
	DATA_DIR="$(BENCH_DATA_DIR)" $(KERJASAMA) load_reference -v0
	DATA_DIR="$(BENCH_DATA_DIR)" $(BIN)/python -m bench.data --n $(N) $(BENCH_ARGS)

bench: $(STAMP)
	DATA_DIR="$(BENCH_DATA_DIR)" $(BIN)/python -m bench.run --repeat $(REPEAT) $(BENCH_ARGS)

# Reading a register for import (issue 11): read_register beside a plain openpyxl pass.
ROWS ?= 10000
bench-imports: $(STAMP)
	$(BIN)/python -m bench.imports --rows $(ROWS)

bench-import-full: $(STAMP)
	$(BIN)/python -m bench.import_full --rows $(ROWS)
