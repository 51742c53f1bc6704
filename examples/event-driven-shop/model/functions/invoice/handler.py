"""OrderCreated (from the order-created rule) -> the order's invoice.

The rule invokes the function asynchronously: an exception makes Lambda retry twice, then put the event
on the shop bus as a failed invocation (the function's on-failure destination), error included.
"""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    order = event["detail"]
    invoice = {"order_id": order["order_id"], "total": order["total"], "lines": len(order["items"])}
    logger.info(json.dumps({"invoice": invoice}))
    return invoice
