"""Rule E105 on settings that make a template fail a checkov check: the model must say why, at the component.
Found on new designs: a WAF without the known-bad-inputs group and a REST API whose routes no authorizer
protects both failed checkov with no reason anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.errors import ModelInvalid
from archgen.validate import load_model


def _errors(project: Path, old: str, new: str) -> list[str]:
    system = project / "model" / "system.yaml"
    text = system.read_text("utf-8")
    assert old in text
    system.write_text(text.replace(old, new, 1), "utf-8")
    try:
        load_model(project / "model")
    except ModelInvalid as invalid:
        return [error.message for error in invalid.errors]
    return []


def test_a_waf_without_the_known_bad_inputs_group_needs_a_reason(project: Path) -> None:
    errors = _errors(project, "      rate_limit: 1000\n",
                     "      rate_limit: 1000\n      managed_rules: [AWSManagedRulesCommonRuleSet]\n")
    assert [e for e in errors if "E105" in e] == [e for e in errors if "CKV_AWS_192" in e] != []
    assert all("components.api-waf" in e or "api-waf" in e for e in errors if "CKV_AWS_192" in e)


def test_a_waf_with_the_group_needs_none(project: Path) -> None:
    assert _errors(project, "      rate_limit: 1000\n", "      rate_limit: 1000\n      managed_rules: "
                   "[AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet]\n") == []


FIXTURE = Path(__file__).parent / "fixtures" / "W231" / "good.yaml"  # a REST API checking no caller
EXCEPTION = "  - {component: api, control: CKV_AWS_59, reason: Test fixture; its routes are public to keep the model small.}\n"


@pytest.mark.parametrize("reason", [False, True])
def test_a_rest_api_that_checks_no_caller_needs_a_reason(tmp_path: Path, reason: bool) -> None:
    """(One that checks some callers has rule E106 ask it of each open route instead.)"""
    text = FIXTURE.read_text("utf-8")
    assert EXCEPTION in text and "protects" not in text
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "system.yaml").write_text(text if reason else text.replace(EXCEPTION, ""), "utf-8")
    errors = _errors(tmp_path, "system:", "system:")
    if reason:
        assert errors == []
    else:
        assert len(errors) == 1 and "E105" in errors[0] and "CKV_AWS_59" in errors[0], errors
        assert "a route it serves with no authorizer is open to anyone" in errors[0]
