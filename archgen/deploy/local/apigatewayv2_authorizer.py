"""AWS::ApiGatewayV2::Authorizer: a JWT authorizer (issuer, audience) or a Lambda REQUEST authorizer."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigatewayv2
from archgen.deploy.local._adapter import Adapter, Context


class ApiGatewayV2Authorizer(Adapter):
    TYPE = "AWS::ApiGatewayV2::Authorizer"
    ATTRIBUTES = frozenset({"AuthorizerId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        get = properties.get
        jwt = get("JwtConfiguration")
        authorizer = _apigatewayv2.backend(context).create_authorizer(
            api_id=properties["ApiId"], auth_creds_arn=get("AuthorizerCredentialsArn"),  # type: ignore[arg-type]
            auth_payload_format_version=get("AuthorizerPayloadFormatVersion"),  # type: ignore[arg-type]
            auth_result_ttl=get("AuthorizerResultTtlInSeconds"), authorizer_uri=get("AuthorizerUri"),  # type: ignore[arg-type]
            authorizer_type=properties["AuthorizerType"],
            enable_simple_response=get("EnableSimpleResponses"),  # type: ignore[arg-type]
            identity_source=get("IdentitySource"),  # type: ignore[arg-type]
            identity_validation_expr=get("IdentityValidationExpression"),  # type: ignore[arg-type]
            jwt_config=_apigatewayv2.camel(jwt) if jwt else None, name=properties["Name"])  # type: ignore[arg-type]
        return cls(context, properties, authorizer.id, {"AuthorizerId": authorizer.id})

    def remove(self) -> None:
        _apigatewayv2.backend(self.context).delete_authorizer(self.properties["ApiId"], self.physical_id)
