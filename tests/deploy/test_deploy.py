"""deploy, diff and destroy of the default model, for real, on moto's server on 127.0.0.1.

One scenario in order (a module on one worker): a full deploy, a second deploy with no
changes, a model edit diffed and then deployed as an update, an injected failure, destroy.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from archgen.deploy.manifest import read_manifest
from archgen.deploy.state import OUTPUTS_FILE
from archgen.graph import SystemGraph
from archgen.pipeline import run
from archgen.validate import load_model
from tests.deploy.localaws import cli, client, local, stack_status  # noqa: F401 - local is a fixture
from tests.deploy.resources import CHECKS

def test_full_deploy_creates_every_stack(local: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    start = time.perf_counter()
    assert cli(project, endpoint, "deploy", "--yes") == 0, capsys.readouterr().err
    print(f"full local deploy: {time.perf_counter() - start:.1f} s")
    assert set(stack_status(endpoint, project).values()) == {"CREATE_COMPLETE"}
    saved = json.loads((project / OUTPUTS_FILE).read_text())["stacks"]
    assert saved["backend"]["ItemsTableName"]


def test_every_component_is_a_real_resource(local: tuple[str, Path]) -> None:
    """Each component that deploys anything has each of its resources visible through its service's API."""
    endpoint, project = local
    graph = SystemGraph(load_model(project / "model"))
    found: dict[str, int] = {}
    for spec in read_manifest(project).stacks:
        template = yaml.safe_load((project / spec.template).read_text())
        owners = {name: body["Metadata"]["archgen"]["component"] for name, body in template["Resources"].items()}
        cfn = client(endpoint, "cloudformation", spec.region)
        for resource in cfn.list_stack_resources(StackName=spec.stack_name)["StackResourceSummaries"]:
            check = CHECKS.get(resource["ResourceType"])
            if check is None:
                continue
            region = spec.region
            assert check(lambda service, r=region: client(endpoint, service, r), resource["PhysicalResourceId"],
                         region), resource
            component = owners[resource["LogicalResourceId"]]
            found[component] = found.get(component, 0) + 1
    deployable = {c for spec in read_manifest(project).stacks
                  for c in (b["Metadata"]["archgen"]["component"] for b in
                            yaml.safe_load((project / spec.template).read_text())["Resources"].values())}
    assert deployable - set(found) == set()
    assert deployable <= set(graph.components)


def test_second_deploy_changes_nothing(local: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    capsys.readouterr()
    assert cli(project, endpoint, "deploy", "--yes") == 0
    out = capsys.readouterr().out
    names = [spec.name for spec in read_manifest(project).stacks]
    assert all(f"{name}: no changes" in out for name in names), out
    assert set(stack_status(endpoint, project).values()) == {"CREATE_COMPLETE"}


def test_a_model_edit_is_diffed_then_deployed_as_an_update(local: tuple[str, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    system = project / "model" / "system.yaml"
    system.write_text(system.read_text().replace("memory_mb: 256", "memory_mb: 512"))
    run(project / "model")
    capsys.readouterr()
    assert cli(project, endpoint, "diff") == 0
    out = capsys.readouterr().out
    assert "backend (update)" in out and "Modify" in out and "ItemsFnFunction" in out
    assert "frontend: no changes" in out
    report = (project / "deploy" / "diff" / "report.md").read_text()
    assert "| Modify | ItemsFnFunction |" in report and "- items-fn: modified" in report
    assert (project / "deploy" / "diff" / "architecture.png").read_bytes().startswith(b"\x89PNG")
    svg = (project / "deploy" / "diff" / "architecture.svg").read_text()
    # the changed component's box is filled: every arrow is drawn after every box, so no box hides a head
    assert svg.rfind('class="node"') < svg.find('class="edge"'), "a node is drawn over the arrows"
    assert stack_status(endpoint, project)["backend"] == "CREATE_COMPLETE"  # diff executed nothing
    assert cli(project, endpoint, "deploy", "--yes") == 0
    names = json.loads((project / OUTPUTS_FILE).read_text())["stacks"]["backend"]["ItemsFnName"]
    config = client(endpoint, "lambda", "ap-southeast-1").get_function_configuration(FunctionName=names)
    assert config["MemorySize"] == 512
    assert stack_status(endpoint, project)["backend"] == "UPDATE_COMPLETE"


def test_an_injected_failure_names_stack_resource_and_reason(local: tuple[str, Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    template = project / "deploy" / "backend.yaml"
    original = template.read_text()
    data = yaml.safe_load(original)
    data["Resources"]["Broken"] = {"Type": "Archgen::Test::Fail", "Metadata": {"archgen": {"component": "api"}},
                                   "Properties": {"Reason": "injected by the test"}}
    template.write_text(yaml.safe_dump(data, sort_keys=False))
    try:
        capsys.readouterr()
        assert cli(project, endpoint, "deploy", "--yes", "--skip-checks") == 1
        err = capsys.readouterr().err
        assert "stack backend failed at resource Broken" in err
        assert "injected by the test" in err
        assert "later stacks were not started" in err and "the stack was left in UPDATE_ROLLBACK_COMPLETE" in err
    finally:
        template.write_text(original)


def test_destroy_leaves_no_stack(local: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    assert cli(project, endpoint, "destroy", "--yes") == 0
    assert set(stack_status(endpoint, project).values()) == {"absent"}
    assert "deleted:" in capsys.readouterr().out
    assert not json.loads((project / OUTPUTS_FILE).read_text())["stacks"]
