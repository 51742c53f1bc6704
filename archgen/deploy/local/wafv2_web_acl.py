"""AWS::WAFv2::WebACL: managed rule groups and a rate limit in front of CloudFront or the API."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _wafv2
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import tag_list

REPLACING = ("Name", "Scope")


class WafV2WebAcl(Adapter):
    TYPE = "AWS::WAFv2::WebACL"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Arn", "Id", "LabelNamespace", "Capacity"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name, scope = properties.get("Name", context.name), properties["Scope"]
        acl = _wafv2.backend(context, scope).create_web_acl(
            name, properties["VisibilityConfig"], properties["DefaultAction"], scope,
            properties.get("Description", ""), tag_list(properties), properties.get("Rules") or [],
            properties.get("AssociationConfig"), properties.get("CaptchaConfig"),
            properties.get("ChallengeConfig"), properties.get("CustomResponseBodies"),
            properties.get("TokenDomains"))
        # CloudFormation's Ref of a web ACL is "name|id|scope".
        return cls(context, properties, f"{name}|{acl.id}|{scope}",
                   {"Arn": acl.arn, "Id": acl.id, "LabelNamespace": acl.label_namespace,
                    "Capacity": acl.capacity})

    def update(self, properties: dict[str, Any]) -> Self:
        if any(properties.get(key) != self.properties.get(key) for key in REPLACING):
            return super().update(properties)
        backend = _wafv2.backend(self.context, properties["Scope"])
        acl = backend.get_web_acl(self.attributes["Arn"], None, None)
        backend.update_web_acl(
            acl.name, acl.id, properties["DefaultAction"], properties.get("Rules") or [],
            properties.get("Description", ""), properties["VisibilityConfig"], acl.lock_token,
            properties.get("CustomResponseBodies"), properties.get("CaptchaConfig"),
            properties.get("ChallengeConfig"), properties.get("TokenDomains"), properties.get("AssociationConfig"))
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        backend = _wafv2.backend(self.context, self.properties["Scope"])
        acl = backend.get_web_acl(self.attributes["Arn"], None, None)
        backend.delete_web_acl(acl.name, self.properties["Scope"], acl.id, acl.lock_token)
