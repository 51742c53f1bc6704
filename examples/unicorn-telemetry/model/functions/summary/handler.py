"""A batch of telemetry records -> per unicorn, its latest position and the batch's lowest health and magic.

One UpdateItem per unicorn in the batch (the workshop's per-unicorn aggregation). A record that is
not a status is skipped and logged; an error from DynamoDB fails the batch, which the event source
mapping then bisects and retries, and finally records on the failed-batches topic.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from typing import Any

import boto3

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
_client: list[Any] = []


def _dynamodb() -> Any:
    if not _client:
        _client.append(boto3.client("dynamodb"))
    return _client[0]


def summarise(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per unicorn: the last status's position and time, the lowest health and magic points."""
    stats: dict[str, dict[str, Any]] = {}
    for record in records:
        try:
            status = json.loads(base64.b64decode(record["kinesis"]["data"]))
            name = str(status["Name"])
            seen = stats.setdefault(name, {"MinHealth": status["HealthPoints"], "MinMagic": status["MagicPoints"]})
            seen["MinHealth"] = min(seen["MinHealth"], status["HealthPoints"])
            seen["MinMagic"] = min(seen["MinMagic"], status["MagicPoints"])
            seen |= {"Latitude": status["Latitude"], "Longitude": status["Longitude"], "Seen": status["StatusTime"]}
        except (KeyError, TypeError, ValueError):
            logger.warning("skipped a record that is not a status: %s", record.get("kinesis", {}).get("sequenceNumber"))
    return stats


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    stats = summarise(event.get("Records", []))
    table = os.environ["TABLE_NAME"]
    for name, seen in stats.items():
        _dynamodb().update_item(
            TableName=table, Key={"Name": {"S": name}},
            UpdateExpression="SET Latitude = :lat, Longitude = :lon, Seen = :seen, "
                             "MinHealth = :health, MinMagic = :magic",
            ExpressionAttributeValues={":lat": {"N": str(seen["Latitude"])}, ":lon": {"N": str(seen["Longitude"])},
                                       ":seen": {"S": seen["Seen"]}, ":health": {"N": str(seen["MinHealth"])},
                                       ":magic": {"N": str(seen["MinMagic"])}})
    return {"unicorns": len(stats)}
