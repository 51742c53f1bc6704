"""The pipeline's deploy stage: a CloudFormation action per stack in the manifest's order, each with a
role of its own that may do exactly what the kinds in that stack need."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from archgen.kinds._base import Fragment
from archgen.kinds._cfn import allow, getatt, inline_policy, service_role, sub
from archgen.kinds._pipeline import CHECKED, deploy_parameter, pascal

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope
    from archgen.stacks import StackPlan


CHANGE_SET = "pipeline"  # the change set each stack's plan action makes and its deploy action executes


def deploy_stage(link: Link, t: Scope, stores: list[dict[str, str]]) -> Fragment:
    assert t.manifest is not None  # rendered last, with the manifest of every other stack
    pipeline = link.source.id
    passthrough = _passthrough(t.manifest, stores)
    deploys = _deploys(t, pipeline, stores, passthrough)
    resources: dict[str, Any] = {t.lid(pipeline, "Pipeline"): {"Properties": {"Stages": [
        {"Name": "Deploy", "Actions": [action for stack in deploys for action in _actions(stack)]}]}}}
    for stack in deploys:
        resources[stack["role"]] = _deploy_role(t, pipeline, stack, set(passthrough), stores)
    stacks = [stack["stack_arn"] for stack in deploys]
    resources[t.lid(pipeline, "Role")] = {"Properties": {"Policies": [inline_policy(
        "deploy",
        allow([f"cloudformation:{a}" for a in ("CreateChangeSet", "DeleteChangeSet", "DescribeChangeSet",
                                               "ExecuteChangeSet")], stacks,
              Condition={"StringEquals": {"cloudformation:ChangeSetName": CHANGE_SET}}),
        allow("cloudformation:DescribeStacks", stacks),
        allow("iam:PassRole", [stack["role_arn"] for stack in deploys],
              Condition={"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}))]}}
    fragment: Fragment = {"Resources": resources}
    if passthrough:
        fragment["Parameters"] = {name: {"Type": "String", "Description": f"Passed on to the stacks that take {name}"}
                                  for name in passthrough}
    return fragment


def _deploy_role(t: Scope, pipeline: str, stack: dict[str, Any], passed: set[str],
                 stores: list[dict[str, str]]) -> dict[str, Any]:
    """CloudFormation's role for one stack: its resources' ARNs only, and the code it must hand to Lambda."""
    from archgen.kinds._deploy_scope import needed, statements, unscoped

    template = t.templates.get(stack["name"], {})
    region = _region_text(t, stack["region"])
    found = statements(stack["actions"], template, stack["stack_name"], t.prefix(), region, passed)
    found += _key_grants(template, region) + _code_access(t, pipeline, stack, stores)
    cannot = unscoped(needed(stack["actions"], template))
    waive = ["CKV_AWS_111"] if cannot else []
    reason = f"no resource-level permission: {', '.join(cannot)}" if cannot else None
    role = service_role(
        t, f"CloudFormation deploys stack {stack['stack_name']} with this role, and with nothing else",
        "cloudformation.amazonaws.com", t.meta(of=pipeline, waive=waive, wildcard=reason),
        policies=[inline_policy(f"deploy-{stack['name']}", *found)])
    role["Properties"]["Tags"] = t.tags(pipeline)
    return role


def _key_grants(template: dict[str, Any], region: str) -> list[dict[str, Any]]:
    """A table or function encrypted with the stack's key makes its service a grant on the key."""
    services = sorted({service for resource in (template.get("Resources") or {}).values()
                       for service, key in (("dynamodb", ("SSESpecification", "KMSMasterKeyId")),
                                            ("lambda", ("KmsKeyArn",)))
                       if _has(resource, "AWS::DynamoDB::Table" if service == "dynamodb"
                               else "AWS::Lambda::Function", key)})
    if not services:
        return []
    return [allow("kms:CreateGrant", sub(f"arn:${{AWS::Partition}}:kms:{region}:${{AWS::AccountId}}:key/*"),
                  Condition={"Bool": {"kms:GrantIsForAWSResource": "true"}, "StringEquals": {
                      "kms:ViaService": [sub(f"{s}.{region}.amazonaws.com") for s in services]}})]


def _has(resource: dict[str, Any], kind: str, path: tuple[str, ...]) -> bool:
    value: Any = resource.get("Properties") if resource.get("Type") == kind else None
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value is not None


