"""Coin designs: Coinage under one of its regimes, or a real coin's own contracts (USDC, ERC-3643).

A design says how the coin deploys, which powers it has and who holds them, read from the chain and
mapped once (`PeerCoin.holder_address`). The stories ask a design "who holds FREEZE?", never which
design it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UnknownName
from ._peer import PeerCoin, PowerLacking
from .artifacts import TREX_INSTALL, PeerNotInstalled, trex_package


@dataclass(frozen=True)
class Design:
    """One coin design: its command-line name, its row label in a comparison, and one line on what it is."""

    slug: str
    label: str
    summary: str
    words: str
    """How a story introduces the coin: "The coin is ..."."""


COINAGE = Design(
    "coinage",
    "Coinage",
    "Coinage's own contract, under one of five control regimes (--regime)",
    "Coinage's own contract",
)
USDC = Design(
    "usdc",
    "USDC (FiatTokenV2_2, as deployed)",
    "Circle's USDC contract (FiatTokenV2_2 behind its proxy, with a MasterMinter); Circle holds every power",
    "Circle's USDC contract as deployed (FiatTokenV2_2 behind its proxy): Circle holds every power, "
    "freezing is a blacklist, and there is no seizure",
)
ERC3643 = Design(
    "erc3643",
    "ERC-3643 (T-REX)",
    "Tokeny's ERC-3643 T-REX token with identity registry and compliance; owner and agents hold the powers",
    "an ERC-3643 T-REX token: only holders with a verified ONCHAINID identity may hold it, and its agents "
    "can freeze, partly freeze, pause and force transfers",
)

DESIGNS: dict[str, Design] = {d.slug: d for d in (COINAGE, USDC, ERC3643)}
"""Every design, by command-line name, in the order comparisons show them."""

PEERS: tuple[Design, ...] = (USDC, ERC3643)
"""The real coins' designs."""


def installed(design: Design) -> bool:
    """Whether the design's contracts are here: Coinage's and USDC's ship with Coinage; T-REX needs `npm ci`."""
    if design is not ERC3643:
        return True
    try:
        trex_package()
    except PeerNotInstalled:
        return False
    return True


def parse_design(name: Design | str) -> Design:
    """A design from itself or its name (`usdc`, `ERC3643`); unknown names list the choices."""
    if isinstance(name, Design):
        return name
    if not isinstance(name, str):
        raise TypeError(f"a coin design is named by a string, not {type(name).__name__}")
    key = name.strip().lower().replace("_", "-").replace("erc-3643", "erc3643")
    if key not in DESIGNS:
        raise UnknownName(f"unknown coin {name!r}; choose one of: {', '.join(DESIGNS)}")
    return DESIGNS[key]


__all__ = [
    "COINAGE",
    "DESIGNS",
    "ERC3643",
    "PEERS",
    "TREX_INSTALL",
    "USDC",
    "Design",
    "PeerCoin",
    "PeerNotInstalled",
    "PowerLacking",
    "installed",
    "parse_design",
]
