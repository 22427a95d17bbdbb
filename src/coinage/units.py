"""Amounts, and how amounts and times read to people. The coin has 6 decimals; Coinage's API takes and
returns integers in base units. Errors, the timeline and the narration all format values here."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation, localcontext

from .enums import FOREVER
from .errors import InvalidAmount

DECIMALS = 6
UNIT: int = 10**DECIMALS
"""Base units in one whole coin."""

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


def format_coins(base_units: int) -> str:
    """Base units as whole coins for people: ``format_coins(12_500_000) == "12.50"``."""
    sign = "-" if base_units < 0 else ""
    whole, fraction = divmod(abs(base_units), UNIT)
    cents = f"{fraction:06d}".rstrip("0").ljust(2, "0")
    return f"{sign}{whole:,}.{cents}"


def format_time(epoch: int) -> str:
    """A block time for people, to the minute, in UTC: ``format_time(0) == "1970-01-01 00:00"``."""
    return f"{datetime.fromtimestamp(epoch, UTC):%Y-%m-%d %H:%M}"


def format_until(until: int) -> str:
    """When a freeze ends: "until lifted" for FOREVER (the contract's open-ended freeze), else its time."""
    return "until lifted" if until == FOREVER else format_time(until)
