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

.PHONY: help install run test lint format demo-users migrate reference-data eval eval-gate eval-editors scores parser clean

help:
	@echo "make run | test | lint | format | install | demo-users | eval | eval-gate | eval-editors | parser | bench"

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

# Extraction scored on the project's corpus (eval/): tuning part, frozen part and 5 folds.
eval: reference-data
	$(VPY) eval/evaluate.py --folds 5

# The CI gate: the frozen part must stay above the floors in eval/evaluate.py.
eval-gate: reference-data
	$(VPY) eval/evaluate.py --part frozen --gate

# Extraction scored against editors' decisions: every reviewed article exported as gold (export_gold),
# then extracted afresh and scored with eval/score.py.
EDITORS_GOLD ?= eval/editors
eval-editors: migrate
	$(VPY) manage.py export_gold --out $(EDITORS_GOLD)
	$(VPY) eval/score.py $(EDITORS_GOLD) --run "$(VPY) manage.py extract --format jsonl" --verbose

# Record the figures the methodology page shows (docs/extraction_scores.json).
scores: reference-data
	$(VPY) eval/evaluate.py --folds 5 --json docs/extraction_scores.json

# Retrain the tagger/morphologizer/parser from the bundled treebanks (about an hour on one core)
# and write the model the extractor loads (articles/extraction/syntax/model/, versioned).
PARSER_WORK ?= .parser-work
SYNTAX := articles/extraction/syntax
parser: install
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-parser.txt
	$(VPY) $(SYNTAX)/training/prepare.py $(PARSER_WORK)/corpus
	nice -n 10 $(VPY) -m spacy train $(SYNTAX)/training/config.cfg --output $(PARSER_WORK)/run \
	  --paths.train $(PARSER_WORK)/corpus/train.spacy --paths.dev $(PARSER_WORK)/corpus/dev.spacy
	$(VPY) $(SYNTAX)/training/package.py $(PARSER_WORK)/run/model-best $(PARSER_WORK)/corpus $(SYNTAX)/model

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(PARSER_WORK)
