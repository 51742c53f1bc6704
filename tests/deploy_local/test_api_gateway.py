"""API Gateway Stage and Authorizer, and a REGIONAL web ACL on the stage, deployed for real."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.deploy_local.stacks import (Clients, REGION, create_by_change_set, create_stack, delete_stack, outputs,
                                      template, update_stack)

LOG_FORMAT = '{"requestId":"$context.requestId","status":"$context.status"}'


def api_template(name: str, rate: int = 50, burst: int = 100) -> str:
    """A REST API with one protected route, its stage, a Cognito authorizer and a web ACL."""
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}
    # The stage comes before the method on purpose: the stage's Ref creates the deployment early,
    # and the deployment must still wait for the method it DependsOn (as the generated ones do).
    resources: dict[str, Any] = {
        "Users": {"Type": "AWS::Cognito::UserPool", "Properties": {"UserPoolName": f"{name}-users"}},
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": name}},
        "LogsRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "apigateway.amazonaws.com"}}]}}},
        "Account": {"Type": "AWS::ApiGateway::Account",
                    "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["LogsRole", "Arn"]}}},
        "Stage": {"Type": "AWS::ApiGateway::Stage", "DependsOn": "Account", "Properties": {
            "RestApiId": {"Ref": "Api"}, "StageName": "v1", "DeploymentId": {"Ref": "Deployment"},
            "TracingEnabled": True,
            "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": rate,
                                "ThrottlingBurstLimit": burst, "MetricsEnabled": True}],
            "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": ["AccessLogs", "Arn"]}, "Format": LOG_FORMAT}}},
        "Items": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "items"}},
        "Authorizer": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "cognito", "Type": "COGNITO_USER_POOLS",
            "IdentitySource": "method.request.header.Authorization",
            "ProviderARNs": [{"Fn::GetAtt": ["Users", "Arn"]}]}},
        "GetItems": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Items"}, "HttpMethod": "GET",
            "AuthorizationType": "COGNITO_USER_POOLS", "AuthorizerId": {"Ref": "Authorizer"},
            "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                            "Uri": f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/items/invocations"}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "GetItems",
                       "Properties": {"RestApiId": {"Ref": "Api"}}},
        "AccessLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": f"/{name}/access"}},
        "Firewall": {"Type": "AWS::WAFv2::WebACL", "Properties": {
            "Name": f"{name}-acl", "Scope": "REGIONAL", "DefaultAction": {"Allow": {}}, "VisibilityConfig": visibility,
            "Rules": [{"Name": "rate-limit", "Priority": 0, "Action": {"Block": {}}, "VisibilityConfig": visibility,
                       "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP"}}}]}},
        "FirewallOnStage": {"Type": "AWS::WAFv2::WebACLAssociation", "Properties": {
            "WebACLArn": {"Fn::GetAtt": ["Firewall", "Arn"]},
            "ResourceArn": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}"}}},
    }
    return template(resources, {
        "ApiId": {"Ref": "Api"}, "StageName": {"Ref": "Stage"}, "DeploymentId": {"Ref": "Deployment"},
        "AuthorizerId": {"Ref": "Authorizer"}, "AuthorizerIdAttribute": {"Fn::GetAtt": ["Authorizer", "AuthorizerId"]},
        "UserPoolArn": {"Fn::GetAtt": ["Users", "Arn"]}, "LogGroupArn": {"Fn::GetAtt": ["AccessLogs", "Arn"]},
        "WebAclArn": {"Fn::GetAtt": ["Firewall", "Arn"]}, "LogsRoleArn": {"Fn::GetAtt": ["LogsRole", "Arn"]}})


@pytest.fixture(scope="module")
def api_stack(aws: Clients) -> dict[str, str]:
    return outputs(create_stack(aws("cloudformation"), "api", api_template("api")))


def test_stage_has_the_templates_deployment_tracing_throttling_and_access_logs(aws: Clients,
                                                                               api_stack: dict[str, str]) -> None:
    stage = aws("apigateway").get_stage(restApiId=api_stack["ApiId"], stageName=api_stack["StageName"])
    assert stage["deploymentId"] == api_stack["DeploymentId"]
    assert stage["tracingEnabled"] is True
    assert stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 50
    assert stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 100
    assert stage["accessLogSettings"] == {"destinationArn": api_stack["LogGroupArn"], "format": LOG_FORMAT}


def test_account_lets_api_gateway_write_the_access_logs(aws: Clients, api_stack: dict[str, str]) -> None:
    assert aws("apigateway").get_account()["cloudwatchRoleArn"] == api_stack["LogsRoleArn"]


def test_authorizer_checks_the_user_pool_and_guards_the_route(aws: Clients, api_stack: dict[str, str]) -> None:
    apigateway = aws("apigateway")
    [authorizer] = apigateway.get_authorizers(restApiId=api_stack["ApiId"])["items"]
    assert authorizer["id"] == api_stack["AuthorizerId"] == api_stack["AuthorizerIdAttribute"]
    assert (authorizer["type"], authorizer["providerARNs"]) == ("COGNITO_USER_POOLS", [api_stack["UserPoolArn"]])
    resources = apigateway.get_resources(restApiId=api_stack["ApiId"])["items"]
    [items] = [each for each in resources if each.get("pathPart") == "items"]
    method = apigateway.get_method(restApiId=api_stack["ApiId"], resourceId=items["id"], httpMethod="GET")
    assert method["authorizerId"] == authorizer["id"]


def test_web_acl_guards_the_stage(aws: Clients, api_stack: dict[str, str]) -> None:
    stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_stack['ApiId']}/stages/v1"
    acl = aws("wafv2").get_web_acl_for_resource(ResourceArn=stage_arn)["WebACL"]
    assert acl["ARN"] == api_stack["WebAclArn"]
    assert [rule["Statement"]["RateBasedStatement"]["Limit"] for rule in acl["Rules"]] == [2000]


def test_update_changes_the_stage_in_place(aws: Clients) -> None:
    cloudformation, apigateway = aws("cloudformation"), aws("apigateway")
    before = outputs(create_stack(cloudformation, "api-update", api_template("api-update")))
    after = outputs(update_stack(cloudformation, "api-update", api_template("api-update", rate=75, burst=150)))
    stage = apigateway.get_stage(restApiId=after["ApiId"], stageName="v1")
    assert stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 75
    assert stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 150
    assert stage["webAclArn"] == before["WebAclArn"]  # in place: the association survives
    assert after["AuthorizerId"] == before["AuthorizerId"]


def test_delete_removes_stage_authorizer_and_web_acl(aws: Clients) -> None:
    cloudformation, apigateway, wafv2 = aws("cloudformation"), aws("apigateway"), aws("wafv2")
    created = outputs(create_stack(cloudformation, "api-delete", api_template("api-delete")))
    delete_stack(cloudformation, "api-delete")
    with pytest.raises(ClientError, match="NotFound"):
        apigateway.get_stage(restApiId=created["ApiId"], stageName="v1")
    assert apigateway.get_authorizers(restApiId=created["ApiId"])["items"] == []
    names = [acl["Name"] for acl in wafv2.list_web_acls(Scope="REGIONAL")["WebACLs"]]
    assert "api-delete-acl" not in names


def test_change_set_path_creates_the_same_resources_and_fills_the_outputs(aws: Clients) -> None:
    created = outputs(create_by_change_set(aws("cloudformation"), "api-change-set", api_template("api-change-set")))
    stage = aws("apigateway").get_stage(restApiId=created["ApiId"], stageName=created["StageName"])
    assert stage["deploymentId"] == created["DeploymentId"]
    assert aws("wafv2").get_web_acl_for_resource(
        ResourceArn=f"arn:aws:apigateway:{REGION}::/restapis/{created['ApiId']}/stages/v1")["WebACL"]["ARN"] \
        == created["WebAclArn"]
