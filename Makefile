# Quick start: `make run` (install, migrate, load standards and demo data, serve) and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Local development runs with DEBUG on (a development SECRET_KEY, SQLite, in-process Celery).
export DEBUG ?= 1

.PHONY: install pdfjs axe migrate devcert run test lint format worker bench bench-load bench-pdf clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Mozilla pdf.js (npm `pdfjs-dist`, pinned by its lock file): the report tests read PDFs back with
# it as a browser's viewer does (its optional @napi-rs/canvas is needed in Node). Node >= 20.19.
PDFJS_DIR := reports/tests/pdfjs
$(PDFJS_DIR)/node_modules/.installed: $(PDFJS_DIR)/package.json $(PDFJS_DIR)/package-lock.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("pdf.js needs Node >= 20.19, found "+process.version); process.exit(1) }'
	cd $(PDFJS_DIR) && npm ci --no-audit --no-fund
	touch $@

pdfjs: $(PDFJS_DIR)/node_modules/.installed

# Deque axe-core (npm `axe-core`, pinned by its lock file): the browser tests inject it into every
# page they visit and fail on a serious or critical accessibility violation (testsupport/browser.py).
AXE_DIR := testsupport/axe
$(AXE_DIR)/node_modules/.installed: $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	cd $(AXE_DIR) && npm ci --no-audit --no-fund
	touch $@

axe: $(AXE_DIR)/node_modules/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_standards
	$(PY) manage.py load_policies
	$(PY) manage.py load_scoring

# Without SIGNING_CERT, the documents' seal uses a development certificate made once in
# var/dev-signing/ (never for production: `check --deploy` refuses it).
devcert: install
	$(PY) manage.py signing_devcert

run: migrate devcert
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver $(HOST)

worker: install
	$(VENV)/bin/celery -A pa_portal worker -l info -Q celery,pdf --concurrency 2 --max-tasks-per-child 50

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint pdfjs axe
	$(VENV)/bin/python manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# The deadline-day load benchmark (not part of `make test`): PostgreSQL and Redis on 127.0.0.1,
# nginx from Debian; a few minutes per run. See docs/PERFORMANCE.md and docs/deployment.md.
# Seeds with bench/load/seed_load.py and serves with DJANGO_SETTINGS_MODULE=bench.load.settings (the
# Server-Timing middleware and /bench/floor, which the product's settings never have).
bench-load: install
	bench/load/run.sh

# The PDF benchmarks (one agreement; a 100-agreement packet on a real worker, Redis on 127.0.0.1):
# results go to docs/PERFORMANCE.md.
bench-pdf: install
	$(PY) bench/bench_pdf.py

clean:
	rm -rf $(VENV) var staticfiles
