"""Unit tests for model/functions/items/handler.py against a moto DynamoDB table."""
from __future__ import annotations

import base64
import importlib.util
import json
import logging
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import boto3
import pytest
from moto import mock_aws

HANDLER_PATH = Path(__file__).resolve().parents[2] / "model" / "functions" / "items" / "handler.py"
TABLE_NAME = "items-test"


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fake credentials so nothing can ever reach a real AWS account.
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SECURITY_TOKEN", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("TABLE_NAME", TABLE_NAME)


@pytest.fixture
def mod(aws_env: None) -> Iterator[ModuleType]:
    """A fresh copy of the handler module per test (so its boto3 cache is empty)."""
    spec = importlib.util.spec_from_file_location("items_handler_under_test", HANDLER_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    with mock_aws():
        spec.loader.exec_module(module)
        boto3.client("dynamodb").create_table(
            TableName=TABLE_NAME,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield module


def event(
    method: str,
    path: str,
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    sub: str | None = None,
) -> dict[str, Any]:
    """Build a minimal API Gateway REST proxy event."""
    if path == "/api/items":
        resource, params = path, None
    elif path.startswith("/api/items/") and path.count("/") == 3:
        resource, params = "/api/items/{id}", {"id": path.rsplit("/", 1)[1]}
    else:
        resource, params = "/{proxy+}", {"proxy": path.lstrip("/")}
    request_context: dict[str, Any] = {"requestId": "test"}
    if sub is not None:
        request_context["authorizer"] = {"claims": {"sub": sub}}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "pathParameters": params,
        "queryStringParameters": query,
        "body": body if body is None or isinstance(body, str) else json.dumps(body),
        "isBase64Encoded": False,
        "requestContext": request_context,
    }


def call(mod: ModuleType, evt: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Invoke the handler and check the response envelope every route must honour."""
    resp = mod.handler(evt, None)
    assert resp["headers"]["Content-Type"] == "application/json"
    return resp["statusCode"], json.loads(resp["body"])


def create(mod: ModuleType, name: str, **extra: Any) -> dict[str, Any]:
    status, body = call(mod, event("POST", "/api/items", body={"name": name, **extra}))
    assert status == 201, body
    return body


def test_create_then_get_round_trip(mod: ModuleType) -> None:
    status, created = call(
        mod, event("POST", "/api/items", body={"name": "  Widget ", "description": "blue"}, sub="user-123")
    )
    assert status == 201
    assert created["name"] == "Widget"  # surrounding whitespace is trimmed
    assert created["description"] == "blue"
    assert created["owner"] == "user-123"
    assert len(created["id"]) == 32 and int(created["id"], 16) >= 0
    assert created["created_at"].endswith("+00:00")

    status, fetched = call(mod, event("GET", f"/api/items/{created['id']}"))
    assert status == 200
    assert fetched == created


def test_owner_defaults_to_anonymous_without_claims(mod: ModuleType) -> None:
    assert create(mod, "no auth")["owner"] == "anonymous"


def test_description_is_optional(mod: ModuleType) -> None:
    item = create(mod, "plain")
    assert item["description"] is None


def test_get_via_proxy_path_fallback(mod: ModuleType) -> None:
    item = create(mod, "proxied")
    evt = event("GET", f"/api/items/{item['id']}")
    evt["resource"], evt["pathParameters"] = "/{proxy+}", {"proxy": evt["path"][1:]}
    status, body = call(mod, evt)
    assert status == 200 and body["id"] == item["id"]


def test_list_paginates_until_exhausted(mod: ModuleType) -> None:
    created = {create(mod, f"item {i}")["id"] for i in range(5)}
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):  # guard against a cursor that never ends
        query = {"limit": "2", **({"next": cursor} if cursor else {})}
        status, page = call(mod, event("GET", "/api/items", query=query))
        assert status == 200
        assert len(page["items"]) <= 2
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next"]
        if cursor is None:
            break
        assert "=" not in cursor  # safe to drop into a query string unescaped
    assert cursor is None, "pagination did not terminate"
    assert sorted(seen) == sorted(created)  # every id exactly once


def test_list_fills_page_when_scan_returns_short_pages(
    mod: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real DynamoDB stops a Scan at 1 MB; moto never does, so simulate it.
    for i in range(5):
        create(mod, f"short {i}")
    table = boto3.resource("dynamodb").Table(TABLE_NAME)
    calls: list[int] = []

    class OneItemPerScan:
        def scan(self, **kwargs: Any) -> dict[str, Any]:
            calls.append(kwargs["Limit"])
            return table.scan(**{**kwargs, "Limit": 1})

    monkeypatch.setattr(mod, "_table", OneItemPerScan)
    status, page = call(mod, event("GET", "/api/items", query={"limit": "3"}))
    assert status == 200
    assert len(page["items"]) == 3
    assert calls == [3, 2, 1]  # asks only for what is still missing
    assert page["next"] is not None


def test_list_default_limit_returns_everything_small(mod: ModuleType) -> None:
    ids = {create(mod, f"n{i}")["id"] for i in range(3)}
    status, page = call(mod, event("GET", "/api/items"))
    assert status == 200
    assert {item["id"] for item in page["items"]} == ids
    assert page["next"] is None


def test_decimal_attributes_serialise(mod: ModuleType) -> None:
    boto3.resource("dynamodb").Table(TABLE_NAME).put_item(
        Item={"id": "num", "name": "n", "count": 3, "ratio": Decimal("0.5")}
    )
    status, body = call(mod, event("GET", "/api/items/num"))
    assert status == 200
    assert body["count"] == 3 and body["ratio"] == 0.5


def test_get_missing_returns_404(mod: ModuleType) -> None:
    status, body = call(mod, event("GET", "/api/items/does-not-exist"))
    assert status == 404
    assert "not found" in body["error"]


def test_get_absurdly_long_id_is_404_not_500(mod: ModuleType) -> None:
    status, body = call(mod, event("GET", "/api/items/" + "x" * 5000))
    assert status == 404
    assert len(body["error"]) < 300


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "valid JSON"),
        (None, "body is required"),
        ("[1, 2]", "JSON object"),
        ({}, "'name' is required"),
        ({"description": "x"}, "'name' is required"),
        ({"name": ""}, "1 to 200"),
        ({"name": "   "}, "1 to 200"),
        ({"name": "x" * 201}, "1 to 200"),
        ({"name": 42}, "must be a string"),
        ({"name": ["a"]}, "must be a string"),
        ({"name": "ok", "description": 7}, "'description' must be a string"),
        ({"name": "ok", "description": "d" * 2001}, "at most 2000"),
        ({"name": "ok", "colour": "red"}, "unknown field(s): colour"),
    ],
)
def test_invalid_create_body_returns_400(mod: ModuleType, body: Any, message: str) -> None:
    status, resp = call(mod, event("POST", "/api/items", body=body))
    assert status == 400
    assert message in resp["error"]
    # Nothing was written.
    assert boto3.resource("dynamodb").Table(TABLE_NAME).scan()["Count"] == 0


def test_name_at_max_length_is_accepted(mod: ModuleType) -> None:
    assert len(create(mod, "x" * 200)["name"]) == 200


def test_base64_encoded_body_is_decoded(mod: ModuleType) -> None:
    evt = event("POST", "/api/items", body=base64.b64encode(b'{"name": "b64"}').decode())
    evt["isBase64Encoded"] = True
    status, body = call(mod, evt)
    assert status == 201 and body["name"] == "b64"


@pytest.mark.parametrize("path", ["/api/other", "/api/items/a/b", "/"])
def test_unknown_route_returns_404(mod: ModuleType, path: str) -> None:
    status, body = call(mod, event("GET", path))
    assert status == 404
    assert body == {"error": "route not found"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("DELETE", "/api/items", "GET, POST"), ("PUT", "/api/items/abc", "GET"), ("POST", "/api/items/abc", "GET")],
)
def test_wrong_method_returns_405(mod: ModuleType, method: str, path: str, allow: str) -> None:
    resp = mod.handler(event(method, path), None)
    assert resp["statusCode"] == 405
    assert resp["headers"]["Allow"] == allow
    assert method in json.loads(resp["body"])["error"]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "2.5", ""])
def test_limit_out_of_range_returns_400(mod: ModuleType, limit: str) -> None:
    status, body = call(mod, event("GET", "/api/items", query={"limit": limit}))
    assert status == 400
    assert "between 1 and 100" in body["error"]


@pytest.mark.parametrize("cursor", ["!!!", "bm90IGpzb24", "WzFd", "e30"])  # bad b64, not JSON, list, {}
def test_invalid_cursor_returns_400(mod: ModuleType, cursor: str) -> None:
    status, body = call(mod, event("GET", "/api/items", query={"next": cursor}))
    assert status == 400
    assert "cursor" in body["error"]


def test_internal_error_returns_500_without_leaking(
    mod: ModuleType, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TABLE_NAME", "no-such-table")
    with caplog.at_level(logging.ERROR):
        resp = mod.handler(event("GET", "/api/items"), None)
    assert resp["statusCode"] == 500
    assert resp["headers"]["Content-Type"] == "application/json"
    assert json.loads(resp["body"]) == {"error": "internal error"}
    assert "no-such-table" not in resp["body"] and "ResourceNotFound" not in resp["body"]
    # The detail is logged for operators instead.
    assert any(r.exc_info and "ResourceNotFound" in r.getMessage() + str(r.exc_info[1]) for r in caplog.records)


def test_missing_table_name_env_is_500(mod: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TABLE_NAME")
    status, body = call(mod, event("POST", "/api/items", body={"name": "x"}))
    assert status == 500
    assert body == {"error": "internal error"}
