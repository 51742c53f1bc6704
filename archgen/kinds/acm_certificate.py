"""An ACM certificate for the domain, validated through DNS."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from diagrams.aws.security import CertificateManager

from archgen.kinds._base import GLOBAL_EDGE_REGION, Kind
from archgen.schema import ComponentBase, NoSettings

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class AcmCertificateComponent(ComponentBase):
    kind: Literal["acm.certificate"]
    settings: NoSettings = NoSettings()


class AcmCertificate(Kind):
    name = "acm.certificate"
    title = "ACM certificate"
    layer = "edge"
    summary = "The TLS certificate of the domain; CloudFront needs it in us-east-1."
    icon = CertificateManager
    component = AcmCertificateComponent

    def region(self, component: Any, graph: SystemGraph) -> str:
        used_by_cloudfront = any(graph.kind(r.source).name == "cloudfront.distribution"
                                 for r in graph.incoming(component.id))
        return GLOBAL_EDGE_REGION if used_by_cloudfront else graph.system.region

    exports = {"Arn": ("Certificate", None)}
    deploy_actions = ("acm:AddTagsToCertificate", "acm:DeleteCertificate", "acm:DescribeCertificate",
                      "acm:ListTagsForCertificate", "acm:RemoveTagsFromCertificate", "acm:RequestCertificate",
                      "route53:ChangeResourceRecordSets", "route53:GetChange", "route53:ListResourceRecordSets")

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return ["DNS-validated"]


KIND = AcmCertificate
