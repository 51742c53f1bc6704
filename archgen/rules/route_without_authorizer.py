"""E106: every route of an API that checks callers is protected, or public with the model's reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.routes import PUBLIC_RULE, checks_callers, guards, public_routes
from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class RouteWithoutAuthorizer(Rule):
    id = PUBLIC_RULE
    waivable = True  # a public route states why (its exception names the route)
    shortdesc = "Route served with no authorizer"
    description = ("An API that checks its callers (a relation with `protects`) checks them on every route it "
                   "serves: routes fail closed. A route meant for anyone (a short link's redirect) is named in "
                   "an exception `{component: <api>, control: E106, routes: [...], reason: ...}`; it deploys "
                   "with no authorizer, and the Security page shows it with that reason.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components:
            relations = graph.outgoing(component)  # those whose source is the component: what the helpers read
            if not checks_callers(relations, component):
                continue
            if callable(getattr(graph.kind(component), "guarded_routes", None)):
                continue  # an HTTP or WebSocket API: rule E121 holds each of its routes to its own authorizers
            checked, public = guards(relations, component), public_routes(graph, component)
            for relation in graph.outgoing(component):
                for index, route in enumerate(relation.routes or ()):
                    if route in checked or route in public:
                        continue
                    guard = next(iter(dict.fromkeys(checked.values())))
                    # no component: a whole-component exception cannot waive it, only one naming the route
                    yield Finding(("relations", relation.index, "routes", index), (
                        f"'{component}' serves '{route}' with no authorizer, though it checks callers with "
                        f"'{guard}': add the route to that relation's 'protects', or mark it public: an "
                        f"exception {{component: {component}, control: {PUBLIC_RULE}, routes: [\"{route}\"], "
                        f"reason: ...}}"))


RULE = RouteWithoutAuthorizer
