# Set-up and everyday commands. Every install step is here: a fresh machine
# needs only python3 (and, for the browser tests, apt-get as root).
# pip --no-compile: 39 instead of 64 s on a fresh machine; Python compiles the modules it imports
# on first use (a small part of what is installed).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DATA    ?= data
SITE    ?= site
DEMO_DATA := build/demo-data
DEMO_SITE := site-demo
PYTEST_ARGS ?=

.PHONY: site demo open-data test test-fast lint serve bench demo-data validate browser-deps clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# The open-data edition (default): data/ holds the canonical tables derived from the
# publishers' files (committed), so this needs no network and no ../shared.
site: $(STAMP)
	$(BIN)/liim build --data $(DATA) --out $(SITE)

validate: $(STAMP)
	$(BIN)/liim validate --data $(DATA)

# Regenerate data/waarden/ and data/clusters.csv from the raw files (data/bronnen.yml):
# --bronnen DIR, $$LIIM_BRONNEN_DIR, .cache/bronnen/, ../shared/realdata, or a verified download.
open-data: $(STAMP)
	$(BIN)/liim import --data $(DATA) $(if $(BRONNEN),--bronnen $(BRONNEN))

# The synthetic demo with all 34 indicators (deterministic, never committed, never in data/),
# built into site-demo/ with a demo banner on every page.
# The frozen archived edition is the last thing demo-data writes; demo data of an older layout
# (an unfrozen archief/2024/) are written anew.
# They are made anew when their sources changed (tests/sitebuild.py current_demo_data relies on it).
DEMO_STAMP := $(DEMO_DATA)/archief/2024/bevroren.yml
DEMO_SOURCES := $(shell find generator templates -type f -not -path '*/__pycache__/*') \
                data/indicatoren.yml data/indicatoren.schema.json
$(DEMO_STAMP): $(DEMO_SOURCES) | $(STAMP)
	rm -rf $(DEMO_DATA)
	$(BIN)/liim demo-data --out $(DEMO_DATA)

demo-data: $(STAMP)
	$(BIN)/liim demo-data --out $(DEMO_DATA)

demo: $(STAMP) $(DEMO_STAMP)
	$(BIN)/liim build --data $(DEMO_DATA) --out $(DEMO_SITE)

# Debian's Chromium for the browser tests (no browser download works offline; the tests use
# /usr/bin/chromium) and a Java runtime for the Nu HTML validator (vnu.jar, tests/test_html.py).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium installeren (apt-get) voor de browsertests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { \
	  echo "Java installeren (apt-get) voor de HTML-validatie"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

# One make with three jobs: Chromium and Java (apt-get: mostly waiting on the network) are installed
# while pip installs; then lint and the two sites run side by side (each site renders into its own
# docs folder: generator/docsdir.py), while one runs mkdocs (one core) the other has the second.
test:
	$(MAKE) --no-print-directory -j3 browser-deps lint site demo
	$(BIN)/pytest -q -n 2 --durations=15 $(PYTEST_ARGS)

# The quick loop: no site build, no browser, no slow reads of the raw files (markers site,
# browser, slow); `make test` runs everything.
test-fast: $(STAMP)
	$(BIN)/pytest -q -n 2 -m "not site and not browser and not slow" $(PYTEST_ARGS)

# ruff (style, imports, likely bugs) and mypy (types) over the generator.
lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

serve: site
	$(BIN)/mkdocs serve

bench: $(STAMP) browser-deps $(DEMO_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(SITE) $(DEMO_SITE) .cache build test-artifacts
