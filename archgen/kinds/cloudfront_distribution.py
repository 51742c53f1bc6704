"""A CloudFront distribution: the one public entry point, for the site and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from diagrams.aws.network import CloudFront

from archgen.kinds._base import Allows, Kind
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

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return [f"TLS ≥ 1.2 ({component.settings.minimum_tls})", "HTTP → HTTPS redirect"]


KIND = CloudFrontDistribution
