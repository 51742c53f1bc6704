"""Identity pools, user pool domains and providers, SES identities, Amplify and AppSync, deployed on the local
AWS through the project's adapters and read back through the services' APIs where moto has them."""

from __future__ import annotations

from typing import Any

import pytest

from archgen.deploy.local._amplify_backend import amplify_backend
from archgen.deploy.local._appsync import backend as appsync_backend
from archgen.deploy.local._adapter import Context
from tests.deploy_local.stacks import Clients, REGION, create_stack, delete_stack, outputs, template, update_stack

ACCOUNT = "123456789012"
SCHEMA = "type Note { id: ID! }\ntype Query { getNote(id: ID!): Note }\nschema { query: Query }\n"


def identity_template(name: str, guests: bool = False, branch: str = "main") -> str:
    pool = {"Ref": "Pool"}
    resources: dict[str, Any] = {
        "Pool": {"Type": "AWS::Cognito::UserPool", "Properties": {"UserPoolName": f"{name}-users",
                                                                  "DeletionProtection": "INACTIVE"}},
        "Domain": {"Type": "AWS::Cognito::UserPoolDomain", "Properties": {"UserPoolId": pool, "Domain": f"{name}-login"}},
        "Google": {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Properties": {
            "UserPoolId": pool, "ProviderName": "Google", "ProviderType": "Google",
            "ProviderDetails": {"client_id": "abc", "client_secret": "{{resolve:secretsmanager:x}}",
                                "authorize_scopes": "openid email"}, "AttributeMapping": {"email": "email"}}},
        "Client": {"Type": "AWS::Cognito::UserPoolClient", "DependsOn": ["Google"], "Properties": {
            "UserPoolId": pool, "ClientName": f"{name}-app", "GenerateSecret": False,
            "SupportedIdentityProviders": ["COGNITO", "Google"]}},
        "Identities": {"Type": "AWS::Cognito::IdentityPool", "Properties": {
            "IdentityPoolName": f"{name}_identities", "AllowUnauthenticatedIdentities": guests,
            "CognitoIdentityProviders": [{"ClientId": {"Ref": "Client"},
                                          "ProviderName": {"Fn::GetAtt": ["Pool", "ProviderName"]}}]}},
        "Signed": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
                                                     "Principal": {"Federated": "cognito-identity.amazonaws.com"}}]}}},
        "Roles": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
            "IdentityPoolId": {"Ref": "Identities"}, "Roles": {"authenticated": {"Fn::GetAtt": ["Signed", "Arn"]}}}},
        "Mail": {"Type": "AWS::SES::EmailIdentity", "Properties": {"EmailIdentity": f"{name}.example.org"}},
        "App": {"Type": "AWS::Amplify::App", "Properties": {"Name": f"{name}-web"}},
        "Branch": {"Type": "AWS::Amplify::Branch", "Properties": {"AppId": {"Fn::GetAtt": ["App", "AppId"]},
                                                                  "BranchName": branch}},
        "Api": {"Type": "AWS::AppSync::GraphQLApi", "Properties": {
            "Name": f"{name}-api", "AuthenticationType": "AMAZON_COGNITO_USER_POOLS",
            "UserPoolConfig": {"UserPoolId": pool, "AwsRegion": REGION, "DefaultAction": "ALLOW"}}},
        "Schema": {"Type": "AWS::AppSync::GraphQLSchema", "Properties": {
            "ApiId": {"Fn::GetAtt": ["Api", "ApiId"]}, "Definition": SCHEMA}},
        "Source": {"Type": "AWS::AppSync::DataSource", "Properties": {
            "ApiId": {"Fn::GetAtt": ["Api", "ApiId"]}, "Name": "Notes", "Type": "NONE"}},
        "Resolver": {"Type": "AWS::AppSync::Resolver", "DependsOn": ["Schema"], "Properties": {
            "ApiId": {"Fn::GetAtt": ["Api", "ApiId"]}, "TypeName": "Query", "FieldName": "getNote",
            "DataSourceName": {"Fn::GetAtt": ["Source", "Name"]}}},
        "Key": {"Type": "AWS::AppSync::ApiKey", "Properties": {"ApiId": {"Fn::GetAtt": ["Api", "ApiId"]},
                                                               "Expires": 1814313600}},
    }
    return template(resources, {
        "PoolId": pool, "IdentityPoolId": {"Ref": "Identities"}, "AppId": {"Fn::GetAtt": ["App", "AppId"]},
        "DefaultDomain": {"Fn::GetAtt": ["App", "DefaultDomain"]}, "ApiId": {"Fn::GetAtt": ["Api", "ApiId"]},
        "GraphQLUrl": {"Fn::GetAtt": ["Api", "GraphQLUrl"]}, "Dkim": {"Fn::GetAtt": ["Mail", "DkimDNSTokenName1"]}})


