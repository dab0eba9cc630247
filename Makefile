# Two commands do all set-up on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test lint test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m compileall -q src  # bytecode, as a regular install has it: faster start-up
	touch $(STAMP)

install: $(STAMP)

# Index the embedded default corpus (seeds/) into index/ and run the example query.
demo: install
	$(BIN)/newssearch index --rebuild
	$(BIN)/newssearch query "Rafah ground operation"

# Lint (ruff), type-check the engine interface (mypy), then the whole test suite (the Reuters
# exactness tests run when ../shared is present, else skip with the reason).
test: lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# The quick loop while working: everything but the Reuters and process-killing tests.
test-fast: install
	$(BIN)/pytest -m "not slow"

clean:
	rm -rf $(VENV) index/MAIN* index/_MAIN* index/*.seg index/*.col index/*.pst index/*.trm index/newssearch-*
