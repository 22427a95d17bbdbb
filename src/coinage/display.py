"""How amounts, times and a broken rule's values read to people.

The coin's decimals are defined here because showing an amount is what needs them first; amounts
themselves (parsing, checking) are `coinage.units`, which re-exports these. Nothing here raises a
Coinage error, so `coinage.errors` can format its rules without importing `coinage.units`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .enums import FOREVER

DECIMALS = 6
UNIT: int = 10**DECIMALS
"""Base units in one whole coin."""

# A rule's values shown in their unit and, beside it, as the contract holds them (base units, epoch seconds).
_AMOUNT_FIELDS = frozenset(
    {
        "reserves", "supply_after", "allowance", "needed", "escrowed", "cap", "balance_after", "amount",
        "spent_after", "balance", "payment_cap", "daily_cap", "amount_out", "minimum_out", "limit",
    }
)
_TIME_FIELDS = frozenset({"until", "now", "attested_at", "deadline"})
_DURATION_FIELDS = frozenset({"max_age"})


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


def show_rule_value(field: str, value: Any, names: Mapping[str, str]) -> str:
    """One value of a broken rule (`field` is its Solidity parameter's name), accounts by `names`."""
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return names.get(value.lower(), value)
    if field == "until" and value == FOREVER:
        return format_until(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if field in _AMOUNT_FIELDS:
            return f"{format_coins(value)} ({value} base units)"
        if field in _TIME_FIELDS:
            try:
                return f"{format_time(value)} UTC ({value})"
            except (OverflowError, OSError, ValueError):  # past year 9999: only the raw value means anything
                return f"{value} (epoch seconds)"
        if field in _DURATION_FIELDS:
            return f"{value / 3600:g} h ({value} s)"
    if hasattr(value, "name") and not isinstance(value, (str, bytes)):
        return str(value.name)
    if isinstance(value, bytes):
        text = value.rstrip(b"\0")
        try:
            return repr(text.decode())
        except UnicodeDecodeError:
            return "0x" + value.hex()
    return repr(value) if isinstance(value, str) else str(value)


__all__ = ["DECIMALS", "UNIT", "format_coins", "format_time", "format_until", "show_rule_value"]
