# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-embedded lint typecheck install lock lock-upgrade migrate content bench worker golden vendor axe clean

# Installs exactly what requirements/dev.txt pins, each file checked against its hash; stops
# first, naming the difference, when pyproject.toml has changed since the lock (make lock).
$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python requirements/check.py
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# The locks are compiled from PyPI whatever this machine's pip configuration says.
PYPI_ONLY := env -u PIP_FIND_LINKS -u PIP_CONSTRAINT -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null
LOCK := $(PYPI_ONLY) $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --index-url https://pypi.org/simple

## make lock: pin what pyproject.toml now asks for (new or changed requirements; the other pins
## stay), with hashes, into requirements/base.txt (the app: Docker) and dev.txt (make install, CI)
lock:
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet 'pip-tools>=7.5,<8'
	$(LOCK) $(LOCK_ARGS) --output-file requirements/base.txt pyproject.toml
	$(LOCK) $(LOCK_ARGS) --extra dev --constraint requirements/base.txt \
		--output-file requirements/dev.txt pyproject.toml
	$(BIN)/python requirements/check.py --stamp

## make lock-upgrade: the same, every pin moved to the newest release pyproject.toml allows
lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py loadcontent

## make run: install, migrate, load the built-in content, create demo accounts, serve HTTP + websockets
run: content
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python manage.py ensure_demo_account
	@DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python -m config.stack http://$(HOST):$(PORT)/
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint, type-check and the whole suite (real PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
test: install lint typecheck
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## the suite in the embedded default, whatever the environment says
test-embedded: install
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

## make worker: the feedback worker (with beat, for the stale-report sweep) on local settings;
## it needs REDIS_URL (without it, tasks already run inside the web process)
worker: install
	DJANGO_SETTINGS_MODULE=config.settings.local $(BIN)/celery -A config worker --beat --loglevel=info

bench: install
	$(BIN)/python bench/analysis_bench.py

## make golden: rewrite the files the client's tests share with the server (error codes)
golden: install
	UPDATE_GOLDEN=1 $(BIN)/pytest -q -p no:cacheprovider tests/interviews/test_vocabulary.py -k golden

## make vendor: rebuild the committed browser bundles (static/vendor/yjs-*/) from vendor-src/'s lock file
vendor:
	cd vendor-src && npm ci --no-audit --no-fund && node build.mjs

## make axe: rebuild the tests-only copy of axe-core (tests/e2e/vendor/axe-core-*/) from
## tests/e2e/axe-src/'s lock file; the browser tests inject it, the app never serves it
AXE_VERSION = $(shell sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' tests/e2e/axe-src/package.json)
axe:
	cd tests/e2e/axe-src && npm ci --no-audit --no-fund
	rm -rf tests/e2e/vendor/axe-core-*
	mkdir -p tests/e2e/vendor/axe-core-$(AXE_VERSION)
	cp tests/e2e/axe-src/node_modules/axe-core/axe.min.js tests/e2e/axe-src/node_modules/axe-core/LICENSE \
		tests/e2e/axe-src/node_modules/axe-core/LICENSE-3RD-PARTY.txt tests/e2e/vendor/axe-core-$(AXE_VERSION)/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
