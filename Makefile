# make help — list the targets. Every target sets up .venv first when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2025

.DEFAULT_GOAL := help
.PHONY: help setup lock system-deps report test validate check dictionary reference wheel clean

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

check: setup ## validate and run the consistency rules (printed; the build writes output/$(YEAR)/checks.csv)
	$(BIN)/sprawozdanie check $(YEAR)

reference: setup ## renew the committed reference notebooks that nbval compares against
	$(BIN)/sprawozdanie reference $(YEAR)

dictionary: setup ## regenerate data/$(YEAR)/data_dictionary.csv from the schema
	$(BIN)/sprawozdanie dictionary $(YEAR)

AXE_DIR := tests/browser/node
# The project's folder, whatever folder make was started from (make -f …/Makefile).
HERE    := $(dir $(abspath $(firstword $(MAKEFILE_LIST))))

# Each tool by itself and only when missing; a tool already installed (from whatever source)
# is used as it is, and apt never replaces or removes a package (tests/system-deps.sh, beside the tests it serves).
system-deps: ## install what the browser, PDF and accessibility tests need and the machine lacks (chromium, poppler-utils, fonts-dejavu-core, npm; axe-core from npm)
	@sh $(HERE)tests/system-deps.sh $(HERE)$(AXE_DIR)

test: setup system-deps ## run every test: unit, bad inputs, notebooks (nbval), backtest, browser, PDF
	$(BIN)/python -m pytest

# What an office installs (README: "A new office"): the wheel, with the lock inside it (so that
# provenance can tell whether the installed packages are the locked ones) and beside it.
wheel: setup ## build dist/sprawozdanie-<version>-py3-none-any.whl and dist/requirements.lock for an office
	rm -rf dist build
	cp $(LOCK) src/sprawozdanie/$(LOCK)
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist . ; \
	  status=$$?; rm -f src/sprawozdanie/$(LOCK); exit $$status
	cp $(LOCK) dist/$(LOCK)
	@ls dist

clean: ## remove outputs and caches (not .venv)
	rm -rf output .pytest_cache
