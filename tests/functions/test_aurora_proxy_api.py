"""The notes example's code: the settings from a moto SSM and Secrets Manager, the IAM token for the proxy,
signed cursors (a forged or garbled one is a 400), and the SQL it sends for each route (a fake driver)."""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import boto3
import pytest
from moto import mock_aws

HANDLER = Path(__file__).resolve().parents[2] / "examples" / "aurora-proxy-api" / "model" / "functions" / "notes" / "handler.py"
REGION = "eu-west-1"
ENV = {"DB_PROXY_ENDPOINT": "notes-prod-db-proxy.proxy-x.eu-west-1.rds.amazonaws.com", "DB_PORT": "5432",
       "DB_USER": "notes_app", "DB_NAME": "notes", "PARAMETER_NAME": "/notes/prod/page-size",
       "SECRET_NAME": "notes/prod/cursor-key", "ALLOWED_ORIGIN": "https://notes.example.org",
       "AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


class FakeConnection:
    """pg8000.native.Connection's shape: `run(sql, **params)` returning rows; records what it was sent."""

    sent: list[tuple[str, dict[str, Any]]] = []
    opened: list[dict[str, Any]] = []
    rows: list[list[Any]] = []

    def __init__(self, user: str, **kwargs: Any) -> None:
        FakeConnection.opened.append({"user": user, **kwargs})

    def run(self, sql: str, **params: Any) -> list[list[Any]]:
        FakeConnection.sent.append((sql, params))
        return FakeConnection.rows

    def close(self) -> None:
        pass


@pytest.fixture()
def mod(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    driver = types.ModuleType("pg8000")
    driver.native = types.SimpleNamespace(Connection=FakeConnection)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pg8000", driver)
    monkeypatch.setitem(sys.modules, "pg8000.native", driver.native)  # type: ignore[arg-type]
    FakeConnection.sent, FakeConnection.opened, FakeConnection.rows = [], [], []
    with mock_aws():
        boto3.client("ssm", region_name=REGION).put_parameter(Name=ENV["PARAMETER_NAME"], Value="2", Type="String")
        boto3.client("secretsmanager", region_name=REGION).create_secret(Name=ENV["SECRET_NAME"], SecretString="k" * 48)
        spec = importlib.util.spec_from_file_location("notes_handler_under_test", HANDLER)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


def _event(method: str, note: str | None = None, cursor: str | None = None, body: Any = None) -> dict[str, Any]:
    return {"httpMethod": method, "pathParameters": {"noteId": note} if note else None,
            "queryStringParameters": {"cursor": cursor} if cursor else None,
            "body": json.dumps(body) if body is not None else None,
            "requestContext": {"authorizer": {"claims": {"sub": "user-1"}}}}


def test_it_signs_in_to_the_proxy_with_an_iam_token_over_tls(mod: ModuleType) -> None:
    mod.handler(_event("GET", "n1"), None)
    [opened] = FakeConnection.opened
    assert opened["user"] == "notes_app" and opened["host"] == ENV["DB_PROXY_ENDPOINT"] and opened["port"] == 5432
    assert opened["database"] == "notes" and opened["ssl_context"] is True
    assert ENV["DB_PROXY_ENDPOINT"] in opened["password"] and "X-Amz-Signature" in opened["password"]


def test_a_page_has_the_parameters_size_and_a_cursor_that_round_trips(mod: ModuleType) -> None:
    FakeConnection.rows = [[1, "a", "t"], [2, "b", "t"], [3, "c", "t"]]  # one more than the page of 2
    first = json.loads(mod.handler(_event("GET"), None)["body"])
    assert len(first["notes"]) == 2 and first["next"]
    assert FakeConnection.sent[-1][1] == {"o": "user-1", "n": 3, "s": 0}
    mod.handler(_event("GET", cursor=first["next"]), None)
    assert FakeConnection.sent[-1][1] == {"o": "user-1", "n": 3, "s": 2}


@pytest.mark.parametrize("cursor", ["not-base64!!", "MTAuZm9yZ2Vk", "é"])
def test_a_forged_or_garbled_cursor_is_a_400(mod: ModuleType, cursor: str) -> None:
    answer = mod.handler(_event("GET", cursor=cursor), None)
    assert answer["statusCode"] == 400 and json.loads(answer["body"]) == {"message": "invalid cursor"}
    assert not any("SELECT" in sql for sql, _ in FakeConnection.sent)


def test_a_note_is_written_for_its_owner_and_its_text_bounded(mod: ModuleType) -> None:
    FakeConnection.rows = [[7, "2026-01-01"]]
    created = mod.handler(_event("POST", body={"text": "hello"}), None)
    assert created["statusCode"] == 201 and json.loads(created["body"])["id"] == 7
    assert FakeConnection.sent[-1] == ("INSERT INTO notes (owner, text) VALUES (:o, :t) RETURNING id, created",
                                       {"o": "user-1", "t": "hello"})
    assert mod.handler(_event("POST", body={"text": "x" * 10_001}), None)["statusCode"] == 400
    assert mod.handler(_event("POST", body={"text": 5}), None)["statusCode"] == 400


def test_reads_and_deletes_are_the_callers_own(mod: ModuleType) -> None:
    assert mod.handler(_event("GET", "n9"), None)["statusCode"] == 404
    assert mod.handler(_event("DELETE", "n9"), None)["statusCode"] == 204
    assert all(params["o"] == "user-1" for _, params in FakeConnection.sent)
    assert mod.handler(_event("PUT", "n9"), None)["statusCode"] == 405
