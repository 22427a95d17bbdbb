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
    │   ├── TransactionRefused                invalid before it ran (intrinsic gas, funds): nothing changed
    │   └── TransactionTimedOut               no receipt in time: the send is cancelled, dropped or pending
    ├── CallReverted (coinage.chain)          low-level: a call reverted with raw data, not yet decoded
    └── ContractRevert                        the contract refused a call or transaction
        ├── one class per Solidity custom error (AccountFrozen, Unauthorized, ...)
        ├── SolidityError                     revert with a string reason, Error(string)
        │   └── RevertReason                  a peer coin's string, typed (Blacklisted, NotAgent, ...)
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
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from .display import show_rule_value

if TYPE_CHECKING:
    from .enums import Power, Regime, Role, WalletTier

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
    "TransactionRefused",
    "TransactionTimedOut",
    "ContractRevert",
    "SolidityError",
    "SolidityPanic",
    "UnknownRevert",
    "RevertReason",
    "REASON_CLASSES",
    "Blacklisted",
    "WalletFrozen",
    "PausedByPauser",
    "NotBlacklister",
    "NotPauser",
    "NotMinter",
    "NotMasterMinter",
    "NotAgent",
    "MintAboveAllowance",
    "InsufficientBalance",
    "InsufficientAllowance",
    "InvalidPermit",
    "IdentityNotVerified",
    "TransferNotPossible",
    "PowerNotInRegime",
    "Unauthorized",
    "MissingCaseReference",
    "MissingRoleHolder",
    "WrongContractForRegime",
    "EscrowAccount",
    "AccountFrozen",
    "AccountNotFrozen",
    "AlreadyFrozen",
    "FreezeCoolingOff",
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
    "TierCapOutOfRange",
    "TierPaymentCapAboveDailyCap",
    "ERC2612ExpiredSignature",
    "ERC2612InvalidSigner",
    "InvalidAccountNonce",
    "ECDSAInvalidSignature",
    "ECDSAInvalidSignatureLength",
    "ECDSAInvalidSignatureS",
    "InvalidShortString",
    "StringTooLong",
    "HoldingLimitExceeded",
    "FeeTooHigh",
    "SameToken",
    "NotAPoolToken",
    "InsufficientOutput",
    "InsufficientShares",
    "EmptyPool",
    "SafeERC20FailedOperation",
    "ERC20InsufficientBalance",
    "ERC20InvalidSender",
    "ERC20InvalidReceiver",
    "ERC20InsufficientAllowance",
    "ERC20InvalidApprover",
    "ERC20InvalidSpender",
    "REVERT_CLASSES",
]


class RefusedReceipt(Protocol):
    """What a refused transaction left on chain, as an error carries it (a `coinage.chain.Receipt`)."""

    @property
    def tx_hash(self) -> bytes: ...

    @property
    def block_number(self) -> int: ...

    @property
    def timestamp(self) -> int: ...

    @property
    def gas_used(self) -> int: ...

    @property
    def succeeded(self) -> bool: ...

    @property
    def revert_data(self) -> bytes | None: ...


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


class TransactionRefused(ChainError):
    """The chain refused a transaction as invalid before running it (gas below its intrinsic cost, more
    ether than the sender holds): no receipt, no block, and the sender's nonce is not used."""


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
    receipt: RefusedReceipt | None = None

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

    def __str__(self) -> str:
        shown = ", ".join(f"{k}={show_rule_value(k, v, self._names)}" for k, v in self.values.items())
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


class FreezeCoolingOff(ContractRevert):
    """Due process: an account whose last freeze ended less than a provisional period ago cannot be
    frozen again until `until`, so only a court keeps an account frozen beyond the provisional period."""

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


class TierCapOutOfRange(ContractRevert):
    """Deployment refused: a wallet-tier cap is zero or wider than the field that counts against it
    (`max`: 2**128 - 1 for a balance cap, 2**48 - 1 for a payment or daily cap)."""

    tier: WalletTier
    cap: int
    max: int


class TierPaymentCapAboveDailyCap(ContractRevert):
    """Deployment refused: a tier's payment cap exceeds its daily cap, so no payment could reach it."""

    tier: WalletTier
    payment_cap: int
    daily_cap: int


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


class HoldingLimitExceeded(ContractRevert):
    """A mint or payment would lift its recipient above the coin's holding limit."""

    account: str
    limit: int
    balance_after: int


# --- the market pool (contracts/ConstantProductPool.sol) ----------------------------------------


class FeeTooHigh(ContractRevert):
    """A pool's fee must be below 10,000 basis points (all of the amount paid in)."""

    fee_bps: int


class SameToken(ContractRevert):
    """A pool trades two different tokens."""

    token: str


