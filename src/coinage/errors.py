"""Every error Coinage raises, in one tree.

::

    CoinageError
    ├── InvalidInput (also ValueError)        bad argument, caught before anything is sent
    │   ├── UnknownActor                      a name nobody in the cast answers to
    │   ├── InvalidAmount                     negative, fractional or oversized amount
    │   └── UnknownName                       unknown regime, scenario or contract name
    ├── ChainError                            the chain itself failed
    │   ├── NodeUnreachable                   a JSON-RPC node did not answer
    │   ├── NodeReverted                      the node went back to an earlier snapshot
    │   ├── NodeRestarted                     the node restarted (chain id, genesis or instance changed)
    │   ├── NonceConflict                     another client keeps taking this account's nonces
    │   └── TransactionTimedOut               no receipt in time: the send is cancelled, dropped or pending
    └── ContractRevert                        the contract refused a call or transaction
        ├── one class per Solidity custom error (AccountFrozen, Unauthorized, ...)
        ├── SolidityError                     revert with a string reason, Error(string)
        ├── SolidityPanic                     Panic(uint256): overflow, bad enum, ...
        └── UnknownRevert                     revert data no known error matches

The compiler's errors (``coinage.compiler.CompilerError``) are ``CoinageError`` too.

A ``ContractRevert`` is named after the rule that was broken and carries that rule's values as
attributes, with the same names as the Solidity error's parameters. Printed, it shows accounts by
actor name: ``AccountFrozen(account=alice, until=until lifted)``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
import inspect
from typing import TYPE_CHECKING, Any, ClassVar

from .enums import FOREVER

if TYPE_CHECKING:
    from .chain import Receipt
    from .enums import Power, Regime, Role

__all__ = [
    "CoinageError",
    "InvalidInput",
    "UnknownActor",
    "InvalidAmount",
    "UnknownName",
    "ChainError",
    "NodeUnreachable",
    "NodeReverted",
    "NodeRestarted",
    "NonceConflict",
    "TransactionTimedOut",
    "ContractRevert",
    "SolidityError",
    "SolidityPanic",
    "UnknownRevert",
    "PowerNotInRegime",
    "Unauthorized",
    "MissingCaseReference",
    "MissingRoleHolder",
    "WrongContractForRegime",
    "EscrowAccount",
    "AccountFrozen",
    "AccountNotFrozen",
    "AlreadyFrozen",
    "InvalidFreezeExpiry",
    "HolderRecordFieldOverflow",
    "EnforcedPause",
    "ExpectedPause",
    "IssuerNotLicensed",
    "LicenceUnchanged",
    "MinterAllowanceExceeded",
    "NoAttestation",
    "AttestationStale",
    "ReservesExceeded",
    "SupplyOverflow",
    "ZeroAmount",
    "UnknownRedemption",
    "RedemptionAlreadyPaid",
    "InsufficientEscrow",
    "TierBalanceCapExceeded",
    "TierPaymentCapExceeded",
    "TierDailyCapExceeded",
    "ERC2612ExpiredSignature",
    "ERC2612InvalidSigner",
    "InvalidAccountNonce",
    "ECDSAInvalidSignature",
    "ECDSAInvalidSignatureLength",
    "ECDSAInvalidSignatureS",
    "InvalidShortString",
    "StringTooLong",
    "ERC20InsufficientBalance",
    "ERC20InvalidSender",
    "ERC20InvalidReceiver",
    "ERC20InsufficientAllowance",
    "ERC20InvalidApprover",
    "ERC20InvalidSpender",
    "REVERT_CLASSES",
]


# Rule values shown to people in their unit and, beside it, as the contract holds them (base units, epoch seconds).
_AMOUNT_FIELDS = frozenset(
    {"reserves", "supply_after", "allowance", "needed", "escrowed", "cap", "balance_after", "amount", "spent_after", "balance"}
)
_TIME_FIELDS = frozenset({"until", "now", "attested_at", "deadline"})
_DURATION_FIELDS = frozenset({"max_age"})


class CoinageError(Exception):
    """Base of every error Coinage raises on purpose."""


class InvalidInput(CoinageError, ValueError):
    """An argument was wrong; nothing was sent to the chain."""


class UnknownActor(InvalidInput):
    """No participant of the cast has this name or address."""


class InvalidAmount(InvalidInput):
    """An amount was negative, fractional, or larger than a balance can hold."""


class UnknownName(InvalidInput):
    """A regime, scenario or contract name that does not exist."""

    @classmethod
    def among(cls, kind: str, name: object, choices: Iterable[str]) -> UnknownName:
        """``unknown regime 'x'; did you mean 'y'? choose one of: ...``, the closest names first (difflib)."""
        options = list(choices)
        typed = str(name).strip().lower()

        def likeness(option: str) -> float:  # a whole name, or one word of it: 'regulater' -> regulator-controlled
            words = [option, *option.replace("_", "-").replace(" ", "-").split("-")]
            return max(difflib.SequenceMatcher(None, typed, word).ratio() for word in words)

        close = sorted((o for o in options if likeness(o) >= 0.6), key=likeness, reverse=True)[:2]
        hint = " (did you mean " + " or ".join(repr(c) for c in close) + "?)" if close else ""
        return cls(f"unknown {kind} {name!r}; choose one of: {', '.join(options) or '(none)'}{hint}")


class ChainError(CoinageError):
    """The chain failed in a way that is not a contract's refusal."""


