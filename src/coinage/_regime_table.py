"""The regime table (`Regimes.holderOf` and `Regimes.requiresCase` in contracts/Regimes.sol), read
from the contract itself.

The table has one source, the Solidity library every authorisation check reads. Documents, tests and
anything else that needs the whole table ask deployed coins `roleFor(power)` and
`requiresCase(power)` instead of keeping a copy, so a change to Regimes.sol reaches all of them.
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

CaseTable = Mapping[Regime, frozenset[Power]]
"""For each regime, the powers whose every use must cite a case reference (else `MissingCaseReference`)."""


@cache
def _tables() -> tuple[RegimeTable, CaseTable]:
    """Both tables, from one freshly deployed coin per regime on a private embedded chain."""
    chain = EmbeddedChain()
    roles: dict[Regime, Mapping[Power, Role]] = {}
    cases: dict[Regime, frozenset[Power]] = {}
    for regime in Regime:
        coin = deploy_coin(regime, holders=(), chain=chain).coin
        roles[regime] = MappingProxyType({power: coin.role_for(power) for power in Power})
        cases[regime] = frozenset(power for power in Power if coin.requires_case(power))
    return MappingProxyType(roles), MappingProxyType(cases)


def regime_table() -> RegimeTable:
    """The whole table of roles: for each regime, what its coin answers to `roleFor(power)`."""
    return _tables()[0]


def case_table() -> CaseTable:
    """For each regime, the powers its coin answers true to `requiresCase(power)` for."""
    return _tables()[1]


__all__ = ["CaseTable", "RegimeTable", "case_table", "regime_table"]
