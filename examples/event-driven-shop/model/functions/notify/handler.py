"""OrderShipped (from the order-shipped rule) -> the customer told their order is on its way."""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


def handler(event: dict[str, Any], context: Any) -> None:
    # The mail or push provider's call would go here.
    logger.info(json.dumps({"shipped": event["detail"]["order_id"]}))
