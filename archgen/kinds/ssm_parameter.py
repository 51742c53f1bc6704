"""An SSM Parameter Store parameter: a setting the code reads at run time (a page size, a feature flag).

Its value is in the model, so it is no secret: CloudFormation cannot create SecureString parameters, and
this kind refuses them rather than make one outside the templates. A secret value belongs in a
`secretsmanager.secret` (generated, encrypted with its own key, never in the model). A relation `read`
from a function grants `ssm:GetParameter` on this parameter only (no SAM profile covers the pair: the
kind's own grant) and gives the code its name (`PARAMETER_NAME`). The local AWS keeps the parameter.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import Fragment, Kind, Side
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.render.cloudformation.scope import Scope

READ = ({"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParameters"], "Resource": "%{Destination.Arn}"},)


class ParameterSettings(Strict):
    value: Annotated[str, Field(min_length=1, max_length=4096)]
    type: Literal["String", "StringList", "SecureString"] = Field(
        "String", description="String, or StringList (comma-separated); SecureString is refused (see the kind).")
    allowed_pattern: Annotated[str, Field(min_length=1, max_length=1024)] | None = Field(
        None, description="A regular expression the value must match (checked by SSM on every change).")


class ParameterComponent(ComponentBase):
    kind: Literal["ssm.parameter"]
    settings: ParameterSettings


class SsmParameter(Kind):
    name = "ssm.parameter"
    title = "SSM parameter"
    layer = "backend"
    summary = "A plain setting in Parameter Store that functions read at run time."
    icon = "aws.management.SystemsManagerParameterStore"
    component = ParameterComponent
    cfn_type = "AWS::SSM::Parameter"
    accepts = tuple(Side(meaning, kinds=("lambda.function",), grant=READ) for meaning in ("read",))
    exports = {"Name": ("Parameter", None)}
    identities = {"Arn": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter{name}",
                  "Name": "{name}"}
    env = ("PARAMETER_NAME", "Name")
    notes = (
        '`type: SecureString` is refused: CloudFormation cannot create SecureString parameters, and a value '
        'written in the model is no secret anyway. A secret value belongs in a `secretsmanager.secret`.',
        "A function's `read` relation grants `ssm:GetParameter` and `ssm:GetParameters` on this parameter "
        'only and gives the code `PARAMETER_NAME`.',
    )
    deploy_actions = tuple(f"ssm:{a}" for a in ("AddTagsToResource", "DeleteParameter", "GetParameters",
                                                "ListTagsForResource", "PutParameter", "RemoveTagsFromResource"))
    deploy_arns = {"AWS::SSM::Parameter": ("Name", [("ssm", ARN + "parameter/{bare}")])}

    def physical_name(self, component: Any, t: Scope) -> str:
        return f"/{t.system.name}/{t.system.environment}/{component.id}"

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        settings, where = component.settings, ("components", component.id, "settings")
        if settings.allowed_pattern is not None:
            # compiled only, never run: a pattern from a merge request could backtrack for hours on the value
            try:
                re.compile(settings.allowed_pattern)
            except re.error as error:
                return [((*where, "allowed_pattern"), f"not a regular expression ({error}): fix or remove it")]
        if component.settings.type == "SecureString":
            return [(("components", component.id, "settings", "type"), (
                "CloudFormation cannot create SecureString parameters, and a value in the model is no secret: "
                "use a secretsmanager.secret for a secret value (generated, never in the model), or type String"))]
        return []

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings = c.settings
        parameter: dict[str, Any] = {"Name": self.physical_name(c, t), "Type": settings.type, "Value": settings.value,
                                     "Description": c.description, "Tier": "Standard"}
        if settings.allowed_pattern:
            parameter["AllowedPattern"] = settings.allowed_pattern
        parameter["Tags"] = t.tags_map()
        return {"Resources": {t.lid(c.id, "Parameter"): {"Type": "AWS::SSM::Parameter", "Metadata": t.meta(),
                                                         "Properties": parameter}}}

    def key_settings(self, component: Any) -> dict[str, str]:
        return {"type": component.settings.type, "value": component.settings.value}


KIND = SsmParameter
