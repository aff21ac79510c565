# Two commands matter: `make run` and `make test` (see README.md).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 4
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint format bench install install-test system-deps test-sqlite test-postgres \
        migrate demo worker messages bench-scale bench-eoffice bench-services bench-reporting \
        bench-exchange bench-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian packages the tests use; installed only when running as root on a Debian-like system.
SYSTEM_PACKAGES := chromium fonts-liberation2 fonts-dejavu-core gettext tesseract-ocr tesseract-ocr-vie ocrmypdf poppler-utils libreoffice-writer-nogui
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian packages:$$missing"; \
	  (apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends $$missing >/dev/null)); \
	else echo "Not root: missing Debian packages$$missing; tests that need them are skipped."; fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py import_admin_units
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py load_demo_procedures
	$(BIN)/python manage.py create_demo_signing_keys
	$(BIN)/python manage.py load_demo_incoming
	$(BIN)/python manage.py load_demo_outgoing
	$(BIN)/python manage.py load_demo_service_dossiers
	$(BIN)/python manage.py load_demo_reporting
	$(BIN)/python manage.py load_demo_exchange
	$(BIN)/python manage.py load_feedback_categories
	$(BIN)/python manage.py load_demo_feedback

run: demo
	$(BIN)/python manage.py collectstatic --noinput -v 0
	@$(BIN)/python manage.py load_demo_data --logins-only
	@echo "More demo sign-ins (e-office, public services): README.md, Demo sign-ins."
	@echo "Serving http://127.0.0.1:$(PORT)/ (with a background-task worker for OCR, e-mail, reminders)"
	@$(BIN)/python manage.py db_worker --no-reload -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  WORKERS=$(WORKERS) THREADS=$(THREADS) $(BIN)/gunicorn -c chinhquyenso/config/gunicorn.conf.py \
	  -b 127.0.0.1:$(PORT) --access-logfile -

worker: migrate
	$(BIN)/python manage.py db_worker

test: install-test system-deps test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -p no:cacheprovider

# Runs against PostgreSQL when a server answers at TEST_DATABASE_URL; REQUIRE_POSTGRES=1 (CI) makes
# an unreachable server a failure instead of a skip.
test-postgres:
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" \
	    "$(TEST_DATABASE_URL)" 2>/dev/null; then \
	  DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -p no:cacheprovider; \
	elif [ "$(REQUIRE_POSTGRES)" = 1 ]; then \
	  echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)"; exit 1; \
	else echo "PostgreSQL not reachable at $(TEST_DATABASE_URL): PostgreSQL run skipped."; fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd chinhquyenso && ../$(BIN)/python ../manage.py makemessages -l vi -l en --no-obsolete && \
	  ../$(BIN)/python ../manage.py compilemessages

bench: install-test
	$(BIN)/python bench/run.py

# The scale benchmarks of docs/benchmarks.md, each on a freshly made PostgreSQL database (its data
# generated first): `make bench-scale`, or one of them. Minutes each; the machine should be quiet.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench-scale: bench-eoffice bench-services bench-reporting bench-exchange

bench-eoffice: install-test bench-deps
	$(BIN)/python -m bench.pgdb $(BENCH_PG)/bench_eoffice
	BENCH_DATABASE_URL=$(BENCH_PG)/bench_eoffice $(BIN)/python -m bench.eoffice.generate 1000000
	BENCH_DATABASE_URL=$(BENCH_PG)/bench_eoffice $(BIN)/python -m bench.eoffice.measure

bench-services: install-test
	$(BIN)/python -m bench.pgdb $(BENCH_PG)/bench_services
	BENCH_DATABASE_URL=$(BENCH_PG)/bench_services $(BIN)/python -m bench.services.generate 100000
	BENCH_DATABASE_URL=$(BENCH_PG)/bench_services $(BIN)/python -m bench.services.measure 300 1600

bench-reporting: install-test
	$(BIN)/python -m bench.pgdb $(BENCH_PG)/bench_reporting
	BENCH_DATABASE_URL=$(BENCH_PG)/bench_reporting $(BIN)/python -m bench.reporting.generate
	BENCH_DATABASE_URL=$(BENCH_PG)/bench_reporting $(BIN)/python -m bench.reporting.measure 10

bench-exchange: install-test
	$(BIN)/python -m bench.exchange.measure 300

# wrk drives the API benchmarks (bench/eoffice/measure.py).
bench-deps:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -q --no-install-recommends wrk >/dev/null 2>&1 || \
	    (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends wrk >/dev/null); \
	  else echo "wrk is missing: apt install wrk"; exit 1; fi; }
