"""E121: every route of an HTTP or WebSocket API checks its caller, unless the model says why it is public."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class UnprotectedRoute(Rule):
    id = "E121"
    waivable = True  # a public route states why
    shortdesc = "Route no authorizer protects"
    description = ("Each route of an API whose kind checks callers per route (`guarded_routes`: an HTTP API's "
                   "routes, a WebSocket API's `$connect`) is in the `protects` of an authorizer relation, or the "
                   "model's exception to E121 for that API gives the reason its public routes are public (the "
                   "REST API's open methods need the same, as the reason to checkov's CKV_AWS_59).")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for relation in graph.relations:
            guarded = getattr(graph.kind(relation.source), "guarded_routes", None)
            if guarded is None:
                continue
            served = {route for r in graph.outgoing(relation.source) for route in r.routes or ()}
            for number, route in enumerate(relation.protects or ()):
                if route not in served:  # a typo here would leave the route meant unprotected
                    yield Finding(("relations", relation.index, "protects", number), (
                        f"'{route}' is no route of '{relation.source}' (it serves "
                        f"{', '.join(sorted(served)) or 'none'}): protect a route it serves"))
            protected = {route for r in graph.outgoing(relation.source) for route in r.protects or ()}
            for number, route in enumerate(relation.routes or ()):
                if route in guarded(graph.components[relation.source], graph) and route not in protected:
                    yield Finding(("relations", relation.index, "routes", number), (
                        f"'{route}' of '{relation.source}' is protected by no authorizer: add it to the "
                        "'protects' of its authorizer relation, or, if anyone may call it, an exception "
                        f"(component: {relation.source}, control: E121) with the reason"), relation.source)


RULE = UnprotectedRoute
