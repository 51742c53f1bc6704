"""A VPC: the private network around a database, its proxy and the functions that reach them.

Two private subnets in the region's first two availability zones, their address blocks derived from the
VPC's (the first two blocks of 16 times fewer addresses: 10.0.0.0/16 gives 10.0.0.0/20 and 10.0.16.0/20),
or as the model sets them. No route out unless the model asks for NAT (`nat: single` or `per-az`: public
subnets, an internet gateway and one NAT gateway, or one per zone). The VPC endpoints follow from what its
member functions call (archgen/kinds/_vpc_endpoints.py). Flow logs of all traffic go to the log group of
the VPC's `logs` relation.

Who is inside is said by the members (archgen/kinds/_vpc.py): a database or proxy names its VPC, a
function is inside when its relations reach one of them. The diagrams draw the VPC as a box around them.
The local AWS creates the network, groups and endpoints, but routes nothing and enforces no group rule.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import allow, getatt, inline_policy, log_group, ref, service_role
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._vpc import AZ_SUFFIXES, members
from archgen.kinds._vpc_endpoints import endpoint_resources, services
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

Cidr = Annotated[str, Field(pattern=r"^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$", description="e.g. 10.0.0.0/16")]


class VpcSettings(Strict):
    cidr: Cidr = Field("10.0.0.0/16", description="The VPC's addresses (a /16 to /24 private block).")
    private_subnets: Annotated[list[Cidr], Field(min_length=2, max_length=2)] | None = Field(
        None, description="The two private subnets' blocks; default: the VPC's first two blocks of 1/16 its size.")
    public_subnets: Annotated[list[Cidr], Field(min_length=2, max_length=2)] | None = Field(
        None, description="With NAT only: the two public subnets' blocks; default: the next two blocks.")
    nat: Literal["none", "single", "per-az"] = Field(
        "none", description="Internet access for the members: none (default), one NAT gateway, or one per zone.")
    flow_log_traffic: Literal["ALL", "ACCEPT", "REJECT"] = "ALL"


class VpcComponent(ComponentBase):
    kind: Literal["ec2.vpc"]
    settings: VpcSettings = VpcSettings()


def blocks(settings: VpcSettings) -> tuple[list[str], list[str]]:
    """The private and public subnets' blocks: as set, else derived from the VPC's block."""
    network = ipaddress.ip_network(settings.cidr, strict=False)
    derived = [str(net) for net in list(network.subnets(new_prefix=min(network.prefixlen + 4, 28)))[:4]]
    return settings.private_subnets or derived[:2], settings.public_subnets or derived[2:4]


# The reads CloudFormation's handlers of these types make (their resource schemas' `handlers`), not
# `Describe*`: IAM knows no such action, and a wildcard would cover every read in EC2.
DESCRIBE = ("DescribeAddresses", "DescribeFlowLogs", "DescribeInstances", "DescribeInternetGateways",
            "DescribeNatGateways", "DescribeNetworkAcls", "DescribeNetworkInterfaces", "DescribeRouteTables",
            "DescribeSecurityGroupRules", "DescribeSecurityGroups", "DescribeSubnets", "DescribeTags",
            "DescribeVpcAttribute", "DescribeVpcEndpoints", "DescribeVpcs", "DescribeVpnGateways")


class Ec2Vpc(Kind):
    name = "ec2.vpc"
    title = "VPC"
    layer = "backend"
    summary = "A private network in two zones: subnets, endpoints from its members' relations, flow logs."
    icon = "aws.network.VPC"
    component = VpcComponent
    controls = {
        "flow-logs": "every connection in the VPC logged (flow logs)",
    }
    offers = (Side("logs", "its flow logs (all traffic) in a log group (retention, encryption)", wires=True),)
    notes = (
        "Who is inside: a database or proxy names its VPC in `settings.vpc` (or the model's only VPC); a "
        'function is inside when one of its relations reaches such a component. No setting places a function:'
        ' the relation says it once (rule E140 checks the placement).',
        "Private subnets in the region's first two zones; their blocks are derived from `cidr` (its first two"
        ' blocks of a sixteenth of its size) unless `private_subnets` sets them. No route out unless `nat` is'
        ' `single` or `per-az`.',
        "VPC endpoints follow from the members' relations: S3 and DynamoDB through gateway endpoints, Secrets"
        ' Manager, SSM, SQS, SNS, Step Functions, EventBridge, Lambda, Kinesis and X-Ray through interface '
        'endpoints behind a group that admits HTTPS from the calling members only.',
        'A member calling S3 or DynamoDB gets HTTPS egress to 0.0.0.0/0: a gateway endpoint is reached at the'
        " service's public addresses, whose prefix list CloudFormation cannot look up; without NAT the route "
        'tables lead nowhere else.',
        'Every member has its own security group: a relation to a member listening on a port opens exactly '
        "that port, from the caller's group to the member's (an ingress rule and an egress rule); nothing "
        'admits 0.0.0.0/0.',
        'The local AWS creates the network, groups, endpoints and flow log, but routes nothing and enforces '
        'no rule.',
    )
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"ec2:{a}" for a in (
        "AllocateAddress", "AssociateRouteTable", "AttachInternetGateway", "AuthorizeSecurityGroupEgress",
        "AuthorizeSecurityGroupIngress", "CreateFlowLogs", "CreateInternetGateway", "CreateNatGateway",
        "CreateRoute", "CreateRouteTable", "CreateSecurityGroup", "CreateSubnet", "CreateTags", "CreateVpc",
        "CreateVpcEndpoint", "DeleteFlowLogs", "DeleteInternetGateway", "DeleteNatGateway", "DeleteRoute",
        "DeleteRouteTable", "DeleteSecurityGroup", "DeleteSubnet", "DeleteVpc", "DeleteVpcEndpoints",
        *DESCRIBE,
        "DetachInternetGateway", "DisassociateRouteTable", "ModifySubnetAttribute", "ModifyVpcAttribute",
        "ModifyVpcEndpoint", "ReleaseAddress", "RevokeSecurityGroupEgress", "RevokeSecurityGroupIngress"))
    deploy_arns = {  # AWS makes every id here
        "AWS::EC2::VPC": (None, [("ec2", ARN + "vpc/*")]),
        "AWS::EC2::Subnet": (None, [("ec2", ARN + "subnet/*"), ("ec2", ARN + "vpc/*")]),
        "AWS::EC2::RouteTable": (None, [("ec2", ARN + "route-table/*"), ("ec2", ARN + "vpc/*")]),
        "AWS::EC2::Route": (None, [("ec2", ARN + "route-table/*")]),
        "AWS::EC2::SubnetRouteTableAssociation": (None, [("ec2", ARN + "route-table/*"),
                                                         ("ec2", ARN + "subnet/*")]),
        "AWS::EC2::InternetGateway": (None, [("ec2", ARN + "internet-gateway/*")]),
        "AWS::EC2::VPCGatewayAttachment": (None, [("ec2", ARN + "internet-gateway/*"), ("ec2", ARN + "vpc/*")]),
        "AWS::EC2::EIP": (None, [("ec2", ARN + "elastic-ip/*")]),
        "AWS::EC2::NatGateway": (None, [("ec2", ARN + "natgateway/*"), ("ec2", ARN + "subnet/*"),
                                        ("ec2", ARN + "elastic-ip/*")]),
        "AWS::EC2::FlowLog": (None, [("ec2", ARN + "vpc-flow-log/*"), ("ec2", ARN + "vpc/*")]),
        "AWS::EC2::VPCEndpoint": (None, [("ec2", ARN + "vpc-endpoint/*"), ("ec2", ARN + "vpc/*"),
                                         ("ec2", ARN + "route-table/*"), ("ec2", ARN + "security-group/*"),
                                         ("ec2", ARN + "subnet/*")])}

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        settings, where = component.settings, ("components", component.id, "settings")
        try:
            network = ipaddress.ip_network(settings.cidr)
        except ValueError:
            return [((*where, "cidr"), f"'{settings.cidr}' is not a network address: e.g. 10.0.0.0/16")]
        if not 16 <= network.prefixlen <= 24 or not network.is_private:
            return [((*where, "cidr"), f"'{settings.cidr}' must be a private block of /16 to /24 (e.g. 10.0.0.0/16)")]
        private, public = blocks(settings)
        chosen = [("private_subnets", i, b) for i, b in enumerate(private)]
        if settings.nat != "none":
            chosen += [("public_subnets", i, b) for i, b in enumerate(public)]
        return _subnet_problems(where, network, chosen)

    def resources(self, c: Any, t: Scope) -> Fragment:
        private, public = blocks(c.settings)
        vpc = t.lid(c.id, "Vpc")
        resources: dict[str, Any] = {vpc: {"Type": "AWS::EC2::VPC", "Metadata": t.meta(), "Properties": {
            "CidrBlock": c.settings.cidr, "EnableDnsHostnames": True, "EnableDnsSupport": True,
            "Tags": [*t.tags(c.id), {"Key": "Name", "Value": t.name(c.id)}]}}}
        tables = []
        for index, (az, block) in enumerate(zip(AZ_SUFFIXES, private)):
            resources |= _subnet(c, t, f"Private{az}", block, index)
            tables.append(t.lid(c.id, f"PrivateRouteTable{az}"))
        if c.settings.nat != "none":
            resources |= _nat(c, t, public)
        resources |= endpoint_resources(t, c.id, tables)
        return {"Resources": resources}

    def wire(self, link: Link, t: Scope) -> Fragment:
        """Flow logs into the log group of its `logs` relation, delivered by the flow logs service's role."""
        c, group, role = link.source, t.lid(link.source.id, "FlowLogGroup"), t.lid(link.source.id, "FlowLogRole")
        resources = log_group(t, group, f"/aws/vpc/{t.name(c.id)}/flow-logs", link.target.id)
        resources[role] = service_role(t, f"Delivers the flow logs of {t.name(c.id)} to their log group",
                                       "vpc-flow-logs.amazonaws.com", t.meta(), policies=[inline_policy(
                                           "flow-logs", allow(["logs:CreateLogStream", "logs:DescribeLogStreams",
                                                               "logs:PutLogEvents"], getatt(group, "Arn")))])
        resources[t.lid(c.id, "FlowLog")] = {"Type": "AWS::EC2::FlowLog", "Metadata": t.meta("flow-logs"), "Properties": {
            "ResourceId": ref(t.lid(c.id, "Vpc")), "ResourceType": "VPC", "TrafficType": c.settings.flow_log_traffic,
            "LogDestinationType": "cloud-watch-logs", "LogGroupName": ref(group),
            "DeliverLogsPermissionArn": getatt(role, "Arn"), "Tags": t.tags(c.id)}}
        return {"Resources": resources}

    def side_text(self, link: Link, side: Side) -> str:
        traffic = {"ALL": "all traffic", "ACCEPT": "accepted traffic", "REJECT": "rejected traffic"}
        return side.becomes.replace("all traffic", traffic[link.source.settings.flow_log_traffic])

    def key_settings(self, component: Any) -> dict[str, str]:
        private, public = blocks(component.settings)
        shown = {"cidr": component.settings.cidr, "private subnets": ", ".join(private), "nat": component.settings.nat}
        if component.settings.nat != "none":
            shown["public subnets"] = ", ".join(public)
        return shown

    def encloses(self, component: Any, graph: SystemGraph) -> list[str]:
        return members(graph, component.id)

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        found = services(graph, component.id)
        inside = members(graph, component.id)
        lines = [f"private subnets in 2 zones, {len(inside)} member(s)",
                 "no NAT" if component.settings.nat == "none" else f"NAT: {component.settings.nat}"]
        if found:
            lines.append("endpoints: " + ", ".join(found))
        return lines


