"""POST /trades: starts an execution of the stock trader workflow and answers 202 with its ARN.

The workflow's ARN comes from the model's relation (STATE_MACHINE_ARN); the function's role may
start executions of that machine only (SAM's Lambda -> Step Functions connector profile).
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import boto3

_client: list[Any] = []


def _states() -> Any:
    if not _client:
        _client.append(boto3.client("stepfunctions"))
    return _client[0]


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    name = f"trade-{uuid.uuid4()}"
    started = _states().start_execution(stateMachineArn=os.environ["STATE_MACHINE_ARN"], name=name, input="{}")
    return {"statusCode": 202, "headers": {"content-type": "application/json"},
            "body": json.dumps({"execution": started["executionArn"]})}
