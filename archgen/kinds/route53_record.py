"""A Route 53 alias record: the site's domain name, pointing at CloudFront."""

from typing import Any, Literal

from diagrams.aws.network import Route53

from archgen.kinds._base import Allows, Kind
from archgen.kinds.cloudfront_distribution import CLOUDFRONT_ZONE
from archgen.schema import ComponentBase, Strict


class Route53RecordSettings(Strict):
    record_types: list[Literal["A", "AAAA"]] = ["A", "AAAA"]


class Route53RecordComponent(ComponentBase):
    kind: Literal["route53.record"]
    settings: Route53RecordSettings = Route53RecordSettings()


class Route53Record(Kind):
    name = "route53.record"
    title = "Route 53 record"
    layer = "edge"
    summary = "DNS alias records for the system's domain."
    icon = Route53
    component = Route53RecordComponent
    allows = (
        Allows("cloudfront.distribution", "alias", "A/AAAA alias records to the distribution"),
    )
    deploy_actions = ("route53:ChangeResourceRecordSets", "route53:GetChange", "route53:GetHostedZone",
                      "route53:ListResourceRecordSets")

    def relation_context(self, relation: Any, graph: Any) -> dict[str, Any]:
        return {"cloudfront_zone": CLOUDFRONT_ZONE}


KIND = Route53Record