def _subnet_problems(where: tuple[Any, ...], network: Any, chosen: list[tuple[str, int, str]]) -> list[Any]:
    problems: list[tuple[tuple[Any, ...], str]] = []
    seen: list[Any] = []
    for field, index, block in chosen:
        try:
            subnet = ipaddress.ip_network(block)
        except ValueError:
            problems.append(((*where, field, index), f"'{block}' is not a network address (host bits set?)"))
            continue
        if not subnet.subnet_of(network):
            problems.append(((*where, field, index), f"'{block}' is outside the VPC's {network}"))
        elif subnet.prefixlen > 28:
            problems.append(((*where, field, index), f"'{block}' is smaller than AWS's smallest subnet, a /28"))
        elif any(subnet.overlaps(other) for other in seen):
            problems.append(((*where, field, index), f"'{block}' overlaps another subnet of the VPC"))
        seen.append(subnet)
    return problems


def _subnet(c: Any, t: Scope, name: str, block: str, index: int) -> dict[str, Any]:
    subnet, table = t.lid(c.id, f"{name[:-1]}Subnet{name[-1]}"), t.lid(c.id, f"{name[:-1]}RouteTable{name[-1]}")
    tags = [*t.tags(c.id), {"Key": "Name", "Value": t.name(c.id, name.lower())}]
    return {
        subnet: {"Type": "AWS::EC2::Subnet", "Metadata": t.meta(), "Properties": {
            "VpcId": ref(t.lid(c.id, "Vpc")), "CidrBlock": block, "MapPublicIpOnLaunch": False,
            "AvailabilityZone": {"Fn::Select": [index, {"Fn::GetAZs": ""}]}, "Tags": tags}},
        table: {"Type": "AWS::EC2::RouteTable", "Metadata": t.meta(), "Properties": {
            "VpcId": ref(t.lid(c.id, "Vpc")), "Tags": tags}},
        f"{subnet}RouteTableAssociation": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Metadata": t.meta(),
                                           "Properties": {"SubnetId": ref(subnet), "RouteTableId": ref(table)}},
    }


