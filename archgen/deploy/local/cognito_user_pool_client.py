"""AWS::Cognito::UserPoolClient: the single-page app's client of the user pool."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _cognito
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag

# Changing either of these makes a new client, in CloudFormation too.
REPLACING = ("UserPoolId", "GenerateSecret")


def _settings(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in properties.items() if key not in REPLACING}


class CognitoUserPoolClient(Adapter):
    TYPE = "AWS::Cognito::UserPoolClient"
    ATTRIBUTES = frozenset({"ClientId", "ClientSecret", "Name"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        client = _cognito.backend(context).create_user_pool_client(
            properties["UserPoolId"], flag(properties.get("GenerateSecret")), _settings(properties))
        secret = client.secret if client.generate_secret else None
        return cls(context, properties, client.id,
                   {"ClientId": client.id, "ClientSecret": secret, "Name": properties.get("ClientName")})

    def update(self, properties: dict[str, Any]) -> Self:
        if any(properties.get(key) != self.properties.get(key) for key in REPLACING):
            return super().update(properties)
        _cognito.backend(self.context).update_user_pool_client(
            properties["UserPoolId"], self.physical_id, _settings(properties))
        attributes = {**self.attributes, "Name": properties.get("ClientName")}
        return type(self)(self.context, properties, self.physical_id, attributes)

    def remove(self) -> None:
        _cognito.backend(self.context).delete_user_pool_client(self.properties["UserPoolId"], self.physical_id)
