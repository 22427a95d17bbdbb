"""Checking what a participant typed, before anything is sent: one clear message per mistake.

Every value arrives as text (or JSON) from a browser nobody controls, so each checker accepts
`object`, refuses anything unexpected with `InvalidInput`, and returns the typed value.
"""

from __future__ import annotations

import unicodedata

from ..contracts.coin import MAX_CASE_BYTES
from ..errors import InvalidInput
from ..units import HOUR, coins

MAX_NAME_CHARS = 24
"""The longest participant name: it must fit a column of the board on a projector."""

MAX_HOURS = 24 * 365
"""The longest timed freeze the page offers, a year; longer freezes are "until lifted"."""

RESERVED_NAMES = frozenset({"issuer", "regulator", "court", "attestor", "central_bank", "central bank", "escrow", "none", "teacher"})
"""Names the board already uses for the authorities and the coin's own accounts."""


def text(value: object, what: str, *, limit: int) -> str:
    """A short line of text, stripped; refused if not a string, too long, or holding control characters."""
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, not {type(value).__name__}")
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{what} is {len(value)} characters; at most {limit} fit")
    if any(unicodedata.category(char)[0] == "C" for char in value):
        raise InvalidInput(f"{what} may not contain control characters")
    return value


def participant_name(value: object) -> str:
    """A name to join with: 1 to 24 printable characters, not an authority's name."""
    name = " ".join(text(value, "a name", limit=MAX_NAME_CHARS).split())
    if not name:
        raise InvalidInput("type a name to join with")
    if name.lower() in RESERVED_NAMES or name.lower().startswith("seat"):
        raise InvalidInput(f"{name!r} is a name the board already uses; choose another")
    return name


def amount(value: object) -> int:
    """A positive number of coins with at most 6 decimals, as base units ("12.50" or 12.5)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InvalidInput(f"an amount is a number of coins, not {type(value).__name__}")
    shown = text(str(value), "the amount", limit=40).replace(",", "")
    if not shown:
        raise InvalidInput("type an amount")
    if shown.startswith("-"):
        raise InvalidInput(f"the amount must be more than zero, not {shown}")
    base = coins(shown)
    if base <= 0:
        raise InvalidInput(f"the amount must be more than zero, not {shown}")
    return base


def case(value: object) -> str:
    """A case reference (may be empty: the coin itself decides whether one is required)."""
    reference = text("" if value is None else value, "the case reference", limit=64)
    if len(reference.encode()) > MAX_CASE_BYTES:
        raise InvalidInput(f"a case reference holds at most {MAX_CASE_BYTES} bytes; {reference!r} has {len(reference.encode())}")
    return reference


def hours(value: object) -> int | None:
    """A freeze length in whole hours (1 to a year), or None (empty) for "until lifted"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInput(f"hours is a whole number, not {type(value).__name__}")
    shown = text(str(value), "hours", limit=8)
    if not shown.isdigit() or not 1 <= int(shown) <= MAX_HOURS:
        raise InvalidInput(f"a freeze lasts 1 to {MAX_HOURS} whole hours (or leave it empty: until lifted), not {shown!r}")
    return int(shown) * HOUR


def percent(value: object) -> int:
    """A whole percentage from 1 to 100."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInput(f"a percentage is a whole number, not {type(value).__name__}")
    shown = text(str(value), "the percentage", limit=4)
    if not shown.isdigit() or not 1 <= int(shown) <= 100:
        raise InvalidInput(f"a percentage is a whole number from 1 to 100, not {shown!r}")
    return int(shown)


__all__ = ["MAX_HOURS", "MAX_NAME_CHARS", "RESERVED_NAMES", "amount", "case", "hours", "participant_name", "percent", "text"]
