"""SQS batches of orders -> one payment record each; failed messages reported one by one.

The event source mapping reports batch item failures: only the messages listed come back to the queue
(and, after the queue's maximum receive count, go to its dead-letter queue), never the whole batch.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import boto3

logger = logging.getLogger(__name__)
_table: list[Any] = []


def _payments() -> Any:
    if not _table:
        _table.append(boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"]))
    return _table[0]


def charge(order: dict[str, Any]) -> dict[str, Any]:
    """The payment provider's call would go here; the record is what the shop keeps."""
    return {"order_id": order["order_id"], "amount": order["amount"], "status": "charged"}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    failures = []
    for record in event.get("Records", []):
        try:
            _payments().put_item(Item=charge(json.loads(record["body"])))
        except Exception:  # one bad message must not fail the batch
            logger.exception("payment of message %s failed", record.get("messageId"))
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
