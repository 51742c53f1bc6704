"""Any CloudFormation resource the catalogue has no kind for: its type and properties written in the model.

The escape hatch, so no design is blocked by the catalogue. The properties are data: no intrinsic
function can be written (`Ref`, `Fn::...` keys are refused), and every string is literal, `${` too;
the only substitutions are `{partition}`, `{region}`, `{account}`, `{url_suffix}` and `{name}` (the
component's deterministic name), which make the string a `Fn::Sub` with every other `${` escaped.
At generate time the properties are checked against the resource type's schema from cfn-lint (a
wrong or missing property is an error at its model line), and the templates are linted like the
rest. What others may reference is declared: `Ref` always, the `attributes` listed (GetAtt), and the
`arn` spelled from the name for grants. A relation to it writes its IAM on the relation (`grant:`),
since no profile knows the service; the kind sets no security defaults: the properties are the
model's own. The local AWS creates the types moto's CloudFormation knows (SSM parameters, queues, ...);
a stack holding any other type fails there, naming the type (no adapter pretends to create it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.grants import PSEUDO
from archgen.kinds._base import Export, Fragment, Kind, Side
from archgen.kinds._resource_schema import property_problems
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.render.cloudformation.scope import Scope

CALLS = ("read", "write", "read-write", "invoke", "publish", "send", "start", "put-events")
PropertyName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9]{0,99}$")]
Attribute = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9.]{0,99}$")]
ArnText = Annotated[str, Field(pattern=r"^arn:[A-Za-z0-9{}:/._*+=,@-]{1,1020}$",
                               description="e.g. arn:{partition}:ses:{region}:{account}:configuration-set/{name}")]
_PLACEHOLDER = re.compile(r"\{(partition|region|account|url_suffix|name)\}")
EXAMPLE = """\
  {id}:
    kind: cloudformation.resource
    label: {label}
    description: What it is for.
    settings:
      type: AWS::Service::Resource
      name_property: Name            # the property given the component's name (optional)
      properties: {{...}}              # as in the CloudFormation reference, as data
      arn: "arn:{{partition}}:service:{{region}}:{{account}}:resource/{{name}}"
relations:
  - from: some-fn
    to: {id}
    label: what the code calls
    meaning: write
    grant: {{actions: ["service:Action"], resources: ["{{Arn}}"]}}"""


@dataclass(frozen=True)
class GrantedSide(Side):
    """A side whose other end holds the relation's own grant: only a kind with an execution role can."""

    def admits(self, other_kind: str) -> bool:
        other = self.registered(other_kind)
        return other is not None and other.role is not None and super().admits(other_kind)


class ResourceSettings(Strict):
    type: Annotated[str, Field(pattern=r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$",
                               description="The CloudFormation resource type, e.g. AWS::SES::ConfigurationSet.")]
    properties: dict[PropertyName, Any] = Field(
        {}, description="Its properties, as data; strings may name {partition}, {region}, {account}, "
                        "{url_suffix} and {name}.")
    name_property: PropertyName | None = Field(
        None, description="The property that takes the component's deterministic name (e.g. Name).")
    attributes: list[Attribute] = Field([], description="Its attributes others may reference (GetAtt), e.g. Arn.")
    arn: ArnText | None = Field(None, description="Its ARN spelled from its name: grants name it without a "
                                                  "stack order.")
    deletion_policy: Literal["Delete", "Retain", "Snapshot"] = Field(
        "Retain", description="What deleting the stack does to it: kept by default (it may hold data).")


class ResourceComponent(ComponentBase):
    kind: Literal["cloudformation.resource"]
    settings: ResourceSettings


class CloudFormationResource(Kind):
    name = "cloudformation.resource"
    title = "CloudFormation resource"
    layer = "backend"
    summary = ("Any AWS service the catalogue has no kind for: a CloudFormation type and its properties, checked "
               "against the type's schema; relations to it write their IAM (`grant:`). No security defaults: "
               "its properties are the model's own.")
    icon = "aws.general.General"
    component = ResourceComponent
    accepts = tuple(GrantedSide(meaning, "the grant written on the relation", requires=("grant",)) for meaning in CALLS)
    env = ("RESOURCE", "Ref")
    env_prefixed = True
    example = EXAMPLE

    def export_names(self, component: Any) -> list[str]:
        settings = component.settings
        names = ["Ref", *settings.attributes]
        names += ["Name"] if settings.name_property and "Name" not in names else []
        names += ["Arn"] if settings.arn and "Arn" not in names else []
        return names

    def export_of(self, component: Any, attribute: str) -> Export | None:
        settings = component.settings
        if attribute == "Ref":
            return ("Resource", None)
        if attribute in settings.attributes:
            return ("Resource", attribute)
        if attribute == "Name" and settings.name_property:
            return "=name"
        if attribute == "Arn" and settings.arn:
            return _sub_text(settings.arn, "{name}")  # the name, filled by the scope
        return None

    def identity_of(self, component: Any, attribute: str) -> str | None:
        settings = component.settings
        if attribute == "Arn" and settings.arn and (settings.name_property or "{name}" not in settings.arn):
            return _sub_text(settings.arn, "{name}")
        if attribute == "Name" and settings.name_property:
            return "{name}"
        return None

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        return property_problems(component, region) + _snapshot_problems(component)

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings = c.settings
        properties = {key: literal(value, t.name(c.id)) for key, value in settings.properties.items()}
        if settings.name_property:
            properties[settings.name_property] = t.name(c.id)
        resource: dict[str, Any] = {"Type": settings.type, "DeletionPolicy": settings.deletion_policy,
                                    "UpdateReplacePolicy": settings.deletion_policy, "Metadata": t.meta()}
        if properties:
            resource["Properties"] = dict(sorted(properties.items()))
        return {"Resources": {t.lid(c.id, "Resource"): resource}}


def _sub_text(arn: str, name: str) -> str:
    """The model's ARN as `Fn::Sub` text: `{region}` -> `${AWS::Region}`, `{name}` -> `name`."""
    return _PLACEHOLDER.sub(lambda m: name if m[1] == "name" else "${" + PSEUDO[m[1]] + "}", arn)


def literal(value: Any, name: str) -> Any:
    """A property value as CloudFormation data: strings literal; one naming a placeholder is a `Fn::Sub` in
    which every `${` the model wrote stays literal (`${!`)."""
    if isinstance(value, dict):
        return {key: literal(item, name) for key, item in value.items()}
    if isinstance(value, list):
        return [literal(item, name) for item in value]
    if not isinstance(value, str) or not _PLACEHOLDER.search(value):
        return value  # literal as it is: emission writes a `${` in it as CloudFormation keeps it (exact_text)
    escaped = value.replace("${", "${!")
    return {"Fn::Sub": _PLACEHOLDER.sub(lambda m: name if m[1] == "name" else "${" + PSEUDO[m[1]] + "}", escaped)}



def _snapshot_problems(component: Any) -> list[tuple[tuple[Any, ...], str]]:
    """`Snapshot` only for the types CloudFormation snapshots (cfn-lint's list, imported only when asked:
    cfn-lint's import takes seconds)."""
    if component.settings.deletion_policy != "Snapshot":
        return []
    from cfnlint.helpers import valid_snapshot_types

    if component.settings.type in valid_snapshot_types:
        return []
    return [(("components", component.id, "settings", "deletion_policy"), (
        f"{component.settings.type} cannot be snapshotted on deletion: choose Delete or Retain"))]


KIND = CloudFormationResource
