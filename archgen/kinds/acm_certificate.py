"""An ACM certificate for the domain, validated through DNS."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from archgen.kinds._base import GLOBAL_EDGE_REGION, Fragment, Kind, Side
from archgen.kinds._cfn import ref
from archgen.schema import ComponentBase, NoSettings
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.scope import Scope

# Deploy fills it: the hosted zone is the account's, made when the domain was registered.
HOSTED_ZONE = "HostedZoneId"


def hosted_zone(domain: str) -> dict[str, Any]:
    """The hosted zone parameter, the same wherever it is declared (the certificate's validation and
    the alias records share one stack when the system lives in us-east-1)."""
    return {HOSTED_ZONE: {"Type": "AWS::Route53::HostedZone::Id",
                          "Description": f"The Route 53 hosted zone of {domain}"}}


class AcmCertificateComponent(ComponentBase):
    kind: Literal["acm.certificate"]
    settings: NoSettings = NoSettings()


class AcmCertificate(Kind):
    name = "acm.certificate"
    title = "ACM certificate"
    layer = "edge"
    summary = "The TLS certificate of the domain; CloudFront needs it in us-east-1."
    icon = "aws.security.CertificateManager"
    component = AcmCertificateComponent
    accepts = (Side("certificate"),)
    exports = {"Arn": ("Certificate", None)}
    deploy_actions = ("acm:AddTagsToCertificate", "acm:DeleteCertificate", "acm:DescribeCertificate",
                      "acm:ListTagsForCertificate", "acm:RemoveTagsFromCertificate", "acm:RequestCertificate",
                      "route53:ChangeResourceRecordSets", "route53:GetChange", "route53:ListResourceRecordSets")
    deploy_arns = {
        "AWS::CertificateManager::Certificate": (None, [("acm", ARN + "certificate/*")]),
        # DNS validation: CloudFormation writes the validation record into the zone
        "AWS::CertificateManager::Certificate#zone": ("DomainValidationOptions.0.HostedZoneId", [
            ("route53", "arn:${{AWS::Partition}}:route53:::hostedzone/{n}"),
            ("route53", "arn:${{AWS::Partition}}:route53:::change/*")])}

    def region(self, component: Any, graph: SystemGraph) -> str:
        used_by_cloudfront = any(graph.kind(r.source).name == "cloudfront.distribution"
                                 for r in graph.incoming(component.id))
        return GLOBAL_EDGE_REGION if used_by_cloudfront else graph.system.region

    def resources(self, c: Any, t: Scope) -> Fragment:
        domain = t.system.domain
        return {
            "Parameters": hosted_zone(domain),
            "Resources": {t.lid(c.id, "Certificate"): {
                "Type": "AWS::CertificateManager::Certificate", "Metadata": t.meta(), "Properties": {
                    "DomainName": domain, "ValidationMethod": "DNS",
                    "DomainValidationOptions": [{"DomainName": domain, "HostedZoneId": ref(HOSTED_ZONE)}],
                    "Tags": t.tags()}}},
        }

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return ["DNS-validated"]


KIND = AcmCertificate
