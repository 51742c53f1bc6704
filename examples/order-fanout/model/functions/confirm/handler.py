"""SNS deliveries of orders -> the customer's confirmation.

SNS invokes the function asynchronously: an exception here makes Lambda retry twice, then send the
event to the function's on-failure destination (the failed-confirmations queue), error included.
"""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


def handler(event: dict[str, Any], context: Any) -> None:
    for record in event.get("Records", []):
        order = json.loads(record["Sns"]["Message"])
        # The mail provider's call would go here; raising lets Lambda retry and then keep the event.
        logger.info(json.dumps({"confirmed": order["order_id"]}))
