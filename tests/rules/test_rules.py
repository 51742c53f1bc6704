"""Each architecture rule fires on its bad fixture, stays quiet on its good one, and can be waived."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.errors import ModelError, ModelInvalid
from archgen.rules import RULE_ID, rules
from archgen.validate import load_model

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def findings(model: Path, rule_id: str) -> list[ModelError]:
    """The errors and warnings of `rule_id` for the model file `model`."""
    try:
        found = load_model(model).warnings
    except ModelInvalid as invalid:
        found = invalid.errors
    return [f for f in found if f.message.startswith(f"{rule_id} ")]


def test_rules_are_registered_with_valid_unique_ids() -> None:
    ids = [rule.id for rule in rules()]
    assert ids == sorted(set(ids))
    assert all(RULE_ID.match(rule_id) and rule.shortdesc and rule.description
               for rule_id, rule in zip(ids, rules()))


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_every_rule_has_good_and_bad_fixtures(rule: object) -> None:
    folder = FIXTURES / rule.id  # type: ignore[attr-defined]
    assert (folder / "good.yaml").is_file() and (folder / "bad.yaml").is_file()
    assert findings(folder / "bad.yaml", rule.id), f"{rule.id} did not fire on its bad fixture"  # type: ignore[attr-defined]
    assert findings(folder / "good.yaml", rule.id) == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_bad_fixture_findings_point_at_the_line_they_name(rule: object) -> None:
    bad = FIXTURES / rule.id / "bad.yaml"  # type: ignore[attr-defined]
    lines = bad.read_text().splitlines()
    for finding in findings(bad, rule.id):  # type: ignore[attr-defined]
        line = lines[finding.line - 1].strip()
        last = finding.path.rsplit(".", 1)[-1]
        expected = "-" if last.endswith("]") else f"{last}:"
        assert line.startswith(expected), (finding, line)


def test_errors_fail_validation_and_warnings_do_not() -> None:
    with pytest.raises(ModelInvalid):
        load_model(FIXTURES / "E101" / "bad.yaml")
    assert load_model(FIXTURES / "W201" / "bad.yaml").warnings


def test_an_exception_naming_the_rule_waives_it(tmp_path: Path) -> None:
    text = (FIXTURES / "W201" / "bad.yaml").read_text()
    waived = text + "".join(f"  - component: {c}\n    control: W201\n    reason: Fixture without monitoring.\n"
                            for c in ("cdn", "api", "fn", "table"))
    (tmp_path / "system.yaml").write_text(waived)
    assert findings(tmp_path / "system.yaml", "W201") == []


def test_the_default_model_passes_every_rule() -> None:
    model = load_model(Path(__file__).resolve().parents[2] / "model")
    assert model.warnings == []


def test_the_docs_rules_table_lists_every_rule(graph: object) -> None:
    from archgen.docs.rules import rules_page
    from archgen.escape import markdown

    text = rules_page(graph).text  # type: ignore[arg-type]
    for rule in rules():
        assert f"| `{rule.id}` | {rule.severity} | {markdown(rule.shortdesc)} |" in text
