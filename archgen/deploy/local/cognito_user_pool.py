"""AWS::Cognito::UserPool: the user directory that issues the JWTs the API's authorizer checks."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _cognito
from archgen.deploy.local._adapter import Adapter, Context

# Properties CloudFormation has and CreateUserPool does not (MFA methods are a separate call).
NOT_API = ("UserPoolName", "EnabledMfas")


def _settings(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in properties.items() if key not in NOT_API}


class CognitoUserPool(Adapter):
    TYPE = "AWS::Cognito::UserPool"
    NAME_PROPERTY = "UserPoolName"
    ATTRIBUTES = frozenset({"Arn", "ProviderName", "ProviderURL", "UserPoolId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        backend = _cognito.backend(context)
        pool = backend.create_user_pool(properties.get("UserPoolName", context.name), _settings(properties))
        cls._set_mfa(context, pool.id, properties)
        provider = f"cognito-idp.{context.region}.amazonaws.com/{pool.id}"
        return cls(context, properties, pool.id, {"Arn": pool.arn, "ProviderName": provider,
                                                  "ProviderURL": f"https://{provider}", "UserPoolId": pool.id})

    @staticmethod
    def _set_mfa(context: Context, pool_id: str, properties: dict[str, Any]) -> None:
        methods = properties.get("EnabledMfas") or []
        _cognito.backend(context).set_user_pool_mfa_config(
            pool_id,
            {"SmsConfiguration": properties.get("SmsConfiguration")} if "SMS_MFA" in methods else None,
            {"Enabled": True} if "SOFTWARE_TOKEN_MFA" in methods else None,
            properties.get("MfaConfiguration", "OFF"))

    @staticmethod
    def backend_pool(context: Context, pool_id: str) -> Any:
        """The pool of that id (moto raises its ResourceNotFound when there is none)."""
        return _cognito.backend(context).describe_user_pool(pool_id)

    @classmethod
    def adopt(cls, context: Context, properties: dict[str, Any], pool: Any) -> Self:
        """An existing pool as this stack's resource (an IMPORT): nothing about it changes."""
        provider = f"cognito-idp.{context.region}.amazonaws.com/{pool.id}"
        return cls(context, properties, pool.id, {"Arn": pool.arn, "ProviderName": provider,
                                                  "ProviderURL": f"https://{provider}", "UserPoolId": pool.id})

    def update(self, properties: dict[str, Any]) -> Self:
        backend = _cognito.backend(self.context)
        backend.update_user_pool(self.physical_id, _settings(properties))
        backend.describe_user_pool(self.physical_id).name = properties.get("UserPoolName", self.context.name)
        self._set_mfa(self.context, self.physical_id, properties)
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _cognito.backend(self.context).delete_user_pool(self.physical_id)
