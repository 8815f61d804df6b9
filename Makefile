# Solidarity Commons. `make site` builds everything; `make test` runs every test.
SHELL := /bin/bash
HERE := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= python3
VENV ?= $(HERE)/.venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Debian packages: fonts that cover Arabic and Chinese, Pango and HarfBuzz subsetting for
# WeasyPrint (its fallback, fontTools, stamps each font with the clock: PDFs would differ);
# the tests also read PDFs back (poppler-utils) and drive Chromium; Node for axe-core;
# a Java runtime for the Nu HTML checker; GNU msgfmt (gettext) checks the PO files.
SITE_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 zip
TEST_PACKAGES := $(SITE_PACKAGES) poppler-utils zbar-tools chromium:chromium node:nodejs npm:npm java:default-jre-headless gettext

.PHONY: site test serve lint bench clean

$(BIN)/.installed: $(HERE)/pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '$(HERE)[test]'
	@touch $@

# Build elsewhere, then swap: a failed build leaves the previous site/ intact.
site: $(BIN)/.installed
	@$(HERE)/scripts/system-deps $(SITE_PACKAGES)
	rm -rf .cache/site-next .cache/offline-site
	SOLIDARITY_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir .cache/offline-site
	$(BIN)/mkdocs build --strict --site-dir .cache/site-next
	rm -rf .cache/site-old
	if [ -d site ]; then mv site .cache/site-old; fi
	mv .cache/site-next site
	rm -rf .cache/site-old
	@echo "Built site/ (open site/index.html, or run: make serve)"

test: $(BIN)/.installed $(HERE)/tests/browser/node_modules/.installed
	@$(HERE)/scripts/system-deps $(TEST_PACKAGES)
	@$(MAKE) --no-print-directory lint
	cd $(HERE) && $(BIN)/python -m pytest

# axe-core for the accessibility checks, at the version the lock file pins.
$(HERE)/tests/browser/node_modules/.installed: $(HERE)/tests/browser/package-lock.json
	@$(HERE)/scripts/system-deps node:nodejs npm:npm
	cd $(HERE)/tests/browser && npm ci --silent --no-audit --no-fund
	@touch $@

# The preview (hooks/preview/): an edit shows in about a second. `make serve LANG=ar`
# builds English and Arabic only, at their own addresses; `PACKETS=1` renders the PDFs.
# LANG counts only when given here: the environment's LANG is the terminal's locale.
serve: $(BIN)/.installed
	@$(HERE)/scripts/system-deps $(SITE_PACKAGES)
	cd $(HERE) && LANG=C.UTF-8 PACKETS=$(PACKETS) $(BIN)/python -m hooks.mkdocs.serve \
		$(if $(filter command line,$(origin LANG)),--lang $(LANG))

lint: $(BIN)/.installed
	cd $(HERE) && $(BIN)/ruff check hooks tests bench
	cd $(HERE) && $(BIN)/ruff format --check hooks tests bench
	cd $(HERE) && $(BIN)/mypy hooks bench/run.py bench/lighthouse.py

bench: $(BIN)/.installed
	@$(HERE)/scripts/system-deps $(TEST_PACKAGES) time
	$(BIN)/python -m pip install -q -e '$(HERE)[test,bench]'
	cd $(HERE)/bench/lighthouse && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	cd $(HERE) && $(BIN)/python bench/run.py

clean:
	rm -rf site .cache
