"""Money as both offline engines write it: a cost ceiling and the words that already name a cost.

Shared by the indicator engine (offline.py) and the critique's rewrites (rewrite.py), so neither
has to import the other.
"""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

from ..values import format_decimal

# A spending line or subject ending in one of these already names money ("培训费"); others get "支出".
MONEY_TAIL = ("费", "支出", "经费", "成本", "资金")


def ceil_money(amount: Decimal) -> str:
    """A cost ceiling with two decimals, never below the planned amount: 2175.9657 → 2175.97."""
    return format_decimal(amount.quantize(Decimal("0.01"), rounding=ROUND_UP))
