"""Facts about a component that several pages show, each worked out in one place: where it lives
(a region, "global" or "outside AWS"), and the routes an API serves as its clients call them.

Global services (CloudFront, Route 53) and components outside AWS have no region of their own:
showing the system's region for them would say something false. A kind may say so itself with a
class attribute `scope = "global"` or `"external"`; the kinds of the catalogue that do not yet are
listed here.
"""

from __future__ import annotations

from typing import Iterable

from archgen.graph import SystemGraph
from archgen.schema import Relation

OUTSIDE_LAYER = "external"
GLOBAL = "global"
EXTERNAL = "outside AWS"
_SCOPES = {"cloudfront.distribution": GLOBAL, "route53.record": GLOBAL, "gitlab.repository": "external"}


def scope(graph: SystemGraph, component_id: str) -> str:
    """"regional", "global" or "external"."""
    component = graph.components[component_id]
    kind = graph.kind(component_id)
    if str(component.layer) == OUTSIDE_LAYER or kind.name.startswith("external."):
        return "external"
    return str(getattr(kind, "scope", None) or _SCOPES.get(kind.name, "regional"))


def where(graph: SystemGraph, component_id: str, deployed: Iterable[str] = ()) -> str:
    """The regions the component lives in (`deployed`: those of the stacks holding its resources, when
    known; the alarms of CloudFront's metrics live in a second one), or "global", or "outside AWS"."""
    found = scope(graph, component_id)
    if found == "external":
        return EXTERNAL
    if found == GLOBAL:
        return GLOBAL
    regions = sorted(set(deployed)) or graph.kind(component_id).regions(graph.components[component_id], graph)
    return ", ".join(regions)


def mount(graph: SystemGraph, api_id: str) -> str:
    """The path prefix the API's routes are served under (its origin's `/api/*` -> `/api`), as the
    API's kind builds it into the templates; "" for a kind that mounts nothing."""
    kind = graph.kind(api_id)
    mounted = getattr(kind, "mount", None)
    return str(mounted(graph.components[api_id], graph)) if callable(mounted) else ""


def served(graph: SystemGraph, relation: Relation, route: str) -> str:
    """A route of the model (`GET /items`, relative to the API) as clients call it and the API serves
    it (`GET /api/items`): the one form every page shows."""
    return served_at(graph, relation.source, route)


def served_at(graph: SystemGraph, api_id: str, route: str) -> str:
    """`served` for a route of the API `api_id`; a route key (`$default`, a WebSocket action) as it is."""
    if " /" not in route:
        return route
    verb, _, path = route.partition(" ")
    full = (mount(graph, api_id) + path.rstrip("/")) or "/"
    return f"{verb} {full}"


def served_routes(graph: SystemGraph, relation: Relation, field: str = "routes") -> list[str]:
    return [served(graph, relation, route) for route in getattr(relation, field) or ()]
