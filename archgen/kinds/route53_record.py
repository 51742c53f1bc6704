"""A Route 53 alias record: the site's domain name, pointing at CloudFront."""

from __future__ import annotations

from typing import Annotated, TYPE_CHECKING, Any, Literal

from pydantic import Field

from archgen.kinds._base import Fragment, Kind, Side
from archgen.kinds._cfn import ref
from archgen.kinds.acm_certificate import HOSTED_ZONE, hosted_zone
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope


class Route53RecordSettings(Strict):
    # at least one: a record with no type makes no resource at all
    record_types: Annotated[list[Literal["A", "AAAA"]], Field(min_length=1)] = ["A", "AAAA"]


class Route53RecordComponent(ComponentBase):
    kind: Literal["route53.record"]
    settings: Route53RecordSettings = Route53RecordSettings()


class Route53Record(Kind):
    name = "route53.record"
    title = "Route 53 record"
    layer = "edge"
    summary = "DNS alias records for the system's domain."
    icon = "aws.network.Route53"
    component = Route53RecordComponent
    offers = (Side("alias", "A/AAAA alias records of the domain to the target", wires=True),)
    accepts = (Side("resolve"),)
    deploy_actions = ("route53:ChangeResourceRecordSets", "route53:GetChange", "route53:GetHostedZone",
                      "route53:ListResourceRecordSets")
    deploy_arns = {"AWS::Route53::RecordSet": ("HostedZoneId", [
        ("route53", "arn:${{AWS::Partition}}:route53:::hostedzone/{n}"),
        ("route53", "arn:${{AWS::Partition}}:route53:::change/*")])}

    def wire(self, link: Link, t: Scope) -> Fragment:
        """One alias record per type; the target's kind says what an alias to it points at."""
        target = t.graph.kind(link.target.id).alias_target(link, t)
        domain = t.system.domain
        return {
            "Parameters": hosted_zone(domain),
            "Resources": {t.lid(link.source.id, record_type): {
                "Type": "AWS::Route53::RecordSet", "Metadata": t.meta(), "Properties": {
                    "HostedZoneId": ref(HOSTED_ZONE), "Name": domain, "Type": record_type, "AliasTarget": target}}
                for record_type in link.source.settings.record_types},
        }


KIND = Route53Record
