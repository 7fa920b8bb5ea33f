# Kindred: `make demo` runs it on a fresh clone; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo serve install test test-fast browser lint typecheck check-deploy openapi validator clean

# The demo runs as production does (DEBUG off: Kindred's own error pages, never Django's debug pages), over
# plain HTTP on this machine, with a secret key generated once into var/ (never the public default).
DEMO_ENV = KINDRED_SECRET_KEY="$$(cat var/demo-secret-key)" KINDRED_INSECURE_HTTP=1

## Set up everything, load the demo trust and serve it on http://127.0.0.1:8000
demo: install var/demo-secret-key
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py load_demo
	@echo "Kindred is starting on http://$(HOST):$(PORT)/ (stop it with Ctrl+C)"
	$(DEMO_ENV) $(PY) manage.py runserver --insecure $(HOST):$(PORT)

var/demo-secret-key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

install: $(VENV)/.synced node_modules/.installed build/static/kindred.css

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/kindred.css: node_modules/.installed $(wildcard kindred/ui/scss/*.scss)
	mkdir -p build/static
	npx sass --load-path=. --no-source-map --style=compressed --quiet-deps kindred/ui/scss/kindred.scss $@

## The whole suite except the browser journeys (SQLite, or PostgreSQL when DATABASE_URL is set)
test: install validator
	$(PY) -m pytest -n 2 -m "not browser" -q
	$(MAKE) --no-print-directory browser

# The DfE CIN census rules (Data to Insight's csc-validator-be-cin) live in their own virtualenv (ADR 0010):
# pandas 1.x, which they need, breaks with numpy 2, and the CLI imports pytest (7 is what it was built with).
# The stamp names the version, so changing the pin reinstalls.
VALIDATOR_VENV := .validator-venv
CIN_VALIDATOR_VERSION := 0.1.13

## Install the DfE CIN census validator in .validator-venv/ (kindred.returns.validation runs it)
validator: $(VALIDATOR_VENV)/.installed-$(CIN_VALIDATOR_VERSION)

$(VALIDATOR_VENV)/.installed-$(CIN_VALIDATOR_VERSION):
	rm -rf $(VALIDATOR_VENV)
	$(PYTHON) -m venv $(VALIDATOR_VENV)
	$(VALIDATOR_VENV)/bin/pip install --quiet --disable-pip-version-check \
	  "csc-validator-be-cin==$(CIN_VALIDATOR_VERSION)" "numpy<2" "pytest<8"
	touch $@

## Browser journeys in headless Chromium (screenshots in test-artifacts/)
browser: install /usr/bin/chromium
	KINDRED_INSECURE_HTTP=1 $(PY) -m pytest -m browser -q -p no:xdist

# Debian's Chromium drives the journeys; Playwright never downloads a browser.
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium); \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium) to run the browser journeys"; exit 1; fi

test-fast: install
	$(PY) -m pytest -n 2 -m "not browser" -q -x

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy kindred

## Django's deployment checks with production settings (RELIABILITY.md check 1)
check-deploy: install
	KINDRED_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  KINDRED_ALLOWED_HOSTS=kindred.example.org $(PY) manage.py check --deploy --fail-level WARNING

## Regenerate the partner API's committed OpenAPI schema, kindred/api/openapi.json (commit it with the change)
openapi: install
	KINDRED_DEBUG=1 $(PY) manage.py export_openapi

clean:
	rm -rf $(VENV) .tools node_modules build staticfiles var test-artifacts
