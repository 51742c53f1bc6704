"""A Lambda function: the backend's code, run per request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from diagrams.aws.compute import Lambda
from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, LOG_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Allows, Kind, Metric
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class LambdaSettings(Strict):
    source: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_/-]*$",
                                 description="Folder of the code, relative to the model's folder.")]
    handler: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")] = "handler.handler"
    runtime: Literal["python3.12", "python3.13"] = "python3.12"
    memory_mb: Annotated[int, Field(ge=128, le=10_240)] = 256
    timeout_s: Annotated[int, Field(ge=1, le=900)] = 10
    reserved_concurrency: Annotated[int, Field(ge=1, le=1000)] | None = None


class LambdaComponent(ComponentBase):
    kind: Literal["lambda.function"]
    settings: LambdaSettings


class LambdaFunction(Kind):
    name = "lambda.function"
    title = "Lambda function"
    layer = "backend"
    summary = "Application code run on demand, with its own least-privilege role."
    icon = Lambda
    component = LambdaComponent
    controls = {
        "least-privilege": "its role grants exactly what its relations say",
        "tracing": "X-Ray active tracing",
        "log-retention": "its log group keeps logs for a bounded time",
    }
    allows = (
        Allows("dynamodb.table", "data access", "an execution-role policy with exactly the access level's "
               "actions on the table and its indexes; the table name as an environment variable",
               requires=("access",)),
        Allows("sns.topic", "publish", "sns:Publish on that topic only"),
        Allows("cloudwatch.logs", "logs", "its log group, with retention"),
        Allows("xray.tracing", "trace", "active tracing and the X-Ray write actions"),
    )
    exports = {"Arn": ("Function", "Arn"), "Name": ("Function", None)}
    waivers = {
        "CKV_AWS_116": "invoked synchronously by API Gateway only: a failed call returns its error to the "
                       "caller, so a dead-letter queue (for asynchronous events) would stay empty",
        "CKV_AWS_117": "reaches only AWS APIs (DynamoDB, X-Ray) over TLS with IAM; no private network resources "
                       "to reach, so a VPC would add NAT cost and cold-start latency without protection",
        "CKV_AWS_115": "no reserved concurrency set in the model (settings.reserved_concurrency): the function "
                       "shares the account's unreserved pool; the API stage throttling bounds its load",
    }
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + LOG_DEPLOY_ACTIONS + tuple(f"lambda:{a}" for a in (
        "AddPermission", "CreateFunction", "DeleteFunction", "DeleteFunctionConcurrency", "GetFunction",
        "GetFunctionConfiguration", "ListTags", "PutFunctionConcurrency", "RemovePermission", "TagResource",
        "UntagResource", "UpdateFunctionCode", "UpdateFunctionConfiguration"))

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        waived = ["CKV_AWS_116", "CKV_AWS_117"]
        if component.settings.reserved_concurrency is None:
            waived.append("CKV_AWS_115")
        return tuple(waived)

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        return {"waivers": self.waived_checks(component, graph)}

    def relation_context(self, relation: Any, graph: SystemGraph) -> dict[str, Any]:
        if relation.access is None:
            return {}
        target = graph.kind(relation.target)
        encrypted = all(c.on for c in graph.controls(relation.target) if c.id == "encryption")
        data = [r for r in graph.outgoing(relation.source) if r.access is not None]
        env_var = "TABLE_NAME" if len(data) == 1 else f"{relation.target.upper().replace('-', '_')}_TABLE_NAME"
        return {"actions": list(target.access_actions(relation.access)), "env_var": env_var,
                "key_actions": list(target.key_actions(relation.access)) if encrypted else []}

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("FunctionName", "Name"),)
        return [Metric("AWS/Lambda", "Invocations", dims), Metric("AWS/Lambda", "Errors", dims),
                Metric("AWS/Lambda", "Throttles", dims), Metric("AWS/Lambda", "Duration", dims, "p99")]


KIND = LambdaFunction
