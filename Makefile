# Two commands for a newcomer: `make run` (the app on SQLite with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_PASSWORD ?= madangan-demo
export FLASK_APP := wsgi.py

.PHONY: run test test-unit test-shifted install install-dev translations chromium pdf-libraries lint \
	update-translations bench wrk

run: pdf-libraries install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo --password "$(DEMO_PASSWORD)"
	$(BIN)/flask run --host 127.0.0.1 --port $${PORT:-5000}

test: pdf-libraries install-dev translations chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The unit layer: the suite without its system tests (browsers, servers, workers, parallel
# clients, fuzzing, the seeded demo), for the edit-and-rerun loop; `make test` runs it all.
test-unit: pdf-libraries install-dev translations
	$(BIN)/python -m pytest -m "not system" $(PYTEST_ARGS)

# The suite again with the machine's clock moved more than a year ahead, to three minutes before
# a New Year in Jakarta, so the year turns while it runs: no outcome may change. Chromium and
# the processes of the scale-out and fault tests keep the machine's clock, so their folders
# are left out.
SHIFT_REAL_CLOCK ?= $(shell echo $$(( $$(date +%Y) + 1 )))-12-31T23:57:00+07:00
test-shifted: pdf-libraries install-dev translations
	SHIFT_REAL_CLOCK=$(SHIFT_REAL_CLOCK) $(BIN)/python -m pytest --ignore=tests/browser \
	  --ignore=tests/scaleout --ignore=tests/faults $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/flake8 app tests bench

# The benchmarks of BENCHMARKS.md: HTTP pages on SQLite and PostgreSQL at size $(SIZE), the
# heavy jobs, and bulk certificates. Each script rewrites its own section.
SIZE ?= L
BENCH_DATABASE ?= postgresql+psycopg://postgres@127.0.0.1:5432/madangan_bench_$(SIZE)
bench: pdf-libraries install-dev translations wrk
	$(BIN)/python bench/run.py --size $(SIZE)
	psql -h 127.0.0.1 -U postgres -d postgres -tc \
	  "SELECT 1 FROM pg_database WHERE datname = 'madangan_bench_$(SIZE)'" | grep -q 1 \
	  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE madangan_bench_$(SIZE)"
	$(BIN)/python bench/run.py --size $(SIZE) --database-url $(BENCH_DATABASE)
	$(BIN)/python bench/jobs.py
	$(BIN)/python bench/certificates.py --count 1000

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

translations: install
	$(BIN)/pybabel compile --statistics -d app/translations

# Re-extract the UI strings and merge them into the id and en catalogs.
update-translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_ngettext:1,2 -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

# The HTTP benchmark's load comes from wrk, in a process of its own.
wrk:
	@command -v wrk >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# WeasyPrint renders certificates with Pango and subsets fonts with HarfBuzz; the DejaVu fonts
# cover Indonesian and English.
pdf-libraries:
	@ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 \
	  && [ -d /usr/share/fonts/truetype/dejavu ] || { \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; }
