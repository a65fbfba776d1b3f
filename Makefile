# Veiviser: `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
CATALOGUES := $(wildcard translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint format bench bench-http bench-instructions bench-tools i18n-extract i18n-update i18n-compile db-upgrade clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) i18n-compile ## Create the virtual environment and install everything

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile -d translations -l $*

i18n-compile: $(COMPILED) ## Compile the message catalogues (.po → .mo)

db-upgrade: install ## Create or migrate the database (SQLite in instance/ unless DATABASE_URL)
	$(BIN)/flask --app wsgi db upgrade

run: db-upgrade ## Run the app on http://127.0.0.1:$(PORT) and a jobs worker beside it (set PORT to change it)
	@$(BIN)/flask --app wsgi jobs work & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port $(PORT)

lint: install ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint ## Lint, then run all tests (browser tests too; screenshots in test-artifacts/screenshots/)
	$(BIN)/pytest -n auto

test-fast: install ## Run the tests without the browser
	$(BIN)/pytest -n auto -m "not browser"

bench: install bench-tools ## Run the benchmarks (ratios against a baseline in the same run)
	$(BIN)/python -m bench

bench-http: install bench-tools ## Only the HTTP benchmark (gunicorn + wrk; results in bench/RESULTS.md)
	$(BIN)/python -m bench.bench_http

bench-instructions: install bench-tools ## Instructions per request over HTTP (callgrind; steady on a busy machine)
	$(BIN)/python -m bench.bench_instructions

# wrk drives the HTTP benchmark and valgrind counts instructions (Debian's packages, named as
# their commands); installed here when we may, else said plainly.
bench-tools:
	@for tool in wrk valgrind; do \
	  command -v $$tool >/dev/null 2>&1 && continue; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing $$tool (Debian) for the benchmarks"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$tool >/dev/null 2>&1 || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$tool >/dev/null; }; \
	  else \
	    echo "$$tool is MISSING: its benchmark will not run. Install it: sudo apt-get install $$tool"; \
	  fi; \
	done

i18n-extract: install ## Extract messages into translations/messages.pot
	$(BIN)/pybabel extract --no-location --sort-by-file -F translations/babel.cfg \
	  -k N_ -k _l -k lazy_gettext --project=Veiviser -o translations/messages.pot .

i18n-update: i18n-extract ## Merge the template into the nb, nn and en catalogues
	$(BIN)/pybabel update --ignore-obsolete --no-fuzzy-matching --width 100 -i translations/messages.pot -d translations
	$(BIN)/python -m translations.fill_english

clean: ## Remove the virtual environment and build files (keeps instance/)
	rm -rf $(VENV) build *.egg-info
