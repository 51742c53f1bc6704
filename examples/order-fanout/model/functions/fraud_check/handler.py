"""SQS batches of large orders (the subscription's filter policy keeps amounts of 100 or more) -> a score
each, logged; suspicious orders flagged. Failed messages are reported one by one."""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)
SUSPICIOUS = 0.8


def score(order: dict[str, Any]) -> float:
    """A stand-in for the fraud model: large orders of many items score higher."""
    amount = float(order["amount"])
    return min(1.0, amount / 10_000 + len(order.get("items", [])) / 100)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    failures = []
    for record in event.get("Records", []):
        try:
            order = json.loads(record["body"])
            value = score(order)
            logger.info(json.dumps({"order_id": order["order_id"], "score": value,
                                    "flagged": value >= SUSPICIOUS}))
        except (ValueError, KeyError):
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
