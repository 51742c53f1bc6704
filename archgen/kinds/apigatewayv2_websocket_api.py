"""An API Gateway WebSocket API: `$connect`, `$disconnect`, `$default` and action routes (chosen by the
route selection expression, `$request.body.action` by default) to functions, a Lambda authorizer on
`$connect`, stage throttling and access logs.

A function that answers connected clients has a `post` relation to the API: its role may call
`execute-api:ManageConnections` on this API's stage only (no SAM profile has the pair: the grant is the
kind's), and it is given the stage's callback URL as `CONNECTIONS_URL` (the endpoint of the
API Gateway Management API). Only `$connect` can be authorised (a connection, once open, is trusted):
rule E121 asks for an authorizer on it or the model's reason.

The local AWS (moto) keeps the API, its routes, integrations, authorizer and stage (through the adapters
in the deploy's local folder) but opens no WebSocket: no message is routed, no connection posted to there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds import _v2_api
from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt, service_role, sub
from archgen.kinds._routes import websocket_route_problem
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

ACCESS_LOG_FORMAT = ('{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
                     '"connectionId":"$context.connectionId","eventType":"$context.eventType",'
                     '"routeKey":"$context.routeKey","status":"$context.status","requestTime":"$context.requestTime",'
                     '"integrationLatency":"$context.integrationLatency","error":"$context.error.message"}')
MANAGE = {"Effect": "Allow", "Action": "execute-api:ManageConnections",
          "Resource": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
                      "%{Destination.Id}/%{Destination.StageName}/POST/@connections/*"}


class WebSocketSettings(Strict):
    stage: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")] = "v1"
    route_selection: Annotated[str, Field(pattern=r"^\$request\.body\.[A-Za-z_][A-Za-z0-9_.]{0,60}$")] = Field(
        "$request.body.action", description="Which field of a message names its route.")
    throttle_rate: Annotated[int, Field(ge=1, le=10_000, description="Steady messages per second.")] = 50
    throttle_burst: Annotated[int, Field(ge=1, le=5_000, description="Burst of messages allowed.")] = 100


class WebSocketComponent(ComponentBase):
    kind: Literal["apigatewayv2.websocket_api"]
    settings: WebSocketSettings = WebSocketSettings()


class WebSocketApi(Kind):
    name = "apigatewayv2.websocket_api"
    title = "API Gateway WebSocket API"
    layer = "backend"
    summary = "Two-way connections: $connect, $disconnect and message routes to functions, which post back."
    icon = "aws.network.APIGateway"
    component = WebSocketComponent
    cfn_type = "AWS::ApiGatewayV2::Api"
    controls = {
        "throttling": "stage-wide rate and burst limits",
        "access-logging": "JSON access logs to CloudWatch Logs",
        "tls": "wss:// only (API Gateway serves no plain ws://)",
    }
    offers = (
        Side("invoke", "a route per route key, to one Lambda proxy integration", requires=("routes",),
             kinds=("lambda.function",), wires=True),
        Side("authorize", "a Lambda REQUEST authorizer on $connect (the token in the query string)",
             requires=("protects",), kinds=("lambda.function",), wires=True),
        Side("logs", "stage access logs (JSON) written to the log group", wires=True),
    )
    accepts = (
        Side("request", "WebSocket connections (wss://) straight to the stage"),
        Side("post", "the stage's callback URL as CONNECTIONS_URL, execute-api:ManageConnections on its "
                     "connections (no SAM profile: the kind's grant)", kinds=("lambda.function",),
             grant=(MANAGE,)),
        Side("watch"),
    )
    checks = {"throttling": (), "access-logging": ("CKV_AWS_95",)}
    exports = {
        "Id": ("Api", None),
        "StageName": ("Stage", None),
        "Endpoint": "wss://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}",
        "CallbackUrl": "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}",
    }
    env = ("CONNECTIONS_URL", "CallbackUrl")
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"apigateway:{a}" for a in (
        "DELETE", "GET", "PATCH", "POST", "PUT")) + ("lambda:AddPermission", "lambda:RemovePermission")
    deploy_arns = _v2_api.V2_DEPLOY_ARNS

    def route_problem(self, route: str) -> str | None:
        return websocket_route_problem(route, self.name)

    def guarded_routes(self, component: Any, graph: SystemGraph) -> set[str]:
        """Only `$connect` can be authorised: a connection, once open, is trusted (rule E121)."""
        return {"$connect"}

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, api = c.settings, t.lid(c.id, "Api")
        route_settings: dict[str, Any] = {"DetailedMetricsEnabled": True, "DataTraceEnabled": False}
        if t.on("throttling"):
            route_settings |= {"ThrottlingRateLimit": settings.throttle_rate,
                               "ThrottlingBurstLimit": settings.throttle_burst}
        return {"Resources": {
            api: {"Type": "AWS::ApiGatewayV2::Api", "Metadata": t.meta(), "Properties": {
                "Name": t.name(c.id), "Description": c.description, "ProtocolType": "WEBSOCKET",
                "RouteSelectionExpression": settings.route_selection, "Tags": t.tags_map()}},
            t.lid(c.id, "Stage"): _v2_api.stage(t, c.id, settings.stage, route_settings),
        }, "Outputs": {t.lid(c.id, "Url"): {"Description": "The WebSocket URL clients connect to",
                                            "Value": t.local(c.id, "Endpoint")}}}

    def wire(self, link: Link, t: Scope) -> Fragment:
        meaning = link.meaning.name
        if meaning == "logs":
            return self._access_logs(link, t)
        if meaning == "authorize":
            return _v2_api.lambda_authorizer(link, t, {
                "IdentitySource": ["route.request.querystring.token"]})
        return _v2_api.routes(link, t, None, {"lambda.function": "CUSTOM"})

    def _access_logs(self, link: Link, t: Scope) -> Fragment:
        """Like a REST API's, a WebSocket stage logs through the account's API Gateway CloudWatch role."""
        api = link.source.id
        fragment = _v2_api.access_logs(link, t, ACCESS_LOG_FORMAT)
        role, account = t.lid(api, "CloudWatchRole"), t.lid(api, "Account")
        fragment["Resources"][role] = service_role(
            t, "Lets API Gateway write the stage's access logs (one per region and account)",
            "apigateway.amazonaws.com", t.meta(), ManagedPolicyArns=[sub(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
        fragment["Resources"][account] = {"Type": "AWS::ApiGateway::Account", "Metadata": t.meta(),
                                          "Properties": {"CloudWatchRoleArn": getatt(role, "Arn")}}
        fragment["Resources"][t.lid(api, "Stage")]["DependsOn"] = [account]
        return fragment

    def permission_variants(self, link: Link, t: Scope) -> dict[str, dict[str, Any]]:
        return _v2_api.permission_variants(link, t)

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        own = link.source if link.source.kind == self.name else link.target
        if name == "ResourceId":
            return t.ref(own.id, "Id")
        if name == "Arn":  # no name-spelled ARN: the API's id is AWS's
            return t.ref(own.id, "Id")
        return super().placeholder(name, link, t)

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("ApiId", "Id"), ("Stage", "StageName"))
        return [Metric("AWS/ApiGateway", name, dims) for name in (
            "ConnectCount", "MessageCount", "IntegrationError", "ExecutionError")] + [
            Metric("AWS/ApiGateway", "IntegrationLatency", dims, "p99")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("ApiId", "Id"), ("Stage", "StageName"))
        return [Alarm("IntegrationErrorsAlarm", "integration-errors", Metric("AWS/ApiGateway", "IntegrationError",
                                                                             dims), 1),
                Alarm("ExecutionErrorsAlarm", "execution-errors", Metric("AWS/ApiGateway", "ExecutionError", dims), 1)]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings, on = component.settings, {c.id for c in graph.controls(component.id) if c.on}
        notes = [f"throttle {settings.throttle_rate} msg/s, burst {settings.throttle_burst}"] if "throttling" in on else []
        notes += [f"$connect authorizer: {graph.components[r.target].label}" for r in graph.outgoing(component.id)
                  if r.protects]
        return notes + [f"routes by {settings.route_selection}"]


KIND = WebSocketApi
