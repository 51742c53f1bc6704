"""AWS::ApiGatewayV2::Stage: an auto-deployed stage with its route settings (throttling) and access logs."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigatewayv2
from archgen.deploy.local._adapter import Adapter, Context

SETTINGS = ("StageName", "AutoDeploy", "Description", "DefaultRouteSettings", "AccessLogSettings",
            "RouteSettings", "StageVariables", "Tags")


class ApiGatewayV2Stage(Adapter):
    TYPE = "AWS::ApiGatewayV2::Stage"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        config = {key[:1].lower() + key[1:]: properties[key] for key in SETTINGS if key in properties}
        config = {key: value if key in ("tags", "stageVariables") else _apigatewayv2.camel(value)
                  for key, value in config.items()}
        stage = _apigatewayv2.backend(context).create_stage(properties["ApiId"], config)
        return cls(context, properties, stage.name)

    def remove(self) -> None:
        _apigatewayv2.backend(self.context).delete_stage(self.properties["ApiId"], self.physical_id)
