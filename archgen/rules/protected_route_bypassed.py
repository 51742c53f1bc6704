"""E103: a flow that reaches a protected API goes through its authorizer before the API calls on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import Step, SystemGraph


class ProtectedRouteBypassed(Rule):
    id = "E103"
    waivable = True  # a flow that skips the authorizer on purpose states why
    shortdesc = "Protected route reachable without the authorizer"
    description = ("When a component protects its routes with a check (a relation with `protects`), every flow "
                   "that passes through it must take the check step before it calls on along a protected route.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        guards: dict[str, list[str]] = {}  # an API -> its authorizers (one per `protects` relation)
        for r in graph.relations:
            if r.protects:
                guards.setdefault(r.source, []).append(r.target)
        for flow in graph.flows.values():
            checked: set[tuple[str, str]] = set()
            for step in flow.steps:
                if step.returning:
                    continue
                if step.target in guards.get(step.source, ()):
                    checked.add((step.source, step.target))
                    continue
                needed = _guards(graph, step) if step.source in guards else []
                if needed and not any((step.source, guard) in checked for guard in needed):
                    yield Finding(("flows", flow.id, "steps", step.number - 1),
                                  f"step {step.number} leaves '{step.source}' before its authorizer "
                                  f"'{needed[0]}' checked the caller: add a step "
                                  f"'{step.source} -> {needed[0]}: verify token' before it",
                                  step.source)


def _guards(graph: SystemGraph, step: Step) -> list[str]:
    """The authorizers of the protected routes the step leaves along (a public route, such as a short
    link's redirect, needs none); a relation without routes needs any of its source's authorizers."""
    by_route = {route: r.target for r in graph.outgoing(step.source) for route in r.protects or ()}
    routes = step.relation.routes
    if not routes:
        return sorted(set(by_route.values()))
    return sorted({by_route[route] for route in routes if route in by_route})


RULE = ProtectedRouteBypassed
