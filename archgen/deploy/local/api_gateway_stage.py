"""AWS::ApiGateway::Stage: a named, deployed stage with throttling, access logs and tracing."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _apigateway
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_map


class ApiGatewayStage(Adapter):
    TYPE = "AWS::ApiGateway::Stage"
    NAME_PROPERTY = "StageName"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        api_id, name = properties["RestApiId"], properties["StageName"]
        backend = _apigateway.backend(context)
        backend.create_stage(
            api_id, name, properties.get("DeploymentId"),
            variables=properties.get("Variables") or {},
            description=properties.get("Description", ""),
            cacheClusterEnabled=flag(properties.get("CacheClusterEnabled")),
            cacheClusterSize=properties.get("CacheClusterSize"),
            tags=tag_map(properties) or None,
            tracing_enabled=flag(properties.get("TracingEnabled")),
        )
        backend.update_stage(api_id, name, _apigateway.stage_patches(properties))
        return cls(context, properties, name)

    def update(self, properties: dict[str, Any]) -> Self:
        """In place, as CloudFormation does: a replaced stage would lose its WAF association."""
        if (properties["RestApiId"], properties["StageName"]) != (self.properties["RestApiId"], self.physical_id):
            return super().update(properties)
        patch = _apigateway.patch
        operations = [patch("/deploymentId", properties["DeploymentId"])] if "DeploymentId" in properties else []
        operations += [patch("/description", properties.get("Description", "")),
                       patch("/tracingEnabled", flag(properties.get("TracingEnabled"))),
                       patch("/cacheClusterEnabled", flag(properties.get("CacheClusterEnabled")))]
        operations += [patch(f"/variables/{key}", value) for key, value in (properties.get("Variables") or {}).items()]
        if not properties.get("AccessLogSetting"):
            operations.append({"op": "remove", "path": "/accessLogSettings"})
        _apigateway.backend(self.context).update_stage(self.properties["RestApiId"], self.physical_id,
                                                       operations + _apigateway.stage_patches(properties))
        return type(self)(self.context, properties, self.physical_id)

    def remove(self) -> None:
        _apigateway.backend(self.context).delete_stage(self.properties["RestApiId"], self.physical_id)
