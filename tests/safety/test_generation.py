"""Models that validate generate, and what generation or deploy would trip on is an error at its line
(the issue's cases: us-east-1, an emoji tag, colliding logical ids, an empty API, the Deployment's
DependsOn, `${` in model text)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
TABLE = "  items-table:\n    kind: dynamodb.table\n"


def edit(root: Path, *pairs: tuple[str, str]) -> None:
    system = root / "model" / "system.yaml"
    text = system.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    system.write_text(text)


def line_of(root: Path, text: str) -> int:
    lines = (root / "model" / "system.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def run(root: Path, *args: str) -> int:
    return main(["--quiet", "--model", str(root / "model"), *args])


def cfn_lint(folder: Path) -> str:
    """cfn-lint's findings on every template of the folder (empty: none)."""
    templates = sorted(str(p) for p in folder.glob("*.yaml"))
    assert templates
    done = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), "--format", "parseable", "--", *templates],
                          capture_output=True, text=True)
    return done.stdout + done.stderr


class _Unique(yaml.SafeLoader):
    """A loader that refuses a key repeated in one mapping (YAML itself keeps the last silently)."""


def _mapping(loader: _Unique, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    repeated = {key for key in keys if keys.count(key) > 1}
    if repeated:
        raise AssertionError(f"repeated keys {sorted(repeated)} at line {node.start_mark.line + 1}")
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Unique.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_the_global_region_generates_templates_that_lint(project: Path) -> None:
    edit(project, ("region: ap-southeast-1", "region: us-east-1"))
    assert run(project, "synth") == 0
    assert cfn_lint(project / "deploy") == ""
    manifest = (project / "deploy" / "manifest.json").read_text()
    assert "us-east-1" in manifest


@pytest.mark.parametrize(("change", "where", "message"), [
    (("owner: platform-team", 'owner: "team 🚀"'), "owner:", "the tag value 'team 🚀' cannot be deployed"),
    ((TABLE, "  a--b-x:\n    kind: dynamodb.table\n    label: A\n    description: One.\n"
             "  a-b-x:\n    kind: dynamodb.table\n    label: B\n    description: Two.\n" + TABLE),
     "  a-b-x:", "'a-b-x' and 'a--b-x' both become the CloudFormation logical id 'ABX'"),
    ((TABLE, "  empty-api:\n    kind: apigateway.rest_api\n    label: Empty\n    description: No routes.\n" + TABLE),
     "  empty-api:", "'empty-api' serves no route, and AWS refuses to deploy an API with no methods"),
    (("label: Items table", 'label: "\\u200b\\u2067"'), "label: \"\\u200b",
     "holds only invisible or direction characters"),
])
def test_what_generation_would_trip_on_is_an_error_at_its_line(
        project: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], where: str,
        message: str) -> None:
    edit(project, change)
    assert run(project) == 2
    err = capsys.readouterr().err
    assert f"system.yaml:{line_of(project, where)}:" in err and message in err
    assert "Traceback" not in err and not (project / "deploy").exists()


@pytest.mark.parametrize("folder", ["", "examples/upload-pipeline", "examples/url-shortener"])
def test_no_committed_template_repeats_a_key_and_each_deployment_waits_for_every_method(folder: str) -> None:
    for path in sorted((ROOT / folder / "deploy").glob("*.yaml")):
        template = yaml.load(path.read_text(), Loader=_Unique)  # noqa: S506 (a SafeLoader)
        resources = template.get("Resources", {})
        for name, resource in resources.items():
            if resource["Type"] != "AWS::ApiGateway::Deployment":
                continue
            api = resource["Properties"]["RestApiId"]
            methods = {n for n, r in resources.items() if r["Type"] == "AWS::ApiGateway::Method"
                       and r["Properties"]["RestApiId"] == api}
            assert methods and methods <= set(resource["DependsOn"]), (path.name, name)


