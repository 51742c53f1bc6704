"""The CloudFormation templates: golden fragments per kind, exact IAM, provenance, order, and the scanners."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from archgen.errors import ModelInvalid
from archgen.graph import SystemGraph
from archgen.grants import profiles
from archgen.kinds.dynamodb_table import KEY_ACTIONS
from archgen.render.cloudformation.assemble import synthesize
from archgen.render.cloudformation.emit import template_yaml
from archgen.validate import load_model
from tests.templates.golden import MODEL, fragments

REPO = Path(__file__).resolve().parents[2]


def synth(model: Path) -> tuple[SystemGraph, Any]:
    graph = SystemGraph(load_model(model))
    return graph, synthesize(graph)


def resources(result: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [(stack, lid, resource) for stack, template in result.templates.items()
            for lid, resource in template.get("Resources", {}).items()]


KINDS = Path(__file__).resolve().parent / "kinds"


def test_every_kind_with_a_template_has_a_small_golden_model() -> None:
    from archgen.kinds import registry

    with_templates = {kind.name for kind in registry() if kind.deploys}
    assert {folder.name for folder in KINDS.iterdir() if folder.is_dir()} == with_templates


@pytest.mark.parametrize("folder", sorted(p for p in KINDS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_golden_fragment_of_each_kind(folder: Path, request: pytest.FixtureRequest) -> None:
    """A small model around one kind in; every resource its components become out, byte for byte."""
    graph, result = synth(folder / "system.yaml")
    data = fragments(result.templates, graph)[folder.name]
    golden = folder / "expected.yaml"
    if request.config.getoption("--update-goldens"):
        golden.write_bytes(data)
    assert golden.read_bytes() == data, f"{folder.name}: run pytest --update-goldens and review the diff"


def test_templates_are_byte_identical_across_runs() -> None:
    first, second = synth(MODEL)[1], synth(MODEL)[1]
    assert {k: template_yaml(v) for k, v in first.templates.items()} == \
        {k: template_yaml(v) for k, v in second.templates.items()}
    assert first.manifest == second.manifest


def test_every_resource_names_its_component_and_wiring_its_relation() -> None:
    graph, result = synth(MODEL)
    keys = {r.key for r in graph.relations}
    for stack, lid, resource in resources(result):
        origin = resource["Metadata"]["archgen"]
        assert origin["component"] in graph.components, (stack, lid)
        assert origin.get("relation", next(iter(keys))) in keys, (stack, lid)


def test_no_resource_comes_from_nowhere() -> None:
    """Each resource's component is placed in that very stack, or its relation's wiring is."""
    graph, result = synth(MODEL)
    by_key = {r.key: r for r in graph.relations}
    for stack, lid, resource in resources(result):
        origin = resource["Metadata"]["archgen"]
        if "relation" in origin:
            assert stack in result.plan.wiring[by_key[origin["relation"]].index], (stack, lid)
        else:
            assert stack in result.plan.components[origin["component"]].values(), (stack, lid)


CATEGORIES = {"read": ["Read"], "write": ["Write"], "read-write": ["Read", "Write"]}


@pytest.mark.parametrize("access", sorted(CATEGORIES))
def test_table_access_grants_exactly_sams_profile_for_its_level(tmp_path: Path, access: str) -> None:
    model = tmp_path / "system.yaml"
    model.write_text(MODEL.read_text().replace("access: read-write}", f"access: {access}}}"))
    graph, result = synth(model)
    relation = next(r for r in graph.relations if r.access)
    role = next(res for _, _, res in resources(result) if res["Type"] == "AWS::IAM::Role"
                and res["Metadata"]["archgen"]["component"] == relation.source)
    granted = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]
               if any(str(a).startswith("dynamodb:") for a in _list(s["Action"]))]
    profile = profiles()["Permissions"]["AWS::Lambda::Function"]["AWS::DynamoDB::Table"]["Properties"]
    expected = [s for category in CATEGORIES[access] for s in profile["AccessCategories"][category]["Statement"]]
    assert [s["Action"] for s in granted] == [s["Action"] for s in expected]
    assert [s["Effect"] for s in granted] == [s["Effect"] for s in expected]
    for statement in granted:  # the table, and its indexes, as the profile's two resources say
        assert len(statement["Resource"]) == 2 and "/index/*" in json.dumps(statement["Resource"][1])
        assert ":table/items-app-dev-items-table" in json.dumps(statement["Resource"][0])
    keys = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]
            if s.get("Condition", {}).get("StringEquals", {}).get("kms:ViaService")]
    assert [_list(s["Action"]) for s in keys] == [list(KEY_ACTIONS)]


def test_no_other_policy_grants_table_actions() -> None:
    _, result = synth(MODEL)
    stacks = {stack: json.dumps(t) for stack, t in result.templates.items() if stack != "cicd"}
    table_actions = sum(text.count('"dynamodb:GetItem"') for text in stacks.values())
    assert table_actions == sum(1 for r in load_model(MODEL).relations if r.access and "read" in r.access)


def test_an_exception_becomes_a_skip_with_the_models_reason_and_changes_the_template() -> None:
    graph, result = synth(MODEL)
    for exception in [e for e in graph.model.exceptions if e.component is not None]:
        kind = graph.kind(exception.component)
        checks = kind.checks.get(exception.control, ())
        owned = [res for _, _, res in resources(result)
                 if res["Metadata"]["archgen"]["component"] == exception.component
                 and any(s["id"] in checks for s in res["Metadata"].get("checkov", {}).get("skip", []))]
        assert owned, exception
        for resource in owned:
            skips = [s for s in resource["Metadata"]["checkov"]["skip"] if s["id"] in checks]
            assert all(s["comment"] == exception.reason for s in skips)
    bucket = next(res for _, _, res in resources(result) if res["Type"] == "AWS::S3::Bucket"
                  and res["Metadata"]["archgen"]["component"] == "site-bucket")
    assert "LoggingConfiguration" not in bucket["Properties"]


def test_manifest_order_respects_dependencies_and_feeds() -> None:
    _, result = synth(MODEL)
    order = {entry["name"]: entry["order"] for entry in result.manifest["stacks"]}
    for entry in result.manifest["stacks"]:
        assert all(order[dep] < entry["order"] for dep in entry["depends_on"])
        for name, spec in entry["parameters"].items():
            if "stack" in spec:
                assert spec["stack"] in entry["depends_on"]
                assert name in result.templates[spec["stack"]]["Outputs"]


def test_cloudfront_parts_live_in_us_east_1() -> None:
    graph, result = synth(MODEL)
    for stack, _, resource in resources(result):
        if resource["Type"] in ("AWS::CertificateManager::Certificate",) or \
                resource["Properties"].get("Scope") == "CLOUDFRONT" or \
                resource["Properties"].get("Namespace") == "AWS/CloudFront":
            assert result.plan.stacks[stack].region == "us-east-1", stack


def test_a_model_forcing_a_stack_cycle_is_an_error_at_the_relations(project: Path) -> None:
    system = project / "model" / "system.yaml"
    system.write_text(system.read_text().replace(
        "  - {from: alerts, to: on-call, label: email}",
        "  - {from: alerts, to: on-call, label: email}\n  - {from: items-fn, to: alerts, label: publish}"))
    with pytest.raises(ModelInvalid) as invalid:
        load_model(project / "model")
    cycle = [e for e in invalid.value.errors if "E104" in e.message]
    assert cycle and any("items-fn->alerts" in e.message for e in cycle)
    assert all(e.path.startswith("relations[") for e in cycle)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("deploy")
    _, result = synth(MODEL)
    for name, template in result.templates.items():
        (folder / f"{name}.yaml").write_bytes(template_yaml(template))
    return folder


def test_cfn_lint_reports_nothing(written: Path) -> None:
    files = sorted(str(p) for p in written.glob("*.yaml"))
    run = subprocess.run([str(REPO / ".venv" / "bin" / "cfn-lint"), "--include-checks", "I", "--", *files],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "", run.stdout


@pytest.mark.skipif(not (REPO / ".venv-checkov" / "bin" / "checkov").exists(),
                    reason="checkov's virtualenv is not there: `make checkov-venv`")
def test_checkov_fails_nothing_and_every_skip_has_a_reason(written: Path) -> None:
    run = subprocess.run([str(REPO / ".venv-checkov" / "bin" / "checkov"), "-d", str(written), "--framework",
                          "cloudformation", "--skip-download", "--output", "json"], capture_output=True, text=True)
    report = json.loads(run.stdout)
    summary = report["summary"]
    assert summary["failed"] == 0, [c["check_id"] for c in report["results"]["failed_checks"]]
    for skipped in report["results"]["skipped_checks"]:
        assert len(skipped["check_result"].get("suppress_comment", "")) > 20, skipped["check_id"]


@pytest.mark.skipif(not (REPO / ".venv-checkov" / "bin" / "checkov").exists(),
                    reason="checkov's virtualenv is not there: `make checkov-venv`")
def test_every_check_a_kind_names_is_one_checkov_runs_on_cloudformation() -> None:
    """A kind's `checks` and `waivers` name checkov checks the templates are scanned with. A Terraform-only
    id (CKV_AWS_240, Firehose's encryption) never runs on a template: rule E105 asked the model for a
    reason to skip a check that could not fail, and the template carried a skip that skipped nothing."""
    import re

    from archgen.kinds import registry

    run = subprocess.run([str(REPO / ".venv-checkov" / "bin" / "checkov"), "--list", "--framework",
                          "cloudformation"], capture_output=True, text=True, check=True)
    runs = set(re.findall(r"\bCKV2?_AWS_[0-9]+\b", run.stdout))
    assert len(runs) > 100  # the table was read
    named = {(kind.name, check) for kind in registry()
             for check in [*(c for checks in kind.checks.values() for c in checks), *kind.waivers]}
    assert sorted((kind, check) for kind, check in named if check not in runs) == []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_every_scanner_skip_carries_the_models_reason(graph: object) -> None:
    """Each checkov suppression in deploy/ quotes an exception of the model, about that resource's component."""
    from archgen.render.cloudformation.assemble import synthesize

    g = graph  # type: Any
    skips = 0
    for template in synthesize(g).templates.values():
        for resource in template["Resources"].values():
            component = resource["Metadata"]["archgen"]["component"]
            kind = g.components[component].kind
            reasons = {e.reason for e in g.model.exceptions if e.component == component or e.kind == kind}
            for skip in resource["Metadata"].get("checkov", {}).get("skip", []):
                skips += 1
                assert skip["comment"] in reasons, (component, skip)
    assert skips > 0
