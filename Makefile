# CityPortal: `make run` serves the portal on its embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000
UV_VERSION := 0.13.9
# Third-party modules are compiled once at install: this sandbox sets PYTHONDONTWRITEBYTECODE,
# so otherwise every process compiles them again (about 1 s for WeasyPrint alone).

.PHONY: install install-dev run demo-corpus test test-pg test-browser lint format \
        pdf-libs chromium locales openssl wrk bench-pages bench-import bench-search bench-search-1m bench-opendata bench-feedback bench-monitor bench-nlp bench-language bench-privacy bench-reports clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: requirements.lock | $(PY)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements-dev.lock
	touch $@

## install: set-up only (.venv with pinned dependencies, var/ folders)
install: $(VENV)/.installed
	mkdir -p var/media var/static

install-dev: install $(VENV)/.installed-dev

## run: migrate, load the demo (idempotent), start the job worker, serve with gunicorn
run: export PUBLIC_URL ?= http://127.0.0.1:$(PORT)
run: install pdf-libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py load_events_demo
	$(PY) manage.py load_opendata_demo
	$(PY) manage.py load_monitor_demo
	$(PY) manage.py rebuild_search --if-empty
	PORT=$(PORT) ./bin/serve

## demo-corpus: import the real baomoi 2017 articles from ../shared/data when present
BAOMOI := ../shared/data/news/baomoi-2017/articles.jsonl.gz
demo-corpus: install
	@if [ -f $(BAOMOI) ]; then \
	  $(PY) manage.py import_articles $(BAOMOI) --format jsonl --section kinh-te-xa-hoi --source "Báo Mới"; \
	else echo "$(BAOMOI) not found: nothing to import"; fi

# WeasyPrint (PDF briefs and reports) draws text with Debian's pango and its fonts, and embeds
# font subsets with harfbuzz-subset (without it, fontTools in Python: seconds more per PDF).
pdf-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset && ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1; } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; }

# Debian's chromium drives the browser tests; Playwright never downloads its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Uploads are read the same whatever the process's locale: the tests run under Vietnamese and
# German LC_TIME too, so those locales are generated (Debian's locales package, localedef).
locales:
	@{ locale -a | grep -qx vi_VN.utf8 && locale -a | grep -qx de_DE.utf8; } || { command -v localedef >/dev/null 2>&1 && [ -d /usr/share/i18n/locales ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales >/dev/null; }; localedef -i vi_VN -f UTF-8 vi_VN.UTF-8 && localedef -i de_DE -f UTF-8 de_DE.UTF-8; }

# The feed poller's HTTPS test makes its own certificate with the openssl command.
openssl:
	@command -v openssl >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null; }

## test: the whole suite (SQLite unless DATABASE_URL says otherwise), browser tests included
test: install-dev chromium pdf-libs locales openssl
	$(PY) -m pytest -q

## test-pg: the suite on PostgreSQL (127.0.0.1:5432/test) and Redis (127.0.0.1:6379)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS ?= redis://127.0.0.1:6379/0
test-pg: install-dev pdf-libs locales openssl
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) $(PY) -m pytest -q -m "not browser"

test-browser: install-dev chromium
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) $(PY) -m pytest -q -m browser

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

## bench-pages: req/s and p50/p99 of home and article pages beside a vanilla Wagtail site
bench-pages: install-dev wrk
	$(PY) bench/pages.py

bench-import: install-dev
	$(PY) bench/import_articles.py

## bench-search: search latency and success@10 on the ~196k-document news corpus, SQLite and
## PostgreSQL (127.0.0.1:5432/cityportal_bench), beside stock Wagtail search; bench-search-1m: replicated to 1M
bench-search: install-dev
	$(PY) bench/search.py

bench-search-1m: install-dev
	$(PY) bench/search.py --scale 1m --no-stock

## bench-opendata: yearbook import (imported/rejected and why), datastore_search and series API
## p50/p95 with 1M observations on SQLite and PostgreSQL, chart rendering time
bench-opendata: install-dev
	$(PY) bench/opendata.py

## bench-feedback: 500 concurrent comment posters for 60 s against gunicorn (SQLite, then PostgreSQL; Redis cache):
## 0 server errors, every accepted comment stored once, rate limits hold; submissions/s
bench-feedback: install-dev
	$(PY) bench/feedback.py

## bench-monitor: the opinion pipeline on one core (texts/s per stage, target >= 2,000 for all),
## then process_pending with storage on SQLite and PostgreSQL (127.0.0.1:5432/cityportal_bench_monitor)
bench-monitor: install-dev
	$(PY) bench/monitor.py

## bench-reports: quarterly report generation (snapshot, PDF, XLSX, DOCX) with 10k articles, 100k
## feedback items and 1M monitored items, on SQLite and PostgreSQL (127.0.0.1:5432/cityportal_bench_reports)
bench-reports: install-dev pdf-libs
	$(PY) bench/reports.py

## bench-nlp: dev-set scores of the sentiment, topic and toxicity models beside issue 7's targets,
## and texts/s of classify (each task) and word segmentation on one core
bench-nlp: install-dev
	$(PY) bench/nlp.py

## bench-language: the monitor's language check on dev texts as written and without diacritics,
## other languages read as Vietnamese, and texts/s on one core
bench-language: install-dev
	$(PY) bench/language.py

## bench-privacy: names typed without diacritics after a kinship word in the brief's quotes,
## masked and wrongly masked, on 2018 headlines and social posts folded whole
bench-privacy: install-dev
	$(PY) bench/privacy.py

clean:
	rm -rf $(VENV) var
