"""AWS::ApiGatewayV2::Api: an HTTP or WebSocket API (moto's CloudFormation has no v2 types at all)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigatewayv2
from archgen.deploy.local._adapter import Adapter, Context


class ApiGatewayV2Api(Adapter):
    TYPE = "AWS::ApiGatewayV2::Api"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"ApiId", "ApiEndpoint"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        cors = properties.get("CorsConfiguration")
        api = _apigatewayv2.backend(context).create_api(
            api_key_selection_expression=properties.get("ApiKeySelectionExpression"),  # type: ignore[arg-type]
            cors_configuration=_apigatewayv2.camel(cors) if cors else None,  # type: ignore[arg-type]
            description=properties.get("Description"),  # type: ignore[arg-type]
            disable_schema_validation=properties.get("DisableSchemaValidation"),  # type: ignore[arg-type]
            disable_execute_api_endpoint=properties.get("DisableExecuteApiEndpoint", False),  # type: ignore[arg-type]
            name=properties.get("Name", context.name), protocol_type=properties["ProtocolType"],
            route_selection_expression=properties.get("RouteSelectionExpression"),  # type: ignore[arg-type]
            tags=properties.get("Tags", {}), version=properties.get("Version"))  # type: ignore[arg-type]
        return cls(context, properties, api.api_id, {"ApiId": api.api_id, "ApiEndpoint": api.api_endpoint})

    def update(self, properties: dict[str, Any]) -> Self:
        """In place: the routes, stages and permissions name the API's id, which must stay."""
        if properties.get("ProtocolType") != self.properties.get("ProtocolType"):
            return super().update(properties)
        cors = properties.get("CorsConfiguration")
        _apigatewayv2.backend(self.context).update_api(
            api_id=self.physical_id, api_key_selection_expression=properties.get("ApiKeySelectionExpression"),
            cors_configuration=_apigatewayv2.camel(cors) if cors else None,  # type: ignore[arg-type]
            description=properties.get("Description"),  # type: ignore[arg-type]
            disable_schema_validation=properties.get("DisableSchemaValidation"),  # type: ignore[arg-type]
            disable_execute_api_endpoint=properties.get("DisableExecuteApiEndpoint", False),  # type: ignore[arg-type]
            name=properties.get("Name", self.context.name),
            route_selection_expression=properties.get("RouteSelectionExpression"),  # type: ignore[arg-type]
            version=properties.get("Version"))  # type: ignore[arg-type]
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _apigatewayv2.backend(self.context).delete_api(self.physical_id)
