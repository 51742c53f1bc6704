"""Docs leg, facts: the routes the pages show against the routes the templates on disk serve, and the
place each component page gives (`**Where:**`) against where the templates deploy it.

A route on a page is a code span `VERB /path`. The templates serve a route where an
`AWS::ApiGateway::Method` stands on a resource whose path is its `PathPart`s up to the API's root.
Every route shown must be served (a page saying `GET /items` of an API that serves `GET /api/items`
misleads its reader), and every served route must be shown somewhere. A component whose resources a
stack in `deploy/manifest.json` holds must show that stack's region, unless it is global or outside AWS.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from archgen.audit.markdown import Page
from archgen.audit.report import Leg
from archgen.docs import facts
from archgen.docs.site import component_page

_ROUTE = re.compile(r"`(?P<route>(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /[^`\s]*)`")
_WHERE = re.compile(r"\*\*Where:\*\* (?P<where>[^·\n]+?)\s*(?:·|$)")
MANIFEST = "deploy/manifest.json"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Templates in long form; any short-form tag is read as nothing."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _templates(root: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(manifest stack, template) for each stack on disk."""
    try:
        manifest = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for stack in manifest.get("stacks", []) if isinstance(manifest, dict) else []:
        try:
            template = yaml.load((root / str(stack.get("template", ""))).read_text("utf-8"), Loader=_Loader)  # noqa: S506
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(template, dict):
            found.append((stack, template))
    return found


def _preflight(props: dict[str, Any]) -> bool:
    """A CORS preflight (OPTIONS answered by a MOCK integration) is the API's CORS setting, which the pages
    show with the API, not a route of the model."""
    integration = props.get("Integration")
    return props.get("HttpMethod") == "OPTIONS" and isinstance(integration, dict) and integration.get("Type") == "MOCK"


def served_routes(root: Path) -> set[str]:
    routes = set()
    for _, template in _templates(root):
        resources = template.get("Resources") or {}
        for body in resources.values():
            if isinstance(body, dict) and body.get("Type") == "AWS::ApiGateway::Method":
                props = body.get("Properties") or {}
                if _preflight(props):
                    continue
                routes.add(f"{props.get('HttpMethod')} {_path(resources, props.get('ResourceId'))}")
            elif isinstance(body, dict) and body.get("Type") == "AWS::ApiGatewayV2::Route":
                key = str((body.get("Properties") or {}).get("RouteKey", ""))
                if " /" in key:  # an HTTP API's `METHOD /path` (route keys such as `$default` are not paths)
                    routes.add(key)
    return routes


def _path(resources: dict[str, Any], reference: Any, depth: int = 0) -> str:
    """A resource's path, from its `PathPart`s up to the root (a `GetAtt ... RootResourceId`)."""
    name = reference.get("Ref") if isinstance(reference, dict) else None
    body = resources.get(name) if isinstance(name, str) else None
    if not isinstance(body, dict) or depth > 50:
        return "/"
    props = body.get("Properties") or {}
    parent = _path(resources, props.get("ParentId"), depth + 1).rstrip("/")
    return f"{parent}/{props.get('PathPart', '')}"


def check_routes(graph: Any, root: Path, read: dict[str, Page], leg: Leg) -> None:
    served = served_routes(root)
    if not served:
        return  # no templates on disk: nothing to hold the pages to
    shown: set[str] = set()
    for page in read.values():
        for number, line in enumerate(page.lines, start=1):
            for match in _ROUTE.finditer(line):
                shown.add(match["route"])
                if match["route"] not in served:
                    leg.gap(f"route {match['route']}", f"at docs/{page.path}:{number}: the templates serve no such "
                                                       f"route (they serve {', '.join(sorted(served))})")
    for route in sorted(served - shown):
        leg.gap(f"route {route}", "served by the templates, but no page shows it")


def check_regions(graph: Any, read: dict[str, Page], leg: Leg) -> None:
    regions: dict[str, set[str]] = {}
    for stack, template in _templates(_root(graph)):
        for body in (template.get("Resources") or {}).values():
            origin = ((body.get("Metadata") or {}).get("archgen") or {}) if isinstance(body, dict) else {}
            if origin.get("component") in graph.components:
                regions.setdefault(origin["component"], set()).add(str(stack.get("region", "")))
    for component_id in graph.components:
        path = component_page(graph, component_id)
        page = read.get(path)
        if page is None:
            continue  # the page's absence is a gap already
        shown = next((m["where"] for line in page.lines if (m := _WHERE.search(line))), None)
        scope = facts.scope(graph, component_id)
        wanted = {facts.EXTERNAL} if scope == "external" else {facts.GLOBAL} if scope == facts.GLOBAL else (
            regions.get(component_id) or set(facts.where(graph, component_id).split(", ")))
        if shown is None or set(_plain(shown).split(", ")) != wanted:
            leg.gap(f"region of {component_id}", f"docs/{path} says {shown!r}, but it is deployed in "
                                                 f"{', '.join(sorted(wanted))}")


def _plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def _root(graph: Any) -> Path:
    return Path(graph.model.root)
