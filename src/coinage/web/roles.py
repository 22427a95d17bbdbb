"""The roles a participant of a class can be given, and which account each one acts through.

Holders, merchants and fraudsters act through a wallet of their own. The authorities (issuer,
regulator, court, attestor, central bank) act through the cast's account for that role: two students
dealt "regulator" both speak for the one regulator the coin knows. Whether that account may use a
power is for the coin's regime table to say, never for this module.
"""

from __future__ import annotations

from enum import StrEnum

from ..enums import Role


class ClassRole(StrEnum):
    """A participant's part in the class."""

    HOLDER = "holder"
    MERCHANT = "merchant"
    FRAUDSTER = "fraudster"
    ISSUER = "issuer"
    REGULATOR = "regulator"
    COURT = "court"
    ATTESTOR = "attestor"
    CENTRAL_BANK = "central_bank"

    @property
    def label(self) -> str:
        """The role in words: ``central bank``."""
        return self.value.replace("_", " ")

    @property
    def has_wallet_actions(self) -> bool:
        """Whether the role pays, approves and redeems from its own wallet (rather than exercising powers)."""
        return self in WALLET_ROLES

    @property
    def authority(self) -> Role:
        """The coin's role this participant speaks for (`Role.NOBODY` for the wallet roles)."""
        return AUTHORITY_OF.get(self, Role.NOBODY)


WALLET_ROLES = frozenset({ClassRole.HOLDER, ClassRole.MERCHANT, ClassRole.FRAUDSTER})
"""Roles that act from their own wallet."""

AUTHORITY_OF: dict[ClassRole, Role] = {
    ClassRole.ISSUER: Role.ISSUER,
    ClassRole.REGULATOR: Role.REGULATOR,
    ClassRole.COURT: Role.COURT,
    ClassRole.ATTESTOR: Role.ATTESTOR,
    ClassRole.CENTRAL_BANK: Role.CENTRAL_BANK,
}
"""Each authority role and the contract role whose account it acts through."""

DEALING_ORDER: tuple[ClassRole, ...] = (
    ClassRole.HOLDER,
    ClassRole.REGULATOR,
    ClassRole.FRAUDSTER,
    ClassRole.HOLDER,
    ClassRole.COURT,
    ClassRole.MERCHANT,
    ClassRole.HOLDER,
    ClassRole.ISSUER,
    ClassRole.HOLDER,
    ClassRole.CENTRAL_BANK,
    ClassRole.HOLDER,
    ClassRole.ATTESTOR,
)
"""The roles dealt to the first twelve to join, in order, so that a small class has every part that
moves the story (a victim, an authority, a thief) early; everyone after them is a holder or a merchant."""


def dealt_role(index: int) -> ClassRole:
    """The role dealt to the participant who joins `index`-th (from 0): deterministic, so a replayed class deals alike."""
    if index < len(DEALING_ORDER):
        return DEALING_ORDER[index]
    return ClassRole.MERCHANT if index % 5 == 0 else ClassRole.HOLDER


def parse_role(text: object) -> ClassRole:
    """A role from its name (``central bank``, ``central_bank``); anything else is refused in words."""
    from ..errors import InvalidInput

    if isinstance(text, str):
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        if key in ClassRole._value2member_map_:
            return ClassRole(key)
    choices = ", ".join(role.label for role in ClassRole)
    raise InvalidInput(f"unknown role {str(text)[:40]!r}; choose one of: {choices}")


__all__ = ["AUTHORITY_OF", "DEALING_ORDER", "WALLET_ROLES", "ClassRole", "dealt_role", "parse_role"]
