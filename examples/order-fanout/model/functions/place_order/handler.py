"""POST /orders -> the order published once to the orders topic, its amount a message attribute.

The subscriptions filter on that attribute (the fraud queue takes amounts of 100 or more), so it is
sent as a Number: a String attribute would never match a numeric filter.
"""

from __future__ import annotations

import json
import os
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

import boto3

_sns: list[Any] = []


def _client() -> Any:
    if not _sns:
        _sns.append(boto3.client("sns"))
    return _sns[0]


def _answer(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        order = json.loads(event.get("body") or "{}")
        amount = Decimal(str(order["amount"]))
        items = list(order["items"])
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return _answer(400, {"error": "send {amount, items}"})
    if amount <= 0 or not items:
        return _answer(400, {"error": "an order has items and an amount above 0"})
    order_id = str(uuid.uuid4())
    _client().publish(
        TopicArn=os.environ["TOPIC_ARN"],
        Message=json.dumps({"order_id": order_id, "amount": str(amount), "items": items}),
        MessageAttributes={"amount": {"DataType": "Number", "StringValue": str(amount)}},
    )
    return _answer(201, {"order_id": order_id})
