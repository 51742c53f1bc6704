"""Routes as the APIs serve them: REST-style `METHOD /path`, an HTTP API's `$default`, a WebSocket
API's route keys. Each API kind says which it serves (`Kind.route_problem`, checked with the relations); the helpers
here turn a route into what the templates need (the ARN path of its Lambda permission, a logical id)."""

from __future__ import annotations

import re

WEBSOCKET_KEYS = ("$connect", "$disconnect", "$default")
_GREEDY = re.compile(r"\{[A-Za-z0-9_]+\+\}")


def is_path_route(route: str) -> bool:
    return " /" in route


def path_route_problem(route: str, kind: str) -> str | None:
    """`METHOD /path`, with `{name+}` (a greedy path variable) only as the last part."""
    if not is_path_route(route):
        return f"'{route}' is no route of {_article(kind)} {kind}: write 'METHOD /path' (e.g. 'GET /items/{{id}}')"
    parts = route.split(" ", 1)[1].split("/")
    for index, part in enumerate(parts):
        if "+" in part and (not _GREEDY.fullmatch(part) or index != len(parts) - 1):
            return (f"'{route}': '+' belongs only in a greedy variable as the path's last part "
                    "(e.g. 'ANY /{proxy+}')")
    return None


def http_route_problem(route: str, kind: str) -> str | None:
    """An HTTP API serves `METHOD /path` routes and `$default`, the catch-all."""
    return None if route == "$default" else path_route_problem(route, kind)


def websocket_route_problem(route: str, kind: str) -> str | None:
    """A WebSocket API serves `$connect`, `$disconnect`, `$default` and action names (route keys)."""
    if is_path_route(route) or route.startswith("$") and route not in WEBSOCKET_KEYS:
        return (f"'{route}' is no route key of {_article(kind)} {kind}: '$connect', '$disconnect', '$default' "
                "or the action a message names (e.g. 'sendmessage')")
    return None


def arn_path(route: str) -> str:
    """The route's part of an execute-api ARN (`GET /items/{id}` -> `GET/items/*`, `ANY` -> `*`)."""
    if not is_path_route(route):
        return route
    verb, path = route.split(" ", 1)
    parts = ["*" if part.startswith("{") else part for part in path.rstrip("/").split("/")]
    return ("*" if verb == "ANY" else verb) + "/".join(parts)


def route_suffix(route: str) -> str:
    """A logical-id part naming the route (`GET /items/{id}` -> `RouteGetItemsId`, `$default` -> `RouteDefault`)."""
    words = re.split(r"[^A-Za-z0-9]+", route.replace("+", " greedy"))
    return "Route" + "".join(word[:1].upper() + word[1:] for word in words if word)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
