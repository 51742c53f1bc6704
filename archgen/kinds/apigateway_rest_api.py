"""An API Gateway REST API: routes to functions, JWT checks, throttling."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Annotated, Literal

from diagrams.aws.network import APIGateway
from pydantic import Field

from archgen.kinds._base import LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Allows, Kind, Metric
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class RestApiSettings(Strict):
    stage: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")] = "v1"
    endpoint: Literal["REGIONAL", "EDGE"] = "REGIONAL"
    throttle_rate: Annotated[int, Field(ge=1, le=10_000, description="Steady requests per second.")] = 50
    throttle_burst: Annotated[int, Field(ge=1, le=5_000, description="Burst of requests allowed.")] = 100


class RestApiComponent(ComponentBase):
    kind: Literal["apigateway.rest_api"]
    settings: RestApiSettings = RestApiSettings()


class RestApi(Kind):
    name = "apigateway.rest_api"
    title = "API Gateway REST API"
    layer = "backend"
    summary = "The HTTP API: routes, authorizer, throttling and access logs."
    icon = APIGateway
    component = RestApiComponent
    controls = {
        "throttling": "stage-wide rate and burst limits",
        "access-logging": "JSON access logs to CloudWatch Logs",
        "tracing": "X-Ray tracing on the stage",
        "tls": "HTTPS only (API Gateway serves no plain HTTP)",
    }
    allows = (
        Allows("lambda.function", "invoke", "a Lambda proxy integration per route and a "
               "lambda:InvokeFunction permission scoped to this API and route", requires=("routes",)),
        Allows("cognito.user_pool", "authorize", "a COGNITO_USER_POOLS authorizer on every protected route",
               requires=("protects",)),
        Allows("cloudwatch.logs", "access logs", "stage access logs written to the log group"),
        Allows("xray.tracing", "trace", "X-Ray tracing enabled on the stage"),
    )

    checks = {"throttling": (), "access-logging": ("CKV_AWS_76",), "tracing": ("CKV_AWS_73",)}
    waivers = {
        "CKV_AWS_120": "responses are per user (they depend on the caller's JWT): a stage cache would need the "
                       "Authorization header in its key, and CloudFront already caches nothing under the API path",
    }
    exports = {
        "Id": ("Api", None),
        "Name": "=name",
        "StageName": ("Stage", None),
        "Domain": "${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
        "StageArn": "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}",
    }
    deploy_actions = ROLE_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"apigateway:{a}" for a in (
        "DELETE", "GET", "PATCH", "POST", "PUT", "UpdateRestApiPolicy")) + ("lambda:AddPermission",
                                                                           "lambda:RemovePermission")

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        """The resource tree of every route it serves, under the path its origin routes to it."""
        routes = self.routes(component, graph)
        paths = sorted({path for _, path in routes})
        resources: dict[str, tuple[str, str]] = {}  # path -> (parent path, last part)
        for path in paths:
            parts = [part for part in path.split("/") if part]
            for depth in range(1, len(parts) + 1):
                resources["/" + "/".join(parts[:depth])] = ("/" + "/".join(parts[:depth - 1]), parts[depth - 1])
        digest = hashlib.sha256(repr(sorted(routes)).encode()).hexdigest()[:8]
        return {"resources": dict(sorted(resources.items())), "deployment": f"Deployment{digest}"}

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

    def relation_context(self, relation: Any, graph: SystemGraph) -> dict[str, Any]:
        if not relation.routes:
            return {}
        component = graph.components[relation.source]
        mount = self.mount(component, graph)
        guards = {route: r.target for r in graph.outgoing(relation.source) for route in r.protects or ()}
        methods = []
        for route in relation.routes:
            verb, path = route.split(" ", 1)
            full = mount + path.rstrip("/")
            methods.append({"verb": verb, "path": full, "guard": guards.get(route),
                            "arn_path": "/".join("*" if p.startswith("{") else p for p in full.split("/")),
                            "id": "Method" + verb.title() + "".join(
                                p.strip("{}").title().replace("-", "").replace("_", "").replace(".", "")
                                for p in full.split("/"))})
        return {"methods": methods, "deployment": self.template_context(component, graph)["deployment"]}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("ApiName", "Name"), ("Stage", "StageName"))
        return [Metric("AWS/ApiGateway", "Count", dims), Metric("AWS/ApiGateway", "4XXError", dims),
                Metric("AWS/ApiGateway", "5XXError", dims), Metric("AWS/ApiGateway", "Latency", dims, "p99")]

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings, on = component.settings, {c.id for c in graph.controls(component.id) if c.on}
        throttle = f"throttle {settings.throttle_rate} rps, burst {settings.throttle_burst}"
        notes = [throttle] if "throttling" in on else []
        pools = [graph.components[r.target].label for r in graph.outgoing(component.id) if r.protects]
        return notes + [f"JWT authorizer: {pool}" for pool in pools]


KIND = RestApi
