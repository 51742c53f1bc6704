"""POST a unicorn's status to the function URL: checked, then put on the telemetry stream.

The URL takes IAM-signed (SigV4) requests only. A status is the workshop's record: the unicorn's
name, its position, magic points and health, and the time. The stream's partition key is the
unicorn's name, so one unicorn's records stay in order.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import datetime, timezone
from typing import Any

import boto3

FIELDS = {"Name": str, "Latitude": (int, float), "Longitude": (int, float), "MagicPoints": int, "HealthPoints": int}
_client: list[Any] = []


def _kinesis() -> Any:
    if not _client:
        _client.append(boto3.client("kinesis"))
    return _client[0]


def _answer(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raw = event.get("body") or ""
    if event.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode("utf-8", "replace")
    try:
        status = json.loads(raw)
    except ValueError:
        return _answer(400, {"error": "the body is not JSON"})
    wrong = [name for name, kind in FIELDS.items() if not isinstance(status.get(name), kind)]
    if not isinstance(status, dict) or wrong or not 0 < len(status["Name"]) <= 64:
        return _answer(400, {"error": f"expected {', '.join(FIELDS)}", "wrong": wrong})
    record = {name: status[name] for name in FIELDS}
    record["StatusTime"] = datetime.now(timezone.utc).isoformat()
    _kinesis().put_record(StreamName=os.environ["STREAM_NAME"], PartitionKey=record["Name"],
                          Data=json.dumps(record).encode())
    return _answer(202, {"accepted": record["Name"]})
