# Two commands do everything on a fresh machine:  `make run`  and  `make test`.
# Every step below says what it is doing; files are rebuilt only when their inputs change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10 (Rasa 3.6 refuses 3.11+): the first interpreter that really is 3.10.
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
# Which Dutch spaCy pipeline goes into build/spacy-nl: auto (nl_core_news_sm when it is
# installed, else the lookup pipeline), lookup, or nl_core_news_sm.
SPACY_PIPELINE ?= auto
MODEL := models/coach.tar.gz
# `make run PROFILE=scaled`: PostgreSQL + Redis + several workers (README, "Scaled profile").
PROFILE ?= $(or $(COACH_PROFILE),default)

# No telemetry, no error reporting, no outbound connections, in every command below.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
export PYTHONWARNINGS := ignore::DeprecationWarning

# knowledge/conversation.yml: the message guard's closings are read from it at training time
TRAIN_INPUTS := config.yml domain.yml knowledge/conversation.yml $(shell find data -name '*.yml' 2>/dev/null) $(wildcard components/*.py) build/spacy-nl/meta.json

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help setup browser services run test unit lint validate pytest rasa-test train eval segments thresholds search-threshold bench lock clean

help:
	@echo "make run    set up, train if needed, start the bot and print where to chat"
	@echo "make test   set up, then every check (lint, unit tests, validate, training, pytest, rasa test)"
	@echo "make unit   the unit tests alone: no trained model, no servers, no browser (seconds)"
	@echo "make eval   held-out NLU evaluation (letters, short, crisis) and thresholds, writes reports/"
	@echo "            COMPARE=1: also DIET+e5 and Rasa's default pipeline (slow: about an hour)"
	@echo "make segments  long messages: whole message vs sentence pooling (after make eval)"
	@echo "make bench  throughput, latency, start-up and memory vs Rasa's starter bot, writes reports/bench.*"
	@echo "make run PROFILE=scaled   the same bot on PostgreSQL + Redis with several workers"

$(VENV)/.installed: requirements.txt constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found (tried python3.10 and ~/.pyenv/versions/3.10*)"; exit 1; }
	@echo "==> Creating $(VENV) with $(PYTHON310) and installing the pinned dependencies"
	$(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==24.0
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> Installing the chat page's socket.io client and the browser test's driver and axe-core from npm"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# SPACY_PIPELINE is recorded in a stamp the pipeline depends on, rewritten only when the value
# changes: `make run SPACY_PIPELINE=lookup` after `auto` rebuilds build/spacy-nl (and so
# retrains), an unchanged value rebuilds nothing. A first stamp beside an existing pipeline
# takes that pipeline's time, so adding the stamp does not force a rebuild.
SPACY_STAMP := build/spacy-pipeline
$(shell mkdir -p build; \
  if [ "$$(cat $(SPACY_STAMP) 2>/dev/null)" != "$(SPACY_PIPELINE)" ]; then \
    first=$$([ -f $(SPACY_STAMP) ] || echo yes); echo "$(SPACY_PIPELINE)" > $(SPACY_STAMP); \
    if [ -n "$$first" ] && [ -f build/spacy-nl/meta.json ]; then touch -r build/spacy-nl/meta.json $(SPACY_STAMP); fi; \
  fi)

build/spacy-nl/meta.json: spacy_nl/build.py spacy_nl/lemma_overrides.yml $(SPACY_STAMP) | $(VENV)/.installed
	@echo "==> Building the Dutch spaCy pipeline ($(SPACY_PIPELINE)) into build/spacy-nl"
	$(PY) -m spacy_nl.build --pipeline $(SPACY_PIPELINE) --out build/spacy-nl

setup: $(VENV)/.installed node_modules/.installed build/spacy-nl/meta.json

# Headless Chromium for the browser test, from Debian's packages (a test tool's own browser
# download does not work here).
browser:
	@command -v chromium >/dev/null || { echo "==> Installing Chromium for the browser test (Debian packages)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# PostgreSQL and Redis for the scaled profile and its tests, from Debian's packages. The
# project starts its own instances under var/ (service/backends.py); none is assumed running.
services:
	@{ ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v redis-server >/dev/null; } || { \
	  echo "==> Installing PostgreSQL and Redis (Debian packages)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql redis-server; }
	@# where docker is installed without its compose plugin, Debian's docker-compose checks docker-compose.yml
	@! command -v docker >/dev/null || docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || { \
	  echo "==> Installing docker-compose to check docker-compose.yml (Debian package)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq docker-compose; }

$(MODEL): $(TRAIN_INPUTS) | setup
	@echo "==> Training the model (data, domain or config changed)"
	$(PY) -m rasa train --config config.yml --domain domain.yml --data data \
		--out models --fixed-model-name coach
	touch $@

train: setup $(MODEL)

run: setup $(MODEL) $(if $(filter scaled,$(PROFILE)),services)
	@echo "==> Starting the action server, the Rasa server and the chat page ($(PROFILE) profile)"
	COACH_PROFILE=$(PROFILE) $(PY) -m scripts.serve

lint: $(VENV)/.installed
	@echo "==> ruff (ruff.toml: unused and undefined names, syntax errors; formatting)"
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	@echo "==> mypy (mypy.ini: the pure domain logic in coach/ and the plumbing in service/)"
	$(PY) -m mypy

validate: setup
	@echo "==> rasa data validate (warnings count as failures)"
	$(PY) -m rasa data validate --config config.yml --domain domain.yml --data data --fail-on-warnings

# The fast lane: everything marked `unit` (conftest.py marks each test that needs neither the
# trained model nor the servers); needs the set-up but no model, so it runs before training.
unit: setup
	@echo "==> pytest, unit tests (no model, no servers, no browser)"
	$(PY) -m pytest -m unit

# The end-to-end tests; the unit tests already ran in `make unit`.
pytest: setup browser services $(MODEL)
	@echo "==> pytest, end-to-end tests (trained model, real servers, headless Chromium)"
	$(PY) -m pytest -m e2e

rasa-test: setup $(MODEL)
	@echo "==> rasa test on the conversation tests"
	$(PY) -m rasa test core --model $(MODEL) --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out reports/core

test: lint unit validate pytest rasa-test
	@echo "==> All checks passed"

eval: thresholds search-threshold
	@echo "==> Held-out NLU evaluation of this pipeline$(if $(COMPARE), beside DIET+e5 and Rasa's default)"
	$(PY) -m scripts.eval_nlu $(if $(COMPARE),--compare)
	@echo "==> Held-out questions for the session's answers (knowledge/answers.yml)"
	$(PY) -m scripts.eval_answers

segments: setup
	@echo "==> Long messages: the whole message against sentence pooling, out of fold and on the letters"
	$(PY) -m scripts.eval_segments

bench: setup services $(MODEL)
	@echo "==> Benchmark: Rasa's starter bot, this bot and its scaled profile, back to back"
	$(PY) -m scripts.bench

thresholds: setup
	@echo "==> Fallback, crisis and coach thresholds from out-of-fold predictions"
	$(PY) -m scripts.tune_thresholds

search-threshold: setup
	@echo "==> Minimum score for answering free questions from the knowledge"
	$(PY) -m scripts.tune_search

lock: $(VENV)/.installed
	@( echo "# Full lock of the environment, generated by 'make lock' from a working .venv (Python 3.10)."; \
	  $(PY) -m pip freeze --disable-pip-version-check | grep -v '^-e' ) > constraints.txt
	@echo "constraints.txt rewritten"

clean:
	rm -rf models build reports results var .pytest_cache
