# Một Cửa: every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/motcua
PG_SERVER ?= postgres://postgres@127.0.0.1:5432
FUZZ_EXAMPLES ?= 25
FUZZ_SECONDS ?= 300
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help system-deps browser-deps test-e2e install demo serve test test-pg lint format messages compilemessages check-migrations check-messages ci clean bench bench-deps fuzz-api prod-check test-faults

help:
	@echo "make demo      set up .venv, migrate SQLite under var/, load the demo district, serve on http://$(HOST):$(PORT)"
	@echo "make test      run the test suite on SQLite"
	@echo "make test-pg   run the test suite on PostgreSQL ($(PG_URL))"
	@echo "make test-e2e  run the browser journeys (Playwright + Debian chromium)"
	@echo "make fuzz-api  fuzz the REST API from its OpenAPI (schemathesis, gunicorn, PostgreSQL)"
	@echo "make prod-check start the production setup here (gunicorn, PostgreSQL, Redis, task worker) and use it"
	@echo "make test-faults concurrency and faults on PostgreSQL: killed workers, database restarts, degraded modes"
	@echo "make bench     run the benchmarks (PostgreSQL)"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make messages  refresh locale/*/LC_MESSAGES/django.po from the source"
	@echo "make ci        everything .ci/run checks"

# Debian packages the project needs: gettext (translations), pango, HarfBuzz subsetting and DejaVu fonts (PDF
# slips), poppler-utils (tests read the PDFs back), postgresql-client (pg_dump for backups). Installed only when missing.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils postgresql-client

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	fi

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: system-deps $(STAMP) compilemessages

compilemessages: system-deps $(STAMP)
	$(MANAGE) compilemessages --ignore=.venv -v 0

demo: install
	mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	@echo
	@echo "Một Cửa is running on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -q -m "not e2e"

test-pg: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not e2e"

# Browser journeys: Playwright drives Debian's chromium (never a downloaded browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; fi; \
	fi

test-e2e: install browser-deps
	$(BIN)/pytest -q -m e2e tests/e2e

# schemathesis against a production-like server (DEBUG off, gunicorn) on a throw-away
# PostgreSQL database with the demo district; bounded by FUZZ_EXAMPLES and FUZZ_SECONDS.
fuzz-api: install
	$(PY) tests/fuzz/api.py --postgres $(PG_SERVER) --max-examples $(FUZZ_EXAMPLES) --max-time $(FUZZ_SECONDS)

# Production settings on this machine: gunicorn (config/gunicorn.py), PostgreSQL, Redis,
# the database task queue and its worker; a smoke test through HTTP (tests/prod/check.py).
REDIS_CHECK_URL ?= redis://127.0.0.1:6379/15
prod-check: install
	$(PY) tests/prod/check.py --postgres $(PG_SERVER) --redis $(REDIS_CHECK_URL)

# Concurrency and fault injection (tests/faults/run.py): racing processes on PostgreSQL,
# gunicorn workers killed mid-submission, a private PostgreSQL cluster restarted under
# load, no task worker / no mail server / read-only database. Needs root (the private
# cluster runs as the postgres user). About 4 minutes on 2 cores.
REDIS_FAULTS_URL ?= redis://127.0.0.1:6379/12
test-faults: install
	$(PY) tests/faults/run.py --postgres $(PG_SERVER) --redis $(REDIS_FAULTS_URL)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(MANAGE) makemessages --locale vi --locale en --ignore=.venv --ignore=var --no-obsolete --add-location file
	$(MANAGE) compilemessages --ignore=.venv -v 0

check-migrations: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run

check-messages: compilemessages
	$(PY) -m motcua.core.locale_check

ci: lint check-migrations check-messages test test-pg

clean:
	rm -rf $(VENV) var/static

# wrk drives the HTTP benchmarks (Debian package); installed only when missing.
bench-deps:
	@command -v wrk >/dev/null || { echo "installing wrk"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi; }

# Every benchmark, then QUALITY.md's performance table from this run (bench/all.py);
# BENCH_ARGS=--quick for a short smoke run, or e.g. BENCH_ARGS="--only report".
BENCH_ARGS ?=
bench: install bench-deps browser-deps
	$(PY) bench/all.py $(BENCH_ARGS)
