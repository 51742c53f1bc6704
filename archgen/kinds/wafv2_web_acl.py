"""A WAF web ACL: managed rule groups and a rate limit in front of an entry point."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal

from pydantic import Field

from archgen import escape
from archgen.kinds._base import GLOBAL_EDGE_REGION, Fragment, Kind, Side
from archgen.kinds._cfn import getatt
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

ManagedRule = Literal[
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesSQLiRuleSet",
]

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet"  # the group checkov's CKV_AWS_192 looks for


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
    icon = "aws.security.WAF"
    component = WafComponent
    controls = {
        "managed-rules": "AWS managed rule groups block common exploits and bad inputs",
        "rate-limit": "one client IP is blocked above the rate limit",
        "logging": "sampled requests and CloudWatch metrics for every rule",
    }
    offers = (Side("protect", "the web ACL on the target (CLOUDFRONT scope in us-east-1 for a distribution, "
                              "REGIONAL and associated otherwise)", wires=True),)
    checks = {"managed-rules": ("CKV_AWS_192",)}
    waivers = {"CKV_AWS_192": f"its managed rules leave out {BAD_INPUTS}, the group that blocks Log4j "
                              "(CVE-2021-44228) lookups: add it, or say why the targets need no such rule"}
    exports = {"Arn": ("WebAcl", "Arn")}
    deploy_actions = tuple(f"wafv2:{a}" for a in (
        "AssociateWebACL", "CreateWebACL", "DeleteWebACL", "DisassociateWebACL", "GetWebACL",
        "GetWebACLForResource", "ListTagsForResource", "TagResource", "UntagResource", "UpdateWebACL")) + (
        "apigateway:SetWebACL",)
    deploy_arns = {
        "AWS::WAFv2::WebACL": ("Name", [("wafv2", ARN + "{scope}/webacl/{n}/*"),
                                        ("wafv2", ARN + "{scope}/managedruleset/*")]),
        "AWS::WAFv2::WebACLAssociation": (None, [
            ("wafv2", "arn:${{AWS::Partition}}:apigateway:{r}::/restapis/*/stages/*"),
            ("apigateway", "arn:${{AWS::Partition}}:apigateway:{r}::/restapis/*/stages/*")])}

    @staticmethod
    def _protects_cloudfront(component: Any, graph: SystemGraph) -> bool:
        return any(graph.kind(r.target).name == "cloudfront.distribution" for r in graph.outgoing(component.id))

    def region(self, component: Any, graph: SystemGraph) -> str:
        return GLOBAL_EDGE_REGION if self._protects_cloudfront(component, graph) else graph.system.region

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        managed = next(control for control in graph.controls(component.id) if control.id == "managed-rules")
        if not managed.on or BAD_INPUTS in component.settings.managed_rules:
            return ()  # met, or skipped already with the exception that turns the control off
        return ("CKV_AWS_192",)

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, logged = c.settings, t.on("logging")

        def visibility(metric: str) -> dict[str, Any]:
            return {"SampledRequestsEnabled": logged, "CloudWatchMetricsEnabled": True, "MetricName": metric}

        rules: list[dict[str, Any]] = []
        if t.on("managed-rules"):
            rules += [{"Name": rule, "Priority": index, "OverrideAction": {"None": {}},
                       "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": rule}},
                       "VisibilityConfig": visibility(t.lid(c.id) + rule)}
                      for index, rule in enumerate(settings.managed_rules, start=1)]
        if t.on("rate-limit"):
            rules.append({"Name": "RateLimitPerIp", "Priority": 0, "Action": {"Block": {}},
                          "Statement": {"RateBasedStatement": {"Limit": settings.rate_limit, "AggregateKeyType": "IP"}},
                          "VisibilityConfig": visibility(t.lid(c.id) + "RateLimit")})
        scope = "CLOUDFRONT" if self._protects_cloudfront(c, t.graph) else "REGIONAL"
        return {"Resources": {t.lid(c.id, "WebAcl"): {
            "Type": "AWS::WAFv2::WebACL",
            "Metadata": t.meta("managed-rules", "rate-limit", "logging", waive=self.waived_checks(c, t.graph)),
            "Properties": {"Name": t.name(c.id), **_description(c.description), "Scope": scope,
                           "DefaultAction": {"Allow": {}}, "VisibilityConfig": visibility(t.lid(c.id)),
                           "Rules": rules, "Tags": t.tags()}}}}

    def wires_for(self, link: Link, side: Side) -> bool:
        return link.target_kind.web_acl_resource is not None

    def wire(self, link: Link, t: Scope) -> Fragment:
        """An association with the protected resource; a distribution takes the ACL itself instead."""
        attach = t.graph.kind(link.target.id).web_acl_resource
        if attach is None:
            return {}
        return {"Resources": {t.lid(link.source.id, f"{link.target.id}-association"): {
            "Type": "AWS::WAFv2::WebACLAssociation", "Metadata": t.meta(),
            "Properties": {"WebACLArn": getatt(t.lid(link.source.id, "WebAcl"), "Arn"),
                           "ResourceArn": t.ref(link.target.id, attach)}}}}

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings, on = component.settings, {c.id for c in graph.controls(component.id) if c.on}
        notes = [f"{len(settings.managed_rules)} managed rule groups"] if "managed-rules" in on else []
        return notes + ([f"rate limit {settings.rate_limit} per 5 min per IP"] if "rate-limit" in on else [])



def _description(text: str) -> dict[str, str]:
    """WAF descriptions allow ASCII letters, digits, spaces and `+=:#@/-,.` only (not `+` first): the
    model's description keeps those characters, and is left out when nothing is left of it."""
    value = escape.cfn_charset(text, r"a-zA-Z0-9+=:#@/\-,.\s", 256)
    value = value.lstrip("+ ") if value else value
    return {"Description": value} if value and len(value) >= 3 else {}


KIND = WafWebAcl
