"""AWS::ApiGateway::Method with a MOCK integration (a CORS preflight): moto's CloudFormation reads an
integration's HTTP method and URI as if every integration had them, and keeps none of its responses.

This creates such a method through moto's API Gateway backend, with its integration's request
template and responses and the method's responses, so `get_method` and `get_integration` show what
the template says; other methods go on through `_native_fixes`.
"""

from __future__ import annotations

from typing import Any

from moto.apigateway.models import Method, apigateway_backends

from archgen.deploy.local._native_fixes import _create_method


def _create(cls: type[Method], resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
            region_name: str, **kwargs: Any) -> Method:
    properties = cloudformation_json["Properties"]
    integration = properties.get("Integration") or {}
    if integration.get("Type") != "MOCK":
        return _create_method(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    backend = apigateway_backends[account_id][region_name]
    api, resource, verb = properties["RestApiId"], properties["ResourceId"], properties["HttpMethod"]
    method = backend.put_method(function_id=api, resource_id=resource, method_type=verb,
                                authorization_type=properties["AuthorizationType"],
                                api_key_required=properties.get("ApiKeyRequired"))
    backend.put_integration(function_id=api, resource_id=resource, method_type=verb, integration_type="MOCK",
                            uri=None, integration_method=None,  # type: ignore[arg-type]
                            request_templates=integration.get("RequestTemplates"))
    for response in integration.get("IntegrationResponses") or []:
        backend.put_integration_response(function_id=api, resource_id=resource, method_type=verb,
                                         status_code=response["StatusCode"],
                                         selection_pattern=response.get("SelectionPattern"),
                                         response_templates=response.get("ResponseTemplates") or {},
                                         response_parameters=response.get("ResponseParameters") or {})
    for response in properties.get("MethodResponses") or []:
        backend.put_method_response(function_id=api, resource_id=resource, method_type=verb,
                                    response_code=response["StatusCode"],
                                    response_models=response.get("ResponseModels") or {},
                                    response_parameters=response.get("ResponseParameters") or {})
    return method  # type: ignore[no-any-return]


def install_mock_methods() -> None:
    """Idempotent: the same method, set each time (after `install_native_fixes`, whose own it calls)."""
    Method.create_from_cloudformation_json = classmethod(_create)  # type: ignore[method-assign,assignment]