def _code_access(t: Scope, pipeline: str, stack: dict[str, Any], stores: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Lambda fetches a function's zip with the caller's credentials: the deploy role reads the artifact
    (and decrypts it with the artifact key) when its stack takes code."""
    if not stack["code"]:
        return []
    store = next((s for s in stores if s["region"] == stack["region"]), None)
    if store is not None:  # CodePipeline copies the artifacts to that region's bucket (S3-managed keys)
        return [allow("s3:GetObject", sub(f"arn:${{AWS::Partition}}:s3:::${{{store['parameter']}}}/*"))]
    bucket = getatt(t.lid(pipeline, "Artifacts"), "Arn")
    return [allow("s3:GetObject", sub("${Arn}/*", Arn=bucket)),
            allow("kms:Decrypt", getatt(t.lid(pipeline, "ArtifactKey"), "Arn"),
                  Condition={"StringEquals": {"kms:ViaService": sub("s3.${AWS::Region}.amazonaws.com")}})]


def _actions(stack: dict[str, Any]) -> list[dict[str, Any]]:
    """A plan (a change set of the stack, reviewable in the console) and its execution."""
    cloudformation = {"Category": "Deploy", "Owner": "AWS", "Provider": "CloudFormation", "Version": "1"}
    plan = {
        "Name": stack["action"] + "Plan", "ActionTypeId": cloudformation, "Region": stack["region_ref"],
        "Configuration": {"ActionMode": "CHANGE_SET_REPLACE", "StackName": stack["stack_name"],
                          "ChangeSetName": CHANGE_SET, "TemplatePath": f"{CHECKED}::{stack['template']}",
                          "Capabilities": "CAPABILITY_NAMED_IAM", "RoleArn": getatt(stack["role"], "Arn"),
                          "ParameterOverrides": stack["overrides"]},
        "InputArtifacts": stack["inputs"], "RunOrder": 2 * stack["order"] - 1,
    }
    execute = {
        "Name": stack["action"], "ActionTypeId": cloudformation, "Region": stack["region_ref"],
        "Configuration": {"ActionMode": "CHANGE_SET_EXECUTE", "StackName": stack["stack_name"],
                          "ChangeSetName": CHANGE_SET, "OutputFileName": "outputs.json"},
        "OutputArtifacts": [{"Name": stack["outputs"]}], "RunOrder": 2 * stack["order"],
    }
    return [plan, execute]


def _region_text(t: Scope, region: str) -> str:
    """The region inside a Sub text: this stack's own as `${AWS::Region}`, one AWS fixes as itself."""
    ref = t.region_ref(region)
    return "${AWS::Region}" if isinstance(ref, dict) else ref


def _passthrough(manifest: dict[str, Any], stores: list[dict[str, str]]) -> list[str]:
    """The deploy inputs the pipeline takes itself and passes on (a hosted zone id), besides code locations."""
    inputs = {name for entry in manifest["stacks"] for name, spec in entry["parameters"].items()
              if spec.get("input", {}).get("from") == "deploy"}
    return sorted(inputs - {store["parameter"] for store in stores})


def _deploys(t: Scope, pipeline_id: str, stores: list[dict[str, str]],
             passthrough: list[str]) -> list[dict[str, Any]]:
    assert t.manifest is not None
    graph, stack_plan = t.graph, t.plan
    own_stacks = set(stack_plan.components[pipeline_id].values())
    deploys = []
    for entry in t.manifest["stacks"]:
        parameters = dict(entry["parameters"])
        if entry["name"] in own_stacks:  # the pipeline updates its own stack: its inputs pass through
            parameters.update({name: {"input": {"from": "deploy"}}
                               for name in passthrough + [store["parameter"] for store in stores]})
        overrides = {name: deploy_parameter(graph, name, spec) for name, spec in sorted(parameters.items())}
        text = json.dumps(overrides, sort_keys=True)
        inputs = [CHECKED] + sorted({v["Fn::GetArtifactAtt"][0] for v in overrides.values()
                                     if isinstance(v, dict) and "Fn::GetArtifactAtt" in v}) + sorted(
            {v["Fn::GetParam"][0] for v in overrides.values() if isinstance(v, dict) and "Fn::GetParam" in v})
        role = "DeployRole" + pascal(entry["name"])
        deploys.append({
            "name": entry["name"], "action": pascal(entry["name"]), "region": entry["region"],
            "stack_name": entry["stack_name"], "template": entry["template"], "order": entry["order"],
            "role": role, "role_arn": getatt(role, "Arn"),
            "region_ref": t.region_ref(entry["region"]),
            "stack_arn": sub(f"arn:${{AWS::Partition}}:cloudformation:{_region_text(t, entry['region'])}:"
                             f"${{AWS::AccountId}}:stack/{entry['stack_name']}/*"),
            "overrides": {"Fn::Sub": text} if "${" in text else text,
            "inputs": [{"Name": name} for name in inputs], "outputs": pascal(entry["name"]) + "Outputs",
            "actions": deploy_actions(graph, stack_plan, entry["name"]),
            "code": any(spec.get("input", {}).get("from") == "code-key" for spec in parameters.values()),
        })
    return deploys


# A Lambda permission is created in the caller's stack, whatever the caller's kind.
PERMISSION_ACTIONS = ("lambda:AddPermission", "lambda:RemovePermission")


def deploy_actions(graph: SystemGraph, stack_plan: StackPlan, stack: str) -> list[str]:
    """Exactly what CloudFormation needs for the kinds in `stack`: its components' and its wiring's."""
    from archgen.stacks import grant_home, stack_name, wiring_sides

    kinds = {graph.kind(cid).name for cid, regions in stack_plan.components.items() if stack in regions.values()}
    actions: set[str] = set()
    for link in graph.links():
        if stack not in stack_plan.wiring.get(link.index, ()):
            continue
        kinds |= {graph.kind(component).name for component, regions in wiring_sides(link, graph)
                  if stack in {stack_name(str(graph.components[component].layer), r, graph) for r in regions}}
        home = grant_home(link)
        if home is not None and stack in stack_plan.components[home].values():
            kinds.add(graph.kind(home).name)
            if link.grant is not None and link.grant.type == "lambda-permission":
                actions |= set(PERMISSION_ACTIONS)
    return sorted(actions | {action for name in kinds for action in graph.registry[name].deploy_actions})
