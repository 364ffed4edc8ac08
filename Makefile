# The one task runner. `make run` and `make test` set everything up on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: run test lint bench install install-dev index teams-package clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade "pip>=25.1"

$(RUNTIME): pyproject.toml | $(PY)
	$(PIP) install -q -e .
	touch $@

$(DEV): pyproject.toml | $(PY)
	$(PIP) install -q --upgrade "pip>=25.1"
	$(PIP) install -q -e . --group dev
	touch $@ $(RUNTIME)

install: $(RUNTIME)
install-dev: $(DEV)

## Build or refresh the index (exit 1 means some files were skipped and named; the rest is indexed).
index: $(RUNTIME)
	$(VENV)/bin/policybot ingest || [ $$? -eq 1 ]

## Run the product: the console chat on the shipped knowledge base.
run: index
	$(VENV)/bin/policybot chat

## Run the tests (ruff, then pytest). pytest's "no tests collected" (exit 5) is not a failure.
test: $(DEV)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

lint: $(DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## Benchmarks: ingest throughput, warm ask latency, cold start, Slack acknowledgement latency.
bench: $(DEV)
	$(PY) -m tests.bench.run

## The Teams app package (deploy/teams/build/policybot-teams.zip) with MicrosoftAppId filled in.
teams-package: $(RUNTIME)
	$(PY) deploy/teams/package.py

clean:
	rm -rf .policybot deploy/teams/build
