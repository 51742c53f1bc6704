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


def deploy_stage(link: Link, t: Scope, stores: list[dict[str, str]]) -> Fragment:
    assert t.manifest is not None  # rendered last, with the manifest of every other stack
    pipeline = link.source.id
    passthrough = _passthrough(t.manifest, stores)
    deploys = _deploys(t, pipeline, stores, passthrough)
    resources: dict[str, Any] = {t.lid(pipeline, "Pipeline"): {"Properties": {"Stages": [
        {"Name": "Deploy", "Actions": [_action(stack) for stack in deploys]}]}}}
    wildcard = ("CloudFormation creates the resources of stack {}: their ARNs do not exist before it runs; the "
                "actions are exactly those of the kinds in it")
    for stack in deploys:
        resources[stack["role"]] = service_role(
            t, f"CloudFormation deploys stack {stack['stack_name']} with this role, and with nothing else",
            "cloudformation.amazonaws.com",
            t.meta(of=pipeline, waive=["CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111"],
                   wildcard=wildcard.format(stack["name"])),
            policies=[inline_policy(f"deploy-{stack['name']}", allow(stack["actions"], "*"))])
        resources[stack["role"]]["Properties"]["Tags"] = t.tags(pipeline)
    resources[t.lid(pipeline, "Role")] = {"Properties": {"Policies": [inline_policy(
        "deploy",
        allow(["cloudformation:CreateStack", "cloudformation:DescribeStacks", "cloudformation:UpdateStack"],
              [stack["stack_arn"] for stack in deploys]),
        allow("iam:PassRole", [stack["role_arn"] for stack in deploys],
              Condition={"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}))]}}
    fragment: Fragment = {"Resources": resources}
    if passthrough:
        fragment["Parameters"] = {name: {"Type": "String", "Description": f"Passed on to the stacks that take {name}"}
                                  for name in passthrough}
    return fragment


def _action(stack: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": stack["action"],
        "ActionTypeId": {"Category": "Deploy", "Owner": "AWS", "Provider": "CloudFormation", "Version": "1"},
        "Region": stack["region_ref"],
        "Configuration": {"ActionMode": "CREATE_UPDATE", "StackName": stack["stack_name"],
                          "TemplatePath": f"{CHECKED}::{stack['template']}", "Capabilities": "CAPABILITY_NAMED_IAM",
                          "RoleArn": getatt(stack["role"], "Arn"), "ParameterOverrides": stack["overrides"],
                          "OutputFileName": "outputs.json"},
        "InputArtifacts": stack["inputs"],
        "OutputArtifacts": [{"Name": stack["outputs"]}],
        "RunOrder": stack["order"],
    }


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
            "stack_arn": sub("arn:${AWS::Partition}:cloudformation:${Region}:${AWS::AccountId}:"
                             f"stack/{entry['stack_name']}/*", Region=t.region_ref(entry["region"])),
            "overrides": {"Fn::Sub": text} if "${" in text else text,
            "inputs": [{"Name": name} for name in inputs], "outputs": pascal(entry["name"]) + "Outputs",
            "actions": deploy_actions(graph, stack_plan, entry["name"]),
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
