"""Amounts: the coin has 6 decimals; Coinage's API takes and returns integers in base units.

How amounts and times read to people is `coinage.display`, re-exported here."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext

from .display import DECIMALS as DECIMALS, UNIT as UNIT  # re-exported
from .display import format_coins as format_coins, format_time as format_time, format_until as format_until
from .errors import InvalidAmount

HOUR = 60 * 60
DAY = 24 * HOUR
"""Seconds in an hour and a day, for block times and freeze periods."""

MAX_AMOUNT = 2**128 - 1
"""The largest balance the coin can hold (balances are 128-bit)."""

MAX_UINT256 = 2**256 - 1
"""The 'infinite' allowance, which transfers never decrement."""


def coins(amount: int | str | Decimal) -> int:
    """Whole coins (or a decimal string such as "12.50") to base units: ``coins(12) == 12_000_000``."""
    if isinstance(amount, bool) or not isinstance(amount, (int, str, Decimal)):
        raise TypeError(f"coins() takes an int, a decimal string or a Decimal, not {type(amount).__name__}")
    if isinstance(amount, int):
        return check_amount(amount * UNIT)
    try:
        number = Decimal(amount)
    except InvalidOperation:
        raise InvalidAmount(f"not a number of coins: {amount!r}") from None
    # Refuse the absurd before any arithmetic, so Decimal's 28-digit default never rounds silently.
    if not number.is_finite() or number.adjusted() > 39:
        raise InvalidAmount(f"amount {amount} is larger than the maximum {MAX_AMOUNT // UNIT} coins")
    with localcontext(prec=80):
        value = number * UNIT
    if value != value.to_integral_value():
        raise InvalidAmount(f"{amount} has more than {DECIMALS} decimal places")
    return check_amount(int(value))


def check_amount(value: object, *, limit: int = MAX_AMOUNT) -> int:
    """Return `value` if it is a whole, non-negative number of base units no larger than `limit`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"amounts are integers in base units (use coins()), not {type(value).__name__}: {value!r}")
    if value < 0:
        raise InvalidAmount(f"amount cannot be negative: {value}")
    if value > limit:
        raise InvalidAmount(f"amount {value} is larger than the maximum {limit}")
    return value
