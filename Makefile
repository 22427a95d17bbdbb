# Two commands do all set-up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test compile bench clean

demo: $(STAMP)
	$(BIN)/coinage demo

test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest -n auto -q

compile: $(STAMP) node_modules/.package-lock.json
	$(BIN)/coinage compile

bench: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/bench_toolchain.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The pinned solc-js compiler and OpenZeppelin sources; only the tests and `coinage compile` need them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

clean:
	rm -rf $(VENV) node_modules .coinage-cache
