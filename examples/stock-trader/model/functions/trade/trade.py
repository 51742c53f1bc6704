"""Buy Stock and Sell Stock: one transaction at the price checked (two handlers, one code folder).

The transaction is what the Record Transaction state writes to the table: its id, type, price,
quantity and time. Nothing here calls AWS: the workflow records it.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timezone
from typing import Any


def _transaction(kind: str, event: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": kind, "price": int(event["stock_price"]),
            "qty": secrets.randbelow(10) + 1, "timestamp": datetime.now(timezone.utc).isoformat()}


def buy(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _transaction("buy", event)


def sell(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _transaction("sell", event)
