"""AWS::Lambda::Url: a function's own HTTPS endpoint (moto keeps its settings; it serves no requests)."""

from __future__ import annotations

from typing import Any, Self

from moto.awslambda.models import LambdaBackend, lambda_backends

from archgen.deploy.local._adapter import Adapter, Context

SETTINGS = ("AuthType", "Cors", "InvokeMode")


def _backend(context: Context) -> LambdaBackend:
    return lambda_backends[context.account_id][context.region]


class LambdaUrl(Adapter):
    TYPE = "AWS::Lambda::Url"
    ATTRIBUTES = frozenset({"FunctionUrl", "FunctionArn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        function = properties["TargetFunctionArn"]
        config = _backend(context).create_function_url_config(
            function, {key: properties[key] for key in SETTINGS if key in properties})
        # CloudFormation's physical id of a URL is its function's ARN.
        return cls(context, properties, config.function.function_arn,
                   {"FunctionUrl": config.url, "FunctionArn": config.function.function_arn})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties["TargetFunctionArn"] != self.properties["TargetFunctionArn"]:
            return super().update(properties)
        _backend(self.context).update_function_url_config(
            self.physical_id, {key: properties[key] for key in SETTINGS if key in properties})
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _backend(self.context).delete_function_url_config(self.physical_id)
