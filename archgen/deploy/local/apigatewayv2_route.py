"""AWS::ApiGatewayV2::Route: a route key, its integration target and its authorization."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigatewayv2
from archgen.deploy.local._adapter import Adapter, Context


class ApiGatewayV2Route(Adapter):
    TYPE = "AWS::ApiGatewayV2::Route"
    ATTRIBUTES = frozenset({"RouteId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        route = _apigatewayv2.backend(context).create_route(
            api_id=properties["ApiId"], api_key_required=properties.get("ApiKeyRequired", False),
            authorization_scopes=properties.get("AuthorizationScopes"),  # type: ignore[arg-type]
            authorization_type=properties.get("AuthorizationType", "NONE"),
            authorizer_id=properties.get("AuthorizerId"),  # type: ignore[arg-type]
            model_selection_expression=properties.get("ModelSelectionExpression"),  # type: ignore[arg-type]
            operation_name=properties.get("OperationName"),  # type: ignore[arg-type]
            request_models=properties.get("RequestModels"), request_parameters=properties.get("RequestParameters"),
            route_key=properties["RouteKey"],
            route_response_selection_expression=properties.get("RouteResponseSelectionExpression"),  # type: ignore[arg-type]
            target=properties.get("Target"))  # type: ignore[arg-type]
        return cls(context, properties, route.route_id, {"RouteId": route.route_id})

    def remove(self) -> None:
        _apigatewayv2.backend(self.context).delete_route(self.properties["ApiId"], self.physical_id)
