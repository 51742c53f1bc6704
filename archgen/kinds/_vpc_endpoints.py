"""The VPC endpoints a VPC needs: one per AWS service its member functions call, found from their relations.

A function inside a VPC without NAT reaches AWS APIs only through endpoints. Each relation a member makes
to a service (reading a table, publishing to a topic, reading a secret, sending traces) names that service
by the target's CloudFormation type; S3 and DynamoDB get gateway endpoints (free, routed by the private
route tables), the others interface endpoints (private DNS, in both subnets, behind one security group
that admits HTTPS from the members that call them and nothing else).

A gateway endpoint is reached by the service's public addresses (its prefix list, whose id CloudFormation
cannot look up), so a member calling S3 or DynamoDB has an HTTPS egress rule to 0.0.0.0/0: it reaches only
those services, because the private route tables route nowhere else (no NAT, no internet gateway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._cfn import getatt, ref, sub

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.scope import Scope

# CloudFormation type of a relation's target -> (the endpoint's service name, gateway endpoint).
SERVICES: dict[str, tuple[str, bool]] = {
    "AWS::DynamoDB::Table": ("dynamodb", True),
    "AWS::S3::Bucket": ("s3", True),
    "AWS::SQS::Queue": ("sqs", False),
    "AWS::SNS::Topic": ("sns", False),
    "AWS::SecretsManager::Secret": ("secretsmanager", False),
    "AWS::SSM::Parameter": ("ssm", False),
    "AWS::StepFunctions::StateMachine": ("states", False),
    "AWS::Events::EventBus": ("events", False),
    "AWS::Lambda::Function": ("lambda", False),
    "AWS::Kinesis::Stream": ("kinesis-streams", False),
}
# Meanings that are calls the function's code makes from inside the VPC (a trigger is polled by Lambda).
CALLS = ("read", "write", "read-write", "invoke", "publish", "send", "start", "put-events")
TRACES = ("trace", "xray")  # active tracing: the X-Ray SDK sends segments through the daemon, to xray


def target_type(graph: SystemGraph, component_id: str) -> str | None:
    """The CloudFormation type of a relation's target: its kind's, or the one a CloudFormation resource names."""
    kind = graph.kind(component_id)
    return kind.cfn_type or getattr(getattr(graph.components[component_id], "settings", None), "type", None)


def services_of(graph: SystemGraph, component_id: str) -> dict[str, bool]:
    """service -> gateway, for every AWS service this member's relations call."""
    found: dict[str, bool] = {}
    for relation in graph.outgoing(component_id):
        link = graph.link(relation)
        if link.meaning.name == TRACES[0]:
            found[TRACES[1]] = False
        elif link.meaning.name in CALLS and target_type(graph, relation.target) in SERVICES:
            service, gateway = SERVICES[target_type(graph, relation.target)]  # type: ignore[index]
            found[service] = gateway
    return found


def unreachable(graph: SystemGraph, component_id: str) -> list[str]:
    """The targets this member calls that no endpoint carries (a service the table above lacks), in order."""
    from archgen.kinds._vpc import placement

    where = placement(graph)
    return [r.target for r in graph.outgoing(component_id)
            if graph.link(r).meaning.name in CALLS and r.target not in where
            and target_type(graph, r.target) not in SERVICES]


def services(graph: SystemGraph, vpc_id: str) -> dict[str, dict[str, bool]]:
    """service -> {member: gateway} over every member of the VPC, services in name order."""
    from archgen.kinds._vpc import members

    found: dict[str, dict[str, bool]] = {}
    for member in members(graph, vpc_id):
        for service, gateway in services_of(graph, member).items():
            found.setdefault(service, {})[member] = gateway
    return dict(sorted(found.items()))


def endpoint_egress(c: Any, t: Scope, vpc_id: str) -> list[dict[str, Any]]:
    """A member's egress rules to the endpoints it uses (and to the internet, when the VPC has NAT)."""
    used = services_of(t.graph, c.id)
    rules = []
    if any(not gateway for gateway in used.values()):
        rules.append({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Description": "HTTPS to the VPC "
                      "interface endpoints", "DestinationSecurityGroupId": getatt(endpoints_group(t, vpc_id), "GroupId")})
    nat = t.graph.components[vpc_id].settings.nat != "none"  # type: ignore[attr-defined]
    if nat or any(used.values()):
        what = "the internet through NAT" if nat else "the gateway endpoints (the route tables route nowhere else)"
        rules.append({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0",
                      "Description": f"HTTPS to {what}"})
    return rules


def endpoints_group(t: Scope, vpc_id: str) -> str:
    return t.lid(vpc_id, "EndpointsSecurityGroup")


def endpoint_resources(t: Scope, vpc_id: str, route_tables: list[str]) -> dict[str, Any]:
    """Every endpoint the members need, the interface endpoints' group and its ingress per member."""
    from archgen.kinds._vpc import group_id, subnets

    used = services(t.graph, vpc_id)
    resources: dict[str, Any] = {}
    vpc = ref(t.lid(vpc_id, "Vpc"))
    interface_users: dict[str, None] = {}
    for service, users in used.items():
        gateway = next(iter(users.values()))
        properties: dict[str, Any] = {"ServiceName": sub(f"com.amazonaws.${{AWS::Region}}.{service}"), "VpcId": vpc}
        if gateway:
            properties |= {"VpcEndpointType": "Gateway", "RouteTableIds": [ref(rt) for rt in route_tables]}
        else:
            properties |= {"VpcEndpointType": "Interface", "PrivateDnsEnabled": True, "SubnetIds": subnets(t, vpc_id),
                           "SecurityGroupIds": [getatt(endpoints_group(t, vpc_id), "GroupId")]}
            interface_users.update(dict.fromkeys(users))
        resources[t.lid(vpc_id, f"{service}-endpoint")] = {"Type": "AWS::EC2::VPCEndpoint", "Metadata": t.meta(),
                                                           "Properties": properties}
    if interface_users:
        resources[endpoints_group(t, vpc_id)] = {"Type": "AWS::EC2::SecurityGroup", "Metadata": t.meta(), "Properties": {
            "GroupDescription": f"{t.name(vpc_id)} interface endpoints: HTTPS from the members that call them",
            "VpcId": vpc, "SecurityGroupEgress": [{
                "IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "CidrIp": "127.0.0.1/32",
                "Description": "No egress: endpoints only answer"}],
            "Tags": t.tags(vpc_id)}}
        for member in interface_users:
            resources[t.lid(vpc_id, f"endpoints-from-{member}-ingress")] = {
                "Type": "AWS::EC2::SecurityGroupIngress", "Metadata": t.meta(), "Properties": {
                    "GroupId": getatt(endpoints_group(t, vpc_id), "GroupId"), "IpProtocol": "tcp", "FromPort": 443,
                    "ToPort": 443, "SourceSecurityGroupId": group_id(t, member),
                    "Description": f"HTTPS from {member}"}}
    return resources
