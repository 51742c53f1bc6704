"""Clean-up requests from the queue (one per batch) -> the expired sessions deleted.

DynamoDB's TTL deletes expired items too, but within days; this makes them go within the hour. A
failed request is reported, comes back, and after three receives goes to the queue's dead-letter queue.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import boto3


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    failures = []
    for record in event.get("Records", []):
        try:
            if json.loads(record["body"]).get("task") != "delete-expired-sessions":
                continue
            now = int(time.time())
            page = table.scan(ProjectionExpression="session_id, expires_at")
            for item in page.get("Items", []):
                if int(item.get("expires_at", now + 1)) <= now:
                    table.delete_item(Key={"session_id": item["session_id"]})
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