@pytest.fixture(scope="module")
def stack(aws: Clients) -> dict[str, str]:
    return outputs(create_stack(aws("cloudformation"), "identity", identity_template("identity")))


def _context() -> Context:
    return Context(ACCOUNT, REGION, "", "", "")


def test_identity_pool_trusts_the_user_pools_client_and_has_its_role(aws: Clients, stack: dict[str, str]) -> None:
    described = aws("cognito-identity").describe_identity_pool(IdentityPoolId=stack["IdentityPoolId"])
    assert described["IdentityPoolName"] == "identity_identities"
    assert described["AllowUnauthenticatedIdentities"] is False
    provider = described["CognitoIdentityProviders"][0]
    assert provider["ProviderName"] == f"cognito-idp.{REGION}.amazonaws.com/{stack['PoolId']}"


def test_domain_and_provider_are_the_user_pools(aws: Clients, stack: dict[str, str]) -> None:
    cognito = aws("cognito-idp")
    assert cognito.describe_user_pool_domain(Domain="identity-login")["DomainDescription"]["UserPoolId"] == \
        stack["PoolId"]
    google = cognito.describe_identity_provider(UserPoolId=stack["PoolId"], ProviderName="Google")["IdentityProvider"]
    assert google["ProviderType"] == "Google" and google["ProviderDetails"]["client_id"] == "abc"


def test_ses_identity_and_its_dkim_tokens(aws: Clients, stack: dict[str, str]) -> None:
    assert aws("sesv2").get_email_identity(EmailIdentity="identity.example.org")["IdentityType"] == "DOMAIN"
    assert stack["Dkim"].endswith("._domainkey.identity.example.org")


def test_amplify_app_and_branch_are_kept(stack: dict[str, str]) -> None:
    app = amplify_backend(ACCOUNT, REGION).get_app(stack["AppId"])
    assert app.name == "identity-web" and list(app.branches) == ["main"]
    assert stack["DefaultDomain"] == f"{stack['AppId']}.amplifyapp.com"


def test_appsync_api_schema_source_resolver_and_key(aws: Clients, stack: dict[str, str]) -> None:
    api = aws("appsync").get_graphql_api(apiId=stack["ApiId"])["graphqlApi"]
    assert api["authenticationType"] == "AMAZON_COGNITO_USER_POOLS"
    assert stack["GraphQLUrl"] == f"https://{stack['ApiId']}.appsync-api.{REGION}.amazonaws.com/graphql"
    assert len(aws("appsync").list_api_keys(apiId=stack["ApiId"])["apiKeys"]) == 1
    found = appsync_backend(_context()).get_graphql_api(stack["ApiId"])
    assert list(found.data_sources) == ["Notes"] and list(found.resolvers) == ["Query.getNote"]  # type: ignore[attr-defined]


def test_update_in_place_then_delete_removes_everything(aws: Clients) -> None:
    cloudformation = aws("cloudformation")
    before = outputs(create_stack(cloudformation, "identity-update", identity_template("identity-update")))
    after = outputs(update_stack(cloudformation, "identity-update",
                                 identity_template("identity-update", guests=True, branch="release")))
    assert after["IdentityPoolId"] == before["IdentityPoolId"] and after["AppId"] == before["AppId"]
    described = aws("cognito-identity").describe_identity_pool(IdentityPoolId=after["IdentityPoolId"])
    assert described["AllowUnauthenticatedIdentities"] is True
    assert list(amplify_backend(ACCOUNT, REGION).get_app(after["AppId"]).branches) == ["release"]
    delete_stack(cloudformation, "identity-update")
    assert after["IdentityPoolId"] not in {p["IdentityPoolId"] for p in aws("cognito-identity").list_identity_pools(
        MaxResults=60)["IdentityPools"]}
    assert after["AppId"] not in amplify_backend(ACCOUNT, REGION).apps
    assert after["ApiId"] not in {a["apiId"] for a in aws("appsync").list_graphql_apis()["graphqlApis"]}
