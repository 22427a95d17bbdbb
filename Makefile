# Two commands do all set-up on a fresh clone: `make demo` and `make test`.
# `make demo` installs only what Coinage itself needs; `make test` adds the test tools, `make notebook` JupyterLab.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NOTEBOOK_STAMP := $(VENV)/.installed-notebook
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off

SLITHER_VENV := .venv-slither
SLITHER_STAMP := $(SLITHER_VENV)/.installed-slither-0.11.6

.PHONY: demo test notebook compile bench bench-toolchain clean slither-venv static-analysis

demo: $(STAMP)
	@echo "== The guided tour, ending with its verdict (a key for each act). Afterwards: . $(BIN)/activate; coinage compare prints every figure"
	$(BIN)/coinage demo

test: $(TEST_STAMP) $(SLITHER_STAMP) node_modules/.package-lock.json /usr/bin/chromium
	$(BIN)/python -m pytest -n auto -q

# The walkthrough in JupyterLab, with .venv's Python as its kernel.
# JupyterLab refuses to run as root (as in many containers) unless told it may.
notebook: $(NOTEBOOK_STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/walkthrough.ipynb

compile: $(STAMP) node_modules/.package-lock.json
	$(BIN)/coinage compile

# The embedded chain against web3.py + EthereumTesterProvider, in one run (a few minutes on a quiet machine; --quick is shorter).
bench: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/bench.py --json bench.json

bench-toolchain: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python scripts/bench_toolchain.py

$(STAMP): pyproject.toml
	@echo "== Creating $(VENV) and installing Coinage with its runtime libraries (a few minutes the first time)"
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	@echo "== Adding the test tools to $(VENV): pytest, hypothesis, mypy, the notebook runner"
	$(PIP) -e '.[test]'
	touch $@

$(NOTEBOOK_STAMP): $(STAMP)
	@echo "== Adding JupyterLab to $(VENV)"
	$(PIP) -e '.[notebook]'
	touch $@

# The pinned solc-js compiler, OpenZeppelin sources and Anvil node; only the tests and `coinage compile` need them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The classroom's browser test drives Debian's Chromium (Playwright's own browser download is not used).
/usr/bin/chromium:
	@echo "== Installing Debian's chromium for the classroom's browser test"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

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
