# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench bench-quick install install-test ingest validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

ingest: install
	$(BIN)/kg ingest --store $(STORE) seeds/

validate: ingest
	$(BIN)/kg validate --store $(STORE)

run: validate
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python -m bench.run --sizes 1000,10000,100000

bench-quick: install-test
	$(BIN)/python -m bench.run --sizes 1000,10000

clean:
	rm -rf $(VENV) data/store
