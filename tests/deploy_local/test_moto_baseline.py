"""moto's own CloudFormation, without the adapters: the gaps archgen.deploy.local fills. If a moto
upgrade closes one, its assertion here fails: drop the matching workaround then."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plain_moto() -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "tests.deploy_local.moto_baseline"], cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


def test_a_skipped_type_vanishes_silently_with_its_outputs(plain_moto: dict[str, Any]) -> None:
    assert plain_moto["skipped_status"] == "CREATE_COMPLETE"
    assert plain_moto["skipped_outputs"] == ["Topic"]  # the subscription's output is simply missing


def test_a_getatt_of_a_skipped_type_in_outputs_is_an_http_500(plain_moto: dict[str, Any]) -> None:
    assert plain_moto["getatt_of_skipped_http"] == 500


def test_outputs_stay_empty_after_a_create_change_set(plain_moto: dict[str, Any]) -> None:
    assert plain_moto["change_set_outputs"] == {}


def test_a_failing_resource_fails_the_call_and_the_stack_never_ends(plain_moto: dict[str, Any]) -> None:
    assert plain_moto["failing_http"] >= 400
    assert plain_moto["failing_status"] == "CREATE_IN_PROGRESS"
    assert plain_moto["failing_events"] == ["CREATE_IN_PROGRESS"]  # no CREATE_FAILED, no rollback
