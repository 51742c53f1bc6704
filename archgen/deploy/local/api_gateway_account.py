"""AWS::ApiGateway::Account: the region-wide role API Gateway uses to write access logs."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigateway
from archgen.deploy.local._adapter import Adapter, Context


class ApiGatewayAccount(Adapter):
    TYPE = "AWS::ApiGateway::Account"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        role = properties.get("CloudWatchRoleArn")
        _apigateway.backend(context).update_account([_apigateway.patch("/cloudwatchRoleArn", role)] if role else [])
        # One account setting per region: CloudFormation's physical id only names it.
        return cls(context, properties, context.name)

    def update(self, properties: dict[str, Any]) -> Self:
        return type(self).create(self.context, properties)

    def remove(self) -> None:
        """As in AWS, deleting the resource leaves the account's setting as it was."""
