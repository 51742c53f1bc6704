"""An API Gateway REST API: routes to functions, JWT checks, throttling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal

from diagrams.aws.network import APIGateway
from pydantic import Field

from archgen.kinds._base import Allows, Kind
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

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        settings = component.settings
        notes = [f"throttle {settings.throttle_rate} rps, burst {settings.throttle_burst}"]
        pools = [r.target for r in graph.outgoing(component.id) if r.protects]
        notes += [f"JWT authorizer ({pool})" for pool in pools]
        return notes


KIND = RestApi
