"""The price of an order's items (invoked synchronously by the orders function)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PRICES = {"book": Decimal("12.50"), "pen": Decimal("1.20"), "bag": Decimal("30.00")}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    total = sum((PRICES.get(str(item), Decimal("5.00")) for item in event.get("items", [])), Decimal("0"))
    return {"total": str(total)}
