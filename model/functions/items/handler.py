"""Lambda handler for the items REST API (API Gateway REST proxy -> DynamoDB).

Routes:
    GET  /api/items        list items, paginated with ?limit=1..100&next=<cursor>
    GET  /api/items/{id}   fetch one item
    POST /api/items        create an item from {"name": str, "description"?: str}
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import re
import uuid
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Callable
from urllib.parse import unquote

import boto3

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

Event = dict[str, Any]
Response = dict[str, Any]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_NAME = 200
MAX_DESCRIPTION = 2000
# Generated ids are 32 hex chars; capping lookups keeps absurd ids from
# reaching DynamoDB (2 KB key limit) and turning into a 500.
MAX_ID = 128
ALLOWED_FIELDS = frozenset({"name", "description"})

# Created on first use, not at import, so tests can install moto first and
# warm invocations reuse the connection pool.
_dynamodb: Any = None


class ApiError(Exception):
    """An error whose message is safe to show to the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _table() -> Any:
    global _dynamodb
    if _dynamodb is None:
        _dynamodb = boto3.resource("dynamodb")
    # Read per call so configuration (and tests) can change it without a reload.
    return _dynamodb.Table(os.environ["TABLE_NAME"])


def _json_default(value: Any) -> Any:
    # The DynamoDB resource API returns every number as Decimal.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "body": json.dumps(body, default=_json_default),
    }


def _encode_cursor(key: dict[str, Any]) -> str:
    raw = json.dumps(key, default=_json_default, separators=(",", ":")).encode()
    # Strip padding so the cursor needs no escaping in a query string.
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw, parse_float=Decimal)
    except (binascii.Error, ValueError):
        raise ApiError(400, "invalid 'next' cursor") from None
    # The table key is a single string attribute; anything else was not issued by us.
    if not (isinstance(key, dict) and key and all(isinstance(v, str) for v in key.values())):
        raise ApiError(400, "invalid 'next' cursor")
    return key


def _parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not re.fullmatch(r"\d{1,4}", raw) or not 1 <= int(raw) <= MAX_LIMIT:
        raise ApiError(400, f"'limit' must be an integer between 1 and {MAX_LIMIT}")
    return int(raw)


def list_items(event: Event, _params: dict[str, str]) -> Response:
    query = event.get("queryStringParameters") or {}
    limit = _parse_limit(query.get("limit"))
    kwargs: dict[str, Any] = {}
    if query.get("next"):
        kwargs["ExclusiveStartKey"] = _decode_cursor(query["next"])
    items: list[dict[str, Any]] = []
    # A single Scan can stop early (1 MB page cap), so keep going until the
    # page is full or the table is exhausted.
    while True:
        page = _table().scan(Limit=limit - len(items), **kwargs)
        items.extend(page.get("Items", []))
        last_key = page.get("LastEvaluatedKey")
        if not last_key or len(items) >= limit:
            break
        kwargs["ExclusiveStartKey"] = last_key
    cursor = _encode_cursor(last_key) if last_key else None
    return _response(200, {"items": items, "next": cursor})


def get_item(_event: Event, params: dict[str, str]) -> Response:
    item_id = params.get("id") or ""
    item = None
    if 0 < len(item_id) <= MAX_ID:
        item = _table().get_item(Key={"id": item_id}).get("Item")
    if item is None:
        raise ApiError(404, f"item '{item_id[:MAX_ID]}' not found")
    return _response(200, item)


def _parse_body(event: Event) -> dict[str, Any]:
    body = event.get("body")
    if body is None or body == "":
        raise ApiError(400, "request body is required")
    try:
        if event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode("utf-8")
        data = json.loads(body)
    except (binascii.Error, ValueError):  # JSONDecodeError/UnicodeDecodeError are ValueErrors
        raise ApiError(400, "request body must be valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "request body must be a JSON object")
    return data


def _validate_item(data: dict[str, Any]) -> tuple[str, str | None]:
    unknown = sorted(set(data) - ALLOWED_FIELDS)
    if unknown:
        raise ApiError(400, f"unknown field(s): {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str):
        raise ApiError(400, "'name' is required and must be a string")
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise ApiError(400, f"'name' must be 1 to {MAX_NAME} characters")
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        raise ApiError(400, "'description' must be a string")
    if description is not None and len(description) > MAX_DESCRIPTION:
        raise ApiError(400, f"'description' must be at most {MAX_DESCRIPTION} characters")
    return name, description


def _owner(event: Event) -> str:
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    return claims.get("sub") or "anonymous"


def create_item(event: Event, _params: dict[str, str]) -> Response:
    name, description = _validate_item(_parse_body(event))
    item = {
        "id": uuid.uuid4().hex,
        "name": name,
        "description": description,
        "owner": _owner(event),
        "created_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
    }
    # Never silently overwrite an existing item, however unlikely a uuid clash is.
    _table().put_item(Item=item, ConditionExpression="attribute_not_exists(id)")
    return _response(201, item)


Handler = Callable[[Event, dict[str, str]], Response]
ROUTES: dict[str, dict[str, Handler]] = {
    "/api/items": {"GET": list_items, "POST": create_item},
    "/api/items/{id}": {"GET": get_item},
}


def _resolve(event: Event) -> tuple[str, dict[str, str]]:
    """Return (route template, path parameters) for the request."""
    resource = event.get("resource")
    if resource in ROUTES:
        return resource, event.get("pathParameters") or {}
    # Fall back to the raw path, e.g. behind a greedy /{proxy+} resource.
    path = (event.get("path") or "").rstrip("/")
    if path == "/api/items":
        return path, {}
    match = re.fullmatch(r"/api/items/([^/]+)", path)
    if match:
        return "/api/items/{id}", {"id": unquote(match.group(1))}
    raise ApiError(404, "route not found")


def handler(event: Event, context: Any = None) -> Response:
    try:
        route, params = _resolve(event)
        method = (event.get("httpMethod") or "").upper()
        methods = ROUTES[route]
        if method not in methods:
            allow = ", ".join(sorted(methods))
            raise ApiError(405, f"method {method or '?'} not allowed", {"Allow": allow})
        return methods[method](event, params)
    except ApiError as err:
        logger.info("client error %s: %s", err.status, err.message)
        return _response(err.status, {"error": err.message}, err.headers)
    except Exception:
        # Full detail goes to CloudWatch only; clients get a generic message.
        logger.exception("unhandled error")
        return _response(500, {"error": "internal error"})
