"""AWS::CodeBuild::Project: checks the model and templates and packages the code."""

from __future__ import annotations

from typing import Any, Self

from moto.codebuild.models import CodeBuildBackend, codebuild_backends

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import camel_keys, tag_list

# API names that are not the plain camelCase of CloudFormation's.
RENAMES = {"BuildSpec": "buildspec"}


def _backend(context: Context) -> CodeBuildBackend:
    return codebuild_backends[context.account_id][context.region]


def _api(properties: dict[str, Any], key: str) -> Any:
    value = properties.get(key)
    return None if value is None else camel_keys(value, renames=RENAMES)


class CodeBuildProject(Adapter):
    TYPE = "AWS::CodeBuild::Project"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Arn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name = properties.get("Name", context.name)
        project = _backend(context).create_project(
            name, properties.get("Description"), _api(properties, "Source"), _api(properties, "Artifacts"),
            _api(properties, "Environment"), properties["ServiceRole"], tag_list(properties, "key", "value"),
            _api(properties, "Cache"), properties.get("TimeoutInMinutes"),
            properties.get("QueuedTimeoutInMinutes"), properties.get("SourceVersion"),
            _api(properties, "LogsConfig"), _api(properties, "VpcConfig"))
        if "EncryptionKey" in properties:  # moto's create_project always sets the S3 default key
            project["encryptionKey"] = properties["EncryptionKey"]
        return cls(context, properties, name, {"Arn": project["arn"]})

    # moto's CodeBuild has no UpdateProject: an update replaces the project under the same name,
    # which is what the service's own API would show after an in-place update.

    def remove(self) -> None:
        _backend(self.context).delete_project(self.physical_id)
