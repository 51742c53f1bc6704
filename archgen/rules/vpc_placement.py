"""E140: what sits inside a VPC must be placed so that the network can be built.

A database or proxy names an `ec2.vpc` (or leaves it out when the model has exactly one); a proxy has
exactly one database, in its own VPC; a function reaches one VPC at most (it has one network
configuration); every member is in its VPC's layer (the members reference the VPC's subnets within one
stack); a VPC logs its flows and a database its exports, each through a `logs` relation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.kinds._vpc import VPC_KIND, bound, placement, reached_vpcs, vpcs
from archgen.rules._base import Finding, Rule, component_path, meaning

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

PROXY, DATABASE, FUNCTION = "rds.proxy", "rds.aurora_serverless", "lambda.function"
LOGGED = (VPC_KIND, DATABASE)  # kinds whose logs go to a log group only through a `logs` relation


class VpcPlacement(Rule):
    id = "E140"
    shortdesc = "Component placed in no VPC, two VPCs, or another layer than its VPC"
    description = ("Databases and proxies live in an ec2.vpc (their `vpc` setting, or the model's only VPC); a "
                   "function is inside the VPC its relations reach, and may reach only one; every member is in its "
                   "VPC's layer; a proxy has one database in its VPC; a VPC and a database log through a `logs` "
                   "relation.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        yield from self._named(graph)
        where = placement(graph)
        for cid, component in graph.components.items():
            vpc = where.get(cid)
            if component.kind == FUNCTION and len(reached_vpcs(graph, cid)) > 1:
                yield Finding(component_path(cid), (
                    f"'{cid}' reaches components in VPCs {', '.join(reached_vpcs(graph, cid))}: a function is in one "
                    "VPC; split it in two functions or put those components in one VPC"), cid)
            elif vpc is not None and component.layer != graph.components[vpc].layer:
                yield Finding((*component_path(cid), "layer"), (
                    f"'{cid}' is inside VPC '{vpc}' (layer {graph.components[vpc].layer}) but in layer "
                    f"{component.layer}: put it in layer {graph.components[vpc].layer}"), cid)
            if component.kind == PROXY:
                yield from self._proxy(graph, cid, vpc)
            if component.kind in LOGGED:
                yield from self._logged(graph, cid)

    def _logged(self, graph: SystemGraph, cid: str) -> Iterator[Finding]:
        """A VPC's flow logs and a database's exports go to the log group of its `logs` relation; a VPC whose
        flow logs the model switches off (an exception to `flow-logs`) has no such relation to realise."""
        logs = [r for r in graph.outgoing(cid) if meaning(graph, cid, r.target) == "logs"]
        off = any(c.id == "flow-logs" and not c.on for c in graph.controls(cid))
        if off and logs:
            yield Finding(("relations", logs[0].index), (
                f"'{cid}' logs no flows (its exception to flow-logs): remove this relation, or the exception"), cid)
        elif not off and not logs:
            what = "its flow logs" if graph.components[cid].kind == VPC_KIND else "the logs it exports"
            yield Finding(component_path(cid), (
                f"'{cid}' has no log group for {what}: relate it to a cloudwatch.logs component "
                f"(- {{from: {cid}, to: <logs>, label: logs}})"), cid)

    def _named(self, graph: SystemGraph) -> Iterator[Finding]:
        known = vpcs(graph)
        for cid, component in graph.components.items():
            if not bound(graph, cid):
                continue
            named = component.settings.vpc  # type: ignore[attr-defined]
            path = (*component_path(cid), "settings", "vpc")
            if named is None and len(known) != 1:
                yield Finding(component_path(cid), (
                    f"'{cid}' lives in a VPC: " + ("add an ec2.vpc component" if not known else
                                                    f"name one in settings.vpc ({', '.join(known)})")), cid)
            elif named is not None and (named not in graph.components or graph.components[named].kind != VPC_KIND):
                yield Finding(path, f"'{named}' is no ec2.vpc component" + (
                    f": use one of {', '.join(known)}" if known else ": add one"), cid)

    def _proxy(self, graph: SystemGraph, cid: str, vpc: str | None) -> Iterator[Finding]:
        databases = [r.target for r in graph.outgoing(cid) if graph.components[r.target].kind == DATABASE]
        if len(databases) != 1:
            yield Finding(component_path(cid), (
                f"'{cid}' proxies {len(databases)} databases: relate it to exactly one rds.aurora_serverless "
                f"(- {{from: {cid}, to: <database>, label: connections}})"), cid)
        elif vpc is not None and placement(graph).get(databases[0]) not in (vpc, None):  # None: reported above
            yield Finding((*component_path(cid), "settings", "vpc"), (
                f"'{cid}' is in VPC '{vpc}' but its database '{databases[0]}' is not: put both in one VPC"), cid)


RULE = VpcPlacement
