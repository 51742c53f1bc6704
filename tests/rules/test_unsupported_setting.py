"""W203 follows the lifecycle data cfn-lint ships: a runtime warns from its deprecation date on, not before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from archgen.rules import unsupported_setting
from archgen.validate import load_model

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "W203"


@pytest.mark.parametrize(("day", "fixture", "warned"), [
    (date(2025, 12, 14), "bad.yaml", False),
    (date(2025, 12, 15), "bad.yaml", True),
    (date(2029, 7, 1), "good.yaml", True),  # python3.13 too, once its day has come
])
def test_a_runtime_warns_from_its_deprecation_date(monkeypatch: pytest.MonkeyPatch, day: date, fixture: str,
                                                   warned: bool) -> None:
    monkeypatch.setattr(unsupported_setting, "today", lambda: day)
    found = [w for w in load_model(FIXTURES / fixture).warnings if w.message.startswith("W203 ")]
    assert bool(found) == warned
    if warned:
        assert found[0].path == "components.fn.settings.runtime" and "move to python3.14" in found[0].message
