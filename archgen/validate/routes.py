"""Routes named by `protects` and by E106 exceptions are routes the API serves (with a did-you-mean):
a check on a misspelt route would deploy the real route with no authorizer."""

from __future__ import annotations

from typing import Any

from archgen.errors import ModelError, one_of, suggest
from archgen.load import Document
from archgen.routes import PUBLIC_RULE, guards, served
from archgen.schema import ControlException, Relation


def check_routes(document: Document, relations: list[Relation], exceptions: list[ControlException],
                 errors: list[ModelError]) -> None:
    for relation in relations:
        if not relation.protects:
            continue  # (asking every relation what its source serves would be quadratic)
        routes = served(relations, relation.source)
        for index, route in enumerate(relation.protects or ()):
            if route not in routes:
                errors.append(document.error(("relations", relation.index, "protects", index),
                                             _unserved(relation.source, route, routes, "protect")))
    for exception in exceptions:
        _public(document, relations, exception, errors)


def _public(document: Document, relations: list[Relation], exception: ControlException,
            errors: list[ModelError]) -> None:
    path: tuple[Any, ...] = ("exceptions", exception.index)
    if exception.control != PUBLIC_RULE:
        if exception.routes is not None:
            errors.append(document.error(path + ("routes",), f"'routes' marks routes public: only with "
                                                             f"'control: {PUBLIC_RULE}'"))
        return
    if exception.component is None or not exception.routes:
        errors.append(document.error(path, f"an {PUBLIC_RULE} exception names its public routes: give "
                                           f"'component' (the API) and 'routes: [\"GET /...\"]'"))
        return
    routes, checked = served(relations, exception.component), guards(relations, exception.component)
    for index, route in enumerate(exception.routes):
        where = path + ("routes", index)
        if route not in routes:
            errors.append(document.error(where, _unserved(exception.component, route, routes, "make public")))
        elif route in checked:
            errors.append(document.error(where, f"'{route}' is both public here and protected by "
                                                f"'{checked[route]}' (its protects): keep one"))


def _unserved(component: str, route: str, routes: list[str], what: str) -> str:
    listed = f"it serves {one_of(routes)}" if routes else "it serves no route (no relation with 'routes')"
    return (f"'{component}' serves no route '{route}' to {what}{suggest(route, routes)}; {listed}: "
            f"name a served route")
