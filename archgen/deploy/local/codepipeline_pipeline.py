"""AWS::CodePipeline::Pipeline: GitLab source (a CodeStar connection), build, deploy."""

from __future__ import annotations

from typing import Any, Self

from moto.codepipeline.models import CodePipelineBackend, codepipeline_backends

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import camel_keys, tag_list

# CloudFormation-only properties: they steer CloudFormation, not the pipeline.
NOT_API = ("RestartExecutionOnUpdate", "DisableInboundStageTransitions", "Tags")
# An action's Configuration holds the provider's own keys (ConnectionArn, BranchName): kept as is.
USER_MAPS = frozenset({"Configuration"})


def _backend(context: Context) -> CodePipelineBackend:
    return codepipeline_backends[context.account_id][context.region]


def _declaration(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    """The API's pipeline declaration (camelCase) for CloudFormation's properties (PascalCase)."""
    kept = {key: value for key, value in properties.items() if key not in NOT_API}
    declaration = {**camel_keys(kept, keep=USER_MAPS), "name": name}
    if "artifactStores" in declaration:
        # CloudFormation lists the stores of a cross-region pipeline; the API maps region -> store.
        stores = declaration["artifactStores"]
        declaration["artifactStores"] = {each["region"]: each["artifactStore"] for each in stores}
    return declaration


class CodePipelinePipeline(Adapter):
    TYPE = "AWS::CodePipeline::Pipeline"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Version"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name = properties.get("Name", context.name)
        pipeline, _ = _backend(context).create_pipeline(_declaration(name, properties),
                                                        tag_list(properties, "key", "value"))
        return cls(context, properties, name, {"Version": str(pipeline["version"])})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties.get("Name", self.physical_id) != self.physical_id:
            return super().update(properties)
        pipeline = _backend(self.context).update_pipeline(_declaration(self.physical_id, properties))
        return type(self)(self.context, properties, self.physical_id, {"Version": str(pipeline["version"])})

    def remove(self) -> None:
        _backend(self.context).delete_pipeline(self.physical_id)
