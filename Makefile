# Two commands do everything on a fresh machine:
#   make site   build the site into site/ (make serve: live preview on http://127.0.0.1:8000)
#   make test   lint, type-check and run the whole test suite
# Each creates .venv and installs the pinned dependencies first when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install fonts site site-properdocs site-zensical serve check links archive lint workflows browser-deps java node-deps test clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Reproducible builds: the one date MkDocs writes (the sitemap's lastmod) is the last commit's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)

# The share cards are drawn in Debian's DejaVu fonts; install them when they are missing.
fonts:
	scripts/ensure-fonts

site: $(STAMP) fonts
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(BIN)/mkdocs build --strict

# The same site under the other two engines (README, "Building with another engine").
site-properdocs: $(STAMP) fonts
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(BIN)/properdocs build --strict -d site-properdocs

site-zensical: $(STAMP) fonts
	$(BIN)/claimsite generate generated
	$(BIN)/zensical build -f generated/mkdocs.yml

serve: $(STAMP) fonts
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/python -m claimsite check

# Every URL the data cites, checked with lychee (needs the network; README, "Link check").
links: $(STAMP)
	$(BIN)/python -m claimsite links

# Wayback Machine copies for sources without an archive_url, written into the data file
# (needs the network; README, "Link check"). ARGS="--dry-run" or "--save" pass options.
archive: $(STAMP)
	$(BIN)/python -m claimsite archive $(ARGS)

lint: $(STAMP) workflows
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# GitHub workflow files: actionlint (syntax, expressions, shell) and zizmor (security), offline.
workflows: $(STAMP)
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet --no-progress .github/workflows/

# The browser tests (tests/browser) drive Debian's Chromium; install it when it is missing.
browser-deps:
	scripts/ensure-chromium

# The Nu HTML Checker (npm vnu-jar, a node dependency) runs on Java.
java:
	scripts/ensure-java

# Node tools the tests drive (package.json, pinned in package-lock.json): yaml-language-server,
# to check the data file's schema as editors' language servers see it, and vnu-jar, the Nu HTML
# Checker that validates every built page.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || scripts/ensure-package /usr/bin/npm npm
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

node-deps: $(NODE_STAMP)

test: lint fonts browser-deps java node-deps
	$(BIN)/python -m pytest

clean:
	rm -rf site site-properdocs generated .mypy_cache .ruff_cache .pytest_cache
