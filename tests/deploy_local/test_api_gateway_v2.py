"""API Gateway v2 (HTTP and WebSocket APIs), deployed for real through the adapters: moto has the service
but no CloudFormation for it, so each type is created through its backend and read back through its API."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.deploy_local.stacks import Clients, REGION, create_stack, delete_stack, outputs, template, update_stack

LOG_FORMAT = '{"requestId":"$context.requestId","routeKey":"$context.routeKey"}'
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:{REGION}:123456789012:function:f/invocations"


def http_template(name: str, rate: int = 50) -> str:
    """An HTTP API: a JWT authorizer, a protected greedy route and a public $default, throttled and logged."""
    api = {"Ref": "Api"}
    resources: dict[str, Any] = {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": name, "ProtocolType": "HTTP", "CorsConfiguration": {
                "AllowOrigins": ["https://app.example.org"], "AllowMethods": ["GET", "OPTIONS"], "MaxAge": 600}}},
        "AccessLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": f"/{name}/access"}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": api, "StageName": "$default", "AutoDeploy": True,
            "DefaultRouteSettings": {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": 100,
                                     "DetailedMetricsEnabled": True},
            "AccessLogSettings": {"DestinationArn": {"Fn::GetAtt": ["AccessLogs", "Arn"]}, "Format": LOG_FORMAT}}},
        "Jwt": {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
            "ApiId": api, "Name": "jwt", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
            "JwtConfiguration": {"Issuer": "https://id.example.org/", "Audience": ["items"]}}},
        "Items": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": api, "IntegrationType": "AWS_PROXY", "IntegrationUri": URI, "IntegrationMethod": "POST",
            "PayloadFormatVersion": "2.0"}},
        "RouteItems": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": api, "RouteKey": "ANY /items/{proxy+}", "AuthorizationType": "JWT",
            "AuthorizerId": {"Ref": "Jwt"}, "Target": {"Fn::Sub": "integrations/${Items}"}}},
        "RouteDefault": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": api, "RouteKey": "$default", "AuthorizationType": "NONE",
            "Target": {"Fn::Sub": "integrations/${Items}"}}},
    }
    return template(resources, {
        "ApiId": api, "Endpoint": {"Fn::GetAtt": ["Api", "ApiEndpoint"]}, "StageName": {"Ref": "Stage"},
        "JwtId": {"Ref": "Jwt"}, "IntegrationId": {"Ref": "Items"}, "RouteId": {"Fn::GetAtt": ["RouteItems", "RouteId"]},
        "LogGroupArn": {"Fn::GetAtt": ["AccessLogs", "Arn"]}})


@pytest.fixture(scope="module")
def http_stack(aws: Clients) -> dict[str, str]:
    return outputs(create_stack(aws("cloudformation"), "http-api", http_template("http-api")))


def test_the_api_has_its_protocol_cors_and_endpoint(aws: Clients, http_stack: dict[str, str]) -> None:
    api = aws("apigatewayv2").get_api(ApiId=http_stack["ApiId"])
    assert api["ProtocolType"] == "HTTP" and api["Name"] == "http-api"
    assert api["CorsConfiguration"]["AllowOrigins"] == ["https://app.example.org"]
    assert http_stack["Endpoint"] == api["ApiEndpoint"]


def test_routes_have_their_keys_targets_and_authorizers(aws: Clients, http_stack: dict[str, str]) -> None:
    routes = {r["RouteKey"]: r for r in aws("apigatewayv2").get_routes(ApiId=http_stack["ApiId"])["Items"]}
    assert set(routes) == {"ANY /items/{proxy+}", "$default"}
    greedy = routes["ANY /items/{proxy+}"]
    assert greedy["AuthorizationType"] == "JWT" and greedy["AuthorizerId"] == http_stack["JwtId"]
    assert greedy["Target"] == f"integrations/{http_stack['IntegrationId']}" and greedy["RouteId"] == http_stack["RouteId"]
    assert routes["$default"]["AuthorizationType"] == "NONE"


def test_integration_and_jwt_authorizer_are_as_written(aws: Clients, http_stack: dict[str, str]) -> None:
    v2 = aws("apigatewayv2")
    integration = v2.get_integration(ApiId=http_stack["ApiId"], IntegrationId=http_stack["IntegrationId"])
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")
    assert integration["IntegrationUri"] == URI
    authorizer = v2.get_authorizer(ApiId=http_stack["ApiId"], AuthorizerId=http_stack["JwtId"])
    assert authorizer["JwtConfiguration"] == {"Issuer": "https://id.example.org/", "Audience": ["items"]}


def test_stage_keeps_throttling_and_access_logs_and_changes_on_update(aws: Clients) -> None:
    cloudformation, v2 = aws("cloudformation"), aws("apigatewayv2")
    before = outputs(create_stack(cloudformation, "http-update", http_template("http-update")))
    stage = v2.get_stage(ApiId=before["ApiId"], StageName="$default")
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 50
    assert stage["AccessLogSettings"] == {"DestinationArn": before["LogGroupArn"], "Format": LOG_FORMAT}
    after = outputs(update_stack(cloudformation, "http-update", http_template("http-update", rate=75)))
    assert after["ApiId"] == before["ApiId"]  # the API is updated in place: its id stays
    stage = v2.get_stage(ApiId=after["ApiId"], StageName="$default")
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 75


def test_deleting_the_stack_deletes_the_api(aws: Clients) -> None:
    cloudformation, v2 = aws("cloudformation"), aws("apigatewayv2")
    created = outputs(create_stack(cloudformation, "http-delete", http_template("http-delete")))
    delete_stack(cloudformation, "http-delete")
    with pytest.raises(ClientError, match="NotFound"):
        v2.get_api(ApiId=created["ApiId"])


def test_a_websocket_api_routes_by_its_selection_expression(aws: Clients) -> None:
    resources: dict[str, Any] = {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "chat", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"ApiId": {"Ref": "Api"}, "StageName": "prod",
                                                                      "AutoDeploy": True}},
        "Send": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": "Api"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": URI, "IntegrationMethod": "POST"}},
        "Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": "Api"}, "RouteKey": "sendmessage", "Target": {"Fn::Sub": "integrations/${Send}"}}},
    }
    created = outputs(create_stack(aws("cloudformation"), "chat", template(resources, {"ApiId": {"Ref": "Api"}})))
    v2 = aws("apigatewayv2")
    assert v2.get_api(ApiId=created["ApiId"])["RouteSelectionExpression"] == "$request.body.action"
    assert [r["RouteKey"] for r in v2.get_routes(ApiId=created["ApiId"])["Items"]] == ["sendmessage"]
    assert v2.get_stage(ApiId=created["ApiId"], StageName="prod")["AutoDeploy"] is True
