"""AWS::AppSync::GraphQLApi: the API in moto's AppSync backend (authentication, logs and X-Ray as given)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _appsync
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import camel_keys, flag, tag_map


def _config(properties: dict[str, Any], key: str) -> Any:
    value = properties.get(key)
    return camel_keys(value) if value is not None else None


class AppSyncGraphqlApi(Adapter):
    TYPE = "AWS::AppSync::GraphQLApi"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"ApiId", "Arn", "GraphQLDns", "GraphQLEndpointArn", "GraphQLUrl", "RealtimeDns",
                            "RealtimeUrl"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        created = _appsync.backend(context).create_graphql_api(
            properties.get("Name", context.name), _config(properties, "LogConfig"),
            properties.get("AuthenticationType", "API_KEY"), _config(properties, "UserPoolConfig"),
            _config(properties, "OpenIDConnectConfig"), _config(properties, "AdditionalAuthenticationProviders"),
            flag(properties.get("XrayEnabled")), _config(properties, "LambdaAuthorizerConfig"),
            tag_map(properties), properties.get("Visibility", "GLOBAL"))
        return cls(context, properties, created.arn, cls._attributes(context, created.api_id, created.arn))

    @staticmethod
    def _attributes(context: Context, api_id: str, arn: str) -> dict[str, str]:
        dns = f"{api_id}.appsync-api.{context.region}.amazonaws.com"
        realtime = f"{api_id}.appsync-realtime-api.{context.region}.amazonaws.com"
        return {"ApiId": api_id, "Arn": arn, "GraphQLDns": dns, "GraphQLEndpointArn": arn,
                "GraphQLUrl": f"https://{dns}/graphql", "RealtimeDns": realtime,
                "RealtimeUrl": f"wss://{realtime}/graphql"}

    def update(self, properties: dict[str, Any]) -> Self:
        _appsync.backend(self.context).update_graphql_api(
            self.attributes["ApiId"], properties.get("Name", self.context.name), _config(properties, "LogConfig"),
            properties.get("AuthenticationType", "API_KEY"), _config(properties, "UserPoolConfig"),
            _config(properties, "OpenIDConnectConfig"), _config(properties, "AdditionalAuthenticationProviders"),
            flag(properties.get("XrayEnabled")), _config(properties, "LambdaAuthorizerConfig"))
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _appsync.backend(self.context).delete_graphql_api(self.attributes["ApiId"])

