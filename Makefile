# make help — list the targets. Every target sets up .venv first when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2025

.DEFAULT_GOAL := help
.PHONY: help setup lock system-deps report test validate check dictionary reference clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

LOCK   := requirements.lock

# Every package (runtime, dev, build backend) at the version and hash in $(LOCK); the
# project itself then goes in on top without touching them. Re-run when either file changes.
$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed ## create .venv and install the package with its dev tools, as requirements.lock pins them

# uv keeps the pins already in $(LOCK) that still satisfy pyproject.toml; UPGRADE=1 takes
# the newest versions. The lock is universal (every platform, Python >= requires-python).
lock: $(BIN)/.installed ## renew requirements.lock from pyproject.toml (make lock UPGRADE=1: newest versions)
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
	  | $(BIN)/uv pip compile pyproject.toml - --extra dev --universal --generate-hashes \
	    --custom-compile-command 'make lock' --quiet $(if $(UPGRADE),--upgrade) --output-file $(LOCK)

report: setup ## build output/$(YEAR)/ (HTML, PDF, executed notebooks)
	$(BIN)/sprawozdanie build $(YEAR)

validate: setup ## check params/$(YEAR).yml and data/$(YEAR)/ only
	$(BIN)/sprawozdanie validate $(YEAR)

check: setup ## validate and run the consistency rules (output/$(YEAR)/checks.csv)
	$(BIN)/sprawozdanie check $(YEAR)

reference: setup ## renew the committed reference notebooks that nbval compares against
	$(BIN)/sprawozdanie reference $(YEAR)

dictionary: setup ## regenerate data/$(YEAR)/data_dictionary.csv from the schema
	$(BIN)/sprawozdanie dictionary $(YEAR)

AXE_DIR := tests/browser/node

# axe-core (the accessibility test) comes from npm, at the version and hash of
# $(AXE_DIR)/package-lock.json, into $(AXE_DIR)/node_modules (gitignored); npm ci again when the lock is newer.
system-deps: ## install Debian's chromium, poppler-utils and npm, and axe-core (npm), for the browser, PDF and accessibility tests, if missing
	@if command -v chromium >/dev/null && command -v pdftoppm >/dev/null && command -v npm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing chromium, poppler-utils, npm (Debian packages) for the browser, PDF and accessibility tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core npm >/dev/null; \
	else echo "chromium, pdftoppm or npm missing and cannot be installed here: those tests will be skipped"; fi
	@if [ $(AXE_DIR)/node_modules/.package-lock.json -nt $(AXE_DIR)/package-lock.json ]; then :; \
	elif command -v npm >/dev/null; then \
	  echo "installing axe-core (npm ci in $(AXE_DIR)) for the accessibility test"; \
	  npm ci --prefix $(AXE_DIR) --no-audit --no-fund --loglevel=error \
	    || echo "axe-core could not be installed: the accessibility test will be skipped"; \
	else echo "npm missing: the accessibility test will be skipped"; fi

test: setup system-deps ## run every test: unit, bad inputs, notebooks (nbval), backtest, browser, PDF
	$(BIN)/python -m pytest

clean: ## remove outputs and caches (not .venv)
	rm -rf output .pytest_cache
