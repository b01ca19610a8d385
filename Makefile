# Improvement Tracker: set up, serve and test. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VENDOR := static/vendor
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets migrate demo lint format ci clean

run: install assets migrate demo
	@echo ""
	@echo "Improvement Tracker is starting on http://$(HOST):$(PORT)/"
	@echo "Sign in at http://$(HOST):$(PORT)/accounts/login/ with a demo log-in printed above."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install assets
	$(PY) -m pytest $(PYTEST_ARGS)

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found). Set PYTHON=/path/to/python3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# govuk-frontend comes from npm and plotly.js from the plotly package; both are
# copied into static/vendor (not committed) so pages never load from a CDN.
assets: $(VENDOR)/.built

$(VENDOR)/.built: package.json $(STAMP)
	@mkdir -p $(VENDOR)/govuk
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && \
		cp -R node_modules/govuk-frontend/dist/govuk/assets $(VENDOR)/govuk/ && \
		sed 's#/assets/#/static/vendor/govuk/assets/#g' node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css > $(VENDOR)/govuk/govuk-frontend.min.css && \
		cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
		   node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map \
		   node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css.map $(VENDOR)/govuk/ && \
		cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js; \
	else \
		echo "WARNING: npm not found: GOV.UK Frontend styles are not installed, pages will be unstyled."; \
		echo "         Install Node.js and npm, then run 'make assets'."; \
	fi
	$(PY) -c "import plotly, shutil, pathlib; shutil.copy(pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js', '$(VENDOR)/plotly.min.js')"
	@touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py publish_board_pack southampton-2020-21 --period 2020-07 --public \
		--meeting "Improvement Board, 14 August 2020" --meeting-date 2020-08-14 \
		--user admin --unless-published

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
