# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make demo       creates .venv, installs simulacra, generates the shop example into SQLite
#   make test       creates .venv, installs with the dev extra (and PostgreSQL and Chromium when missing), runs the whole suite
#   make test-fast  the edit-run loop: unit and property tests only (no PostgreSQL server, no browser)
#   make check      the gate: ruff (lint + format check) and mypy, as configured in pyproject.toml
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-fast check lint typecheck install install-dev postgres chromium benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/simulacra demo

# The integration tests start a real PostgreSQL server; install it when missing.
postgres:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	else echo "installing postgresql (apt)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; fi

# The report tests open HTML in a real headless browser (Debian's chromium).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	else echo "installing chromium (apt)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; fi

test: install-dev postgres chromium
	$(BIN)/python -m pytest -q -n auto --dist loadfile --durations=25

# unit + property tests (and the house-rule checks): no server is started, no browser is opened
test-fast: install-dev
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not postgres" tests/unit tests/property tests/test_architecture.py

# the gate CI runs before the tests; `ruff check --fix` and `ruff format` repair most of what it reports
check: lint typecheck

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

benchmarks: install-dev
	$(BIN)/python benchmarks/person_table.py
	$(BIN)/python benchmarks/shop_scale.py

clean:
	rm -rf $(VENV) demo-output out .pytest_cache .hypothesis .mypy_cache .ruff_cache
