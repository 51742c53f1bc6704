"""AWS::Cognito::IdentityPool: temporary AWS credentials for the user pool's signed-in users."""

from __future__ import annotations

import json
from typing import Any, Self

from archgen.deploy.local import _cognito_identity
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_map


def _providers(properties: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(provider) for provider in properties.get("CognitoIdentityProviders") or []]


class CognitoIdentityPool(Adapter):
    TYPE = "AWS::Cognito::IdentityPool"
    NAME_PROPERTY = "IdentityPoolName"
    ATTRIBUTES = frozenset({"Id", "Name"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        name = properties.get("IdentityPoolName", context.name.replace("-", "_"))
        created = json.loads(_cognito_identity.backend(context).create_identity_pool(
            name, flag(properties.get("AllowUnauthenticatedIdentities")),
            properties.get("SupportedLoginProviders") or {}, properties.get("DeveloperProviderName", ""),
            properties.get("OpenIdConnectProviderARNs") or [], _providers(properties),
            properties.get("SamlProviderARNs") or [], tag_map({"Tags": properties.get("IdentityPoolTags")})))
        pool_id = created["IdentityPoolId"]
        return cls(context, properties, pool_id, {"Id": pool_id, "Name": name})

    def update(self, properties: dict[str, Any]) -> Self:
        _cognito_identity.backend(self.context).update_identity_pool(
            self.physical_id, properties.get("IdentityPoolName", self.attributes["Name"]),
            flag(properties.get("AllowUnauthenticatedIdentities")), properties.get("SupportedLoginProviders") or {},
            properties.get("DeveloperProviderName"), properties.get("OpenIdConnectProviderARNs") or [],
            _providers(properties), properties.get("SamlProviderARNs") or [],
            tag_map({"Tags": properties.get("IdentityPoolTags")}))
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _cognito_identity.backend(self.context).delete_identity_pool(self.physical_id)
