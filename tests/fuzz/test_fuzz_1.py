"""Shard 1 of the seeded fuzz of `make test` (tests/fuzz/fuzzing.py): a file of its own, so that
pytest-xdist runs it on one worker while the other shard runs on another."""

import pytest

from tests.fuzz.fuzzing import shard_tests

pytestmark = pytest.mark.long(1)

lint_folder, test_random_valid_models_generate, test_every_fuzzed_template_lints_clean = shard_tests(1)
