"""E120: every route a relation names is one its API serves (a REST API `METHOD /path`, an HTTP API also
`$default`, a WebSocket API its route keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class RouteForm(Rule):
    id = "E120"
    shortdesc = "Route its API cannot serve"
    description = ("The `routes` and `protects` of a relation are routes of its source API, in the form that "
                   "API's kind serves: `METHOD /path` on a REST API, also `$default` on an HTTP API, and "
                   "`$connect`, `$disconnect`, `$default` or an action name on a WebSocket API.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for relation in graph.relations:
            kind = graph.kind(relation.source)
            for field in ("routes", "protects"):
                for number, route in enumerate(getattr(relation, field) or ()):
                    problem = kind.route_problem(route)
                    if problem is not None:
                        yield Finding(("relations", relation.index, field, number), problem)


RULE = RouteForm
