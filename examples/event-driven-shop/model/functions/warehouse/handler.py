"""Warehouse queue batches of OrderCreated events -> each order shipped, marked, and announced.

The rule delivers the whole EventBridge event as the message body. Failed messages are reported one by
one (batch item failures) and go to the queue's dead-letter queue after five receives.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3

SOURCE = "shop.warehouse"


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    events = boto3.client("events")
    failures = []
    for record in event.get("Records", []):
        try:
            order = json.loads(record["body"])["detail"]
            table.update_item(Key={"order_id": order["order_id"]}, UpdateExpression="SET #s = :s",
                              ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "shipped"})
            events.put_events(Entries=[{"EventBusName": os.environ["EVENT_BUS_NAME"], "Source": SOURCE,
                                        "DetailType": "OrderShipped",
                                        "Detail": json.dumps({"order_id": order["order_id"]})}])
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
