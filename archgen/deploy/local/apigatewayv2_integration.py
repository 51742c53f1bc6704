"""AWS::ApiGatewayV2::Integration: a Lambda proxy integration of a route (or any other type moto keeps)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigatewayv2
from archgen.deploy.local._adapter import Adapter, Context


class ApiGatewayV2Integration(Adapter):
    TYPE = "AWS::ApiGatewayV2::Integration"
    ATTRIBUTES = frozenset({"IntegrationId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        get = properties.get
        integration = _apigatewayv2.backend(context).create_integration(
            api_id=properties["ApiId"], connection_id=get("ConnectionId"),  # type: ignore[arg-type]
            connection_type=get("ConnectionType"), content_handling_strategy=get("ContentHandlingStrategy"),  # type: ignore[arg-type]
            credentials_arn=get("CredentialsArn"), description=get("Description"),  # type: ignore[arg-type]
            integration_method=get("IntegrationMethod"), integration_subtype=get("IntegrationSubtype"),  # type: ignore[arg-type]
            integration_type=properties["IntegrationType"], integration_uri=get("IntegrationUri"),  # type: ignore[arg-type]
            passthrough_behavior=get("PassthroughBehavior"),  # type: ignore[arg-type]
            payload_format_version=get("PayloadFormatVersion"),  # type: ignore[arg-type]
            request_parameters=get("RequestParameters"), request_templates=get("RequestTemplates"),
            response_parameters=get("ResponseParameters"),
            template_selection_expression=get("TemplateSelectionExpression"),  # type: ignore[arg-type]
            timeout_in_millis=_apigatewayv2.text(get("TimeoutInMillis")), tls_config=get("TlsConfig"))  # type: ignore[arg-type]
        return cls(context, properties, integration.id, {"IntegrationId": integration.id})

    def remove(self) -> None:
        _apigatewayv2.backend(self.context).delete_integration(self.properties["ApiId"], self.physical_id)
