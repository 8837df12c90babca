# make help — list the targets. Every target sets up .venv first when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2025

.DEFAULT_GOAL := help
.PHONY: help setup lock system-deps report test test-fast lint mutants validate check dictionary reference wheel clean

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
# is used as it is, and apt never replaces or removes a package. The installer is written here,
# in the Makefile itself, so that `make system-deps` needs no other file of the project (a
# machine given the Makefile alone could not open a script beside it). Every $$ is make's
# escape of the shell's $.
define SYSTEM_DEPS_SH
# What the browser, PDF and accessibility tests use beyond Python, installed one need at a
# time and only when missing: Debian's chromium, poppler-utils (pdftoppm, pdftotext,
# pdfimages), the HTML's font (fonts-dejavu-core), npm (to install axe-core and pa11y), and
# axe-core and pa11y themselves from npm. A tool already on the machine is used as it is, whatever
# installed it (Node.js from NodeSource brings its own npm, which Debian's npm package
# conflicts with). apt is asked first in a dry run with --no-remove, so nothing installed is
# ever replaced or removed; what cannot be installed is named with apt's reason.
#
# Usage: sh -c "$$SYSTEM_DEPS_SH" system-deps [AXE_DIR]   (run by `make system-deps` and `make test`)
# Always exits 0: a missing tool skips its tests with a note, except under CI=true, where
# the test run fails on such a skip (tests/missing_tools.py).
set -u
AXE_DIR=$${1:-tests/browser/node}
LOG=$${TMPDIR:-/tmp}/sprawozdanie-system-deps.log
apt_updated=

have() { command -v "$$1" >/dev/null 2>&1; }

# $$1: a Debian package; $$2: what it is for. Installs it alone, never removing anything.
apt_install() {
  pkg=$$1 purpose=$$2
  if [ "$$(id -u)" != 0 ] || ! have apt-get; then
    echo "system-deps: $$pkg is missing and cannot be installed here (needs root and apt-get): $$purpose will be skipped"
    return 1
  fi
  if [ -z "$$apt_updated" ]; then
    apt-get update -qq >"$$LOG" 2>&1 || echo "system-deps: apt-get update failed (see $$LOG); trying the package lists already here"
    apt_updated=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -s --no-remove "$$pkg" >"$$LOG" 2>&1; then
    echo "system-deps: $$pkg cannot be installed without changing packages already installed; apt says:"
    grep -E '^(E:| )' "$$LOG" | tail -n 6 | sed 's/^/    /'
    echo "system-deps: $$purpose will be skipped"
    return 1
  fi
  echo "system-deps: installing $$pkg (Debian) for $$purpose"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-remove "$$pkg" >"$$LOG" 2>&1; then
    echo "system-deps: installing $$pkg failed; apt says:"
    tail -n 6 "$$LOG" | sed 's/^/    /'
    echo "system-deps: $$purpose will be skipped"
    return 1
  fi
}

font_installed() {
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && return 0
  have fc-list && fc-list 2>/dev/null | grep -q "DejaVu Sans"
}

if ! have chromium && ! have chromium-browser && [ -z "$${CHROMIUM:-}" ]; then
  apt_install chromium "the browser and accessibility tests"
fi
if ! have pdftoppm || ! have pdftotext || ! have pdfimages; then
  apt_install poppler-utils "the PDF page and layout tests"
fi
if ! font_installed; then
  apt_install fonts-dejavu-core "the HTML's font in the browser tests"
fi
# npm only installs axe-core and pa11y. Debian's npm comes with Debian's nodejs: it is asked for only
# when there is no Node.js at all, never beside a Node.js installed another way (NodeSource,
# a tarball, nvm), whose own npm is then the one to install.
if ! have npm; then
  if have node; then
    echo "system-deps: Node.js $$(node --version 2>/dev/null) is installed without npm; Debian's npm would bring a second"
    echo "system-deps: Node.js beside it, so it is not installed: install npm with that Node.js; the accessibility test will be skipped"
  else
    apt_install npm "the accessibility tests (axe-core and pa11y are installed with npm)"
  fi
fi

# axe-core and pa11y at the versions and hashes of $$AXE_DIR/package-lock.json; again when the lock is newer.
if [ -n "$${AXE_CORE:-}" ] || [ "$$AXE_DIR/node_modules/.package-lock.json" -nt "$$AXE_DIR/package-lock.json" ]; then
  :
elif [ ! -f "$$AXE_DIR/package-lock.json" ]; then
  echo "system-deps: $$AXE_DIR/package-lock.json is missing, so axe-core is not installed: the accessibility test will be skipped"
elif have npm; then
  echo "system-deps: installing axe-core and pa11y (npm ci in $$AXE_DIR) for the accessibility tests"
  # pa11y drives Debian's chromium: its puppeteer is told not to download a browser of its own
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix "$$AXE_DIR" --no-audit --no-fund --loglevel=error \
    || echo "system-deps: axe-core and pa11y could not be installed: the accessibility tests will be skipped"
else
  echo "system-deps: npm is missing, so axe-core cannot be installed: the accessibility test will be skipped"
fi
exit 0
endef
export SYSTEM_DEPS_SH

system-deps: ## install what the browser, PDF and accessibility tests need and the machine lacks (chromium, poppler-utils, fonts-dejavu-core, npm; axe-core and pa11y from npm)
	@sh -c "$$SYSTEM_DEPS_SH" system-deps "$(HERE)$(AXE_DIR)"

test: setup system-deps lint ## run every test: lint, unit, bad inputs, notebooks (nbval), backtest, browser, PDF
	$(BIN)/python -m pytest

# The edit loop's tier: every test not marked slow (a slow one builds a whole report or drives
# a browser, a PDF reader or LibreOffice; tests/conftest.py marks them). Under 2 minutes on 2 cores.
test-fast: setup ## the fast tier for the edit loop (pytest -m "not slow"); CI runs the whole suite
	$(BIN)/python -m pytest -m "not slow" -n auto

# Not in CI (about 10 minutes): run after changing durations.py or chapter 1's register counts.
mutants: setup ## the mutation run (mutmut) over the register computations; survivors listed in docs/tests.md
	rm -rf mutants
	ORACLE_EXAMPLES=40 $(BIN)/mutmut run --max-children $$(nproc 2>/dev/null || echo 2)
	$(BIN)/mutmut results

lint: setup ## ruff (lint, format) and the import-circle check: .pre-commit-config.yaml's local hooks on every file
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

# What an office installs (docs/analyst.md: "Nowa gmina"): the wheel, with the lock inside it (so that
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