class NodeUnreachable(ChainError):
    """A JSON-RPC node did not answer at the given URL."""


class NodeReverted(ChainError):
    """The node went back to an earlier snapshot: blocks this program saw are gone; nothing was sent."""


class NodeRestarted(ChainError):
    """The node restarted (its chain id, genesis or instance changed): everything on it is new."""


class NonceConflict(ChainError):
    """Another client sending from the same account took every nonce this one tried; nothing was sent."""


class TransactionTimedOut(ChainError):
    """No receipt within the timeout. `outcome` says what became of the transaction `tx_hash`:
    "cancelled" (a no-op sent at its nonce was mined instead), "dropped" (another transaction took
    its nonce) or "pending" (it may still be mined; `RpcChain.settle()` finds out before anything
    else is sent from that account)."""

    def __init__(self, message: str, *, tx_hash: bytes, outcome: str) -> None:
        super().__init__(message)
        self.tx_hash, self.outcome = tx_hash, outcome


class ContractRevert(CoinageError):
    """The contract refused a call or transaction; the subclass names the broken rule.

    A subclass declares the rule's values as annotations, in the Solidity error's order; they are its
    `fields`. `receipt` is the refused transaction's receipt (None for a refused call or deployment).
    """

    fields: ClassVar[tuple[str, ...]] = ()
    receipt: Receipt | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The class's own annotations, in order: the rule's values, declared once.
        cls.fields = tuple(inspect.get_annotations(cls))

    def __init__(self, *values: Any, names: Mapping[str, str] | None = None) -> None:
        if len(values) != len(self.fields):
            raise TypeError(f"{type(self).__name__} takes {len(self.fields)} values, got {len(values)}")
        self.values: dict[str, Any] = dict(zip(self.fields, values))
        for field, value in self.values.items():
            setattr(self, field, value)
        self._names = dict(names or {})
        super().__init__(*values)

    @property
    def rule(self) -> str:
        """The name of the broken rule, as the contract spells it."""
        return type(self).__name__

    def _show(self, field: str, value: Any) -> str:
        if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
            return self._names.get(value.lower(), value)
        from .units import format_coins, format_time, format_until  # imported here: units imports this module

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

    def __str__(self) -> str:
        shown = ", ".join(f"{k}={self._show(k, v)}" for k, v in self.values.items())
        return f"{self.rule}({shown})"

    def __repr__(self) -> str:
        return str(self)


class SolidityError(ContractRevert):
    """The contract reverted with a string reason (``Error(string)``)."""

    reason: str


class SolidityPanic(ContractRevert):
    """The EVM panicked (``Panic(uint256)``): arithmetic overflow, invalid enum value, and so on."""

    code: int


class UnknownRevert(ContractRevert):
    """Revert data that matches no error the contract declares; shown with its selector."""

    selector: str
    data: bytes


# --- Access -------------------------------------------------------------------------------------


class PowerNotInRegime(ContractRevert):
    """The power does not exist in this coin's regime, for anybody."""

    power: Power
    regime: Regime


class Unauthorized(ContractRevert):
    """The caller does not hold the power; `role` does."""

    caller: str
    power: Power
    role: Role


class MissingCaseReference(ContractRevert):
    """Due process: a control action needs a case reference on the public record."""

    power: Power


class MissingRoleHolder(ContractRevert):
    """Deployment refused: the regime gives a power to a role no account holds."""

    role: Role


class WrongContractForRegime(ContractRevert):
    """Deployment refused: the sovereign regime needs SovereignCoinage, the others need Coinage."""

    regime: Regime


# --- Freezes ------------------------------------------------------------------------------------


class AccountFrozen(ContractRevert):
    """A frozen account cannot send, receive, approve, spend an allowance, redeem or be minted to."""

    account: str
    until: int


class AccountNotFrozen(ContractRevert):
    """The action needs a frozen account (confirm, unfreeze, seize); this one is not frozen."""

    account: str


class AlreadyFrozen(ContractRevert):
    """A freeze may not shorten a freeze already in force."""

    account: str
    until: int


class EscrowAccount(ContractRevert):
    """The coin's own account is the seizure escrow: it cannot be unfrozen, confirmed or seized from."""

    account: str


class InvalidFreezeExpiry(ContractRevert):
    """A freeze expiry must lie in the future and fit in 40 bits."""

    until: int
    now: int


