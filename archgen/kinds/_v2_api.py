"""What an HTTP API and a WebSocket API (API Gateway v2) share: the API's routes to functions, their
authorizers, the `$default`-style auto-deployed stage and its access logs.

Each route is a `AWS::ApiGatewayV2::Route` whose target is one integration per function (Lambda proxy);
an authorizer is one per `authorize` relation; every resource sits in the API's stack. The Lambda
permissions come from SAM's connector profile (`AWS::ApiGatewayV2::Api` to `AWS::Lambda::Function`),
one per route, scoped to the API and the route's method and path (`Kind.permission_variants`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._cfn import getatt, log_group, ref, sub
from archgen.kinds._routes import arn_path, route_suffix

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

LAMBDA_URI = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Arn}/invocations"


# How IAM names an HTTP or WebSocket API and its parts (the deploy role's scope): AWS makes the API's id,
# and every part is under `/apis/<id>`; tags are on `/tags/<the API's ARN>`.
_V2 = "arn:${{AWS::Partition}}:apigateway:{r}::"
V2_DEPLOY_ARNS: dict[str, tuple[str | None, list[tuple[str, str]]]] = {
    "AWS::ApiGatewayV2::Api": (None, [("apigateway", _V2 + "/apis"), ("apigateway", _V2 + "/apis/*"),
                                      ("apigateway", _V2 + "/tags/*")]),
    **{f"AWS::ApiGatewayV2::{part}": (None, [("apigateway", _V2 + "/apis/*")])
       for part in ("Authorizer", "Deployment", "Integration", "IntegrationResponse", "Route", "RouteResponse",
                    "Stage")},
}


def guards(link: Link, t: Scope) -> dict[str, str]:
    """route -> the authorizer relation's target that protects it (on the link's API)."""
    return {route: r.target for r in t.graph.outgoing(link.source.id) for route in r.protects or ()}


def authorizer_id(api_id: str, guard: str) -> str:
    return f"Authorizer-{guard}"


def mounted(route: str, mount: str) -> str:
    """The route as the API sees it behind an origin path (`/api/*`: `GET /items` -> `GET /api/items`)."""
    if not mount or " /" not in route:
        return route
    verb, path = route.split(" ", 1)
    return f"{verb} {mount}{'' if path == '/' else path.rstrip('/')}"


def routes(link: Link, t: Scope, payload: str | None, authorization: dict[str, str],
           mount: str = "") -> dict[str, Any]:
    """The link's routes, each to one Lambda proxy integration of its function; `authorization` maps a
    guard's kind to the route's AuthorizationType (JWT, CUSTOM); routes nobody guards are NONE (rule E121
    makes the model say why)."""
    api, fn = link.source.id, link.target.id
    integration = t.lid(api, f"Integration-{fn}")
    properties: dict[str, Any] = {"ApiId": ref(t.lid(api, "Api")), "IntegrationType": "AWS_PROXY",
                                  "IntegrationUri": sub(LAMBDA_URI, Arn=t.ref(fn, "Arn"))}
    properties["IntegrationMethod"] = "POST"  # Lambda is always invoked with POST, whatever the route's verb
    if payload is not None:
        properties["PayloadFormatVersion"] = payload
    resources: dict[str, Any] = {integration: {"Type": "AWS::ApiGatewayV2::Integration", "Metadata": t.meta(),
                                               "Properties": properties}}
    guarded = guards(link, t)
    for route in link.relation.routes or ():
        route_properties: dict[str, Any] = {"ApiId": ref(t.lid(api, "Api")), "RouteKey": mounted(route, mount),
                                            "Target": sub("integrations/${Integration}", Integration=ref(integration)),
                                            "AuthorizationType": "NONE"}
        guard = guarded.get(route)
        if guard is not None:
            route_properties["AuthorizationType"] = authorization[t.graph.components[guard].kind]
            route_properties["AuthorizerId"] = ref(t.lid(api, authorizer_id(api, guard)))
        elif route in authorization.get("settings", ()):  # a JWT issuer named in the settings
            route_properties |= {"AuthorizationType": "JWT", "AuthorizerId": ref(t.lid(api, "Authorizer-Jwt"))}
        resources[t.lid(api, route_suffix(route))] = {"Type": "AWS::ApiGatewayV2::Route", "Metadata": t.meta(),
                                                       "Properties": route_properties}
    return {"Resources": resources}


def lambda_authorizer(link: Link, t: Scope, properties: dict[str, Any]) -> dict[str, Any]:
    """A REQUEST authorizer: the function is called with the request's identity source and answers."""
    api = link.source.id
    return {"Resources": {t.lid(api, authorizer_id(api, link.target.id)): {
        "Type": "AWS::ApiGatewayV2::Authorizer", "Metadata": t.meta(), "Properties": {
            "ApiId": ref(t.lid(api, "Api")), "Name": t.name(link.target.id), "AuthorizerType": "REQUEST",
            "AuthorizerUri": sub(LAMBDA_URI, Arn=t.ref(link.target.id, "Arn")), **properties}}}}


def permission_variants(link: Link, t: Scope, mount: str = "") -> dict[str, dict[str, Any]]:
    """A permission per route (any stage: `$default` is part of the ARN's stage segment), or for an
    authorizer relation, one for the API's authorizers."""
    if link.meaning.name == "authorize":
        return {"Authorizer": {"Source.Qualifier": "authorizers/*"}}
    return {route_suffix(route): {"Source.Qualifier": "*/" + arn_path(mounted(route, mount))}
            for route in link.relation.routes or ()}


def access_logs(link: Link, t: Scope, log_format: str) -> dict[str, Any]:
    """The stage's access logs to a log group of the logs component (its retention and key)."""
    api = link.source.id
    group = t.lid(api, "AccessLogs")
    resources = log_group(t, group, f"/aws/apigateway/{t.name(api)}/access", link.target.id)
    resources[t.lid(api, "Stage")] = {"Properties": {"AccessLogSettings": {
        "DestinationArn": getatt(group, "Arn"), "Format": log_format}}}
    return {"Resources": resources}


def stage(t: Scope, api_id: str, name: str, route_settings: dict[str, Any]) -> dict[str, Any]:
    return {"Type": "AWS::ApiGatewayV2::Stage", "Metadata": t.meta("throttling", "access-logging"),
            "Properties": {"ApiId": ref(t.lid(api_id, "Api")), "StageName": name, "AutoDeploy": True,
                           "DefaultRouteSettings": route_settings, "Tags": t.tags_map()}}
