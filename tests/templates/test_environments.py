"""Environments from one model: each its own names, domain, region and folder; no physical name shared."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from archgen.cli import main
from archgen.environments import deploy_dir, holds_account_settings, variant
from archgen.graph import SystemGraph
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import load_model
from tests.conftest import MODEL, REPO

NAME = re.compile(r"items-app-[a-z0-9-]+|[a-z0-9.-]*items\.example\.com")


def _names(graph: SystemGraph) -> set[str]:
    text = repr(synthesize(graph).templates)
    return set(NAME.findall(text))


def test_the_default_models_qa_shares_no_name_or_domain_with_dev(graph: SystemGraph) -> None:
    qa = variant(graph, "qa")
    assert (qa.system.environment, qa.system.domain, deploy_dir(qa)) == ("qa", "qa.items.example.com", "deploy/qa")
    dev_names, qa_names = _names(graph), _names(qa)
    assert "items-app-qa-items-table" in qa_names and "qa.items.example.com" in qa_names
    assert dev_names & qa_names == set()
    manifest = synthesize(qa).manifest
    assert {s["template"].rsplit("/", 1)[0] for s in manifest["stacks"]} == {"deploy/qa"}
    assert {s["stack_name"].split("-")[2] for s in manifest["stacks"]} == {"qa"}


def test_only_the_models_own_environment_sets_the_account_wide_api_gateway_role(graph: SystemGraph) -> None:
    def types(g: SystemGraph) -> set[str]:
        return {r["Type"] for r in synthesize(g).templates["backend"]["Resources"].values()}
    assert holds_account_settings(graph) and "AWS::ApiGateway::Account" in types(graph)
    qa = variant(graph, "qa")
    assert not holds_account_settings(qa) and "AWS::ApiGateway::Account" not in types(qa)


def _model_with(tmp_path: Path, environments: str) -> Path:
    shutil.copytree(MODEL, tmp_path / "model", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "model" / "system.yaml"
    path.write_text(path.read_text().replace("  environments:\n    qa: {}\n", environments))
    return tmp_path / "model"


def test_an_environment_may_set_its_domain_and_region(tmp_path: Path) -> None:
    model = _model_with(tmp_path, "  environments:\n    prod:\n      domain: shop.example.org\n"
                                  "      region: eu-west-1\n")
    prod = variant(SystemGraph(load_model(model)), "prod")
    assert (prod.system.domain, prod.system.region) == ("shop.example.org", "eu-west-1")
    regions = {s["stack_name"]: s["region"] for s in synthesize(prod).manifest["stacks"]}
    assert regions["items-app-prod-backend"] == "eu-west-1"
    assert regions["items-app-prod-edge-us-east-1"] == "us-east-1"  # CloudFront's certificate stays


def test_the_models_own_environment_listed_again_is_a_model_error(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    model = _model_with(tmp_path, "  environments:\n    dev: {}\n")
    assert main(["validate", "--model", str(model)]) == 2
    err = capsys.readouterr().err
    assert "system.yaml:" in err and "'dev' is the system's own environment" in err and "Traceback" not in err


def test_the_qa_templates_lint_clean(graph: SystemGraph, tmp_path: Path) -> None:
    from archgen.render.cloudformation.emit import template_yaml

    for name, template in synthesize(variant(graph, "qa")).templates.items():
        (tmp_path / f"{name}.yaml").write_bytes(template_yaml(template))
    files = sorted(str(p) for p in tmp_path.glob("*.yaml"))
    run = subprocess.run([str(REPO / ".venv" / "bin" / "cfn-lint"), "--include-checks", "I", "--", *files],
                         capture_output=True, text=True)
    assert len(files) == 8 and run.returncode == 0 and run.stdout == "", run.stdout


def _environments_of(tmp_path: Path, example: str, environments: str) -> SystemGraph:
    """An example model with more environments listed after its domain."""
    shutil.copytree(REPO / "examples" / example / "model", tmp_path / "model",
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "model" / "system.yaml"
    text = path.read_text()
    domain = re.search(r"^  domain: .*\n", text, re.M)
    assert domain is not None and "environments:" not in text
    path.write_text(text[:domain.end()] + environments + text[domain.end():])
    return SystemGraph(load_model(tmp_path / "model"))


def _count(graph: SystemGraph, resource_type: str) -> int:
    return sum(r["Type"] == resource_type for template in synthesize(graph).templates.values()
               for r in template["Resources"].values())


def test_an_ses_identity_is_created_once_per_region_and_sent_from_by_name_elsewhere(tmp_path: Path) -> None:
    graph = _environments_of(tmp_path, "appsync-notes", "  environments:\n    qa: {}\n    test: {}\n"
                                                         "    eu: {region: eu-central-1}\n")
    identity = "AWS::SES::EmailIdentity"
    assert _count(graph, identity) == 1
    assert [_count(variant(graph, name), identity) for name in ("eu", "qa", "test")] == [1, 0, 0]
    qa = synthesize(variant(graph, "qa")).templates["backend"]["Resources"]
    variables = [r["Properties"]["Environment"]["Variables"] for r in qa.values()
                 if r["Type"] == "AWS::Lambda::Function" and "EMAIL_IDENTITY" in repr(r)]
    assert [v["EMAIL_IDENTITY"] for v in variables] == ["notes.example.org"]
    text = repr(qa)  # the grant names the identity by its ARN, never the resource another stack holds
    assert ":identity/notes.example.org" in text and "MailIdentity" not in text and "MailDkim" not in text


def test_the_first_environment_in_another_region_sets_api_gateways_account_role(graph: SystemGraph,
                                                                                 tmp_path: Path) -> None:
    model = _model_with(tmp_path, "  environments:\n    qa: {}\n    eu: {region: eu-west-1}\n"
                                  "    euqa: {region: eu-west-1}\n")
    graph = SystemGraph(load_model(model))
    account = "AWS::ApiGateway::Account"
    assert [_count(variant(graph, name), account) for name in ("dev", "eu", "euqa", "qa")] == [1, 1, 0, 0]
