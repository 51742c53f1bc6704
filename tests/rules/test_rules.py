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


def _with_exception(tmp_path: Path, rule_id: str) -> Path:
    """A valid model (W201's bad fixture: it only warns) with an exception naming `rule_id` for one component."""
    text = (FIXTURES / "W201" / "bad.yaml").read_text()
    (tmp_path / "system.yaml").write_text(text + f"  - component: fn\n    control: {rule_id}\n"
                                                 "    reason: Waived to see whether it may be.\n")
    return tmp_path / "system.yaml"


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_only_rules_that_may_be_waived_take_an_exception(rule: object, tmp_path: Path) -> None:
    model = _with_exception(tmp_path, rule.id)  # type: ignore[attr-defined]
    lines = model.read_text().splitlines()
    try:
        load_model(model)
        refused = []
    except ModelInvalid as invalid:
        refused = [e for e in invalid.errors if "cannot be waived" in e.message]
    if rule.may_be_waived:  # type: ignore[attr-defined]
        assert refused == []
    else:  # an error stopping what AWS refuses: the exception itself is the error, at its `control:`
        assert len(refused) == 1 and lines[refused[0].line - 1].strip() == f"control: {rule.id}"  # type: ignore[attr-defined]
        assert rule.severity == "error"  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule_id", ["E140", "E150"])
def test_a_refused_template_stays_an_error_whatever_the_exceptions_say(rule_id: str, tmp_path: Path) -> None:
    """Found by the fuzzer: a database in no VPC, or a schedule without a target, waived by an exception,
    validated and then gave templates CloudFormation refuses (a security group never made, no `Target`)."""
    bad = FIXTURES / rule_id / "bad.yaml"
    named = {f.path.split(".")[1] for f in findings(bad, rule_id) if f.path.startswith("components.")}
    assert named, f"{rule_id}'s bad fixture names no component"
    text = bad.read_text()
    if "\nexceptions:" not in text:
        text += "exceptions:\n"
    text += "".join(f"  - component: {c}\n    control: {rule_id}\n    reason: Waived to see.\n" for c in sorted(named))
    (tmp_path / "system.yaml").write_text(text)
    with pytest.raises(ModelInvalid) as invalid:
        load_model(tmp_path / "system.yaml")
    refused = [e for e in invalid.value.errors if e.message.startswith(f"rule {rule_id} cannot be waived")]
    assert len(refused) == len(named)


def test_an_app_client_in_no_user_pool_is_refused(tmp_path: Path) -> None:
    """Found by the fuzzer: an app client whose pool relation was left out validated, deployed nothing, and
    the Amplify app's build environment that reads its id crashed the synthesis."""
    import shutil

    fixture = Path(__file__).resolve().parents[1] / "templates" / "kinds" / "amplify.app"
    shutil.copytree(fixture, tmp_path / "model", ignore=shutil.ignore_patterns("expected.yaml"))
    system = tmp_path / "model" / "system.yaml"
    lines = system.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (line.lstrip().startswith("- {from: app-client, to: user-pool"))]
    assert len(kept) == len(lines) - 1
    system.write_text("".join(kept), "utf-8")
    refused = [f for f in findings(system, "E150") if "app-client" in f.message]
    assert len(refused) == 1 and "exactly one" in refused[0].message and refused[0].path == "components.app-client"
