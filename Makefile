# Two commands do all set-up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SLITHER_VENV := .venv-slither
SLITHER_STAMP := $(SLITHER_VENV)/.installed-slither-0.11.6

.PHONY: demo test compile bench bench-toolchain clean slither-venv static-analysis

demo: $(STAMP)
	$(BIN)/coinage demo

test: $(STAMP) $(SLITHER_STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest -n auto -q

compile: $(STAMP) node_modules/.package-lock.json
	$(BIN)/coinage compile

# The embedded chain against web3.py + EthereumTesterProvider, in one run (a few minutes on a quiet machine; --quick is shorter).
bench: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/bench.py --json bench.json

bench-toolchain: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/bench_toolchain.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The pinned solc-js compiler, OpenZeppelin sources and Anvil node; only the tests and `coinage compile` need them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Slither pins web3 7.x, so it lives in a virtualenv of its own.
slither-venv: $(SLITHER_STAMP)

$(SLITHER_STAMP):
	rm -rf $(SLITHER_VENV)
	$(PYTHON) -m venv $(SLITHER_VENV)
	$(SLITHER_VENV)/bin/python -m pip install --quiet slither-analyzer==0.11.6 crytic-compile==0.4.2
	touch $@

static-analysis: $(SLITHER_STAMP) node_modules/.package-lock.json
	$(SLITHER_VENV)/bin/python scripts/static_analysis.py

clean:
	rm -rf $(VENV) $(SLITHER_VENV) node_modules .coinage-cache