def test_sub_syntax_in_model_text_stays_text(project: Path) -> None:
    edit(project, ("description: REST API for items; JWT-protected, throttled, logged and traced.",
                   'description: "costs ${AWS::AccountId} in ${AWS::Region}, see ${!x}"'),
         ("label: Items table", 'label: "Items ${ApiApi}"'),
         ("title: Request flow\n", 'title: "Request ${AWS::Region}"\n'),
         ("control: access-logging\n    reason: >-\n", "control: access-logging\n    reason: >-\n      ${AWS::StackName}\n"))
    assert run(project, "synth") == 0
    assert cfn_lint(project / "deploy") == ""
    backend = yaml.safe_load((project / "deploy" / "backend.yaml").read_text())
    # a property deploys as the model's text, written as an Fn::Join so that no part reads as a variable
    assert backend["Resources"]["ApiApi"]["Properties"]["Description"] == {"Fn::Join": ["$", [
        "costs ", "{AWS::AccountId} in ", "{AWS::Region}, see ", "{!x}"]]}
    monitoring = yaml.safe_load((project / "deploy" / "monitoring.yaml").read_text())
    descriptions = [r["Properties"].get("AlarmDescription") for r in monitoring["Resources"].values()
                    if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert any(isinstance(d, dict) and "$".join(d["Fn::Join"][1]).endswith("(Items ${ApiApi})") for d in descriptions)
    monitoring = (project / "deploy" / "monitoring.yaml").read_text()
    assert "### Request $\\\\{AWS::Region\\\\}:" in monitoring  # the dashboard's Markdown, inside its Fn::Sub


TOPIC_TWO = ("      email: oncall@example.com\n", "      email: oncall@example.com\n  alerts2:\n    kind: sns.topic\n"
             "    label: Alerts two\n    description: A second topic.\n    settings:\n      email: two@example.com\n")
PIPELINE_TWO = ("  stacks:\n    kind: cloudformation.stack\n", "  pipeline2:\n    kind: codepipeline.pipeline\n"
                "    label: Pipeline two\n    description: A second pipeline.\n  stacks:\n    kind: cloudformation.stack\n")
DEPLOY = "  - {from: pipeline, to: stacks, label: deploy}\n"


def test_alarms_notifying_two_topics_and_an_unencrypted_published_topic_generate(project: Path) -> None:
    """Found by the fuzzer's list: each topic's regions asked the other's without end (RecursionError)."""
    edit(project, TOPIC_TWO, ("  - {from: alarms, to: alerts, label: notify}\n",
                              "  - {from: alarms, to: alerts, label: notify}\n  - {from: alarms, to: alerts2, label: notify}\n"
                              "  - {from: alerts2, to: on-call, label: email}\n  - {from: items-fn, to: alerts, label: publish}\n"),
         ("exceptions:\n", "exceptions:\n  - component: alerts\n    control: encryption\n"
                           "    reason: A test of an unencrypted topic a function publishes to.\n"))
    assert run(project) == 0
    assert cfn_lint(project / "deploy") == ""


@pytest.mark.parametrize(("relations", "message"), [
    ("  - {from: repo, to: pipeline2, label: trigger}\n  - {from: pipeline2, to: build, label: build}\n",
     "E112 'build' is already the build of pipeline 'pipeline': give 'pipeline2' a build project of its own"),
    ("  - {from: pipeline2, to: stacks, label: deploy}\n",
     "E112 pipeline 'pipeline' already deploys the stacks"),
    ("  - {from: pipeline2, to: build, label: build}\n", "E112 pipeline 'pipeline2' needs a source"),
])
def test_pipelines_codepipeline_would_refuse_are_errors(project: Path, capsys: pytest.CaptureFixture[str],
                                                        relations: str, message: str) -> None:
    edit(project, PIPELINE_TWO, (DEPLOY, DEPLOY + relations))
    assert run(project, "validate") == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
