"""A WAF web ACL: managed rule groups and a rate limit in front of an entry point."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal

from diagrams.aws.security import WAF
from pydantic import Field

from archgen.kinds._base import GLOBAL_EDGE_REGION, Allows, Kind
from archgen.schema import ComponentBase, Strict

ManagedRule = Literal[
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesSQLiRuleSet",
]

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class WafSettings(Strict):
    rate_limit: Annotated[int, Field(ge=100, le=2_000_000_000,
                                     description="Requests per 5 minutes from one IP before it is blocked.")] = 2000
    managed_rules: Annotated[list[ManagedRule], Field(min_length=1)] = [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    ]


class WafComponent(ComponentBase):
    kind: Literal["wafv2.web_acl"]
    settings: WafSettings = WafSettings()


class WafWebAcl(Kind):
    name = "wafv2.web_acl"
    title = "WAF web ACL"
    layer = "edge"
    summary = "Filters requests before they reach CloudFront or the API."
    icon = WAF
    component = WafComponent
    controls = {
        "managed-rules": "AWS managed rule groups block common exploits and bad inputs",
        "rate-limit": "one client IP is blocked above the rate limit",
        "logging": "sampled requests and CloudWatch metrics for every rule",
    }
    allows = (
        Allows("cloudfront.distribution", "protect", "the web ACL (CLOUDFRONT scope, us-east-1) on the distribution",
               lives="target"),
        Allows("apigateway.rest_api", "protect", "the web ACL (REGIONAL scope) associated with the API stage"),
    )

    checks = {"managed-rules": ("CKV_AWS_192",)}
    exports = {"Arn": ("WebAcl", "Arn")}
    deploy_actions = tuple(f"wafv2:{a}" for a in (
        "AssociateWebACL", "CreateWebACL", "DeleteWebACL", "DisassociateWebACL", "GetWebACL",
        "GetWebACLForResource", "ListTagsForResource", "TagResource", "UntagResource", "UpdateWebACL")) + (
        "apigateway:SetWebACL",)

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        return {"scope": "CLOUDFRONT" if self._protects_cloudfront(component, graph) else "REGIONAL"}

    @staticmethod
    def _protects_cloudfront(component: Any, graph: SystemGraph) -> bool:
        return any(graph.kind(r.target).name == "cloudfront.distribution" for r in graph.outgoing(component.id))

    def region(self, component: Any, graph: SystemGraph) -> str:
        protects_cloudfront = any(graph.kind(r.target).name == "cloudfront.distribution"
                                  for r in graph.outgoing(component.id))
        return GLOBAL_EDGE_REGION if protects_cloudfront else graph.system.region

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings, on = component.settings, {c.id for c in graph.controls(component.id) if c.on}
        notes = [f"{len(settings.managed_rules)} managed rule groups"] if "managed-rules" in on else []
        return notes + ([f"rate limit {settings.rate_limit} per 5 min per IP"] if "rate-limit" in on else [])


KIND = WafWebAcl
