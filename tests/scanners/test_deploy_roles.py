"""The pipeline's deploy roles: every call on its stack's own ARNs except those AWS cannot scope.

Which actions have no resource-level permission is read from the IAM definitions parliament ships
(AWS's Service Authorization Reference as data), so `UNSCOPED` can neither hide a scopable action on
`*` nor miss one AWS added.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from archgen.kinds import _deploy_scope
from archgen.kinds._deploy_stage import PERMISSION_ACTIONS

REPO = Path(__file__).resolve().parents[2]
DEFINITIONS = sorted((REPO / ".venv-parliament").glob("lib/python*/site-packages/parliament/iam_definition.json"))
needs_definitions = pytest.mark.skipif(not DEFINITIONS, reason=".venv-parliament is not there: `make scanner-venvs`")


@lru_cache(maxsize=None)
def resource_types() -> dict[str, list[str]]:
    """`service:Action` (lower case) -> the resource types IAM lets a policy name for it."""
    found = {}
    for service in json.loads(DEFINITIONS[0].read_text("utf-8")):
        for privilege in service["privileges"]:
            types = [r["resource_type"] for r in privilege["resource_types"] if r["resource_type"]]
            found[f"{service['prefix']}:{privilege['privilege']}".lower()] = types
    return found


def every_deploy_action() -> set[str]:
    from archgen.kinds import registry

    return {a for kind in registry() for a in kind.deploy_actions} | set(PERMISSION_ACTIONS)


@needs_definitions
def test_unscoped_actions_are_exactly_those_aws_cannot_scope() -> None:
    types = resource_types()
    unknown = sorted(a for a in every_deploy_action() if a.lower() not in types)
    assert unknown == [], f"deploy actions IAM does not know: {unknown}"
    cannot = {a for a in every_deploy_action() if not types[a.lower()]}
    assert sorted(cannot - _deploy_scope.UNSCOPED) == [], "actions AWS cannot scope, missing from UNSCOPED"
    scopable = sorted(a for a in _deploy_scope.UNSCOPED if types.get(a.lower()))
    assert scopable == [], f"UNSCOPED lists actions that have a resource type: {scopable}"


def _deploy_roles() -> dict[str, list[dict[str, Any]]]:
    template = yaml.safe_load((REPO / "deploy" / "cicd.yaml").read_text("utf-8"))
    return {lid: [s for p in r["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]
            for lid, r in template["Resources"].items() if lid.startswith("DeployRole")}


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def test_only_unscopable_actions_are_on_star() -> None:
    roles = _deploy_roles()
    assert roles, "the default model's pipeline has deploy roles"
    for role, statements in roles.items():
        on_star = {a for s in statements if s["Resource"] == "*" for a in _actions(s)}
        extra = sorted(on_star - _deploy_scope.UNSCOPED)
        assert extra == [], f"{role}: scopable actions on *: {extra}"


def test_role_calls_are_on_the_stacks_own_role_path_and_passrole_names_its_services() -> None:
    for role, statements in _deploy_roles().items():
        stack = "items-app-dev-" + role.removeprefix("DeployRole").replace("UsEast1", "-us-east-1").lower()
        for statement in statements:
            if not any(a.startswith("iam:") for a in _actions(statement)):
                continue
            path = f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{stack}/*"
            assert statement["Resource"] == {"Fn::Sub": path}
            if "iam:PassRole" in _actions(statement):
                services = statement["Condition"]["StringEquals"]["iam:PassedToService"]
                assert services and "*" not in json.dumps(services)
            if "iam:AttachRolePolicy" in _actions(statement):
                assert statement["Condition"]["ArnEquals"]["iam:PolicyARN"], role


def test_a_stack_with_code_may_read_the_artifact_and_decrypt_it() -> None:
    backend = _deploy_roles()["DeployRoleBackend"]
    reads = [s for s in backend if "s3:GetObject" in _actions(s)]
    assert reads and reads[0]["Resource"]["Fn::Sub"][0] == "${Arn}/*"
    decrypt = [s for s in backend if "kms:Decrypt" in _actions(s)]
    assert decrypt and decrypt[0]["Resource"] == {"Fn::GetAtt": ["PipelineArtifactKey", "Arn"]}
    grants = [s for s in backend if "kms:CreateGrant" in _actions(s)]
    assert grants and grants[0]["Condition"]["Bool"] == {"kms:GrantIsForAWSResource": "true"}
    auth = _deploy_roles()["DeployRoleAuth"]
    assert not [s for s in auth if "s3:GetObject" in _actions(s)], "a stack without code reads no artifact"


# Types whose IAM resource is another one's (a bucket policy is its bucket's), or the stack's role path.
UNDER_ANOTHER = {"AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription", "AWS::IAM::Role",
                 "AWS::IAM::Policy", "AWS::SQS::QueuePolicy",
                 "AWS::Cognito::UserPoolClient", "AWS::Lambda::Url", "AWS::ApiGateway::Authorizer",
                 "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource",
                 "AWS::ApiGateway::Stage"}


def test_every_type_the_templates_create_has_its_arns() -> None:
    """A type missing from the kinds' `deploy_arns` would lose its kind's actions from the deploy role
    without a word."""
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.assemble import synthesize
    from archgen.validate import load_model

    missing: dict[str, str] = {}
    for model in [REPO / "model", *sorted((REPO / "examples").glob("*/model"))]:
        graph = SystemGraph(load_model(model))
        owners = {c.id for c in graph.components.values() if graph.kind(c.id).deploy_actions}
        for template in synthesize(graph).templates.values():
            for resource in template["Resources"].values():
                kind, owner = resource["Type"], resource["Metadata"]["archgen"]["component"]
                if kind not in _deploy_scope.arns() and kind not in UNDER_ANOTHER and owner in owners:
                    missing[kind] = str(model.relative_to(REPO))
    assert missing == {}, f"types with no ARN pattern in any kind's deploy_arns: {missing}"


# Findings on the examples' would-be deploy roles that are not the scoping's: (example-stack, issue) -> reason.
EXAMPLE_ROLE_FINDINGS = {
    ("appsync-notes-backend", "RESOURCE_MISMATCH"):
        "ses:CreateEmailIdentity: SES v2 names an identity ARN for it, and the role scopes it so; parliament "
        "also reads the older `ses` prefix's definition (Pinpoint Email), which lists no resource type",
}


@needs_definitions
def test_every_examples_stacks_deploy_role_has_its_resources(tmp_path: Path) -> None:
    """The examples have no pipeline, so their stacks' deploy roles are built here and given to parliament:
    an action none of whose resource types the role names (RESOURCE_MISMATCH) is a missing or wrong ARN
    pattern, or an action the stack's resources do not need."""
    import subprocess

    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.assemble import synthesize
    from archgen.validate import load_model

    files = []
    for model in sorted((REPO / "examples").glob("*/model")):
        graph = SystemGraph(load_model(model))
        for name, template in synthesize(graph).templates.items():
            owners = {r["Metadata"]["archgen"]["component"] for r in template["Resources"].values()}
            actions = sorted({a for c in owners for a in graph.kind(c).deploy_actions})
            found = _deploy_scope.statements(actions, template, f"x-{name}", "x", "${AWS::Region}", set())
            role = {"Type": "AWS::IAM::Role", "Properties": {"Policies": [
                {"PolicyName": "deploy", "PolicyDocument": {"Version": "2012-10-17", "Statement": found}}]}}
            files.append(tmp_path / f"{model.parent.name}-{name}.yaml")
            files[-1].write_text(yaml.safe_dump({"Resources": {"DeployRole": role}}), "utf-8")
    python = REPO / ".venv-parliament" / "bin" / "python"
    run = subprocess.run([str(python), str(Path(__file__).with_name("parliament_cfn.py")), *map(str, files)],
                         capture_output=True, text=True, timeout=300, check=True)
    mismatched = {(Path(f["template"]).stem, f["issue"]) for f in json.loads(run.stdout)
                  if f["issue"] == "RESOURCE_MISMATCH"}
    assert sorted(mismatched - set(EXAMPLE_ROLE_FINDINGS)) == []
