# Two commands for a new user: `make generate` and `make test`.
# Everything they need (Graphviz, fonts, the virtualenv, pinned packages) is set up here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The diagrams draw in DejaVu Sans; Graphviz (cairo and pango, through fontconfig) takes any glyph it lacks from
# Noto (its core fonts for the other scripts: Arabic, Hebrew, Devanagari, Thai, ...; its colour emoji) and from
# Droid Sans Fallback for Chinese, Japanese and Korean (7 MB, where Noto CJK is 90 MB).
SYSTEM_PACKAGES := dot:graphviz /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core \
	/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf:fonts-noto-core \
	/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf:fonts-noto-color-emoji \
	/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf:fonts-droid-fallback
# Only the tests need these: the site's browser tests drive Debian's headless Chromium (tests/docs).
TEST_PACKAGES := chromium:chromium

# The set-up steps run side by side: each virtualenv's pip is mostly one core's work (unpacking, compiling),
# and apt-get waits on the network meanwhile (pip runs quiet, so their lines hardly interleave).
MAKEFLAGS += --jobs=4

.PHONY: setup system-packages test-packages generate check regenerate test fuzz lock bench clean checkov-venv checkov scanner-venvs scan deploy-local

setup: system-packages $(STAMP)

system-packages:
	@scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES)

test-packages: system-packages  # after it: two apt-get runs at once would fight over dpkg's lock
	@scripts/ensure-system-packages.sh $(TEST_PACKAGES)

# The project is installed editable as a path in a .pth file (compat mode): setuptools' default import hook
# costs every command ~12 ms of start-up.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --config-settings editable_mode=compat -e .
	@touch $@

generate: setup
	$(PY) generate.py

check: setup
	$(PY) generate.py --check

# After changing the generator: every committed output (corpus, goldens, default model, examples) rewritten.
regenerate: setup
	PY=$(PY) scripts/regenerate.sh

test: setup test-packages checkov-venv scanner-venvs
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder -q
	$(PY) generate.py audit --quiet

# Property-based tests: random valid models from the kind registry must generate, lint, build and audit.
# `make test` runs 140 of them (seeded: the same every run); this runs 5,000 (FUZZ_EXAMPLES, FUZZ_SEED to vary)
# in FUZZ_SHARDS processes, one per core, each with its own seed.
FUZZ_EXAMPLES ?= 5000
FUZZ_SEED ?= 20261202
FUZZ_SHARDS ?= 2
fuzz: setup test-packages
	PY=$(PY) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_SEED=$(FUZZ_SEED) FUZZ_SHARDS=$(FUZZ_SHARDS) scripts/fuzz.sh

# checkov lives in its own virtualenv: installed beside the project's packages it would downgrade boto3.
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

checkov-venv: $(CHECKOV_STAMP)

$(CHECKOV_STAMP): requirements-checkov.txt
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-checkov.txt
	@touch $@

# The security scan of the generated templates (no network: --skip-download).
checkov: generate checkov-venv
	$(CHECKOV_VENV)/bin/checkov -d deploy --framework cloudformation --skip-download --compact --quiet

# The other scanners of deploy/, each in its own pinned virtualenv for the same reason (requirements-NAME.txt):
# cfripper and parliament (IAM: privilege escalation, wildcards) and cfn-lint-serverless (serverless practice).
SCANNERS := cfripper parliament cfn-lint-serverless
SCANNER_STAMPS := $(foreach name,$(SCANNERS),.venv-$(name)/.installed)

scanner-venvs: $(SCANNER_STAMPS)

.venv-%/.installed: requirements-%.txt
	@test -x .venv-$*/bin/python || $(PYTHON) -m venv .venv-$*
	.venv-$*/bin/pip install -q --disable-pip-version-check -r requirements-$*.txt
	@touch $@

# Every scanner on deploy/, with the recorded exceptions (tests/scanners/): what `make test` checks.
scan: generate checkov-venv scanner-venvs
	$(PY) -m pytest tests/scanners -q -n 0

# The whole deploy with no AWS account: moto's server on 127.0.0.1, every stack, the outputs, server stopped.
deploy-local: generate
	$(PY) -m archgen.deploy.try_local

# Wall time, CPU time and peak memory, medians; `make bench ARGS=--update-readme` records them in README.md.
# With Node.js, the CDK app of the default system (bench/cdk, pinned in its package-lock.json) is set up
# here, and only here (never by `make test`), so cdk synth is measured in the same run.
bench: setup
	@if command -v npm >/dev/null; then (cd bench/cdk && npm ci --no-audit --no-fund --loglevel=error); \
	else echo "Node.js not found: cdk synth is left out of the benchmark"; fi
	$(PY) scripts/bench.py $(ARGS)

# Re-pin requirements.txt from requirements.in (then commit both).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q -r requirements.in
	{ echo '# Fully pinned: generated from requirements.in by `make lock`. Do not edit by hand.'; \
	  .venv-lock/bin/pip freeze; } > requirements.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) $(foreach name,$(SCANNERS),.venv-$(name)) site .pytest_cache
