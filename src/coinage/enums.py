"""The contracts' enums and sentinel constants, generated from artifacts/enums.json by
`coinage compile` (do not edit: the Solidity sources are the single copy). Member order and
values are the Solidity ones; names are upper snake case."""

from __future__ import annotations

from enum import IntEnum


FOREVER = 1099511627775
"""`frozenUntil` of a freeze that lasts until lifted: the largest value its 40 bits hold."""


class _SolidityEnum(IntEnum):
    """An enum declared in the contracts."""

    @property
    def slug(self) -> str:
        """The name used on the command line: `regulator-controlled`."""
        return self.name.lower().replace("_", "-")


class Power(_SolidityEnum):
    """Every privileged action of the coin."""

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


class Regime(_SolidityEnum):
    """The five ways a coin can be governed. Chosen once, at deployment, and readable on chain."""

    PERMISSIONLESS = 0
    ISSUER_CONTROLLED = 1
    REGULATOR_CONTROLLED = 2
    DUE_PROCESS = 3
    SOVEREIGN = 4


class Role(_SolidityEnum):
    """The parties the coin knows by role. `Nobody` means the power does not exist in a regime."""

    NOBODY = 0
    CENTRAL_BANK = 1
    REGULATOR = 2
    COURT = 3
    ISSUER = 4
    ATTESTOR = 5


class WalletTier(_SolidityEnum):
    """Wallet tiers of the sovereign coin, after the e-CNY's published wallet classes."""

    ANONYMOUS = 0
    VERIFIED = 1
    UNLIMITED = 2


ENUMS: dict[str, type[IntEnum]] = {"Power": Power, "Regime": Regime, "Role": Role, "WalletTier": WalletTier}
"""Solidity enum name -> Python enum, used to decode ABI values of `enum` type."""
