# Two commands for a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint bench install

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## Migrate, load the demo company on first run, print the demo logins, serve on :5000.
run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

## The whole suite (SQLite; set PETITIONS_TEST_DATABASE_URL for PostgreSQL).
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check petitions tests bench gunicorn_conf.py
	$(BIN)/mypy petitions

bench: $(STAMP)
	$(BIN)/python bench/run.py
