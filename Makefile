# make help lists the targets. Everything runs inside .venv, created by `make setup` on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The CPU wheel on CPU-only machines (found locally or on the CPU index), the CUDA build on GPU machines.
TORCH_VERSION ?= 2.13.0
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup run debug test test-slow test-all lint format notebooks bench clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.installed ## create .venv with torch (TORCH_VERSION) and requirements*.txt, only when missing or changed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "torch==$(TORCH_VERSION)"
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

run: setup ## train and evaluate the default model offline (python run.py $(ARGS))
	$(BIN)/python run.py $(ARGS)

debug: setup ## a few steps on a few examples: does it run? (python run.py debug=default $(ARGS))
	$(BIN)/python run.py debug=default $(ARGS)

test: setup ## the fast test suite (what CI runs first)
	$(BIN)/python -m pytest -q

test-slow: setup ## the slow end-to-end tests (the full default run and its learning check)
	$(BIN)/python -m pytest -q -m slow

test-all: setup ## every test
	$(BIN)/python -m pytest -q -m "slow or not slow"

lint: setup ## ruff
	$(BIN)/ruff check summarizer tests benchmarks run.py

format: setup ## strip outputs and execution counts from the stored notebooks
	$(BIN)/nbstripout notebooks/*.ipynb

notebooks: setup ## execute every notebook headless against a fresh tiny run and multirun (executed copies in outputs/notebooks/)
	$(BIN)/python -m summarizer.analysis.execute_notebooks --fresh-runs outputs/notebooks/runs --out outputs/notebooks

bench: setup ## the benchmarks in benchmarks/ (figures go to benchmarks/RESULTS.md)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean: ## remove run outputs and caches (keeps .venv)
	rm -rf outputs multirun .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
