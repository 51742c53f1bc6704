"""A CloudFront distribution: the one public entry point, for the site and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from diagrams.aws.network import CloudFront

from archgen.kinds._base import BUCKET_DEPLOY_ACTIONS, Allows, Kind, Metric

# CloudFront's managed policies (ids fixed by AWS) and the hosted zone of every distribution's alias target.
MANAGED_POLICIES = {
    "caching_optimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "caching_disabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "all_viewer_except_host": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    "security_headers": "67f7725c-6f97-4210-82d7-5512b31e9d03",
}
CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
METRICS_REGION = "us-east-1"  # CloudFront publishes its metrics only there
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


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
    icon = CloudFront
    component = CloudFrontComponent
    controls = {
        "tls": "viewers connect with TLS 1.2 or newer",
        "https-redirect": "plain HTTP is redirected to HTTPS",
        "access-logging": "standard access logs to a logging bucket",
    }
    allows = (
        Allows("s3.bucket", "origin", "an origin with Origin Access Control; the bucket admits only this distribution"),
        Allows("apigateway.rest_api", "origin", "an origin and a cache behaviour for the path, "
               "Authorization forwarded, nothing cached", requires=("path",)),
        Allows("acm.certificate", "TLS certificate", "the viewer certificate (in us-east-1)"),
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

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        origins = [r for r in graph.outgoing(component.id) if self.allowed(graph.components[r.target].kind)
                   and self.allowed(graph.components[r.target].kind).meaning == "origin"]  # type: ignore[union-attr]
        default = next((r.target for r in origins if r.path is None), origins[0].target if origins else "none")
        certificate = [r for r in graph.outgoing(component.id)
                       if self.allowed(graph.components[r.target].kind).meaning == "TLS certificate"]  # type: ignore[union-attr]
        return {"default_origin": f"{_pascal(default)}Origin", "certificate_wired": bool(certificate),
                "policies": MANAGED_POLICIES}

    def relation_context(self, relation: Any, graph: SystemGraph) -> dict[str, Any]:
        return {"policies": MANAGED_POLICIES}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("DistributionId", "Id"), ("Region", "=Global"))
        return [Metric("AWS/CloudFront", "Requests", dims, region=METRICS_REGION),
                Metric("AWS/CloudFront", "5xxErrorRate", dims, "Average", METRICS_REGION)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        on = {c.id for c in graph.controls(component.id) if c.on}
        notes = [f"TLS policy {component.settings.minimum_tls}"] if "tls" in on else []
        return notes + (["HTTP redirected to HTTPS"] if "https-redirect" in on else [])


def _pascal(component_id: str) -> str:
    return "".join(word.title() for word in component_id.split("-"))

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        # only its access-log bucket fails the check, and that bucket exists only while logging is on
        logging = next((c for c in graph.controls(component.id) if c.id == "access-logging"), None)
        return ("CKV_AWS_18",) if logging is not None and logging.on else ()


KIND = CloudFrontDistribution
