# Two commands from a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint check-dictionaries eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,test]"
	touch $@

demo: setup  ## ingest the bundled sample news, code it, show dyads, trend and speakers
	$(BIN)/flashpoint demo

test: setup  ## lint, then the whole test suite
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src tests bench

check-dictionaries: setup  ## validate dictionaries; every pattern must fire on its example
	$(BIN)/flashpoint check-dictionaries

eval: setup  ## score the coder on the repo's gold and, when present, ../shared/data
	$(BIN)/flashpoint eval gold/events.jsonl gold/quotes.jsonl gold/plover_style.jsonl gold/cameo_style.jsonl
	-test -d ../shared/data && $(BIN)/flashpoint eval ../shared/data/plover_gsr_dev.jsonl ../shared/data/cameo_examples_dev.jsonl

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache flashpoint.db*
