# The two commands: `make run` (portal + sandbox + demo data) and `make test` (lint + all tests,
# on SQLite + local memory and again on PostgreSQL + Redis). `make bench` is the load benchmark.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# pytest-xdist workers: one per core of the 2-core machines (each has its own sandbox, test
# database and, on the second pass, Redis database: tests/conftest.py).
TEST_WORKERS ?= 2

.PHONY: run test lint format install messages makemessages clean bench bench-profile lighthouse

# Translations: the .po catalogues are committed, their compiled .mo files are built here
# (msgfmt, from Debian's gettext, installed if missing as `bench` does for wrk).
PO := $(wildcard locale/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)

run: $(VENV)/.installed $(MO)
	$(BIN)/python manage.py rundemo

test: $(VENV)/.installed $(MO)
	@mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS)
	$(BIN)/python -m tests.on_services -n $(TEST_WORKERS)

# Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, BENCH_CACHE_URL); about 11 minutes.
# wrk (the load) and HAProxy (in front of the portal's two copies) come from Debian's packages.
bench: $(VENV)/.bench-installed
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	@command -v haproxy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; }
	$(BIN)/python -m bench

# WHAT: agenda (default), render, partial, join, cold or minimal; see bench/profile.py.
bench-profile: $(VENV)/.bench-installed
	$(BIN)/python -m bench.profile $(or $(WHAT),agenda)

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(VENV)/.installed $(MO)

messages: $(MO)

# Refreshes the catalogues from the code (then translate what is new, see README).
makemessages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages --all --no-obsolete --no-location --ignore=var --ignore=bench --ignore=sandbox --ignore=tests --ignore=templates/admin --ignore=.venv
	$(BIN)/python manage.py makemessages --all -d djangojs --no-obsolete --no-location --ignore=var --ignore=static/vendor --ignore=bench --ignore=.venv --ignore=tests --ignore=sandbox

%.mo: %.po
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }
	msgfmt --check-format -o $@ $<

$(VENV)/.installed: requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

$(VENV)/.bench-installed: requirements/bench.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements/bench.txt
	touch $@

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache $(MO)

# Lighthouse (mobile) on the attendee pages of the production stack (bench/lighthouse.py): writes
# docs/lighthouse.md. Lighthouse from npm (Debian's nodejs + npm), chromium from Debian; run alone.
lighthouse: $(VENV)/.bench-installed
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v haproxy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; }
	@test -x var/lighthouse/node_modules/.bin/lighthouse || npm install --prefix var/lighthouse --no-audit --no-fund --silent lighthouse@13.5.0
	@test -x var/lighthouse-pwa/node_modules/.bin/lighthouse || npm install --prefix var/lighthouse-pwa --no-audit --no-fund --silent lighthouse@11.7.1
	$(BIN)/python -m bench.lighthouse
