"""Holding limits per holder: the presets the authorities have proposed, each with its source.

The limit itself is enforced on chain (`contracts/HoldingLimitCoinage.sol`, deployed by
`deploy_coin(..., holding_limit=...)`); this module names the proposals, in whole units of their
currency, so that a run, an episode or a reader says "the Bank of England's limit" and gets one figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UnknownName
from ..units import UNIT
from .sources import SOURCES


@dataclass(frozen=True)
class HoldingLimit:
    """A proposed per-holder limit: `amount` whole units of `currency`, from `source`."""

    key: str
    amount: int
    currency: str
    source: str
    figure: str

    @property
    def base_units(self) -> int:
        """The limit in the coin's base units (one coin to one unit of the currency)."""
        return self.amount * UNIT

    @property
    def citation(self) -> str:
        return SOURCES[self.source].citation


HOLDING_LIMITS: dict[str, HoldingLimit] = {
    limit.key: limit
    for limit in (
        HoldingLimit("boe", 20_000, "GBP", "boe-2025", "GBP 20,000 per individual (GBP 10 m per business) for systemic sterling stablecoins"),
        HoldingLimit("ecb", 3_000, "EUR", "ecb-lane", "about EUR 3,000 floated for the digital euro"),
    )
}
"""The presets, by key."""


def holding_limit(key: str) -> HoldingLimit:
    """The preset called `key` (``boe`` or ``ecb``); an unknown key lists the choices."""
    try:
        return HOLDING_LIMITS[key.strip().lower()]
    except KeyError:
        raise UnknownName(f"unknown holding limit {key!r}; choose one of: {', '.join(HOLDING_LIMITS)}") from None


__all__ = ["HOLDING_LIMITS", "HoldingLimit", "holding_limit"]