def _nat(c: Any, t: Scope, public: list[str]) -> dict[str, Any]:
    """Public subnets with an internet gateway, and NAT gateways the private route tables route out through."""
    gateway, attachment = t.lid(c.id, "InternetGateway"), t.lid(c.id, "InternetGatewayAttachment")
    resources: dict[str, Any] = {
        gateway: {"Type": "AWS::EC2::InternetGateway", "Metadata": t.meta(), "Properties": {"Tags": t.tags(c.id)}},
        attachment: {"Type": "AWS::EC2::VPCGatewayAttachment", "Metadata": t.meta(), "Properties": {
            "VpcId": ref(t.lid(c.id, "Vpc")), "InternetGatewayId": ref(gateway)}},
    }
    zones = AZ_SUFFIXES if c.settings.nat == "per-az" else AZ_SUFFIXES[:1]
    for index, (az, block) in enumerate(zip(AZ_SUFFIXES, public)):
        resources |= _subnet(c, t, f"Public{az}", block, index)
        resources[t.lid(c.id, f"PublicRoute{az}")] = {"Type": "AWS::EC2::Route", "DependsOn": attachment,
                                                      "Metadata": t.meta(), "Properties": {
            "RouteTableId": ref(t.lid(c.id, f"PublicRouteTable{az}")), "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": ref(gateway)}}
    for az in zones:
        resources[t.lid(c.id, f"NatAddress{az}")] = {"Type": "AWS::EC2::EIP", "DependsOn": attachment,
                                                     "Metadata": t.meta(), "Properties": {"Domain": "vpc",
                                                                                          "Tags": t.tags(c.id)}}
        resources[t.lid(c.id, f"NatGateway{az}")] = {"Type": "AWS::EC2::NatGateway", "Metadata": t.meta(), "Properties": {
            "AllocationId": getatt(t.lid(c.id, f"NatAddress{az}"), "AllocationId"),
            "SubnetId": ref(t.lid(c.id, f"PublicSubnet{az}")), "Tags": t.tags(c.id)}}
    for az in AZ_SUFFIXES:
        nat = az if c.settings.nat == "per-az" else zones[0]
        resources[t.lid(c.id, f"PrivateRoute{az}")] = {"Type": "AWS::EC2::Route", "Metadata": t.meta(), "Properties": {
            "RouteTableId": ref(t.lid(c.id, f"PrivateRouteTable{az}")), "DestinationCidrBlock": "0.0.0.0/0",
            "NatGatewayId": ref(t.lid(c.id, f"NatGateway{nat}"))}}
    return resources


KIND = Ec2Vpc
