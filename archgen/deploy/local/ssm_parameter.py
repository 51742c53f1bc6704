"""AWS::SSM::Parameter, in place of moto's own: CloudFormation gives a parameter's `Tags` as a map, and
moto's CloudFormation passes that map on where its SSM expects a list of {Key, Value} (any tagged
parameter failed). This one converts the tags and otherwise creates the parameter as moto's does."""

from __future__ import annotations

from typing import Any, Self

from moto.ssm.models import SimpleSystemManagerBackend, ssm_backends

from archgen.deploy.local._adapter import Adapter, Context


def _backend(context: Context) -> SimpleSystemManagerBackend:
    return ssm_backends[context.account_id][context.region]


class SsmParameter(Adapter):
    TYPE = "AWS::SSM::Parameter"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Type", "Value"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        tags = properties.get("Tags") or {}
        pairs = [{"Key": key, "Value": value} for key, value in tags.items()] if isinstance(tags, dict) else tags
        parameter = _backend(context).put_parameter(
            name=properties.get("Name") or context.name, description=properties.get("Description"),
            value=properties["Value"], parameter_type=properties["Type"],
            allowed_pattern=properties.get("AllowedPattern"), keyid=properties.get("KeyId"), overwrite=False,
            tags=pairs, data_type=properties.get("DataType", "text"), tier=properties.get("Tier"),
            policies=properties.get("Policies"))
        return cls(context, properties, parameter.name, {"Type": parameter.parameter_type, "Value": parameter.value})

    def remove(self) -> None:
        _backend(self.context).delete_parameter(self.physical_id)
