"""AWS::ApiGateway::Authorizer: e.g. a COGNITO_USER_POOLS authorizer on the REST API."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigateway
from archgen.deploy.local._adapter import Adapter, Context

# CloudFormation property -> (moto keyword, PATCH path of update_authorizer).
FIELDS = {
    "ProviderARNs": ("provider_arns", None),
    "AuthType": ("auth_type", "/authType"),
    "AuthorizerUri": ("authorizer_uri", "/authorizerUri"),
    "AuthorizerCredentials": ("authorizer_credentials", "/authorizerCredentials"),
    "IdentitySource": ("identity_source", "/identitySource"),
    "IdentityValidationExpression": ("identiy_validation_expression", "/identityValidationExpression"),
    "AuthorizerResultTtlInSeconds": ("authorizer_result_ttl", "/authorizerResultTtlInSeconds"),
}


class ApiGatewayAuthorizer(Adapter):
    TYPE = "AWS::ApiGateway::Authorizer"
    ATTRIBUTES = frozenset({"AuthorizerId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        options = {keyword: properties[key] for key, (keyword, _) in FIELDS.items() if key in properties}
        if "authorizer_result_ttl" in options:
            options["authorizer_result_ttl"] = int(options["authorizer_result_ttl"])
        authorizer = _apigateway.backend(context).create_authorizer(
            properties["RestApiId"], properties["Name"], properties["Type"], **options)
        return cls(context, properties, authorizer.id, {"AuthorizerId": authorizer.id})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties["RestApiId"] != self.properties["RestApiId"] or "ProviderARNs" in properties \
                and properties["ProviderARNs"] != self.properties.get("ProviderARNs"):
            return super().update(properties)
        operations = [_apigateway.patch(path, properties[key]) for key, (_, path) in FIELDS.items()
                      if path and key in properties]
        operations += [_apigateway.patch("/name", properties["Name"]), _apigateway.patch("/type", properties["Type"])]
        _apigateway.backend(self.context).update_authorizer(properties["RestApiId"], self.physical_id, operations)
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _apigateway.backend(self.context).delete_authorizer(self.properties["RestApiId"], self.physical_id)
