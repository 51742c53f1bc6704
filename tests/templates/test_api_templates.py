"""The API building blocks as CloudFormation: an HTTP API's routes, authorizers and per-route permissions,
a WebSocket API's callback grant and URL, and a REST API's direct integrations granting exactly their one
call with the model's mapping templates (every `${` the model writes kept literal)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from archgen.graph import SystemGraph
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import ModelInvalid, load_model

REPO = Path(__file__).resolve().parents[2]
KINDS = Path(__file__).resolve().parent / "kinds"


def _resources(model: Path) -> dict[str, dict[str, Any]]:
    result = synthesize(SystemGraph(load_model(model)))
    return {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}


def _of_type(resources: dict[str, dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {lid: body for lid, body in resources.items() if body["Type"] == kind}


@pytest.fixture(scope="module")
def http() -> dict[str, dict[str, Any]]:
    return _resources(KINDS / "apigatewayv2.http_api" / "system.yaml")


def test_each_route_is_one_route_with_the_authorizer_that_protects_it(http: dict[str, dict[str, Any]]) -> None:
    routes = {body["Properties"]["RouteKey"]: body["Properties"]
              for body in _of_type(http, "AWS::ApiGatewayV2::Route").values()}
    assert set(routes) == {"GET /items", "POST /items", "ANY /items/{proxy+}", "DELETE /admin/items",
                           "GET /partner/items", "$default"}
    assert routes["GET /items"]["AuthorizerId"] == {"Ref": "ApiAuthorizerUserPool"}
    assert routes["GET /items"]["AuthorizationType"] == "JWT"
    assert (routes["DELETE /admin/items"]["AuthorizationType"], routes["DELETE /admin/items"]["AuthorizerId"]) == (
        "CUSTOM", {"Ref": "ApiAuthorizerAdminAuth"})
    assert routes["GET /partner/items"]["AuthorizerId"] == {"Ref": "ApiAuthorizerJwt"}  # the settings' issuer
    assert routes["$default"]["AuthorizationType"] == "NONE" and "AuthorizerId" not in routes["$default"]


def test_the_pools_jwt_authorizer_trusts_its_issuer_and_app_client(http: dict[str, dict[str, Any]]) -> None:
    config = http["ApiAuthorizerUserPool"]["Properties"]["JwtConfiguration"]
    assert config["Issuer"]["Fn::Sub"][0] == "https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}"
    assert len(config["Audience"]) == 1 and "AppClient" in str(config["Audience"][0])
    assert http["ApiAuthorizerJwt"]["Properties"]["JwtConfiguration"] == {
        "Issuer": "https://login.partner.example.com/", "Audience": ["items-api"]}


def test_a_permission_per_route_scoped_to_its_method_and_path(http: dict[str, dict[str, Any]]) -> None:
    arns = {body["Properties"]["SourceArn"]["Fn::Sub"][0].split("${AWS::AccountId}:", 1)[1]
            for body in _of_type(http, "AWS::Lambda::Permission").values()}
    assert arns == {"${SourceResourceId}/*/GET/items", "${SourceResourceId}/*/POST/items",
                    "${SourceResourceId}/*/*/items/*", "${SourceResourceId}/*/DELETE/admin/items",
                    "${SourceResourceId}/*/GET/partner/items", "${SourceResourceId}/*/$default",
                    "${SourceResourceId}/authorizers/*"}


def test_integrations_are_lambda_proxies_of_payload_two(http: dict[str, dict[str, Any]]) -> None:
    integrations = _of_type(http, "AWS::ApiGatewayV2::Integration")
    assert len(integrations) == 2  # one per function, whatever its number of routes
    for body in integrations.values():
        assert (body["Properties"]["IntegrationType"], body["Properties"]["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")


def test_behind_cloudfront_the_routes_carry_the_origins_path(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(KINDS / "apigatewayv2.http_api", folder)
    text = (folder / "system.yaml").read_text()
    text = text.replace("  users:\n", "  cdn:\n    kind: cloudfront.distribution\n    label: CDN\n"
                        "    description: The site.\n  users:\n", 1).replace(
        "  - {from: users, to: api, label: HTTPS}\n", "  - {from: users, to: cdn, label: HTTPS}\n"
        "  - {from: cdn, to: api, label: /api/*, path: /api/*}\n").replace(
        '      - "users -> api: GET /items (Bearer ID token)"\n', '      - "users -> cdn: GET /api/items"\n'
        '      - "cdn -> api: forward"\n').replace(
        "api -> users: 200, CORS headers for the app's origin", "api -> cdn: 200")
    text = text.replace("exceptions:\n", "exceptions:\n  - component: cdn\n    control: E101\n    reason: A test of "
                        "the paths only.\n  - kind: cloudfront.distribution\n    control: CKV_AWS_18\n    reason: A "
                        "test of the paths only; the log bucket does not log itself.\n  - component: cdn\n    control: tls\n"
                        "    reason: A test of the paths only, served on CloudFront's own domain.\n", 1)
    (folder / "system.yaml").write_text(text)
    keys = {body["Properties"]["RouteKey"] for body in
            _of_type(_resources(folder / "system.yaml"), "AWS::ApiGatewayV2::Route").values()}
    assert "GET /api/items" in keys and "ANY /api/items/{proxy+}" in keys and "$default" in keys


def test_a_function_posting_to_connections_may_do_only_that_and_knows_the_url() -> None:
    resources = _resources(KINDS / "apigatewayv2.websocket_api" / "system.yaml")
    policies = {p["PolicyName"]: p["PolicyDocument"]["Statement"]
                for p in resources["SendFnRole"]["Properties"]["Policies"]}
    (statement,) = policies["post-chat-api"]
    assert statement["Action"] == "execute-api:ManageConnections"
    assert statement["Resource"]["Fn::Sub"][0].endswith(":${DestinationId}/${DestinationStageName}/POST/@connections/*")
    variables = resources["SendFnFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["CONNECTIONS_URL"] == {"Fn::Sub": "https://${ChatApiApi}.execute-api.${AWS::Region}."
                                                       "${AWS::URLSuffix}/${ChatApiStage}"}
    assert "CONNECTIONS_URL" not in resources["ConnectFnFunction"]["Properties"]["Environment"]["Variables"]
    assert not any("post-" in p["PolicyName"] for p in resources["ConnectFnRole"]["Properties"]["Policies"])


@pytest.fixture(scope="module")
def functionless() -> dict[str, dict[str, Any]]:
    return _resources(REPO / "examples" / "functionless-api" / "model" / "system.yaml")


def test_the_integration_role_may_make_exactly_each_relations_one_call(functionless: dict[str, Any]) -> None:
    role = functionless["ApiIntegrationRole"]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "apigateway.amazonaws.com"}
    actions = {p["PolicyName"]: sorted({s["Action"] if isinstance(s["Action"], str) else a
                                        for s in p["PolicyDocument"]["Statement"]
                                        for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])})
               for p in role["Policies"]}
    assert actions == {"write-orders": ["dynamodb:PutItem", "kms:Decrypt"],
                       "publish-events": ["kms:Decrypt", "kms:GenerateDataKey", "sns:Publish"],
                       "send-returns": ["kms:Decrypt", "kms:GenerateDataKey", "sqs:SendMessage"],
                       "put-events-bus": ["events:PutEvents"], "start-refunds": ["states:StartExecution"]}


def test_methods_call_the_services_with_the_models_templates(functionless: dict[str, Any]) -> None:
    put = functionless["ApiMethodPostOrders"]["Properties"]
    assert put["Integration"]["Uri"] == {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/PutItem"}
    assert put["Integration"]["Credentials"] == {"Fn::GetAtt": ["ApiIntegrationRole", "Arn"]}
    text, variables = put["Integration"]["RequestTemplates"]["application/json"]["Fn::Sub"]
    assert '"TableName": "${TargetName}"' in text and variables == {"TargetName": "orders-dev-orders"}
    assert [r["StatusCode"] for r in put["MethodResponses"]] == ["200", "400", "500"]
    publish = functionless["ApiMethodPostEvents"]["Properties"]["Integration"]
    assert publish["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}


def _policy(resources: dict[str, Any], name: str) -> list[dict[str, Any]]:
    role = resources["ApiIntegrationRole"]["Properties"]["Policies"]
    return next(p["PolicyDocument"]["Statement"] for p in role if p["PolicyName"] == name)


def _uri(call: str) -> dict[str, str]:
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:{call}"}


def test_a_method_sends_to_the_queue_with_only_that_call_and_its_key(functionless: dict[str, Any]) -> None:
    integration = functionless["ApiMethodPostReturns"]["Properties"]["Integration"]
    assert integration["Uri"] == _uri("sqs:path/${AWS::AccountId}/orders-dev-returns")
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}
    assert integration["RequestTemplates"]["application/json"].startswith(
        "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&")
    assert "SendMessageResult.MessageId" in integration["IntegrationResponses"][0]["ResponseTemplates"]["application/json"]
    assert _policy(functionless, "send-returns") == [
        {"Effect": "Allow", "Action": "sqs:SendMessage",
         "Resource": {"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders-dev-returns"}},
        {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": {"Fn::GetAtt": ["ReturnsKey", "Arn"]}}]


def test_a_method_puts_events_on_the_bus_with_only_that_call(functionless: dict[str, Any]) -> None:
    integration = functionless["ApiMethodPostReturnEvents"]["Properties"]["Integration"]
    assert integration["Uri"] == _uri("events:action/PutEvents")
    assert integration["RequestParameters"] == {
        "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
        "integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'"}
    text, variables = integration["RequestTemplates"]["application/json"]["Fn::Sub"]
    assert '"EventBusName": "${TargetName}"' in text and variables == {"TargetName": "orders-dev-bus"}
    assert '"Detail": "$util.escapeJavaScript($input.body)"' in text
    assert _policy(functionless, "put-events-bus") == [{"Effect": "Allow", "Action": "events:PutEvents", "Resource": {
        "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/orders-dev-bus"}}]


def test_a_method_starts_the_state_machine_with_only_that_call(functionless: dict[str, Any]) -> None:
    machine = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:orders-dev-refunds"
    integration = functionless["ApiMethodPostRefunds"]["Properties"]["Integration"]
    assert integration["Uri"] == _uri("states:action/StartExecution")
    assert "RequestParameters" not in integration  # the action URI is the whole call
    text, variables = integration["RequestTemplates"]["application/json"]["Fn::Sub"]
    assert text.startswith('{"stateMachineArn": "${TargetArn}", ') and variables == {"TargetArn": {"Fn::Sub": machine}}
    assert '"input": "$util.escapeJavaScript($input.json(\'$\'))"' in text
    assert _policy(functionless, "start-refunds") == [
        {"Effect": "Allow", "Action": "states:StartExecution", "Resource": {"Fn::Sub": machine}}]


def _with_refunds(tmp_path: Path, action: str, kind: str) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(REPO / "examples" / "functionless-api" / "model", folder)
    path = folder / "system.yaml"
    text = path.read_text().replace("actions: [states:StartExecution]", f"actions: [{action}]")
    path.write_text(text.replace("      type: EXPRESS\n", f"      type: {kind}\n"))
    return path


def test_an_express_machine_may_be_run_synchronously_by_the_api(tmp_path: Path) -> None:
    resources = _resources(_with_refunds(tmp_path, "states:StartSyncExecution", "EXPRESS"))
    assert resources["ApiMethodPostRefunds"]["Properties"]["Integration"]["Uri"] == _uri(
        "states:action/StartSyncExecution")
    assert [s["Action"] for s in _policy(resources, "start-refunds")] == ["states:StartSyncExecution"]


def test_a_standard_machine_is_not_run_synchronously(tmp_path: Path) -> None:
    with pytest.raises(ModelInvalid, match=r"system.yaml:\d+:\d+: relations\[\d+\]\.actions: 'refunds' is a STANDARD "
                                           r"state machine: only an EXPRESS one runs synchronously"):
        load_model(_with_refunds(tmp_path, "states:StartSyncExecution", "STANDARD"))


def test_a_machine_started_without_naming_the_call_is_refused(tmp_path: Path) -> None:
    path = _with_refunds(tmp_path, "states:StartExecution", "EXPRESS")
    path.write_text(path.read_text().replace("    actions: [states:StartExecution]\n", ""))
    with pytest.raises(ModelInvalid, match="E123 .*a direct integration makes one call: name it in 'actions' "
                                           r"\(one of states:StartExecution, states:StartSyncExecution\)"):
        load_model(path)


def test_a_template_writing_dollar_braces_keeps_them_literal(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(REPO / "examples" / "functionless-api" / "model", folder)
    (folder / "templates" / "put-item.vtl").write_text('{"TableName": "{{name}}", "x": "${AWS::AccountId}"}\n')
    body = _resources(folder / "system.yaml")["ApiMethodPostOrders"]["Properties"]["Integration"]
    text, _ = body["RequestTemplates"]["application/json"]["Fn::Sub"]
    assert '"x": "${!AWS::AccountId}"' in text


@pytest.mark.parametrize(("file", "method", "placeholder"), [
    ("send.vtl", "ApiMethodPostReturns", ""), ("put-events.vtl", "ApiMethodPostReturnEvents", "{{name}}"),
    ("start.vtl", "ApiMethodPostRefunds", "{{arn}}")])
def test_the_queue_bus_and_machine_templates_keep_dollar_braces_literal(tmp_path: Path, file: str, method: str,
                                                                        placeholder: str) -> None:
    folder = tmp_path / "model"
    shutil.copytree(REPO / "examples" / "functionless-api" / "model", folder)
    (folder / "templates" / file).write_text(f'{{"to": "{placeholder}", "x": "${{AWS::AccountId}}", "y": "$${{z}}"}}\n')
    body = _resources(folder / "system.yaml")[method]["Properties"]["Integration"]["RequestTemplates"]["application/json"]
    text = body["Fn::Sub"][0] if isinstance(body["Fn::Sub"], list) else body["Fn::Sub"]
    assert '"x": "${!AWS::AccountId}", "y": "$${!z}"' in text
    assert ("${Target" in text) == bool(placeholder)


def test_an_api_without_direct_integrations_has_no_integration_role() -> None:
    resources = _resources(KINDS / "apigateway.rest_api" / "system.yaml")
    assert "ApiIntegrationRole" not in resources


def test_a_websocket_authorizer_checks_connect_with_the_query_strings_token(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(KINDS / "apigatewayv2.websocket_api", folder)
    (folder / "functions" / "auth").mkdir()
    (folder / "functions" / "auth" / "handler.py").write_text("def handler(event, context):\n    return {}\n")
    text = (folder / "system.yaml").read_text()
    text = text.replace("  connections:\n", "  auth-fn:\n    kind: lambda.function\n    label: Authorizer\n"
                        "    description: Checks the token.\n    settings:\n      source: functions/auth\n"
                        "  connections:\n", 1).replace(
        "  - {from: chat-api, to: logs, label: access logs}\n", "  - {from: chat-api, to: logs, label: access logs}\n"
        '  - {from: chat-api, to: auth-fn, label: check token, protects: ["$connect"]}\n')
    text = text[:text.index("  - component: chat-api\n    control: E121")] + text[text.index("  - kind: lambda.function\n    control: CKV_AWS_116"):]
    (folder / "system.yaml").write_text(text)
    resources = _resources(folder / "system.yaml")
    authorizer = resources["ChatApiAuthorizerAuthFn"]["Properties"]
    assert (authorizer["AuthorizerType"], authorizer["IdentitySource"]) == ("REQUEST", ["route.request.querystring.token"])
    routes = {body["Properties"]["RouteKey"]: body["Properties"]
              for body in _of_type(resources, "AWS::ApiGatewayV2::Route").values()}
    assert routes["$connect"]["AuthorizationType"] == "CUSTOM"
    assert routes["$connect"]["AuthorizerId"] == {"Ref": "ChatApiAuthorizerAuthFn"}
    assert all(routes[key]["AuthorizationType"] == "NONE" for key in ("$disconnect", "sendmessage", "$default"))
