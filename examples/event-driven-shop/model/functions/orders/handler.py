"""POST /orders -> priced (the pricing function, synchronously), stored, and announced on the bus.

The function knows the bus and nothing of who reacts: OrderCreated carries the order, and the rules on
the bus decide where it goes.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import boto3

SOURCE = "shop.orders"


def _answer(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        items = list(json.loads(event.get("body") or "{}")["items"])
    except (ValueError, KeyError, TypeError):
        return _answer(400, {"error": "send {items: [...]}"})
    priced = boto3.client("lambda").invoke(FunctionName=os.environ["FUNCTION_NAME"],
                                           Payload=json.dumps({"items": items}).encode())
    total = json.loads(priced["Payload"].read())["total"]
    order = {"order_id": str(uuid.uuid4()), "items": items, "total": str(total), "status": "created"}
    boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"]).put_item(Item=order)
    boto3.client("events").put_events(Entries=[{
        "EventBusName": os.environ["EVENT_BUS_NAME"], "Source": SOURCE, "DetailType": "OrderCreated",
        "Detail": json.dumps(order)}])
    return _answer(201, order)
