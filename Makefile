# Two commands matter: `make run` (set up, build the store if needed, start the app) and
# `make test` (set up, run the whole suite). Everything else is a step of those.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The process environment defaults (OMP_WAIT_POLICY, HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE,
# ANONYMIZED_TELEMETRY) are set once, by the package itself (assistant/__init__.py).

.PHONY: setup setup-browser setup-postgres setup-llm-test run test e2e test-reliability-full lint bench store clean

setup: $(STAMP)

# torch first, pinned, on its own: an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The optional real local language-model server for the LLM integration tests (CI installs it).
# Builds llama.cpp from source: ~4-5 minutes on 2 idle cores.
LLM_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAVA_BUILD=OFF
LLM_STAMP := $(VENV)/.llm-test-stamp
setup-llm-test: $(LLM_STAMP)

$(LLM_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLM_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 $(BIN)/pip install --quiet -c constraints.txt -e ".[dev,llm-test]"
	touch $(LLM_STAMP)

store: setup
	$(BIN)/python ingest.py

run: store
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --browser.gatherUsageStats false

# The real-browser tests (tests/e2e) drive Debian's Chromium (Playwright's own browser download
# fails on this network) and inject axe-core, pinned by package-lock.json.
NODE_STAMP := node_modules/.installed-stamp
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

setup-browser: $(NODE_STAMP)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	  else echo "Chromium saknas: installera paketet chromium (apt) för webbläsartesterna."; fi; }

# The PostgreSQL tests start their own cluster with Debian's PostgreSQL 15 binaries.
PG_BIN := /usr/lib/postgresql/15/bin
setup-postgres:
	@test -x $(PG_BIN)/initdb || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null; \
	  else echo "PostgreSQL 15 saknas: installera paketet postgresql-15 (apt) för databastesterna."; fi; }

test: setup setup-browser setup-postgres
	$(BIN)/python -m pytest

e2e: setup setup-browser
	$(BIN)/python -m pytest tests/e2e -s

lint: setup
	$(BIN)/ruff check .

bench: store
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_answer.py
	$(BIN)/python bench/bench_concurrency.py --docs 300

# The issue's full-size concurrency run (1,000 documents): ~5 min on a quiet machine.
test-reliability-full: setup
	KLIMAT_RELIABILITY_DOCS=1000 KLIMAT_RELIABILITY_CYCLES=120 $(BIN)/python -m pytest -s tests/pipeline/test_reliability_concurrency.py \
	  tests/pipeline/test_reliability_crash.py tests/pipeline/test_reliability_statemachine.py

clean:
	rm -rf .store
