"""Check Stock Value: the stock's current price. As in the SAM sample, a random price stands in for a market feed."""

from __future__ import annotations

import secrets
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The state's input, with `stock_price` (0 to 99) for the Buy or Sell? choice."""
    return {**event, "stock_price": secrets.randbelow(100)}
