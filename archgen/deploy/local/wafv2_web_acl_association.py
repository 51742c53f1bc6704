"""AWS::WAFv2::WebACLAssociation: a REGIONAL web ACL on an API Gateway stage."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _wafv2
from archgen.deploy.local._adapter import Adapter, Context


class WafV2WebAclAssociation(Adapter):
    TYPE = "AWS::WAFv2::WebACLAssociation"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        resource, web_acl = properties["ResourceArn"], properties["WebACLArn"]
        _wafv2.backend_of_arn(context, web_acl).associate_web_acl(web_acl, resource)
        return cls(context, properties, f"{resource}|{web_acl}")

    def remove(self) -> None:
        backend = _wafv2.backend_of_arn(self.context, self.properties["WebACLArn"])
        backend.disassociate_web_acl(self.properties["ResourceArn"])
