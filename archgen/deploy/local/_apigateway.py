"""API Gateway helpers shared by the Stage and Authorizer adapters."""

from __future__ import annotations

from typing import Any

from moto.apigateway.models import APIGatewayBackend, apigateway_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> APIGatewayBackend:
    return apigateway_backends[context.account_id][context.region]


def patch(path: str, value: Any) -> dict[str, str]:
    """One `replace` patch operation, the only way moto's backend takes these settings."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return {"op": "replace", "path": path, "value": text}


def method_setting_path(setting: dict[str, Any]) -> str:
    """`/{resource path}/{method}` as the PATCH API spells it: `/*/*`, or `/~1items/GET`."""
    resource = setting.get("ResourcePath", "/*")
    resource = "*" if resource == "/*" else resource.replace("/", "~1")
    return f"/{resource}/{setting.get('HttpMethod', '*')}"


# CloudFormation's MethodSettings keys and the PATCH paths they become.
METHOD_SETTINGS = {
    "ThrottlingRateLimit": "throttling/rateLimit",
    "ThrottlingBurstLimit": "throttling/burstLimit",
    "LoggingLevel": "logging/loglevel",
    "MetricsEnabled": "metrics/enabled",
    "DataTraceEnabled": "logging/dataTrace",
    "CachingEnabled": "caching/enabled",
    "CacheTtlInSeconds": "caching/ttlInSeconds",
    "CacheDataEncrypted": "caching/dataEncrypted",
}


def stage_patches(properties: dict[str, Any]) -> list[dict[str, str]]:
    """The settings moto's create_stage does not take: method settings and access logs."""
    operations = []
    for setting in properties.get("MethodSettings") or []:
        prefix = method_setting_path(setting)
        operations += [patch(f"{prefix}/{path}", setting[key])
                       for key, path in METHOD_SETTINGS.items() if key in setting]
    access_log = properties.get("AccessLogSetting") or {}
    operations += [patch(f"/accessLogSettings/{name}", access_log[key])
                   for key, name in (("DestinationArn", "destinationArn"), ("Format", "format"))
                   if key in access_log]
    return operations
