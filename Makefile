# One entry point for chores. `make demo` and `make test` are the README's quick start.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint format chromium install install-test messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## Install, load the illustrative sample archive and serve it on http://127.0.0.1:8000
demo: install
	$(BIN)/watchdesk demo

## Install test dependencies (Debian's chromium for browser tests) and run every test
test: install-test chromium
	$(BIN)/pytest

## The browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install-test
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## Recompile translations after editing src/watchdesk/locale/*/LC_MESSAGES/django.po
messages: install
	cd src/watchdesk && ../../$(BIN)/django-admin compilemessages --settings=watchdesk.settings

clean:
	rm -rf $(VENV) var artifacts .pytest_cache
