"""An API Gateway REST API: routes to functions, JWT checks, throttling."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Annotated, Literal

from pydantic import Field

from archgen import escape
from archgen.environments import holds_account_settings
from archgen.kinds._api_cors import method_id as preflight_id
from archgen.kinds._api_direct import ROLE
from archgen.kinds._api_cors import preflights
from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt, log_group, ref, service_role, sub
from archgen.routes import public_routes
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

ACCESS_LOG_FORMAT = ('{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
                     '"caller":"$context.authorizer.claims.sub","requestTime":"$context.requestTime",'
                     '"httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath",'
                     '"status":"$context.status","protocol":"$context.protocol",'
                     '"responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency"}')


# The meanings of a direct integration with a service: the target kind's `api_integration` makes the call.
DIRECT = ("read", "write", "read-write", "publish", "send", "start", "put-events")


@dataclass(frozen=True)
class IntegratedSide(Side):
    """A method per route calls the target through the integration its kind declares (`api_integration`): a
    kind that declares none (the escape hatch `cloudformation.resource`, a bucket) is no target of the API,
    whatever it accepts from others."""

    def admits(self, other_kind: str) -> bool:
        other = self.registered(other_kind)  # a kind outside the registry (a test's) is judged by its own sides
        declares = other is None or type(other).api_integration is not Kind.api_integration
        return declares and super().admits(other_kind)


class RestApiSettings(Strict):
    stage: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")] = "v1"
    endpoint: Literal["REGIONAL", "EDGE"] = "REGIONAL"
    throttle_rate: Annotated[int, Field(ge=1, le=10_000, description="Steady requests per second.")] = 50
    throttle_burst: Annotated[int, Field(ge=1, le=5_000, description="Burst of requests allowed.")] = 100
    cors: bool = Field(False, description="Pages of the system's domain call it from a browser (reached directly, "
                                          "not through the site's CloudFront): preflights answered, and the "
                                          "functions behind it told the origin (ALLOWED_ORIGIN).")


class RestApiComponent(ComponentBase):
    kind: Literal["apigateway.rest_api"]
    settings: RestApiSettings = RestApiSettings()


class RestApi(Kind):
    name = "apigateway.rest_api"
    title = "API Gateway REST API"
    layer = "backend"
    summary = "The HTTP API: routes, authorizer, throttling and access logs."
    icon = "aws.network.APIGateway"
    component = RestApiComponent
    cfn_type = "AWS::ApiGateway::RestApi"
    controls = {
        "throttling": "stage-wide rate and burst limits",
        "access-logging": "JSON access logs to CloudWatch Logs",
        "tracing": "X-Ray tracing on the stage",
        "tls": "HTTPS only (API Gateway serves no plain HTTP)",
    }
    offers = (
        IntegratedSide("invoke", "a method per route, integrated with the target (a Lambda proxy integration)",
                       requires=("routes",), wires=True),
        # A direct integration (no function between): the target kind's side says what the call is and grants.
        *(IntegratedSide(meaning, "a method per route calling the service itself, signed with the API's "
                                  "integration role", requires=("routes",), wires=True) for meaning in DIRECT),
        Side("authorize", "a COGNITO_USER_POOLS authorizer on every protected route", requires=("protects",),
             wires=True),
        Side("logs", "stage access logs (JSON) written to the log group", wires=True),
        Side("trace", "X-Ray tracing enabled on the stage", wires=True),
    )
    accepts = (
        Side("origin", "its stage as an origin for the path", requires=("path",)),
        Side("request", "HTTPS requests straight to the stage"),
        Side("protect"),
        Side("watch"),
    )
    checks = {"throttling": (), "access-logging": ("CKV_AWS_76",), "tracing": ("CKV_AWS_73",)}
    waivers = {
        "CKV_AWS_59": "a route it serves with no authorizer is open to anyone (as a short link's redirect is, "
                      "by design): protect it in an authorizer relation's 'protects', or say why it is public",
        "CKV_AWS_120": "the stage has no cache: a cached answer goes to every caller with the same cache key, "
                       "so answers that depend on the caller (a JWT) or change often should not be cached",
    }
    exports = {
        "Id": ("Api", None),
        "Name": "=name",
        "StageName": ("Stage", None),
        "Domain": "${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
        "StageArn": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}",
    }
    web_acl_resource = "StageArn"
    role = ROLE  # the integration role of its direct integrations (made only when it has some)
    dynamic_origin = True
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"apigateway:{a}" for a in (
        "DELETE", "GET", "PATCH", "POST", "PUT", "UpdateRestApiPolicy")) + ("lambda:AddPermission",
                                                                           "lambda:RemovePermission")
    deploy_arns = {"AWS::ApiGateway::RestApi": (None, [
        ("apigateway", "arn:${{AWS::Partition}}:apigateway:{r}::/restapis"),
        ("apigateway", "arn:${{AWS::Partition}}:apigateway:{r}::/restapis/*"),
        ("apigateway", "arn:${{AWS::Partition}}:apigateway:{r}::/tags/*")])}

    def routes(self, component: Any, graph: SystemGraph) -> list[tuple[str, str]]:
        """(method, full path) of every route its relations serve, mounted under the incoming path."""
        mount = self.mount(component, graph)
        return [(route.split(" ", 1)[0], mount + route.split(" ", 1)[1].rstrip("/"))
                for relation in graph.outgoing(component.id) for route in relation.routes or ()]

    @staticmethod
    def mount(component: Any, graph: SystemGraph) -> str:
        """The path an origin routes to this API (`/api/*` -> `/api`): its routes live under it."""
        paths = sorted({r.path for r in graph.incoming(component.id) if r.path})
        return paths[0].rstrip("*").rstrip("/") if paths else ""

    def deployment(self, component: Any, graph: SystemGraph) -> str:
        """A new Deployment whenever the routes change (its logical id carries their digest)."""
        digest = hashlib.sha256(repr(sorted(self.routes(component, graph))).encode()).hexdigest()[:8]
        return f"Deployment{digest}"

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, api = c.settings, t.lid(c.id, "Api")
        resources: dict[str, Any] = {api: {"Type": "AWS::ApiGateway::RestApi", "Metadata": t.meta(), "Properties": {
            "Name": t.name(c.id), "Description": escape.cfn_text(c.description),
            "EndpointConfiguration": {"Types": [settings.endpoint]}, "DisableExecuteApiEndpoint": False,
            "Tags": t.tags()}}}
        for path, (parent, part) in _tree(self.routes(c, t.graph)).items():
            resources[t.lid(c.id, "Resource" + path)] = {"Type": "AWS::ApiGateway::Resource", "Metadata": t.meta(),
                                                         "Properties": {"RestApiId": ref(api),
                                                                        "ParentId": _resource_id(t, c.id, parent),
                                                                        "PathPart": part}}
        deployment = t.lid(c.id, self.deployment(c, t.graph))
        resources[deployment] = {"Type": "AWS::ApiGateway::Deployment", "Metadata": t.meta(), "Properties": {
            "RestApiId": ref(api), "Description": "The routes of the model; a new deployment whenever they change"}}
        options = preflights(c, t, self.routes(c, t.graph), lambda path: _resource_id(t, c.id, path))
        if options:
            resources |= options
            resources[deployment]["DependsOn"] = sorted(options)
        method_settings: dict[str, Any] = {"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
                                           "DataTraceEnabled": False}
        if t.on("throttling"):
            method_settings |= {"ThrottlingRateLimit": settings.throttle_rate,
                                "ThrottlingBurstLimit": settings.throttle_burst}
        resources[t.lid(c.id, "Stage")] = {
            "Type": "AWS::ApiGateway::Stage",
            "Metadata": t.meta("throttling", "access-logging", "tracing", waive=["CKV_AWS_120"]),
            "Properties": {"RestApiId": ref(api), "DeploymentId": ref(deployment), "StageName": settings.stage,
                           "MethodSettings": [method_settings], "Tags": t.tags()}}
        if any(t.graph.link(r).meaning.name in DIRECT for r in t.graph.outgoing(c.id)):
            resources[t.lid(c.id, ROLE)] = service_role(
                t, "Lets the API call the services it integrates directly: each policy is one relation's action",
                "apigateway.amazonaws.com", t.meta())
        url = sub("https://${" + api + "}.execute-api.${AWS::Region}.amazonaws.com/" + settings.stage)
        served = self.mount(c, t.graph)
        how = f"the site reaches it through CloudFront's path {served}" if served else "reached directly"
        return {"Resources": resources, "Outputs": {t.lid(c.id, "Url"): {
            "Description": f"The API stage's invoke URL ({how})", "Value": url}}}

    def methods(self, link: Link, graph: SystemGraph) -> list[dict[str, Any]]:
        """Each route of the link as a method: verb, full path, its authorizer, its ARN path, its id."""
        mount = self.mount(link.source, graph)
        guards = {route: r.target for r in graph.outgoing(link.source.id) for route in r.protects or ()}
        methods = []
        for route in link.relation.routes or ():
            verb, path = route.split(" ", 1)
            full = mount + path.rstrip("/")
            methods.append({"verb": verb, "path": full, "guard": guards.get(route), "route": route,
                            "arn_path": "/".join("*" if p.startswith("{") else p for p in full.split("/")),
                            "id": "Method" + verb.title() + "".join(
                                p.strip("{}").title().replace("-", "").replace("_", "").replace(".", "")
                                for p in full.split("/"))})
        return methods

    def wire(self, link: Link, t: Scope) -> Fragment:
        meaning = link.meaning.name
        if meaning == "authorize":
            return {"Resources": {t.lid(link.source.id, "Authorizer-" + link.target.id): {
                "Type": "AWS::ApiGateway::Authorizer", "Metadata": t.meta(), "Properties": {
                    "Name": t.name(link.target.id), "RestApiId": ref(t.lid(link.source.id, "Api")),
                    "Type": "COGNITO_USER_POOLS", "IdentitySource": "method.request.header.Authorization",
                    "ProviderARNs": [t.ref(link.target.id, "Arn")]}}}}
        if meaning == "logs":
            return self._access_logs(link, t)
        if meaning == "trace":
            return {"Resources": {t.lid(link.source.id, "Stage"): {"Properties": {"TracingEnabled": True}}}}
        return self._methods(link, t)

    def _methods(self, link: Link, t: Scope) -> Fragment:
        source, api = link.source, t.lid(link.source.id, "Api")
        integration = t.graph.kind(link.target.id).api_integration(link, t)
        answers = t.graph.kind(link.target.id).api_method_responses(link, t)  # a direct integration's
        resources: dict[str, Any] = {}
        methods = self.methods(link, t.graph)
        for method in methods:
            authorization: dict[str, Any] = {"AuthorizationType": "NONE"}
            if method["guard"]:
                authorization = {"AuthorizationType": "COGNITO_USER_POOLS",
                                 "AuthorizerId": ref(t.lid(source.id, "Authorizer-" + method["guard"]))}
            resources[t.lid(source.id, method["id"])] = {"Type": "AWS::ApiGateway::Method",
                                                         "Metadata": _method_meta(method, source, t),
                                                         "Properties": {
                "RestApiId": ref(api), "ResourceId": _resource_id(t, source.id, method["path"] or "/"),
                "HttpMethod": method["verb"], **authorization, "Integration": integration,
                **({"MethodResponses": answers} if answers else {})}}
        deployment = t.lid(source.id, self.deployment(source, t.graph))
        resources[deployment] = {"DependsOn": [t.lid(source.id, method["id"]) for method in methods]}
        return {"Resources": resources}

    def permission_variants(self, link: Link, t: Scope) -> dict[str, dict[str, Any]]:
        """A permission per route, scoped to this API, its stage, the route's verb and path."""
        stage = t.lid(link.source.id, "Stage")
        return {method["id"]: {"Source.Qualifier": sub("${" + stage + "}/" + method["verb"] + method["arn_path"])}
                for method in self.methods(link, t.graph)}

    def origin(self, link: Link, t: Scope) -> tuple[dict[str, Any], str | None]:
        """The stage over HTTPS only; the distribution's path reaches the stage's routes under it."""
        api = link.target.id
        return {"Id": t.lid(api, "Origin"), "DomainName": t.ref(api, "Domain"),
                "OriginPath": sub("/${Stage}", Stage=t.ref(api, "StageName")),
                "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "HTTPSPort": 443,
                                       "OriginSSLProtocols": ["TLSv1.2"]}}, None

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        """The stage cache always; the open-method check where the API checks no caller at all and serves
        routes (rule E105 asks the model why anyone may call them; where it checks some, rule E106 asks
        the same of each open route)."""
        checks_callers = any(r.protects for r in graph.outgoing(component.id))
        return ("CKV_AWS_59", "CKV_AWS_120") if _open_routes(component, graph) and not checks_callers \
            else ("CKV_AWS_120",)

    def side_text(self, link: Link, side: Side) -> str:
        if link.meaning.name == "logs" and link.target.kind != "cloudwatch.logs":
            return "stage access logs (JSON) written to the delivery stream"  # log_destination: no log group
        return side.becomes

    def callee_environment(self, component: Any) -> dict[str, str]:
        """What a function behind a CORS API must know: the origin it answers (`{domain}`: the system's)."""
        return {"ALLOWED_ORIGIN": "https://{domain}"} if component.settings.cors else {}

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        if name == "ResourceId":
            return ref(t.lid(link.source.id, "Api"))
        return super().placeholder(name, link, t)

    def _access_logs(self, link: Link, t: Scope) -> Fragment:
        source = link.source.id
        destination = link.target_kind.log_destination(link, t)
        if destination is not None:  # a delivery stream: API Gateway writes to it with its service-linked role
            return {"Resources": {t.lid(source, "Stage"): {"Properties": {"AccessLogSetting": {
                "DestinationArn": destination, "Format": ACCESS_LOG_FORMAT}}}}}
        group, role, account = t.lid(source, "AccessLogs"), t.lid(source, "CloudWatchRole"), t.lid(source, "Account")
        resources = log_group(t, group, f"/aws/apigateway/{t.name(source)}/access", link.target.id)
        stage = {"AccessLogSetting": {"DestinationArn": getatt(group, "Arn"), "Format": ACCESS_LOG_FORMAT}}
        if not holds_account_settings(t.graph):  # the account's one setting: the model's own environment's
            return {"Resources": {**resources, t.lid(source, "Stage"): {"Properties": stage}}}
        resources[role] = service_role(
            t, "Lets API Gateway write the stage's access logs (one per region and account)",
            "apigateway.amazonaws.com", t.meta(), ManagedPolicyArns=[sub(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
        resources[account] = {"Type": "AWS::ApiGateway::Account", "Metadata": t.meta(),
                              "Properties": {"CloudWatchRoleArn": getatt(role, "Arn")}}
        resources[t.lid(source, "Stage")] = {"DependsOn": [account], "Properties": stage}
        return {"Resources": resources}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("ApiName", "Name"), ("Stage", "StageName"))
        return [Metric("AWS/ApiGateway", "Count", dims), Metric("AWS/ApiGateway", "4XXError", dims),
                Metric("AWS/ApiGateway", "5XXError", dims), Metric("AWS/ApiGateway", "Latency", dims, "p99")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("ApiName", "Name"), ("Stage", "StageName"))
        return [Alarm("ServerErrorsAlarm", "5xx", Metric("AWS/ApiGateway", "5XXError", dims), 1),
                Alarm("LatencyAlarm", "latency-p99", Metric("AWS/ApiGateway", "Latency", dims, "p99"),
                      "latency_p99_ms")]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings, on = component.settings, {c.id for c in graph.controls(component.id) if c.on}
        throttle = f"throttle {settings.throttle_rate} rps, burst {settings.throttle_burst}"
        notes = [throttle] if "throttling" in on else []
        pools = [graph.components[r.target].label for r in graph.outgoing(component.id) if r.protects]
        outside = [graph.components[r.source].label for r in graph.incoming(component.id)
                   if graph.components[r.source].layer == "external"]
        direct = [f"reached directly by {', '.join(outside)} (no CloudFront)"] if outside else []
        cors = [f"CORS for https://{graph.system.domain} only"] if settings.cors else []
        return notes + [f"JWT authorizer: {pool}" for pool in pools] + direct + cors


def _method_meta(method: dict[str, Any], source: Any, t: Scope) -> dict[str, Any]:
    """A method with no authorizer carries the model's reason in its CKV_AWS_59 skip: the public route's
    own (rule E106's exception), else the API's exception to the check."""
    if method["guard"]:
        return t.meta()
    reason = public_routes(t.graph, source.id).get(method["route"])
    if reason is not None:
        meta = t.meta()
        meta["checkov"] = {"skip": [{"id": "CKV_AWS_59", "comment": reason}]}
        return meta
    return t.meta(waive=["CKV_AWS_59"] if _public_waived(source, t.graph) else [])


def _open_routes(component: Any, graph: SystemGraph) -> set[str]:
    """Routes served with no authorizer that no E106 exception names (an API that checks no caller)."""
    protected = {route for r in graph.outgoing(component.id) for route in r.protects or ()}
    served = {route for r in graph.outgoing(component.id) for route in r.routes or ()}
    return served - protected - set(public_routes(graph, component.id))


def _public_waived(component: Any, graph: SystemGraph) -> bool:
    """Whether some route is served unprotected and the model's exception to CKV_AWS_59 says why."""
    return bool(_open_routes(component, graph)) and graph.exception_reason(component.id, "CKV_AWS_59") is not None


def _tree(routes: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """path -> (parent path, last part) of every resource the routes' paths need, sorted."""
    resources: dict[str, tuple[str, str]] = {}
    for path in sorted({path for _, path in routes}):
        parts = [part for part in path.split("/") if part]
        for depth in range(1, len(parts) + 1):
            resources["/" + "/".join(parts[:depth])] = ("/" + "/".join(parts[:depth - 1]), parts[depth - 1])
    return dict(sorted(resources.items()))


def _resource_id(t: Scope, api_id: str, path: str) -> Any:
    """The API resource at `path`: the root's id from the API itself, others their own resource."""
    if path == "/":
        return getatt(t.lid(api_id, "Api"), "RootResourceId")
    return ref(t.lid(api_id, "Resource" + path))


KIND = RestApi
