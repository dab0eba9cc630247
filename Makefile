# Two commands do all set-up on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m compileall -q src  # bytecode, as a regular install has it: faster start-up
	touch $(STAMP)

install: $(STAMP)

# Index the embedded default corpus (seeds/) into index/ and run the example query.
demo: install
	$(BIN)/newssearch index
	$(BIN)/newssearch query "Rafah ground operation"

# The whole test suite (Reuters exactness tests run when ../shared is present, else skip).
test: install
	$(BIN)/pytest

clean:
	rm -rf $(VENV) index/MAIN* index/_MAIN* index/*.seg index/*.col index/newssearch-words.txt
