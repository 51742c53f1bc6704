"""The nightly report: the sessions table scanned, one CSV written to the reports bucket per day.

Invoked by the nightly schedule with {"report": "daily-sessions"}; the day is the scheduler's run, in
UTC. A failure raises: the scheduler retries the run, then keeps it in the missed-runs queue.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime, timezone
from typing import Any

import boto3

COLUMNS = ("session_id", "user", "expires_at")


def _rows(table: Any) -> list[dict[str, Any]]:
    rows, start = [], None
    while True:
        page = table.scan(**({"ExclusiveStartKey": start} if start else {}))
        rows += page.get("Items", [])
        start = page.get("LastEvaluatedKey")
        if not start:
            return rows


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    rows = _rows(table)
    writer.writerows(rows)
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    key = f"reports/{event.get('report', 'report')}-{day}.csv"
    boto3.client("s3").put_object(Bucket=os.environ["BUCKET_NAME"], Key=key, Body=text.getvalue().encode(),
                                  ContentType="text/csv")
    return {"key": key, "rows": len(rows)}
