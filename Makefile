# Oversight Graph — set-up, run and test. Two commands do everything on a fresh machine:
#   make serve   installs what is needed and serves the bundled data on 127.0.0.1:8000
#   make test    installs what is needed (incl. Debian's chromium) and runs every check
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test check lint pytest setup setup-test bench clean

serve: setup
	$(BIN)/oversight serve --host $(HOST) --port $(PORT)

test: setup-test lint pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

bench: setup-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

setup: $(VENV)/.installed node_modules/.installed

setup-test: setup $(VENV)/.installed-test /usr/bin/chromium

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium, driven by Playwright in the page tests (no browser download).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
