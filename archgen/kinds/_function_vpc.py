"""A function's side of a VPC: inside one when its relations reach a database or proxy there
(archgen/kinds/_vpc.py decides), with its own security group, both private subnets, and the network
interfaces Lambda needs, granted by AWS's managed policy for exactly that (AWSLambdaVPCAccessExecutionRole:
ec2:CreateNetworkInterface and its kin, which have no resource-level permissions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._cfn import sub
from archgen.kinds._vpc import group_id, security_group, subnets, vpc_of

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.scope import Scope

VPC_ACCESS_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"


def in_vpc(component: Any, graph: SystemGraph) -> bool:
    return vpc_of(graph, component.id) is not None


def with_vpc(c: Any, t: Scope, fragment: dict[str, Any]) -> dict[str, Any]:
    """The function's fragment, placed in its VPC when it is inside one (unchanged otherwise)."""
    vpc = vpc_of(t.graph, c.id)
    if vpc is None:
        return fragment
    resources = fragment["Resources"]
    resources[t.lid(c.id, "Function")]["Properties"]["VpcConfig"] = {
        "SubnetIds": subnets(t, vpc), "SecurityGroupIds": [group_id(t, c.id)]}
    resources[t.lid(c.id, "Role")]["Properties"]["ManagedPolicyArns"] = [sub(VPC_ACCESS_POLICY)]
    resources |= security_group(c, t, vpc)
    return fragment
