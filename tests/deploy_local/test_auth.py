"""Cognito user pool and app client, deployed for real and read back through cognito-idp."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.deploy_local.stacks import (Clients, REGION, create_by_change_set, create_stack, delete_stack, outputs,
                                      template, update_stack)


def auth_template(name: str, password_length: int = 12, token_minutes: int = 60) -> str:
    resources: dict[str, Any] = {
        "Users": {"Type": "AWS::Cognito::UserPool", "Properties": {
            "UserPoolName": f"{name}-users", "MfaConfiguration": "OPTIONAL", "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
            "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"], "DeletionProtection": "INACTIVE",
            "Policies": {"PasswordPolicy": {"MinimumLength": password_length, "RequireSymbols": True}}}},
        "WebClient": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
            "UserPoolId": {"Ref": "Users"}, "ClientName": f"{name}-spa", "GenerateSecret": False,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "EnableTokenRevocation": True, "AccessTokenValidity": token_minutes, "IdTokenValidity": token_minutes,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}}},
    }
    return template(resources, {
        "UserPoolId": {"Ref": "Users"}, "UserPoolArn": {"Fn::GetAtt": ["Users", "Arn"]},
        "ProviderURL": {"Fn::GetAtt": ["Users", "ProviderURL"]},
        "ProviderName": {"Fn::GetAtt": ["Users", "ProviderName"]},
        "ClientId": {"Ref": "WebClient"}, "ClientIdAttribute": {"Fn::GetAtt": ["WebClient", "ClientId"]}})


@pytest.fixture(scope="module")
def auth(aws: Clients) -> dict[str, str]:
    return outputs(create_stack(aws("cloudformation"), "auth", auth_template("auth")))


def test_user_pool_has_the_templates_mfa_and_password_policy(aws: Clients, auth: dict[str, str]) -> None:
    cognito = aws("cognito-idp")
    pool = cognito.describe_user_pool(UserPoolId=auth["UserPoolId"])["UserPool"]
    assert (pool["Name"], pool["Arn"]) == ("auth-users", auth["UserPoolArn"])
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["UsernameAttributes"] == ["email"]
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=auth["UserPoolId"])
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}


def test_outputs_name_the_pool_as_a_jwt_issuer(auth: dict[str, str]) -> None:
    provider = f"cognito-idp.{REGION}.amazonaws.com/{auth['UserPoolId']}"
    assert (auth["ProviderName"], auth["ProviderURL"]) == (provider, f"https://{provider}")


def test_app_client_is_public_with_short_lived_tokens(aws: Clients, auth: dict[str, str]) -> None:
    client = aws("cognito-idp").describe_user_pool_client(
        UserPoolId=auth["UserPoolId"], ClientId=auth["ClientId"])["UserPoolClient"]
    assert auth["ClientId"] == auth["ClientIdAttribute"] == client["ClientId"]
    assert "ClientSecret" not in client
    assert client["ClientName"] == "auth-spa"
    assert (client["AccessTokenValidity"], client["EnableTokenRevocation"]) == (60, True)
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def test_update_keeps_pool_and_client_and_applies_the_change(aws: Clients) -> None:
    cloudformation, cognito = aws("cloudformation"), aws("cognito-idp")
    before = outputs(create_stack(cloudformation, "auth-update", auth_template("auth-update")))
    after = outputs(update_stack(cloudformation, "auth-update",
                                 auth_template("auth-update", password_length=16, token_minutes=30)))
    assert (after["UserPoolId"], after["ClientId"]) == (before["UserPoolId"], before["ClientId"])
    pool = cognito.describe_user_pool(UserPoolId=after["UserPoolId"])["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 16
    client = cognito.describe_user_pool_client(UserPoolId=after["UserPoolId"], ClientId=after["ClientId"])
    assert client["UserPoolClient"]["AccessTokenValidity"] == 30


def test_change_set_then_delete(aws: Clients) -> None:
    cloudformation, cognito = aws("cloudformation"), aws("cognito-idp")
    created = outputs(create_by_change_set(cloudformation, "auth-change-set", auth_template("auth-change-set")))
    assert cognito.describe_user_pool(UserPoolId=created["UserPoolId"])["UserPool"]["Name"] == "auth-change-set-users"
    delete_stack(cloudformation, "auth-change-set")
    with pytest.raises(ClientError, match="ResourceNotFound"):
        cognito.describe_user_pool(UserPoolId=created["UserPoolId"])
