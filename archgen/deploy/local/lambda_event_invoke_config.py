"""AWS::Lambda::EventInvokeConfig: a function's retries and on-failure destination for asynchronous events
(moto keeps them; it runs no code, so nothing fails into the destination)."""

from __future__ import annotations

from typing import Any, Self

from moto.awslambda.models import LambdaBackend, lambda_backends

from archgen.deploy.local._adapter import Adapter, Context

SETTINGS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


def _backend(context: Context) -> LambdaBackend:
    return lambda_backends[context.account_id][context.region]


class LambdaEventInvokeConfig(Adapter):
    TYPE = "AWS::Lambda::EventInvokeConfig"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        function = properties["FunctionName"]
        _backend(context).put_function_event_invoke_config(
            function, {key: properties[key] for key in SETTINGS if key in properties})
        # CloudFormation's physical id: the function and qualifier
        return cls(context, properties, f"{function}:{properties.get('Qualifier', '$LATEST')}")

    def update(self, properties: dict[str, Any]) -> Self:
        if properties["FunctionName"] != self.properties["FunctionName"]:
            return super().update(properties)
        _backend(self.context).update_function_event_invoke_config(
            properties["FunctionName"], {key: properties[key] for key in SETTINGS if key in properties})
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _backend(self.context).delete_function_event_invoke_config(self.properties["FunctionName"])