# --- Pause and licence --------------------------------------------------------------------------


class EnforcedPause(ContractRevert):
    """The coin is paused (or already paused): transfers, approvals, minting and redemption stop."""


class ExpectedPause(ContractRevert):
    """The coin is not paused, so it cannot be unpaused."""


class IssuerNotLicensed(ContractRevert):
    """The issuer's licence is revoked: it cannot mint."""

    issuer: str


class LicenceUnchanged(ContractRevert):
    """The licence is already in the requested state."""

    licensed: bool


# --- Issuance and reserves ----------------------------------------------------------------------


class MinterAllowanceExceeded(ContractRevert):
    """The mint exceeds what the issuer is still allowed to mint."""

    allowance: int
    needed: int


class NoAttestation(ContractRevert):
    """No reserve figure has been attested yet, so nothing can be minted."""


class AttestationStale(ContractRevert):
    """The latest reserve attestation is older than the coin allows for minting."""

    attested_at: int
    max_age: int
    now: int


class ReservesExceeded(ContractRevert):
    """The mint would lift the supply above the attested reserves."""

    reserves: int
    supply_after: int


class SupplyOverflow(ContractRevert):
    """The supply would exceed 2**128 - 1 base units."""

    supply_after: int


class ZeroAmount(ContractRevert):
    """Minting, redeeming, seizing or releasing nothing is refused."""


class UnknownRedemption(ContractRevert):
    """No redemption request has this id."""

    id: int


class RedemptionAlreadyPaid(ContractRevert):
    """The redemption request was already marked paid."""

    id: int


class InsufficientEscrow(ContractRevert):
    """The case's escrow holds less than the release asks for."""

    case_ref: bytes
    escrowed: int
    needed: int


# --- Wallet tiers -------------------------------------------------------------------------------


class TierBalanceCapExceeded(ContractRevert):
    """The recipient's wallet tier caps its balance below what it would hold."""

    account: str
    cap: int
    balance_after: int


class TierPaymentCapExceeded(ContractRevert):
    """The sender's wallet tier caps a single payment below this amount."""

    account: str
    cap: int
    amount: int


class TierDailyCapExceeded(ContractRevert):
    """The sender's wallet tier caps what it may send in a day."""

    account: str
    cap: int
    spent_after: int


class HolderRecordFieldOverflow(ContractRevert):
    """A value too wide for its field of the packed holder record (a freeze date past 2^40, say).

    Every path that writes a record checks its values first, so this reports a bug in the coin."""

    value: int
    max: int


# --- Signatures ---------------------------------------------------------------------------------


class ERC2612ExpiredSignature(ContractRevert):
    """The permit's deadline has passed."""

    deadline: int


class ERC2612InvalidSigner(ContractRevert):
    """The permit was not signed by the owner (wrong key, chain, nonce or contents)."""

    signer: str
    owner: str


class InvalidAccountNonce(ContractRevert):
    """The nonce given is not the account's current one."""

    account: str
    current_nonce: int


class ECDSAInvalidSignature(ContractRevert):
    """The signature does not recover to any address."""


class ECDSAInvalidSignatureLength(ContractRevert):
    """The signature has the wrong length."""

    length: int


class ECDSAInvalidSignatureS(ContractRevert):
    """The signature's s value is in the upper half of the curve order (malleable)."""

    s: bytes


class InvalidShortString(ContractRevert):
    """OpenZeppelin ShortStrings: stored bytes are not a valid short string (EIP-712 name or version)."""


class StringTooLong(ContractRevert):
    """OpenZeppelin ShortStrings: a string is too long to store as a short string."""

    str: str


# --- ERC-20 (ERC-6093) --------------------------------------------------------------------------


class ERC20InsufficientBalance(ContractRevert):
    """The sender holds less than the amount."""

    sender: str
    balance: int
    needed: int


class ERC20InvalidSender(ContractRevert):
    """The zero address cannot send."""

    sender: str


class ERC20InvalidReceiver(ContractRevert):
    """The zero address, and the coin itself (its escrow), cannot receive a transfer."""

    receiver: str


class ERC20InsufficientAllowance(ContractRevert):
    """The spender's allowance is below the amount."""

    spender: str
    allowance: int
    needed: int


class ERC20InvalidApprover(ContractRevert):
    """The zero address cannot approve."""

    approver: str


class ERC20InvalidSpender(ContractRevert):
    """The zero address cannot be approved."""

    spender: str


REVERT_CLASSES: dict[str, type[ContractRevert]] = {
    cls.__name__: cls
    for cls in list(globals().values())
    if isinstance(cls, type)
    and issubclass(cls, ContractRevert)
    and cls not in (ContractRevert, SolidityError, SolidityPanic, UnknownRevert)
}
"""Solidity custom error name -> the exception class raised for it."""
