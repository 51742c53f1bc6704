"""AWS::Cognito::UserPoolIdentityProvider: a social or OIDC provider of the hosted UI.

The local AWS federates with no provider; it keeps the provider's details as given (the client
secret's dynamic reference unresolved, as moto resolves none for Secrets Manager).
"""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _cognito
from archgen.deploy.local._adapter import Adapter, Context

# Changing either of these makes a new provider, in CloudFormation too.
REPLACING = ("UserPoolId", "ProviderName")


def _config(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: properties[key] for key in ("ProviderType", "ProviderDetails", "AttributeMapping", "IdpIdentifiers")
            if key in properties}


class CognitoUserPoolIdentityProvider(Adapter):
    TYPE = "AWS::Cognito::UserPoolIdentityProvider"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        _cognito.backend(context).create_identity_provider(properties["UserPoolId"], properties["ProviderName"],
                                                           _config(properties))
        return cls(context, properties, properties["ProviderName"])

    def update(self, properties: dict[str, Any]) -> Self:
        if any(properties.get(key) != self.properties.get(key) for key in REPLACING):
            return super().update(properties)
        _cognito.backend(self.context).update_identity_provider(properties["UserPoolId"], self.physical_id,
                                                                _config(properties))
        return type(self)(self.context, properties, self.physical_id)

    def remove(self) -> None:
        _cognito.backend(self.context).delete_identity_provider(self.properties["UserPoolId"], self.physical_id)
