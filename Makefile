# Two commands for a new user: `make generate` and `make test`.
# Everything they need (Graphviz, fonts, the virtualenv, pinned packages) is set up here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := dot:graphviz /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core

.PHONY: setup system-packages generate check test lock bench clean

setup: system-packages $(STAMP)

system-packages:
	@scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES)

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

generate: setup
	$(PY) generate.py

check: setup
	$(PY) generate.py --check

test: setup
	$(PY) -m pytest -n 2 -q

# Wall time and peak memory of every phase; `make bench ARGS=--update-readme` records them in README.md.
bench: setup
	$(PY) scripts/bench.py $(ARGS)

# Re-pin requirements.txt from requirements.in (then commit both).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q -r requirements.in
	{ echo '# Fully pinned: generated from requirements.in by `make lock`. Do not edit by hand.'; \
	  .venv-lock/bin/pip freeze; } > requirements.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) site .pytest_cache
