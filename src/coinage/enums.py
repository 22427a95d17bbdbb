"""The contract's enums and its one sentinel value, mirrored in Python. The enums' order is the
Solidity order; a test holds them equal."""

from __future__ import annotations

from enum import IntEnum

FOREVER = 2**40 - 1
"""`frozenUntil` of a freeze that lasts until lifted (the contract's `type(uint40).max`)."""


class Regime(IntEnum):
    """Who holds the control powers of a coin. Fixed at deployment."""

    PERMISSIONLESS = 0
    ISSUER_CONTROLLED = 1
    REGULATOR_CONTROLLED = 2
    DUE_PROCESS = 3
    SOVEREIGN = 4

    @property
    def slug(self) -> str:
        """The name used on the command line: `regulator-controlled`."""
        return self.name.lower().replace("_", "-")


class Role(IntEnum):
    NOBODY = 0
    CENTRAL_BANK = 1
    REGULATOR = 2
    COURT = 3
    ISSUER = 4
    ATTESTOR = 5


class Power(IntEnum):
    MINT = 0
    CONFIGURE_MINTER = 1
    PAY_REDEMPTION = 2
    ATTEST = 3
    LICENCE = 4
    FREEZE = 5
    CONFIRM_FREEZE = 6
    UNFREEZE = 7
    SEIZE = 8
    RELEASE = 9
    PAUSE = 10
    SET_TIER = 11


class WalletTier(IntEnum):
    ANONYMOUS = 0
    VERIFIED = 1
    UNLIMITED = 2


ENUMS: dict[str, type[IntEnum]] = {"Regime": Regime, "Role": Role, "Power": Power, "WalletTier": WalletTier}
"""Solidity enum name -> Python enum, used to decode ABI values of `enum` type."""
