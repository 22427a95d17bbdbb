"""The regime table (`Regimes.holderOf` in contracts/Regimes.sol), read from the contract itself.

The table has one source, the Solidity library every authorisation check reads. Documents, tests and
anything else that needs the whole table ask deployed coins `roleFor(power)` instead of keeping a
copy, so a change to Regimes.sol reaches all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from .chain import EmbeddedChain
from .deploy import deploy_coin
from .enums import Power, Regime, Role

RegimeTable = Mapping[Regime, Mapping[Power, Role]]
"""For each regime, the role holding each power (`Role.NOBODY`: the power does not exist there)."""


@cache
def regime_table() -> RegimeTable:
    """The whole table, from one freshly deployed coin per regime on a private embedded chain."""
    chain = EmbeddedChain()
    table: dict[Regime, Mapping[Power, Role]] = {}
    for regime in Regime:
        coin = deploy_coin(regime, holders=(), chain=chain).coin
        table[regime] = MappingProxyType({power: coin.role_for(power) for power in Power})
    return MappingProxyType(table)


__all__ = ["RegimeTable", "regime_table"]
