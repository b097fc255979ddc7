# The two commands of the README:
#   make serve   set up, build, and serve the site at http://127.0.0.1:8000
#   make test    set up, build, and run every test (unit + browser)
# Needs only Python 3.11+, Node.js/npm, and a Chromium for the browser tests.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the site (sitemap, gzip headers) are the last commit's, not today's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The lesson's modules (py/, flat, as Pyodide imports them) and the build's package (site_src/)
# are on the module path from the interpreter's start: no code edits sys.path. pytest gets the
# same from pyproject.toml (pythonpath), Pyodide from env.PYTHONPATH (pyodide-worker.js).
export PYTHONPATH := $(CURDIR)/py:$(CURDIR)

.PHONY: setup build serve dev test unit browser bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --requirement requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build: setup
	$(PY) -m mkdocs build --strict

serve: build
	@echo "Sirviendo el sitio en http://$(HOST):$(PORT)/ (Ctrl+C para terminar)"
	$(PY) -m http.server --bind $(HOST) --directory site $(PORT)

# For editing the lesson: MkDocs' own server with the project's hooks rebuilds and reloads the
# browser on every save in docs/, py/ or site_src/ (`make serve` serves site/ as built, no rebuild).
dev: setup
	LECCION_DEV=1 $(PY) -m mkdocs serve --dev-addr $(HOST):$(PORT) --watch py --watch site_src

# Everything: unit tests (Python and JavaScript), the built files, the browsers.
test: build
	node --test tests/js/
	$(PY) -m pytest

# No site/ and no browser needed.
unit: setup
	node --test tests/js/
	$(PY) -m pytest tests/unit

browser: build
	$(PY) -m pytest tests/build tests/browser

# Speed and size figures (not tests): see bench/README.md. Extra options: make bench BENCH_ARGS="--runs 9"
bench: build
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf site .cache $(VENV) node_modules
