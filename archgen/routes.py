"""Who checks the callers of each route: routes fail closed.

An API that checks callers (a relation with `protects`, the API's authorizer) protects every route it
serves, unless the model marks a route public with its reason: an exception
`{component: api, control: E106, routes: ["GET /{linkId}"], reason: ...}`. A route neither protected
nor public is rule E106; a `protects` naming a route the API does not serve is an error (a typo would
leave the real route open). Read by validation, the rule, the API kinds and the Security page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.schema import ControlException, Relation

PUBLIC_RULE = "E106"


def served(relations: list[Relation], component: str) -> list[str]:
    """The routes `component` serves (its outgoing relations' `routes`), in model order."""
    return list(dict.fromkeys(route for r in relations if r.source == component for route in r.routes or ()))


def guards(relations: list[Relation], component: str) -> dict[str, str]:
    """route -> the component that checks its callers."""
    return {route: r.target for r in relations if r.source == component for route in r.protects or ()}


def checks_callers(relations: list[Relation], component: str) -> bool:
    return any(r.protects for r in relations if r.source == component)


def public(exceptions: list[ControlException], component: str) -> dict[str, str]:
    """route -> the model's reason it is public (the E106 exceptions of the component)."""
    return {route: str(e.reason) for e in exceptions
            if e.control == PUBLIC_RULE and e.component == component for route in e.routes or ()}


def public_routes(graph: SystemGraph, component: str) -> dict[str, str]:
    return public(graph.model.exceptions, component)


def guard_of(graph: SystemGraph, component: str, route: str) -> str | None:
    return guards(graph.model.relations, component).get(route)
