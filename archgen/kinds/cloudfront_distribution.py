"""A CloudFront distribution: the one public entry point, for the site and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from archgen.kinds._base import BUCKET_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt, log_bucket, sub
from archgen.schema import ComponentBase, Strict

# CloudFront's managed policies (ids fixed by AWS) and the hosted zone of every distribution's alias target.
MANAGED_POLICIES = {
    "caching_optimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "caching_disabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "all_viewer_except_host": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    "security_headers": "67f7725c-6f97-4210-82d7-5512b31e9d03",
}
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
METRICS_REGION = "us-east-1"  # CloudFront publishes its metrics only there

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
READ_METHODS = ["GET", "HEAD"]


class CloudFrontSettings(Strict):
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = "PriceClass_100"
    minimum_tls: Literal["TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.2_2018"] = "TLSv1.2_2021"
    default_root_object: str = "index.html"
    http_version: Literal["http2", "http2and3"] = "http2and3"


class CloudFrontComponent(ComponentBase):
    kind: Literal["cloudfront.distribution"]
    settings: CloudFrontSettings = CloudFrontSettings()


class CloudFrontDistribution(Kind):
    name = "cloudfront.distribution"
    title = "CloudFront distribution"
    layer = "edge"
    summary = "CDN in front of the site bucket and the API; TLS ends here."
    icon = "aws.network.CloudFront"
    component = CloudFrontComponent
    controls = {
        "tls": "viewers connect with TLS 1.2 or newer",
        "https-redirect": "plain HTTP is redirected to HTTPS",
        "access-logging": "standard access logs to a logging bucket",
    }
    offers = (
        Side("origin", "an origin, and a cache behaviour for the relation's path (the default one without)",
             allows=("path",), wires=True),
        Side("certificate", "the viewer certificate for the domain (in us-east-1), SNI only", wires=True),
    )
    accepts = (
        Side("request"),
        Side("alias"),
        Side("protect", "the web ACL on the distribution", wires=True),
        Side("watch"),
    )
    checks = {"tls": ("CKV_AWS_174",), "https-redirect": ("CKV_AWS_34",), "access-logging": ("CKV_AWS_86",)}
    waivers = {"CKV_AWS_18": "the bucket that receives CloudFront's access logs does not log its own access "
                             "(it would log its own log writes without end)"}
    exports = {"Id": ("Distribution", None), "DomainName": ("Distribution", "DomainName"),
               "Arn": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}"}
    deploy_actions = BUCKET_DEPLOY_ACTIONS + ("s3:GetBucketAcl", "s3:PutBucketAcl") + tuple(
        f"cloudfront:{a}" for a in (
            "CreateDistribution", "CreateOriginAccessControl", "DeleteDistribution", "DeleteOriginAccessControl",
            "GetDistribution", "GetDistributionConfig", "GetOriginAccessControl", "ListTagsForResource",
            "TagResource", "UntagResource", "UpdateDistribution", "UpdateOriginAccessControl")) + (
        "wafv2:GetWebACL", "acm:DescribeCertificate", "route53:ChangeResourceRecordSets",
        "route53:GetChange", "route53:GetHostedZone", "route53:ListResourceRecordSets")
    deploy_arns = {
        "AWS::CloudFront::Distribution": (None, [
            ("cloudfront", "arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/*")]),
        # the certificate of another stack (CloudFront's are in us-east-1) that the distribution names
        "AWS::CloudFront::Distribution#certificate": ("ViewerCertificate.AcmCertificateArn", [
            ("acm", "arn:${{AWS::Partition}}:acm:us-east-1:${{AWS::AccountId}}:certificate/*")]),
        "AWS::CloudFront::OriginAccessControl": (None, [
            ("cloudfront", "arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:origin-access-control/*")])}

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        # only its access-log bucket fails the check, and that bucket exists only while logging is on
        logging = next((c for c in graph.controls(component.id) if c.id == "access-logging"), None)
        return ("CKV_AWS_18",) if logging is not None and logging.on else ()

    def unkept_controls(self, component: Any, graph: SystemGraph) -> dict[str, str]:
        if _has_certificate(component.id, graph):
            return {}
        return {"tls": (f"with no certificate of its own, '{component.id}' serves CloudFront's default one "
                        "(*.cloudfront.net), which accepts TLS 1.0 and 1.1 whatever minimum_tls says; add an "
                        f"acm.certificate and a relation from '{component.id}' to it")}

    def _origins(self, component: Any, graph: SystemGraph) -> list[Any]:
        return [r for r in graph.outgoing(component.id) if graph.link(r).meaning.name == "origin"]

    def _viewer(self, t: Scope) -> str:
        return "redirect-to-https" if t.on("https-redirect") else "allow-all"

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, logged = c.settings, t.on("access-logging")
        origins = self._origins(c, t.graph)
        default = next((r.target for r in origins if r.path is None), origins[0].target if origins else "none")
        resources: dict[str, Any] = {}
        if logged:
            resources |= log_bucket(t, t.lid(c.id, "LogBucket"), c.id, t.meta(waive=["CKV_AWS_18"]), acl=True)
        config: dict[str, Any] = {
            "Enabled": True, "Comment": t.name(c.id), "PriceClass": settings.price_class,
            "HttpVersion": settings.http_version, "IPV6Enabled": True,
            "DefaultRootObject": settings.default_root_object,
            "DefaultCacheBehavior": {
                "TargetOriginId": t.lid(default, "Origin"), "ViewerProtocolPolicy": self._viewer(t),
                "AllowedMethods": list(READ_METHODS), "CachedMethods": list(READ_METHODS), "Compress": True,
                "CachePolicyId": MANAGED_POLICIES["caching_optimized"],
                "ResponseHeadersPolicyId": MANAGED_POLICIES["security_headers"]},
        }
        if not _has_certificate(c.id, t.graph):
            config["ViewerCertificate"] = {"CloudFrontDefaultCertificate": True}
        if logged:
            config["Logging"] = {"Bucket": getatt(t.lid(c.id, "LogBucket"), "RegionalDomainName"),
                                 "Prefix": "cloudfront/", "IncludeCookies": False}
        distribution = t.lid(c.id, "Distribution")
        resources[distribution] = {"Type": "AWS::CloudFront::Distribution",
                                   "Metadata": t.meta("tls", "https-redirect", "access-logging"),
                                   "Properties": {"DistributionConfig": config, "Tags": t.tags()}}
        return {"Resources": resources, "Outputs": {t.lid(c.id, "Url"): {
            "Description": "Where the site is served (the distribution's own domain; the alias records add the "
                           "model's domain)",
            "Value": sub("https://${" + distribution + ".DomainName}")}}}

    def wire(self, link: Link, t: Scope) -> Fragment:
        distribution = t.lid(link.source.id if link.source.kind == self.name else link.target.id, "Distribution")
        meaning = link.meaning.name
        if meaning == "protect":
            return {"Resources": {distribution: {"Properties": {"DistributionConfig": {
                "WebACLId": t.ref(link.source.id, "Arn")}}}}}
        if meaning == "certificate":
            return {"Resources": {distribution: {"Properties": {"DistributionConfig": {
                "Aliases": [t.system.domain],
                "ViewerCertificate": {"AcmCertificateArn": t.ref(link.target.id, "Arn"), "SslSupportMethod": "sni-only",
                                      "MinimumProtocolVersion": link.source.settings.minimum_tls if t.on("tls")
                                      else "TLSv1"}}}}}}
        return self._origin(link, t, distribution)

    def _origin(self, link: Link, t: Scope, distribution: str) -> Fragment:
        """The target's origin entry (its kind says how it is reached), its access control, its behaviour."""
        target = t.graph.kind(link.target.id)
        origin, access = target.origin(link, t)
        resources: dict[str, Any] = {}
        if access is not None:
            oac = t.lid(link.source.id, f"{link.target.id}-oac")
            resources[oac] = {"Type": "AWS::CloudFront::OriginAccessControl", "Metadata": t.meta(), "Properties": {
                "OriginAccessControlConfig": {
                    "Name": t.name(link.source.id, link.target.id),
                    "Description": f"Signs {link.source.id}'s requests to {link.target.id}",
                    "OriginAccessControlOriginType": access, "SigningBehavior": "always", "SigningProtocol": "sigv4"}}}
            origin["OriginAccessControlId"] = getatt(oac, "Id")
        config: dict[str, Any] = {"Origins": [origin]}
        if link.relation.path is not None:
            dynamic = target.dynamic_origin
            config["CacheBehaviors"] = [{
                "PathPattern": link.relation.path, "TargetOriginId": origin["Id"],
                "ViewerProtocolPolicy": self._viewer(t),
                "AllowedMethods": list(ALL_METHODS if dynamic else READ_METHODS), "CachedMethods": list(READ_METHODS),
                "Compress": True,
                "CachePolicyId": MANAGED_POLICIES["caching_disabled" if dynamic else "caching_optimized"],
                **({"OriginRequestPolicyId": MANAGED_POLICIES["all_viewer_except_host"]} if dynamic else {}),
                "ResponseHeadersPolicyId": MANAGED_POLICIES["security_headers"]}]
        resources[distribution] = {"Properties": {"DistributionConfig": config}}
        return {"Resources": resources}

    def alias_target(self, link: Link, t: Scope) -> dict[str, Any]:
        return {"DNSName": t.ref(link.target.id, "DomainName"), "HostedZoneId": CLOUDFRONT_ZONE,
                "EvaluateTargetHealth": False}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("DistributionId", "Id"), ("Region", "=Global"))
        return [Metric("AWS/CloudFront", "Requests", dims, region=METRICS_REGION),
                Metric("AWS/CloudFront", "5xxErrorRate", dims, "Average", METRICS_REGION)]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("DistributionId", "Id"), ("Region", "=Global"))
        return [Alarm("ServerErrorRateAlarm", "5xx-rate",
                      Metric("AWS/CloudFront", "5xxErrorRate", dims, "Average", METRICS_REGION), 5)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        on = {c.id for c in graph.controls(component.id) if c.on}
        notes = [f"TLS policy {component.settings.minimum_tls}"] if "tls" in on else []
        return notes + (["HTTP redirected to HTTPS"] if "https-redirect" in on else [])


def _has_certificate(distribution: str, graph: SystemGraph) -> bool:
    """Whether the distribution serves a certificate of its own (else CloudFront's *.cloudfront.net one)."""
    return any(graph.link(r).meaning.name == "certificate" for r in graph.outgoing(distribution))


KIND = CloudFrontDistribution
