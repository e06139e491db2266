# Pledgewatch. `make run` serves the app on the embedded default; `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
VPY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# A Python of 3.12 or newer: $(PYTHON) if given, else python3.13/python3.12 that really run, else pyenv's.
define find_python
for c in "$(PYTHON)" python3.13 python3.12 python3; do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v "$$c" || echo "$$c"; exit 0; fi; \
done; \
root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
for v in $$(ls -r "$$root/versions" 2>/dev/null); do \
  c="$$root/versions/$$v/bin/python3"; \
  if [ -x "$$c" ] && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help install run test lint format demo-users migrate reference-data eval eval-editors scores clean

help:
	@echo "make run | test | lint | format | install | demo-users | eval | eval-editors | bench"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@py=$$($(find_python)) || { echo "Pledgewatch needs Python 3.12 or newer. Install one (e.g. 'pyenv install 3.12') or run 'make PYTHON=/path/to/python3.12 ...'." >&2; exit 1; }; \
	[ -x $(VPY) ] && $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); }
	$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(VPY) manage.py migrate --no-input -v0

reference-data: migrate
	$(VPY) manage.py load_reference_data

run: reference-data
	$(VPY) manage.py create_demo_users
	$(VPY) manage.py load_demo_data
	$(VPY) manage.py runserver $(HOST):$(PORT)

demo-users: migrate
	$(VPY) manage.py create_demo_users

test: install
	$(VPY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

eval: reference-data
	python3 ../shared/eval/score.py ../shared/eval/dev --run "$(VPY) manage.py extract --format jsonl" --verbose

# Extraction scored against editors' decisions: every reviewed article exported as gold (export_gold),
# then extracted afresh and scored. The scorer is the repository's eval/score.py once it is copied in.
SCORER ?= $(firstword $(wildcard eval/score.py) ../shared/eval/score.py)
EDITORS_GOLD ?= eval/editors
eval-editors: migrate
	$(VPY) manage.py export_gold --out $(EDITORS_GOLD)
	python3 $(SCORER) $(EDITORS_GOLD) --run "$(VPY) manage.py extract --format jsonl" --verbose

# Record the scores the methodology page shows (docs/extraction_scores.json).
scores: reference-data
	python3 ../shared/eval/score.py ../shared/eval/dev --run "$(VPY) manage.py extract --format jsonl" --json \
	  | $(VPY) -c 'import datetime, json, sys; raw = sys.stdin.read(); d = json.loads(raw[: raw.rindex("}") + 1]); \
	    from articles.extraction import EXTRACTOR_VERSION as v; \
	    d = {k: round(x, 3) if isinstance(x, float) else x for k, x in d.items()}; \
	    d.update(extractor_version=v, evaluation_set="../shared/eval/dev (33 articles; the rules were developed on it)", \
	    measured_on=datetime.date.today().isoformat()); print(json.dumps(d, indent=2))' > docs/extraction_scores.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
