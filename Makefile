# Two commands for a newcomer: `make run` and `make test`. Everything else is plumbing.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements-dev.lock
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter that reports 3.12 or newer; pyenv honours .python-version (3.13).
PYTHON_CANDIDATES := python3.13 python3.12 python3.14 python3
FIND_PYTHON := for p in $(PYTHON_CANDIDATES); do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo $$p; break; fi; done

.PHONY: help run test browser bench lint format lock messages clean

help:
	@echo "make run    serve the site on http://$(HOST):$(PORT) (SQLite, current edition loaded)"
	@echo "make test   run the whole test suite (set DATABASE_URL to test on PostgreSQL)"
	@echo "make bench  speed over HTTP at 1k, 100k, 1M signatories, targets checked (PostgreSQL)"
	@echo "make lint   ruff, mypy, the import contracts and complete translation catalogues"
	@echo "make messages  update the be and ru catalogues, then compile them after translating"
	@echo "make lock   re-pin requirements*.lock from pyproject.toml"

$(VENV)/.installed: $(LOCK)
	@python="$$($(FIND_PYTHON))"; \
	if [ -z "$$python" ]; then \
	  echo "Python 3.12 or newer is needed and none was found (tried: $(PYTHON_CANDIDATES))." >&2; \
	  echo "Install Python 3.13 (for example with pyenv: pyenv install 3.13) and run make again." >&2; \
	  exit 1; \
	fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$($$python --version)"; $$python -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	@touch $@

run: export DEBUG ?= true
run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_principles
	$(PY) manage.py seed_demo --if-empty --signatories 300
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed browser
	$(PY) -m pytest $(PYTEST_ARGS)

# Debian's chromium through apt when root on Debian, else Playwright's; instant when one is there.
browser: $(VENV)/.installed
	@tools/ensure-chromium $(PY)

# Seeds 1,000, 100,000 and 1,000,000 signatories in a throwaway database on DATABASE_URL's server
# and measures each over HTTP (gunicorn as documented, wrk on loopback; tools/ensure-wrk installs
# Debian's wrk when root). BENCH_ARGS="--sizes 1000,100000 --seconds 3" changes the run.
bench: export SECRET_KEY ?= bench-only-secret-key
bench: $(VENV)/.installed
	@tools/ensure-wrk
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py bench $(BENCH_ARGS)

# Style, then the type check (mypy with django-stubs) and the import contracts (import-linter,
# see pyproject.toml: dependencies point one way).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	tools/check-catalogues $(PY)

# After changing a user-facing string: update the catalogues, translate the new messages (be and
# ru, and allauth_locale/be after an allauth upgrade), then `make messages` again to compile.
messages: $(VENV)/.installed
	DEBUG=true $(PY) manage.py makemessages -l be -l ru --no-location --no-obsolete -e html,txt,py,svg \
	  --ignore=.venv --ignore=tests --ignore=tools --ignore='*/migrations/*'
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.12 -q \
	  --custom-compile-command "make lock" -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 -q \
	  --custom-compile-command "make lock" -o requirements-dev.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts .pytest_cache
