# Set-up and everyday commands. Every install step is here: a fresh machine
# needs only python3 (and, for the browser tests, apt-get as root).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DATA    ?= data
SITE    ?= site
PYTEST_ARGS ?=

.PHONY: site test serve bench demo-data validate browser-deps clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# The demo data are generated (deterministic, synthetic), not committed: only into data/,
# so a mistyped DATA=... is reported by liim instead of silently filled with demo figures.
data/editie.yml: | $(STAMP)
	$(BIN)/liim demo-data --out data

demo-data: $(STAMP)
	$(BIN)/liim demo-data --out $(DATA)

validate: $(STAMP) data/editie.yml
	$(BIN)/liim validate --data $(DATA)

site: $(STAMP) data/editie.yml
	$(BIN)/liim build --data $(DATA) --out $(SITE)

# Debian's Chromium for the browser tests (no browser download works offline; the tests use
# /usr/bin/chromium) and a Java runtime for the Nu HTML validator (vnu.jar, tests/test_html.py).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium installeren (apt-get) voor de browsertests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { \
	  echo "Java installeren (apt-get) voor de HTML-validatie"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

test: $(STAMP) browser-deps site
	$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

serve: site
	$(BIN)/mkdocs serve

bench: $(STAMP) browser-deps data/editie.yml
	$(BIN)/python bench/run.py

clean:
	rm -rf $(SITE) .cache build test-artifacts
