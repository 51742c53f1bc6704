"""A Lambda function: the backend's code, run per request."""

from typing import Annotated, Literal

from diagrams.aws.compute import Lambda
from pydantic import Field

from archgen.kinds._base import Allows, Kind
from archgen.schema import ComponentBase, Strict


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


KIND = LambdaFunction
