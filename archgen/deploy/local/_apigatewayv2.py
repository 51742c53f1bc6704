"""API Gateway v2 helpers shared by its adapters: the backend, and CloudFormation's keys in moto's spelling."""

from __future__ import annotations

from typing import Any

from moto.apigatewayv2.models import ApiGatewayV2Backend, apigatewayv2_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> ApiGatewayV2Backend:
    return apigatewayv2_backends[context.account_id][context.region]


def camel(value: Any) -> Any:
    """CloudFormation's `PascalCase` keys as the v2 API's `camelCase` (nested), for the configs moto stores."""
    if isinstance(value, dict):
        return {key[:1].lower() + key[1:]: camel(item) for key, item in value.items()}
    if isinstance(value, list):
        return [camel(item) for item in value]
    return value


def text(value: Any) -> Any:
    """A CloudFormation boolean or number as the string moto's backend stores (None stays None)."""
    if isinstance(value, bool):
        return str(value).lower()
    return value
