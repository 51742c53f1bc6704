"""CORS on a REST API that browsers reach directly (not through the site's CloudFront, same origin).

A page of the system's domain calling the API on its own domain is a cross-origin call: before a
call with an Authorization header or a JSON body, the browser asks `OPTIONS` of the path. Each path
the routes serve answers it here, with a MOCK integration (no function runs, nothing is authorised
for a preflight: it carries no credentials), naming the one origin allowed, the path's methods and
the headers the calls send. The functions behind the routes give the same origin in their answers:
they get it as `ALLOWED_ORIGIN`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._cfn import ref

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.render.cloudformation.scope import Scope

HEADERS = "Authorization,Content-Type"
MAX_AGE_S = 600


def cors_origin(component: Any, graph: SystemGraph) -> str | None:
    """The origin allowed to call the API from a browser: the system's domain, when the model says pages
    call it (`cors: true`); None otherwise (behind the site's distribution the API shares its origin)."""
    return f"https://{graph.system.domain}" if component.settings.cors else None


def method_id(path: str) -> str:
    return "MethodOptions" + "".join(p.strip("{}").title().replace("-", "").replace("_", "").replace(".", "")
                                     for p in path.split("/"))


def preflights(component: Any, t: Scope, routes: list[tuple[str, str]],
               resource_id: Any) -> dict[str, Any]:
    """An OPTIONS method per served path that has none of its own: `resource_id(path)` is its resource."""
    origin = cors_origin(component, t.graph)
    if origin is None:
        return {}
    verbs: dict[str, set[str]] = {}
    for verb, path in routes:
        verbs.setdefault(path or "/", set()).add(verb)
    resources: dict[str, Any] = {}
    for path, served in sorted(verbs.items()):
        if "OPTIONS" in served or "ANY" in served:
            continue  # the model's own route answers the preflight
        allowed = ",".join(sorted(served | {"OPTIONS"}))
        headers = {"Access-Control-Allow-Origin": f"'{origin}'", "Access-Control-Allow-Methods": f"'{allowed}'",
                   "Access-Control-Allow-Headers": f"'{HEADERS}'", "Access-Control-Max-Age": f"'{MAX_AGE_S}'"}
        resources[t.lid(component.id, method_id(path))] = {"Type": "AWS::ApiGateway::Method", "Metadata": t.meta(),
                                                           "Properties": {
            "RestApiId": ref(t.lid(component.id, "Api")), "ResourceId": resource_id(path), "HttpMethod": "OPTIONS",
            "AuthorizationType": "NONE",
            "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                            "IntegrationResponses": [{"StatusCode": "200", "ResponseTemplates": {"application/json": ""},
                                                      "ResponseParameters": {f"method.response.header.{name}": value
                                                                             for name, value in headers.items()}}]},
            "MethodResponses": [{"StatusCode": "200", "ResponseParameters": {
                f"method.response.header.{name}": True for name in headers}}]}}
    return resources
