"""An API Gateway HTTP API (v2): routes to functions (Lambda proxy, payload 2.0), `ANY /{proxy+}` and the
`$default` catch-all, JWT authorizers (a Cognito user pool in the model, or any OpenID issuer named in the
settings) and Lambda authorizers, CORS, stage throttling and access logs.

Every route checks its caller unless the model says why it is public (rule E121). A web ACL cannot be
attached to an HTTP API (AWS WAF protects REST APIs, CloudFront and ALBs): where a WAF is needed, put
CloudFront in front or use the REST API. HTTP APIs send no X-Ray traces.

The local AWS (moto) has the v2 API but no CloudFormation for it: the adapters in the deploy's local
folder create the API, stage, routes, integrations and authorizers through moto's backend; it runs no
route, so neither the authorizers nor the throttling act there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds import _v2_api
from archgen.kinds._base import LOG_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import ref
from archgen.kinds._routes import http_route_problem
from archgen.schema import ComponentBase, Route, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

ACCESS_LOG_FORMAT = ('{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
                     '"caller":"$context.authorizer.claims.sub","requestTime":"$context.requestTime",'
                     '"routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol",'
                     '"responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency",'
                     '"authorizerError":"$context.authorizer.error"}')
CORS_HEADERS = ["authorization", "content-type"]
CORS_MAX_AGE_S = 600
Issuer = Annotated[str, Field(pattern=r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$",
                              description="The issuer's https URL (its OpenID configuration is under it)")]


class JwtIssuer(Strict):
    """An OpenID Connect issuer outside the model (Auth0, Okta, another account's pool)."""

    issuer: Issuer
    audience: Annotated[list[Annotated[str, Field(pattern=r"^[A-Za-z0-9._:/-]{1,200}$")]],
                        Field(min_length=1, max_length=20, description="The token's aud (or client_id) values "
                                                                       "accepted")]
    protects: Annotated[list[Route], Field(min_length=1, description="The routes whose callers need its token.")]


class HttpApiSettings(Strict):
    throttle_rate: Annotated[int, Field(ge=1, le=10_000, description="Steady requests per second.")] = 50
    throttle_burst: Annotated[int, Field(ge=1, le=5_000, description="Burst of requests allowed.")] = 100
    cors: bool = Field(False, description="Pages of the system's domain call it from a browser: API Gateway "
                                          "answers the preflights and adds the CORS headers itself.")
    jwt: JwtIssuer | None = Field(None, description="A JWT authorizer for an issuer the model has no component "
                                                    "for; a Cognito user pool is an `authorize` relation instead.")


class HttpApiComponent(ComponentBase):
    kind: Literal["apigatewayv2.http_api"]
    settings: HttpApiSettings = HttpApiSettings()


class HttpApi(Kind):
    name = "apigatewayv2.http_api"
    title = "API Gateway HTTP API"
    layer = "backend"
    summary = "A lower-cost HTTP API: routes to functions, JWT or Lambda authorizers, CORS, throttling, logs."
    icon = "aws.network.APIGateway"
    component = HttpApiComponent
    cfn_type = "AWS::ApiGatewayV2::Api"
    controls = {
        "throttling": "stage-wide rate and burst limits",
        "access-logging": "JSON access logs to CloudWatch Logs",
        "tls": "HTTPS only (API Gateway serves no plain HTTP)",
    }
    offers = (
        Side("invoke", "a route per entry, to one Lambda proxy integration (payload 2.0)", requires=("routes",),
             kinds=("lambda.function",), wires=True),
        Side("authorize", "a JWT authorizer (issuer the pool, audience its app clients), or a Lambda REQUEST "
                          "authorizer, on every route it protects", requires=("protects",),
             kinds=("cognito.user_pool", "lambda.function"), wires=True),
        Side("logs", "stage access logs (JSON) written to the log group", wires=True),
    )
    accepts = (
        Side("origin", "its stage as an origin for the path", requires=("path",)),
        Side("request", "HTTPS requests straight to the stage"),
        Side("watch"),
    )
    checks = {"throttling": (), "access-logging": ("CKV_AWS_95",)}
    exports = {
        "Id": ("Api", None),
        "StageName": ("Stage", None),
        "Domain": "${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
        "Endpoint": ("Api", "ApiEndpoint"),
    }
    dynamic_origin = True
    deploy_actions = LOG_DEPLOY_ACTIONS + tuple(f"apigateway:{a}" for a in ("DELETE", "GET", "PATCH", "POST",
                                                                             "PUT")) + (
        "lambda:AddPermission", "lambda:RemovePermission")
    deploy_arns = _v2_api.V2_DEPLOY_ARNS

    def route_problem(self, route: str) -> str | None:
        return http_route_problem(route, self.name)

    def settings_guards(self, component: Any) -> list[tuple[str, str, str]]:
        """(route, who checks it, how) of the routes the settings' JWT issuer protects, for the docs."""
        jwt = component.settings.jwt
        how = "a JWT authorizer for the issuer in its settings (audience {})"
        return [(route, jwt.issuer, how.format(", ".join(jwt.audience))) for route in jwt.protects] if jwt else []

    @staticmethod
    def mount(component: Any, graph: SystemGraph) -> str:
        """The path prefix its routes are served under, behind a CloudFront origin path (docs read it)."""
        return mount(component, graph)

    def key_settings(self, component: Any) -> dict[str, str]:
        shown = super().key_settings(component)
        jwt = component.settings.jwt
        if jwt is not None:
            shown["jwt"] = (f"issuer {jwt.issuer}, audience {', '.join(jwt.audience)}, "
                            f"protects {', '.join(jwt.protects)}")
        return shown

    def side_text(self, link: Link, side: Side) -> str:
        if link.source.kind == self.name and link.meaning.name == "authorize":
            if link.target.kind == "lambda.function":
                return "a Lambda REQUEST authorizer (payload 2.0, simple answers, cached 300 s) on every route it protects"
            return "a JWT authorizer (issuer the pool, audience its app clients) on every route it protects"
        return side.becomes

    def guarded_routes(self, component: Any, graph: SystemGraph) -> set[str]:
        """Every route checks its caller (rule E121)."""
        return {route for r in graph.outgoing(component.id) for route in r.routes or ()}

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, api = c.settings, t.lid(c.id, "Api")
        properties: dict[str, Any] = {"Name": t.name(c.id), "Description": c.description, "ProtocolType": "HTTP",
                                      "DisableExecuteApiEndpoint": False, "Tags": t.tags_map()}
        if settings.cors:
            methods = sorted({r.split(" ", 1)[0] for r in self._routes(c, t.graph) if " " in r} | {"OPTIONS"})
            properties["CorsConfiguration"] = {
                "AllowOrigins": [f"https://{t.system.domain}"], "AllowHeaders": CORS_HEADERS,
                "AllowMethods": ["*"] if "ANY" in methods else methods, "MaxAge": CORS_MAX_AGE_S}
        route_settings: dict[str, Any] = {"DetailedMetricsEnabled": True}
        if t.on("throttling"):
            route_settings |= {"ThrottlingRateLimit": settings.throttle_rate,
                               "ThrottlingBurstLimit": settings.throttle_burst}
        resources: dict[str, Any] = {api: {"Type": "AWS::ApiGatewayV2::Api", "Metadata": t.meta(),
                                           "Properties": properties},
                                     t.lid(c.id, "Stage"): _v2_api.stage(t, c.id, "$default", route_settings)}
        if settings.jwt is not None:
            resources[t.lid(c.id, "Authorizer-Jwt")] = _jwt(t, c.id, "jwt", settings.jwt.issuer,
                                                             list(settings.jwt.audience))
        return {"Resources": resources, "Outputs": {t.lid(c.id, "Url"): {
            "Description": "The HTTP API's URL (its $default stage)", "Value": t.local(c.id, "Endpoint")}}}

    @staticmethod
    def _routes(component: Any, graph: SystemGraph) -> list[str]:
        return [route for r in graph.outgoing(component.id) for route in r.routes or ()]

    def wire(self, link: Link, t: Scope) -> Fragment:
        meaning = link.meaning.name
        if meaning == "logs":
            return _v2_api.access_logs(link, t, ACCESS_LOG_FORMAT)
        if meaning == "authorize" and link.target.kind == "lambda.function":
            return _v2_api.lambda_authorizer(link, t, {
                "AuthorizerPayloadFormatVersion": "2.0", "EnableSimpleResponses": True,
                "IdentitySource": ["$request.header.Authorization"], "AuthorizerResultTtlInSeconds": 300})
        if meaning == "authorize":
            issuer = {"Fn::Sub": ["https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}",
                                  {"Pool": t.ref(link.target.id, "Id")}]}
            audience = [t.ref(client, "Id") for client in app_clients(link.target.id, t.graph)]
            return {"Resources": {t.lid(link.source.id, _v2_api.authorizer_id(link.source.id, link.target.id)):
                                  _jwt(t, link.source.id, link.target.id, issuer, audience)}}
        jwt = link.source.settings.jwt
        return _v2_api.routes(link, t, "2.0", {"cognito.user_pool": "JWT", "lambda.function": "CUSTOM",
                                               "settings": jwt.protects if jwt is not None else []},
                              self.mount(link.source, t.graph))

    def link_problems(self, link: Link) -> list[tuple[tuple[Any, ...], str]]:
        problems: list[tuple[tuple[Any, ...], str]] = []
        if link.source.kind != self.name:
            return problems
        jwt = link.source.settings.jwt
        if jwt is not None and link.relation.protects:
            both = sorted(set(jwt.protects) & set(link.relation.protects))
            problems += [(("relations", link.index, "protects"), (
                f"'{route}' is protected twice, by '{link.target.id}' and by the settings' jwt: a route takes one "
                "authorizer; remove it from one of them")) for route in both]
        return problems

    def permission_variants(self, link: Link, t: Scope) -> dict[str, dict[str, Any]]:
        return _v2_api.permission_variants(link, t, self.mount(link.source, t.graph))

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        if name == "ResourceId":
            return t.ref(link.source.id, "Id")
        return super().placeholder(name, link, t)

    def origin(self, link: Link, t: Scope) -> tuple[dict[str, Any], str | None]:
        """The `$default` stage over HTTPS only (no stage in the path)."""
        api = link.target.id
        return {"Id": t.lid(api, "Origin"), "DomainName": t.ref(api, "Domain"),
                "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "HTTPSPort": 443,
                                       "OriginSSLProtocols": ["TLSv1.2"]}}, None

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("ApiId", "Id"), ("Stage", "StageName"))
        return [Metric("AWS/ApiGateway", "Count", dims), Metric("AWS/ApiGateway", "4xx", dims),
                Metric("AWS/ApiGateway", "5xx", dims), Metric("AWS/ApiGateway", "Latency", dims, "p99")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("ApiId", "Id"), ("Stage", "StageName"))
        return [Alarm("ServerErrorsAlarm", "5xx", Metric("AWS/ApiGateway", "5xx", dims), 1),
                Alarm("LatencyAlarm", "latency-p99", Metric("AWS/ApiGateway", "Latency", dims, "p99"),
                      "latency_p99_ms")]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings, on = component.settings, {c.id for c in graph.controls(component.id) if c.on}
        notes = [f"throttle {settings.throttle_rate} rps, burst {settings.throttle_burst}"] if "throttling" in on else []
        notes += [f"authorizer: {graph.components[r.target].label}" for r in graph.outgoing(component.id)
                  if r.protects]
        if settings.jwt is not None:
            notes.append(f"JWT issuer: {settings.jwt.issuer}")
        if settings.cors:
            notes.append(f"CORS for https://{graph.system.domain} only")
        return notes


def mount(component: Any, graph: SystemGraph) -> str:
    """The path a CloudFront origin routes to the API (`/api/*` -> `/api`): CloudFront forwards the whole
    path, so the routes' keys carry it (the `$default` stage has no stage name in its paths)."""
    paths = sorted({r.path for r in graph.incoming(component.id) if r.path})
    return paths[0].rstrip("*").rstrip("/") if paths else ""


def app_clients(pool_id: str, graph: SystemGraph) -> list[str]:
    """The app clients registered in a user pool: the audience its tokens are issued for."""
    return sorted(r.source for r in graph.incoming(pool_id) if graph.components[r.source].kind == "cognito.app_client")


def _jwt(t: Scope, api_id: str, name: str, issuer: Any, audience: list[Any]) -> dict[str, Any]:
    return {"Type": "AWS::ApiGatewayV2::Authorizer", "Metadata": t.meta(), "Properties": {
        "ApiId": ref(t.lid(api_id, "Api")), "Name": t.name(api_id, name), "AuthorizerType": "JWT",
        "IdentitySource": ["$request.header.Authorization"],
        "JwtConfiguration": {"Issuer": issuer, "Audience": audience}}}


KIND = HttpApi
