"""Who is inside which VPC, and the security groups that follow from their relations.

A component of a kind that lives in a VPC (a database, a proxy) names its VPC in `settings.vpc`, or
leaves it out when the model has one VPC. A function is inside a VPC when one of its relations reaches
such a component (it cannot reach a private database otherwise): derived, never a setting, so the
relation says it once. Every member gets its own security group; a relation to a member that listens
on a port (`Kind.port`) opens exactly that port, from the caller's group to the member's, as an ingress
rule of the member and an egress rule of the caller. No group admits or reaches 0.0.0.0/0, except the
HTTPS egress to the internet a model asks for by giving the VPC NAT gateways.

Rule E140 checks the placement (an unknown VPC, members of two VPCs related, a member in another layer:
the VPC's resources are referenced by its members within one stack).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.escape import ec2_description
from archgen.kinds._cfn import getatt, ref

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

VPC_KIND = "ec2.vpc"
FUNCTION_KIND = "lambda.function"
HTTPS = 443
AZ_SUFFIXES = ("A", "B")  # two private subnets, one in each of the region's first two zones
# What CloudFormation needs for a member's own security group and its rules (`security_group`, `ingress`):
# the reads are those of the types' resource schemas' handlers. The deploy role keeps them only where the
# stack has such a group.
MEMBER_DEPLOY_ACTIONS = tuple(f"ec2:{a}" for a in (
    "AuthorizeSecurityGroupEgress", "AuthorizeSecurityGroupIngress", "CreateSecurityGroup", "CreateTags",
    "DeleteSecurityGroup", "DescribeInstances", "DescribeSecurityGroupRules", "DescribeSecurityGroups",
    "RevokeSecurityGroupEgress", "RevokeSecurityGroupIngress"))


def bound(graph: SystemGraph, component_id: str) -> bool:
    """Whether the component's kind always lives in a VPC (it has a `vpc` setting)."""
    settings = getattr(graph.components[component_id], "settings", None)
    return settings is not None and "vpc" in type(settings).model_fields


def vpcs(graph: SystemGraph) -> list[str]:
    return [cid for cid, c in graph.components.items() if c.kind == VPC_KIND]


def placement(graph: SystemGraph) -> dict[str, str]:
    """component id -> the id of the VPC it is inside (members only), computed once per graph."""
    return graph.memo(("vpc-placement",), lambda: _placement(graph))


def _placement(graph: SystemGraph) -> dict[str, str]:
    found: dict[str, str] = {}
    only = vpcs(graph)
    for cid, component in graph.components.items():
        if bound(graph, cid):
            named = component.settings.vpc  # type: ignore[attr-defined]
            vpc = named or (only[0] if len(only) == 1 else None)
            if vpc in graph.components and graph.components[vpc].kind == VPC_KIND:
                found[cid] = vpc
    for cid, component in graph.components.items():
        if component.kind != FUNCTION_KIND:
            continue
        reached = sorted({found[other] for other in _neighbours(graph, cid) if other in found})
        if reached:
            found[cid] = reached[0]  # two VPCs reached is rule E140's error
    return found


def _neighbours(graph: SystemGraph, cid: str) -> list[str]:
    return [r.target for r in graph.outgoing(cid)] + [r.source for r in graph.incoming(cid)]


def vpc_of(graph: SystemGraph, component_id: str) -> str | None:
    return placement(graph).get(component_id)


def members(graph: SystemGraph, vpc_id: str) -> list[str]:
    return [cid for cid, vpc in placement(graph).items() if vpc == vpc_id]


def reached_vpcs(graph: SystemGraph, function_id: str) -> list[str]:
    """Every VPC a function's relations reach (more than one is an error: a function has one VpcConfig)."""
    where = placement(graph)
    return sorted({where[other] for other in _neighbours(graph, function_id) if other in where and bound(graph, other)})


# --- CloudFormation ------------------------------------------------------------------------------

def group_id(t: Scope, component_id: str) -> dict[str, Any]:
    return getatt(t.lid(component_id, "SecurityGroup"), "GroupId")


def subnets(t: Scope, vpc_id: str) -> list[dict[str, str]]:
    return [ref(t.lid(vpc_id, f"PrivateSubnet{az}")) for az in AZ_SUFFIXES]


def port_of(graph: SystemGraph, component_id: str) -> int | None:
    port = getattr(graph.kind(component_id), "port", None)
    return port(graph.components[component_id], graph) if callable(port) else None


def security_group(c: Any, t: Scope, vpc_id: str) -> dict[str, Any]:
    """The member's own group: no inline ingress (each relation adds its rule), egress only where its
    relations, its VPC endpoints and (with NAT) HTTPS lead."""
    from archgen.kinds._vpc_endpoints import endpoint_egress

    egress = [_to_member(t, link) for link in _calls(t.graph, c.id)]
    egress += endpoint_egress(c, t, vpc_id)
    if not egress:  # a group without egress rules gets AWS's allow-all one: this rule means none
        egress = [{"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "CidrIp": "127.0.0.1/32",
                   "Description": "No egress: the group's relations lead nowhere outside it"}]
    return {t.lid(c.id, "SecurityGroup"): {
        "Type": "AWS::EC2::SecurityGroup", "Metadata": t.meta(),
        "Properties": {"GroupDescription": f"{t.name(c.id)}: only what its relations open",
                       "VpcId": ref(t.lid(vpc_id, "Vpc")), "SecurityGroupEgress": egress,
                       "Tags": t.tags(c.id)}}}


def _calls(graph: SystemGraph, component_id: str) -> list[Link]:
    """The component's relations to members that listen on a port (a function to its proxy)."""
    where = placement(graph)
    return [graph.link(r) for r in graph.outgoing(component_id)
            if r.target in where and port_of(graph, r.target) is not None]


def _to_member(t: Scope, link: Link) -> dict[str, Any]:
    port = port_of(t.graph, link.target.id)
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "DestinationSecurityGroupId":
            group_id(t, link.target.id), "Description": ec2_description(f"to {link.target.id} ({link.relation.label})")}


def ingress(link: Link, t: Scope) -> dict[str, Any]:
    """The member's side of a relation to it: its port, from the caller's group only."""
    port = port_of(t.graph, link.target.id)
    return {t.lid(link.target.id, f"from-{link.source.id}-ingress"): {
        "Type": "AWS::EC2::SecurityGroupIngress", "Metadata": t.meta(),
        "Properties": {"GroupId": group_id(t, link.target.id), "IpProtocol": "tcp", "FromPort": port,
                       "ToPort": port, "SourceSecurityGroupId": group_id(t, link.source.id),
                       "Description": ec2_description(f"from {link.source.id} ({link.relation.label})")}}}
