"""Mutation.shareNote (a direct Lambda resolver): emails one of the caller's notes to an address.

AppSync passes the field's arguments and the caller's identity; the note is read by the caller's sub and
the id, so only the caller's own notes can be shared. The mail is sent from the SES identity the model
names (EMAIL_IDENTITY), the only one this function's role may send from.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import boto3

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
_clients: dict[str, Any] = {}


def _client(name: str) -> Any:
    if name not in _clients:
        _clients[name] = boto3.client(name)
    return _clients[name]


def sender() -> str:
    identity = os.environ["EMAIL_IDENTITY"]
    return identity if "@" in identity else f"notes@{identity}"


def handler(event: dict[str, Any], context: Any) -> bool:
    owner, args = event["identity"]["sub"], event["arguments"]
    found = _client("dynamodb").get_item(TableName=os.environ["TABLE_NAME"],
                                         Key={"owner": {"S": owner}, "id": {"S": args["id"]}}).get("Item")
    if found is None:
        return False
    title, body = found["title"]["S"], found.get("body", {}).get("S", "")
    _client("sesv2").send_email(
        FromEmailAddress=sender(), Destination={"ToAddresses": [args["email"]]},
        Content={"Simple": {"Subject": {"Data": f"A note for you: {title}"[:200]}, "Body": {"Text": {"Data": body}}}})
    logger.info(json.dumps({"shared": args["id"], "by": owner}))
    return True
