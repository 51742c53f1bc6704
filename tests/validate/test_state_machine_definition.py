"""A state machine's definition file: read strictly inside the model folder and checked on load, each
problem an error at the setting naming the definition's own file:line:col; placeholders name related
components only (rule E130)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from archgen.errors import ModelInvalid
from archgen.validate import load_model

FIXTURE = Path(__file__).resolve().parents[1] / "templates" / "kinds" / "stepfunctions.state_machine"
GOOD = json.loads((FIXTURE / "workflows" / "order.asl.json").read_text("utf-8"))


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("expected.yaml"))
    return folder


def errors(folder: Path, definition: object | str | None = None, name: str = "order.asl.json") -> list[str]:
    if definition is not None:
        text = definition if isinstance(definition, str) else json.dumps(definition, indent=2)
        (folder / "workflows" / name).write_text(text, "utf-8")
    cwd = os.getcwd()
    os.chdir(folder.parent)
    try:
        load_model(Path("model"))
    except ModelInvalid as invalid:
        return [str(error) for error in invalid.errors]
    finally:
        os.chdir(cwd)
    return []


def changed(**states: object) -> dict[str, object]:
    definition = json.loads(json.dumps(GOOD))
    definition["States"].update(states)
    return definition


def test_the_fixture_loads(model: Path) -> None:
    assert errors(model) == []


def test_a_yaml_definition_loads_too(model: Path) -> None:
    import yaml

    (model / "workflows" / "order.asl.yaml").write_text(yaml.safe_dump(GOOD), "utf-8")
    system = model / "system.yaml"
    system.write_text(system.read_text("utf-8").replace("order.asl.json", "order.asl.yaml"), "utf-8")
    assert errors(model) == []


def test_json_that_does_not_parse_names_its_line(model: Path) -> None:
    found = errors(model, '{\n  "StartAt": "A",\n  "States": {,}\n}\n')
    assert len(found) == 1
    assert "components.order-flow.settings.definition: model/workflows/order.asl.json:3:" in found[0]
    assert "not JSON" in found[0]


def test_start_at_must_name_a_state(model: Path) -> None:
    definition = {**GOOD, "StartAt": "CheckOrdr"}
    [found] = errors(model, definition)
    assert "model/workflows/order.asl.json:3:" in found and "'StartAt' must name one of the states" in found
    assert "did you mean 'CheckOrder'?" in found


def test_every_next_and_catch_must_exist(model: Path) -> None:
    definition = changed(RecordOrder={**GOOD["States"]["RecordOrder"], "End": False, "Next": "Ship"})
    definition["States"]["CheckOrder"]["Catch"][0]["Next"] = "Notify"
    found = errors(model, definition)
    assert any("States.RecordOrder.Next" in e and "names no state" in e for e in found), found
    assert any("States.CheckOrder.Catch[0].Next" in e and "did you mean 'NotifyFailure'?" in e for e in found), found


def test_a_state_that_goes_nowhere(model: Path) -> None:
    state = dict(GOOD["States"]["RecordOrder"])
    del state["End"]
    [found] = errors(model, changed(RecordOrder=state))
    assert "state 'RecordOrder' (Task) goes nowhere" in found


def test_a_task_naming_a_function_arn_directly(model: Path) -> None:
    task = {**GOOD["States"]["CheckOrder"], "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:x"}
    [found] = errors(model, changed(CheckOrder=task))
    assert "names its resource directly" in found and "${component-id}" in found


def test_branches_are_scopes_of_their_own(model: Path) -> None:
    branch = {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Next": "RecordOrder"}}}
    parallel = {"Type": "Parallel", "Branches": [branch], "Next": "RecordOrder"}
    definition = changed(Both=parallel)
    definition["States"]["CheckOrder"]["Next"] = "Both"
    [found] = errors(model, definition)
    assert "States.Both.Branches[0].States.Inner.Next" in found  # the outer state is not the branch's


def test_a_placeholder_naming_an_unrelated_component(model: Path) -> None:
    task = {**GOOD["States"]["CheckOrder"], "Resource": "${start-fn}"}
    [found] = errors(model, changed(CheckOrder=task))
    assert "E130" in found and "'${start-fn}' names 'start-fn', which 'order-flow' has no relation to" in found
    assert "model/workflows/order.asl.json:" in found


def test_a_placeholder_naming_an_export_the_component_lacks(model: Path) -> None:
    record = json.loads(json.dumps(GOOD["States"]["RecordOrder"]))
    record["Parameters"]["TableName"] = "${orders.Nme}"
    [found] = errors(model, changed(RecordOrder=record))
    assert "'orders' has no export 'Nme' (did you mean 'Name'?)" in found


def test_a_malformed_placeholder(model: Path) -> None:
    record = json.loads(json.dumps(GOOD["States"]["RecordOrder"]))
    record["Parameters"]["TableName"] = "${AWS::Region}"
    [found] = errors(model, changed(RecordOrder=record))
    assert "'${AWS::Region}' is not a placeholder" in found


def test_a_symlink_leaving_the_model_folder_is_refused(model: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.asl.json"
    outside.write_text(json.dumps(GOOD), "utf-8")
    (model / "workflows" / "order.asl.json").unlink()
    (model / "workflows" / "order.asl.json").symlink_to(outside)
    [found] = errors(model)
    assert "leads outside the model folder" in found


def test_a_machine_without_its_logs_relation(model: Path) -> None:
    system = model / "system.yaml"
    system.write_text(system.read_text("utf-8").replace("- {from: order-flow, to: logs, label: execution logs}\n", ""))
    [found] = errors(model)
    assert "E130" in found and "'logging' control on but no 'logs' relation" in found


def test_definition_substitutions_replace_every_placeholder(model: Path) -> None:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.assemble import synthesize

    graph = SystemGraph(load_model(model / "system.yaml"))
    machine = synthesize(graph).templates["backend"]["Resources"]["OrderFlowStateMachine"]["Properties"]
    text = machine["DefinitionString"]
    assert "${check-fn}" not in text and "${CheckFnArn}" in text and "${OrdersName}" in text
    assert set(machine["DefinitionSubstitutions"]) == {"AlertsArn", "CheckFnArn", "OrdersName"}
    assert machine["DefinitionSubstitutions"]["OrdersName"] == "items-app-dev-orders"


@pytest.mark.parametrize("text,wanted", [
    ('{"StartAt": "A", "StartAt": "B", "States": {"A": {"Type": "Succeed"}}}', "duplicate"),
    (b"\xff\xfe{}".decode("latin-1"), "not JSON"),
    ("[1, 2, 3]", "a state machine definition is a mapping"),
    ('{"StartAt": "A", "States": {}}', "at least one state"),
    ('{"StartAt": "A", "States": {"A": {"Type": "Teleport", "End": true}}}', "Type 'Teleport'"),
    ('{"StartAt": "A", "States": {"A": "Succeed"}}', "must be a mapping with a Type"),
    ("[" * 200 + "]" * 200, "nest"),
])
def test_hostile_definitions_are_errors_not_tracebacks(model: Path, text: str, wanted: str) -> None:
    found = errors(model, text)
    assert found and all("components.order-flow.settings.definition:" in e for e in found), found
    assert any(wanted in e for e in found), found


def test_json_indented_with_tabs_is_read(model: Path) -> None:
    assert errors(model, json.dumps(GOOD, indent="\t")) == []


def test_a_folder_named_as_the_definition(model: Path) -> None:
    (model / "workflows" / "order.asl.json").unlink()
    (model / "workflows" / "order.asl.json").mkdir()
    [found] = errors(model)
    assert "is not a file in the model folder" in found
