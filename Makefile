# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
DEMO_ENV := DEMO=1 DEBUG=0 DATABASE_URL=
PYTEST_ARGS ?= --durations=25

.PHONY: run test install lint format migrations-check messages bench bench-install backup restore clean

$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(INSTALLED)

## make run: install, migrate the embedded SQLite database, load the demo, serve it.
run: $(INSTALLED)
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py seed_demo --logins
	@echo ""
	@echo "Serving the demo at http://127.0.0.1:8000/ (Ctrl-C stops)."
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## make test: lint, the import layers, migration check and the whole suite on PostgreSQL
## (TEST_WORKERS parallel workers, default 2; the load tests run alone after them).
test: $(INSTALLED) tests/oidc/node_modules/.package-lock.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/with_postgres.py $(PY) scripts/run_tests.py $(PYTEST_ARGS)

## The real OpenID providers of the sign-in tests (npm oidc-provider, tests/oidc/).
tests/oidc/node_modules/.package-lock.json: tests/oidc/package-lock.json
	npm ci --prefix tests/oidc --no-audit --no-fund

## make lint: ruff, and the import layers of pyproject.toml ([tool.importlinter]).
lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(INSTALLED)
	$(PY) manage.py makemigrations --check --dry-run

## make bench: 1x/10x/100x data, queries and time per page, gunicorn under load, the real
## morning on one and two app servers, and Lighthouse when installed (< 10 min).
## Writes bench/results.json and prints the tables; see docs/performance.md.
BENCH_ARGS ?=
LIGHTHOUSE_VERSION := 12.2.3
bench: $(INSTALLED)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/with_postgres.py $(PY) bench/run.py $(BENCH_ARGS)

## make bench-install: Lighthouse (npm, pinned) into bench/node_modules for `make bench`.
bench-install:
	npm install --prefix bench --no-save --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)

## make messages: refresh and compile the Swedish translations (needs gettext); a string that
## moved between apps keeps its translation, and untranslated ones are listed.
messages: $(INSTALLED)
	$(PY) scripts/messages.py

## make backup: pg_dump (custom format) of DATABASE_URL, plus media if any, into var/backups/.
backup: $(INSTALLED)
	$(PY) scripts/backup.py --output-dir "$(or $(BACKUP_DIR),var/backups)"

## make restore FILE=var/backups/ku-....dump [FORCE=1]: restore into DATABASE_URL.
restore: $(INSTALLED)
	@test -n "$(FILE)" || { echo "Ange säkerhetskopian: make restore FILE=var/backups/<fil>.dump" >&2; exit 2; }
	$(PY) scripts/restore.py "$(FILE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
