"""A CodePipeline pipeline: source, build and check, then deploy each stack in order."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

from diagrams.aws.devtools import Codepipeline

from archgen.kinds._base import (BUCKET_DEPLOY_ACTIONS, KEY_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Allows, Kind,
                                 wiring_rule)
from archgen.kinds._pipeline import CHECKED, code_artifacts, deploy_parameter, pascal
from archgen.schema import ComponentBase, NoSettings

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

STAGES = {"trigger": "Source", "build": "Build", "deploy": "Deploy"}  # relation meaning -> stage, in order


class PipelineComponent(ComponentBase):
    kind: Literal["codepipeline.pipeline"]
    settings: NoSettings = NoSettings()


class Pipeline(Kind):
    name = "codepipeline.pipeline"
    title = "CodePipeline pipeline"
    layer = "cicd"
    summary = "Runs on every push: build and check, then deploy the stacks in order."
    icon = Codepipeline
    component = PipelineComponent
    controls = {
        "artifact-encryption": "pipeline artifacts encrypted at rest",
        "least-privilege": "each stage's role can do its own step only",
    }
    allows = (
        Allows("codebuild.project", "build", "a build action; the pipeline may start only that project"),
        Allows("cloudformation.stack", "deploy", "a deploy action per stack, in the manifest's order",
               reads_manifest=True),
    )
    checks = {"artifact-encryption": ()}
    waivers = {
        "CKV_AWS_18": "the bucket that receives the artifact bucket's access logs does not log its own access",
        "CKV_AWS_109": "CloudFormation's role manages the IAM roles its stack declares (and only CloudFormation "
                       "can assume it); their ARNs do not exist before the deploy",
        "CKV_AWS_110": "CloudFormation's role creates and passes the roles its stack declares; only CloudFormation "
                       "can assume it",
        "CKV_AWS_111": "CloudFormation's role creates the resources of its stack, whose ARNs do not exist before "
                       "the deploy; its actions are exactly those of the kinds in the stack",
    }
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + BUCKET_DEPLOY_ACTIONS + tuple(
        f"codepipeline:{a}" for a in ("CreatePipeline", "DeletePipeline", "GetPipeline", "GetPipelineState",
                                      "ListTagsForResource", "TagResource", "UntagResource", "UpdatePipeline"))

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        from archgen.stacks import plan

        meanings = {wiring_rule(r, graph).meaning for r in graph.incoming(component.id) + graph.outgoing(component.id)}
        own = self.region(component, graph)
        foreign = sorted({stack.region for stack in plan(graph).stacks.values()} - {own})
        stores = [{"region": region, "parameter": "ArtifactBucket" + pascal(region)} for region in foreign]
        bucket = {"Fn::GetAtt": [pascal(component.id) + "Artifacts", "Arn"]}
        resources: list[Any] = [bucket, {"Fn::Sub": ["${Arn}/*", {"Arn": bucket}]}]
        for store in stores:
            resources += [{"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::${{{store['parameter']}}}"},
                          {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::${{{store['parameter']}}}/*"}]
        return {"stages": [stage for meaning, stage in STAGES.items() if meaning in meanings],
                "foreign_stores": stores, "artifact_resources": resources}

    def relation_context(self, relation: Any, graph: SystemGraph) -> dict[str, Any]:
        if graph.kind(relation.target).name == "codebuild.project":
            return {"artifacts": [CHECKED] + [artifact for artifact, _, _ in code_artifacts(graph)]}
        component = graph.components[relation.source]
        stores = self.template_context(component, graph)["foreign_stores"]
        return {"deploys_of": lambda manifest: _deploys(graph, manifest, relation.source, stores),
                "passthrough_of": lambda manifest: _passthrough(manifest, stores)}


def _passthrough(manifest: dict[str, Any], stores: list[dict[str, str]]) -> list[str]:
    """The deploy inputs the pipeline takes itself and passes on (a hosted zone id), besides code locations."""
    inputs = {name for entry in manifest["stacks"] for name, spec in entry["parameters"].items()
              if spec.get("input", {}).get("from") == "deploy"}
    return sorted(inputs - {store["parameter"] for store in stores})


def _deploys(graph: SystemGraph, manifest: dict[str, Any], pipeline_id: str,
             stores: list[dict[str, str]]) -> list[dict[str, Any]]:
    from archgen.stacks import plan

    stack_plan = plan(graph)
    passthrough = _passthrough(manifest, stores)
    own_stacks = set(stack_plan.components[pipeline_id].values())
    deploys = []
    for entry in manifest["stacks"]:
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
            "role": role, "role_arn": {"Fn::GetAtt": [role, "Arn"]},
            "stack_arn": {"Fn::Sub": f"arn:${{AWS::Partition}}:cloudformation:{entry['region']}:${{AWS::AccountId}}:"
                                     f"stack/{entry['stack_name']}/*"},
            "overrides": {"Fn::Sub": text} if "${" in text else text,
            "inputs": [{"Name": name} for name in inputs], "outputs": pascal(entry["name"]) + "Outputs",
            "actions": _deploy_actions(graph, stack_plan, entry["name"]),
        })
    return deploys


def _deploy_actions(graph: SystemGraph, stack_plan: Any, stack: str) -> list[str]:
    """Exactly what CloudFormation needs for the kinds in `stack`: its components' and its wiring's."""
    kinds = {graph.kind(cid).name for cid, regions in stack_plan.components.items() if stack in regions.values()}
    kinds |= {graph.kind(r.source).name for r in graph.relations if stack in stack_plan.wiring.get(r.index, ())}
    return sorted({action for name in kinds for action in graph.registry[name].deploy_actions})

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        deploys = any(wiring_rule(r, graph).meaning == "deploy" for r in graph.outgoing(component.id))
        return ("CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_18") if deploys else ("CKV_AWS_18",)


KIND = Pipeline
