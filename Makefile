# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# `make run` and the setup step always use the embedded default (SQLite under var/, eager Celery),
# whatever the shell exports; the tests use DATABASE_URL/REDIS_URL when they are set.
EMBEDDED := env -u DATABASE_URL -u REDIS_URL DEBUG=1

.PHONY: run test setup check lint format messages worker beat bench bench-lighthouse budget-tools clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed
	mkdir -p var
	$(EMBEDDED) $(BIN)/python manage.py migrate --noinput -v0

# `make run PORT=8123` when 8000 is taken.
HOST ?= 127.0.0.1
PORT ?= 8000
run: setup
	$(EMBEDDED) $(BIN)/python manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/ — sign in as admin, secretary, reviewer, integrity or auditor (password demo12345, demo data only); the README lists every demo account."
	$(EMBEDDED) $(BIN)/python manage.py serve $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

check: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(EMBEDDED) $(BIN)/python manage.py makemigrations --check --dry-run
	$(EMBEDDED) $(BIN)/python manage.py makemessages -l en --no-obsolete --no-location -i '.venv/*' -i 'var/*' -i 'tools/*' -v0
	git diff --exit-code -I '^"POT-Creation-Date' -- locale || (echo "locale/ is out of date: run make messages" && exit 1)

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(BIN)/.installed
	$(EMBEDDED) $(BIN)/python manage.py makemessages -l en --no-obsolete --no-location -i '.venv/*' -i 'var/*' -i 'tools/*'
	$(EMBEDDED) $(BIN)/python manage.py compilemessages -l en -l zh_Hans -i '.venv'

worker: $(BIN)/.installed
	$(BIN)/celery -A config worker -l info

beat: $(BIN)/.installed
	$(BIN)/celery -A config beat -l info

clean:
	rm -rf var .pytest_cache

# The benchmark (not part of `make test`): PostgreSQL + Redis from DATABASE_URL / REDIS_URL;
# without them it runs a clearly labelled SQLite variant. SCALE=small for a quick run.
SCALE ?= city
bench: setup budget-tools
	status=0; $(BIN)/python -m bench.run --scale $(SCALE) || status=1; \
	$(BIN)/python -m bench.lighthouse || status=1; exit $$status

# Lighthouse (median of 3) on the public pages under gunicorn, DEBUG off: the performance score
# beside its target (>= 95 on the mobile preset), LCP, TBT and bytes transferred (bench/lighthouse.py).
bench-lighthouse: setup budget-tools
	$(BIN)/python -m bench.lighthouse

# Lighthouse and the Nu Html Checker, pinned in tools/budgets/package.json (no lock file: it would
# record the registry's address). The checker also needs Java (Debian: default-jre-headless).
budget-tools: tools/budgets/node_modules/.installed
tools/budgets/node_modules/.installed: tools/budgets/package.json
	cd tools/budgets && npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@
