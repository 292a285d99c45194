# Two commands do everything on a fresh machine:
#   make site   build the site into site/ (make serve: live preview on http://127.0.0.1:8000)
#   make test   lint, type-check and run the whole test suite
# Each creates .venv and installs the pinned dependencies first when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site serve check lint test clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/python -m claimsite check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf site .mypy_cache .ruff_cache .pytest_cache