class NotAPoolToken(ContractRevert):
    """Only the pool's coin and its dollar can be paid in."""

    token: str


class InsufficientOutput(ContractRevert):
    """The swap would pay out nothing, or less than the trader's minimum."""

    amount_out: int
    minimum_out: int


class InsufficientShares(ContractRevert):
    """A provider cannot withdraw more liquidity shares than it holds."""

    provider: str
    shares: int
    needed: int


class EmptyPool(ContractRevert):
    """A pool without liquidity cannot price a swap."""


class SafeERC20FailedOperation(ContractRevert):
    """A token transfer into or out of the pool returned false (OpenZeppelin's SafeERC20)."""

    token: str


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


# --- Peer coins' revert strings -----------------------------------------------------------------
#
# Circle's USDC and Tokeny's T-REX refuse with require strings (``Error(string)``), not custom errors.
# Each string that states a rule a story meets gets a class named after the rule, so a caller catches
# the rule (a blacklisted account is an `AccountFrozen`) and the message quotes the contract's reason.
# Declared after `REVERT_CLASSES`: they are not Coinage's custom errors. A refusal for not holding a role
# is an `Unauthorized` too, but carries only the quoted reason (the contract names no power or role).


class RevertReason(SolidityError):
    """A peer contract refused with a revert string; the class names the rule, `reason` quotes it."""

    reason: str


class Blacklisted(RevertReason, AccountFrozen):
    """USDC: a blacklisted account cannot send, receive or spend an allowance."""

    reason: str


class WalletFrozen(RevertReason, AccountFrozen):
    """T-REX: a frozen wallet cannot send or receive."""

    reason: str


class PausedByPauser(RevertReason, EnforcedPause):
    """USDC and T-REX: the token is paused, so transfers, approvals and minting stop."""

    reason: str


class NotBlacklister(RevertReason, Unauthorized):
    """USDC: only the blacklister may blacklist or unblacklist."""

    reason: str


class NotPauser(RevertReason, Unauthorized):
    """USDC: only the pauser may pause or unpause."""

    reason: str


class NotMinter(RevertReason, Unauthorized):
    """USDC: only a minter the master minter configured may mint or burn."""

    reason: str


class NotMasterMinter(RevertReason, Unauthorized):
    """USDC: only the master minter may configure minters."""

    reason: str


class NotAgent(RevertReason, Unauthorized):
    """T-REX: only an agent may mint, burn, freeze, pause or force a transfer."""

    reason: str


class MintAboveAllowance(RevertReason):
    """USDC: a minter cannot mint beyond the allowance its controller set."""

    reason: str


class InsufficientBalance(RevertReason):
    """USDC and T-REX: the sender (or the burner) holds less than the amount, frozen tokens aside."""

    reason: str


class InsufficientAllowance(RevertReason):
    """USDC: the spender's allowance is below the amount."""

    reason: str


class InvalidPermit(RevertReason):
    """USDC: the permit has expired or its signature is not the owner's."""

    reason: str


class IdentityNotVerified(RevertReason):
    """T-REX: the recipient has no verified ONCHAINID identity with the required claims."""

    reason: str


class TransferNotPossible(RevertReason):
    """T-REX: the identity registry or the compliance refused the transfer."""

    reason: str


REASON_CLASSES: dict[str, type[RevertReason]] = {
    "Blacklistable: account is blacklisted": Blacklisted,
    "FiatTokenV2_2: Account is blacklisted": Blacklisted,
    "wallet is frozen": WalletFrozen,
    "Pausable: paused": PausedByPauser,
    "Blacklistable: caller is not the blacklister": NotBlacklister,
    "Pausable: caller is not the pauser": NotPauser,
    "FiatToken: caller is not a minter": NotMinter,
    "FiatToken: caller is not the masterMinter": NotMasterMinter,
    "AgentRole: caller does not have the Agent role": NotAgent,
    "FiatToken: mint amount exceeds minterAllowance": MintAboveAllowance,
    "ERC20: transfer amount exceeds balance": InsufficientBalance,
    "FiatToken: burn amount exceeds balance": InsufficientBalance,
    "Insufficient Balance": InsufficientBalance,
    "sender balance too low": InsufficientBalance,
    "cannot burn more than balance": InsufficientBalance,
    "ERC20: transfer amount exceeds allowance": InsufficientAllowance,
    "FiatTokenV2: permit is expired": InvalidPermit,
    "EIP2612: invalid signature": InvalidPermit,
    "Identity is not verified.": IdentityNotVerified,
    "Transfer not possible": TransferNotPossible,
}
"""A peer contract's revert string -> the class raised for it; any other string stays a `SolidityError`."""
