"""E103: a flow that reaches a protected API goes through its authorizer before the API calls on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import Step, SystemGraph


class ProtectedRouteBypassed(Rule):
    id = "E103"
    shortdesc = "Protected route reachable without the authorizer"
    description = ("When a component protects its routes with a check (a relation with `protects`), every flow "
                   "that passes through it must take the check step before it calls on along a protected route.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        guards = {r.source: r.target for r in graph.relations if r.protects}
        for flow in graph.flows.values():
            checked: set[str] = set()
            for step in flow.steps:
                if step.returning:
                    continue
                if guards.get(step.source) == step.target:
                    checked.add(step.source)
                elif step.source in guards and step.source not in checked and _guarded(graph, step):
                    yield Finding(("flows", flow.id, "steps", step.number - 1),
                                  f"step {step.number} leaves '{step.source}' before its authorizer "
                                  f"'{guards[step.source]}' checked the caller: add a step "
                                  f"'{step.source} -> {guards[step.source]}: verify token' before it",
                                  step.source)


def _guarded(graph: SystemGraph, step: Step) -> bool:
    """Whether the step leaves along a relation serving a protected route (a public route, such as a short
    link's redirect, needs no check); a relation without routes is guarded whenever its source is."""
    protected = {route for r in graph.outgoing(step.source) for route in r.protects or ()}
    routes = step.relation.routes
    return not routes or bool(set(routes) & protected)


RULE = ProtectedRouteBypassed
