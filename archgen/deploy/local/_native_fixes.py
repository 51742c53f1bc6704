"""Two gaps in types moto's CloudFormation does create, that break the API templates:

- a Ref to an AWS::ApiGateway::Deployment yields moto's Python object, not the deployment id
  (the class has no physical_resource_id), so a Stage's DeploymentId cannot be serialised;
- AWS::ApiGateway::Method drops AuthorizerId and AuthorizationScopes, so a protected route shows
  no authorizer through get_method.
"""

from __future__ import annotations

from typing import Any

from moto.apigateway.models import Deployment, Method

_MOTO_CREATE_METHOD = Method.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def _deployment_id(deployment: Deployment) -> str:
    return deployment.id


def _create_method(cls: type[Method], resource_name: str, cloudformation_json: dict[str, Any],
                   account_id: str, region_name: str, **kwargs: Any) -> Method:
    method = _MOTO_CREATE_METHOD(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties = cloudformation_json["Properties"]
    method.authorizer_id = properties.get("AuthorizerId")
    method.authorization_scopes = properties.get("AuthorizationScopes")
    return method


def install_native_fixes() -> None:
    """Idempotent: the same two attributes, set each time."""
    Deployment.physical_resource_id = property(_deployment_id)  # type: ignore[attr-defined]
    Method.create_from_cloudformation_json = classmethod(_create_method)  # type: ignore[method-assign,assignment]
