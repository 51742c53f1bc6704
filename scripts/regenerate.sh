#!/usr/bin/env bash
# After a change to the generator: rewrite every committed output it derives, then check them.
# The bad-model corpus and its expected errors, the per-kind template goldens, the default model's outputs
# and each example's. Read the diff before committing: it is the change's effect on what users get.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
"$PY" -m tests.validate.make_bad_corpus
"$PY" -m tests.validate.corpus --update
"$PY" -m pytest tests/templates -q -n 0 --update-goldens
"$PY" generate.py --quiet
for model in examples/*/model/system.yaml; do
    "$PY" generate.py --quiet --model "$(dirname "$(dirname "$model")")"
done
"$PY" generate.py --quiet --check
for model in examples/*/model/system.yaml; do
    "$PY" generate.py --quiet --check --model "$(dirname "$(dirname "$model")")"
done
