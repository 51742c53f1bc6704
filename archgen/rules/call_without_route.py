"""W204: a function inside a VPC without NAT calls an AWS service no VPC endpoint carries.

The VPC's endpoints follow from its members' relations (archgen/kinds/_vpc_endpoints.py) for the services
the catalogue knows; a call to any other (a `cloudformation.resource` of a service with no endpoint known
here) would time out: there is no route out. Give the VPC NAT (`nat: single`), or waive the warning with
the reason the call gets through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.kinds._vpc import placement
from archgen.kinds._vpc_endpoints import target_type, unreachable
from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class CallWithoutRoute(Rule):
    id = "W204"
    shortdesc = "Call from inside a VPC that no endpoint or NAT carries"
    description = ("A function inside a VPC without NAT reaches AWS only through the VPC endpoints its relations "
                   "give it; a relation to a service without a known endpoint would time out.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        where = placement(graph)
        for cid, vpc in where.items():
            if graph.components[vpc].settings.nat != "none":  # type: ignore[attr-defined]
                continue
            for target in unreachable(graph, cid):
                relation = graph.relation(cid, target)
                assert relation is not None
                yield Finding(("relations", relation.index), (
                    f"'{cid}' is inside VPC '{vpc}', which has no NAT and no endpoint for "
                    f"{target_type(graph, target) or target} ('{target}'): give the VPC 'nat: single', or "
                    "waive W204 for it with the reason the call gets through"), cid)


RULE = CallWithoutRoute
