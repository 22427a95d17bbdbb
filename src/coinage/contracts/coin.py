"""The typed facade over a deployed Coinage contract.

Every state-changing method takes the acting participant as ``by=``; amounts are integers in base
units (see `coinage.units.coins`); case references are short strings. A refused transaction raises
the `ContractRevert` subclass named after the broken rule. Bad arguments raise `InvalidInput` or
`TypeError` before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, Protocol

from ..chain import Account, CallReverted, Chain, Deferred, Receipt
from ..enums import FOREVER, Power, Regime, Role, WalletTier
from ..errors import ContractRevert, InvalidInput
from ..units import MAX_UINT256, check_amount
from .abi import ContractInterface, Event


class Participant(Protocol):
    """What the facade needs of an actor: a name and an account address (`coinage.Actor` has both)."""

    @property
    def name(self) -> str: ...

    @property
    def address(self) -> str: ...


Who = Participant | str
"""An actor, an actor's name, or an address: what every `by=` and account argument takes."""


class AddressBook(Protocol):
    """What the facade needs to know about participants (the actors layer provides it)."""

    def address_of(self, who: Who) -> str: ...

    def signer(self, who: Who) -> Account: ...

    @property
    def names(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class Transaction(Deferred):
    """A transaction the coin accepted: what was asked, by whom, and what it emitted."""

    action: str
    actor: str
    receipt: Receipt
    events: tuple[Event, ...]

    @property
    def gas_used(self) -> int:
        return self.receipt.gas_used

    @classmethod
    def with_deferred_events(
        cls, action: str, actor: str, receipt: Receipt, decode: Callable[[Receipt], tuple[Event, ...]]
    ) -> Transaction:
        """A transaction whose `events` are `decode(receipt)`, decoded when first read, then kept.

        Most senders never read the events (a payment in a population run), and decoding them cost
        about a tenth of a Coin transfer on revm. Equality, hashing and pickling decode them as any
        read does.
        """
        return cls.deferred("events", partial(decode, receipt), action=action, actor=actor, receipt=receipt)


@dataclass(frozen=True)
class RedemptionRequest(Transaction):
    """An accepted redemption: the burn, and the number of the fiat payout request it queued."""

    request_id: int


@dataclass(frozen=True)
class Refusal:
    """A transaction the coin refused, with the rule it broke."""

    action: str
    actor: str
    receipt: Receipt
    error: ContractRevert


Listener = Callable[[Transaction | Refusal], None]

MAX_CASE_BYTES = 31
"""The longest case reference, in UTF-8 bytes: a bytes32 string with room for its terminating zero."""


def case_ref(case: str) -> bytes:
    """A case reference as the contract stores it: UTF-8, at most 31 bytes, zero-padded to 32.

    31, not 32: a string that fills the word has no terminating zero, and ethers'
    `decodeBytes32String` (like `encodeBytes32String`) refuses it, so a JavaScript client could
    not read the reference back.
    """
    if not isinstance(case, str):
        raise TypeError(f"a case reference is a string, not {type(case).__name__}")
    raw = case.encode()
    if len(raw) > MAX_CASE_BYTES:
        raise InvalidInput(
            f"case reference {case!r} is {len(raw)} UTF-8 bytes; at most {MAX_CASE_BYTES} fit a bytes32 "
            "that ethers' encodeBytes32String/decodeBytes32String can round-trip"
        )
    return raw.ljust(32, b"\0")


def _timestamp(until: int | None) -> int:
    if until is None:
        return 0
    if isinstance(until, bool) or not isinstance(until, int) or until <= 0:
        raise InvalidInput(f"a freeze expiry is a positive timestamp, or None for 'until lifted', not {until!r}")
    return until


def sign_permit(
    key: bytes,
    *,
    token_name: str,
    chain_id: int,
    token: str,
    owner: str,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
    version: str = "1",
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 signature (v, r, s) by `key` over a permit; the key need not be the owner's.

    `version` is the EIP-712 domain's (Coinage's is "1"; USDC's FiatTokenV2_2 signs as "2")."""
    message = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": {"name": token_name, "version": version, "chainId": chain_id, "verifyingContract": token},
        "message": {"owner": owner, "spender": spender, "value": value, "nonce": nonce, "deadline": deadline},
    }
    # Imported here: eth-account loads py_ecc's BLS curves (~0.3 s), which only signing a permit needs.
    from eth_account import Account as EthAccount
    from eth_account.messages import encode_typed_data

    signed = EthAccount.sign_message(encode_typed_data(full_message=message), key)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


@dataclass
class Coin:
    """A deployed coin. Reads are methods named after the contract's views, in snake case."""

    chain: Chain
    address: str
    interface: ContractInterface
    book: AddressBook
    listeners: list[Listener] = field(default_factory=list)
    records_cases: ClassVar[bool] = True
    """Whether a control action's case reference is written on chain (Coinage's events carry it)."""
    fiat_currency: ClassVar[str] = "HKD"
    fiat_name: ClassVar[str] = "Hong Kong dollars"
    """The fiat behind the coin, as a code and in words."""
    seizure_words: ClassVar[str] = "into escrow"
    release_words: ClassVar[str] = "from escrow"
    """Where seized coins go and come back from, as a story says it."""
    supports_permit: ClassVar[bool] = True
    """Whether the coin takes EIP-2612 permits (signed approvals anyone may relay)."""
    permit_version: ClassVar[str] = "1"
    """The EIP-712 domain version its permits are signed under."""

    # --- plumbing --------------------------------------------------------------------------------

    def _addr(self, who: Who) -> str:
        return self.book.address_of(who)

    def _read(self, function: str, *args: Any) -> Any:
        data = self.interface.encode_call(function, args)
        try:
            output = self.chain.call(self.address, data)
        except CallReverted as reverted:
            raise self.interface.decode_revert(reverted.data, self.book.names) from None
        values = self.interface.decode_result(function, output)
        return values[0] if len(values) == 1 else values

    def _send(self, function: str, args: tuple[Any, ...], by: Who, action: str) -> Transaction:
        signer = self.book.signer(by)
        actor = self.book.names.get(signer.address.lower(), signer.address)
        receipt = self.chain.transact(signer, self.address, self.interface.encode_call(function, args))
        if not receipt.succeeded:
            error = self.interface.decode_revert(receipt.revert_data or b"", self.book.names)
            error.receipt = receipt
            self._notify(Refusal(action, actor, receipt, error))
            raise error
        transaction = Transaction.with_deferred_events(action, actor, receipt, self._events_of)
        self._notify(transaction)
        return transaction

    def _events_of(self, receipt: Receipt) -> tuple[Event, ...]:
        """The events this coin emitted in `receipt`, decoded, in emission order."""
        address = self.address.lower()
        decode = self.interface.decode_event
        return tuple(
            event
            for log in receipt.logs
            if log.address.lower() == address and (event := decode(log.topics, log.data)) is not None
        )

    def _notify(self, outcome: Transaction | Refusal) -> None:
        for listener in self.listeners:
            listener(outcome)

    def decode_error(self, error: Exception | bytes | str) -> ContractRevert:
        """The named rule behind a refusal raised by another client (web3.py's `ContractCustomError`), or its revert data."""
        data = getattr(error, "data", error)
        if isinstance(data, str):
            data = bytes.fromhex(data.removeprefix("0x"))
        if not isinstance(data, bytes):
            raise TypeError(f"no revert data in {error!r}")
        return self.interface.decode_revert(data, self.book.names)

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every accepted or refused transaction sent through this facade."""
        self.listeners.append(listener)

    def checkpoint(self) -> tuple[Any, ...]:
        """The facade's own state: who listens (everything else it reads from the chain).

        A tuple, so that a facade keeping more beside the chain (a peer coin's off-chain records)
        can extend it.
        """
        return (list(self.listeners),)

    def restore(self, state: tuple[Any, ...]) -> None:
        self.listeners[:] = state[0]

    # --- ERC-20 views ----------------------------------------------------------------------------

    def name(self) -> str:
        return str(self._read("name"))

    def symbol(self) -> str:
        return str(self._read("symbol"))

    def decimals(self) -> int:
        return int(self._read("decimals"))

    def total_supply(self) -> int:
        return int(self._read("totalSupply"))

    def balance_of(self, who: Who) -> int:
        return int(self._read("balanceOf", self._addr(who)))

    def allowance(self, owner: Who, spender: Who) -> int:
        return int(self._read("allowance", self._addr(owner), self._addr(spender)))

    # --- ERC-20 and EIP-2612 transactions -------------------------------------------------------

    def transfer(self, to: Who, amount: int, *, by: Who) -> Transaction:
        return self._send("transfer", (self._addr(to), check_amount(amount)), by, "transfer")

    def transfer_from(self, owner: Who, to: Who, amount: int, *, by: Who) -> Transaction:
        args = (self._addr(owner), self._addr(to), check_amount(amount))
        return self._send("transferFrom", args, by, "transfer_from")

    def approve(self, spender: Who, amount: int, *, by: Who) -> Transaction:
        args = (self._addr(spender), check_amount(amount, limit=MAX_UINT256))
        return self._send("approve", args, by, "approve")

    def nonces(self, owner: Who) -> int:
        return int(self._read("nonces", self._addr(owner)))

    def domain_separator(self) -> bytes:
        return bytes(self._read("DOMAIN_SEPARATOR"))

    def sign_permit(
        self,
        owner: Who,
        spender: Who,
        amount: int,
        *,
        deadline: int,
        nonce: int | None = None,
        chain_id: int | None = None,
    ) -> tuple[int, bytes, bytes]:
        """The owner's EIP-2612 signature (v, r, s) over a permit; other nonces or chains for tests."""
        return sign_permit(
            self.book.signer(owner).key,
            token_name=self.name(),
            chain_id=self.chain.chain_id if chain_id is None else chain_id,
            token=self.address,
            owner=self._addr(owner),
            spender=self._addr(spender),
            value=check_amount(amount, limit=MAX_UINT256),
            nonce=self.nonces(owner) if nonce is None else nonce,
            deadline=deadline,
            version=self.permit_version,
        )

    def permit(
        self, owner: Who, spender: Who, amount: int, *, deadline: int, signature: tuple[int, bytes, bytes], by: Who
    ) -> Transaction:
        """Submit a signed permit; anybody (`by`) may relay it."""
        v, r, s = signature
        args = (self._addr(owner), self._addr(spender), check_amount(amount, limit=MAX_UINT256), deadline, v, r, s)
        return self._send("permit", args, by, "permit")

    # --- issuance, reserves, redemption ----------------------------------------------------------

    def attest(self, reserves: int, *, report: str, by: Who) -> Transaction:
        args = (check_amount(reserves, limit=MAX_UINT256), case_ref(report))
        return self._send("attest", args, by, "attest")

    def set_minter_allowance(self, amount: int, *, by: Who) -> Transaction:
        args = (check_amount(amount, limit=MAX_UINT256),)
        return self._send("setMinterAllowance", args, by, "set_minter_allowance")

    def mint(self, to: Who, amount: int, *, by: Who) -> Transaction:
        return self._send("mint", (self._addr(to), check_amount(amount)), by, "mint")

    def redeem(self, amount: int, *, by: Who) -> RedemptionRequest:
        """Burn coins for fiat at par; the transaction carries the redemption request's id."""
        sent = self._send("redeem", (check_amount(amount),), by, "redeem")
        request_id = next(int(e.args["id"]) for e in sent.events if e.name == "RedemptionRequested")
        return RedemptionRequest(sent.action, sent.actor, sent.receipt, sent.events, request_id)

    def mark_redemption_paid(self, redemption_id: int, *, fiat_ref: str, by: Who) -> Transaction:
        args = (check_amount(redemption_id, limit=MAX_UINT256), case_ref(fiat_ref))
        return self._send("markRedemptionPaid", args, by, "mark_redemption_paid")

    def minter_allowance(self) -> int:
        return int(self._read("minterAllowance"))

    def attestation(self) -> tuple[int, int, str]:
        """(reserves, attested_at, report reference) of the latest attestation."""
        reserves, at, report = self._read("attestation")
        return int(reserves), int(at), bytes(report).rstrip(b"\0").decode(errors="replace")

    def redemption_count(self) -> int:
        return int(self._read("redemptionCount"))

    def redemption(self, redemption_id: int) -> tuple[str, int, bool]:
        """(holder address, amount, paid) of a redemption request."""
        holder, amount, paid = self._read("redemption", check_amount(redemption_id, limit=MAX_UINT256))
        return str(holder), int(amount), bool(paid)

    def outstanding_redemptions(self) -> int:
        return int(self._read("outstandingRedemptions"))

    # --- licence ---------------------------------------------------------------------------------

    def revoke_licence(self, *, case: str, by: Who) -> Transaction:
        return self._send("revokeLicence", (case_ref(case),), by, "revoke_licence")

    def reinstate_licence(self, *, case: str, by: Who) -> Transaction:
        return self._send("reinstateLicence", (case_ref(case),), by, "reinstate_licence")

    def licensed(self) -> bool:
        return bool(self._read("licensed"))

    # --- freeze and seizure ----------------------------------------------------------------------

    def freeze(self, account: Who, *, case: str, until: int | None = None, by: Who) -> Transaction:
        """Freeze `account` until the timestamp `until` (None: until lifted, or lapse under due process).

        Under due process refused with `FreezeCoolingOff` within a provisional period of the end of the
        account's last freeze, and with `AlreadyFrozen` while one is in force."""
        args = (self._addr(account), _timestamp(until), case_ref(case))
        return self._send("freeze", args, by, "freeze")

    def confirm_freeze(self, account: Who, *, case: str, until: int | None = None, by: Who) -> Transaction:
        args = (self._addr(account), _timestamp(until), case_ref(case))
        return self._send("confirmFreeze", args, by, "confirm_freeze")

    def unfreeze(self, account: Who, *, case: str, by: Who) -> Transaction:
        return self._send("unfreeze", (self._addr(account), case_ref(case)), by, "unfreeze")

    def seize(self, account: Who, amount: int, *, case: str, by: Who) -> Transaction:
        args = (self._addr(account), check_amount(amount), case_ref(case))
        return self._send("seize", args, by, "seize")

    def release(self, recipient: Who, amount: int, *, case: str, by: Who) -> Transaction:
        args = (case_ref(case), self._addr(recipient), check_amount(amount))
        return self._send("release", args, by, "release")

    def is_frozen(self, account: Who) -> bool:
        return bool(self._read("isFrozen", self._addr(account)))

    def frozen_until(self, account: Who) -> int:
        """When the latest freeze on `account` ends or ended: 0 if never frozen, `FOREVER` until lifted,
        the time of the lift for a lifted one (under due process the cooling-off counts from it)."""
        return int(self._read("frozenUntil", self._addr(account)))

    def escrow_of(self, case: str) -> int:
        return int(self._read("escrowOf", case_ref(case)))

    def total_escrow(self) -> int:
        return int(self._read("totalEscrow"))

    # --- pause and tiers -------------------------------------------------------------------------

    def pause(self, *, case: str, by: Who) -> Transaction:
        return self._send("pause", (case_ref(case),), by, "pause")

    def unpause(self, *, case: str, by: Who) -> Transaction:
        return self._send("unpause", (case_ref(case),), by, "unpause")

    def paused(self) -> bool:
        return bool(self._read("paused"))

    def set_tier(self, account: Who, tier: WalletTier, *, case: str, by: Who) -> Transaction:
        if not isinstance(tier, WalletTier):
            raise TypeError(f"tier is a WalletTier, not {tier!r}")
        return self._send("setTier", (self._addr(account), int(tier), case_ref(case)), by, "set_tier")

    def wallet_of(self, account: Who) -> tuple[WalletTier, int]:
        """(tier, sent today) of a wallet."""
        tier, spent = self._read("walletOf", self._addr(account))
        return WalletTier(tier), int(spent)

    def tier_limits(self, tier: WalletTier) -> tuple[int, int, int]:
        """(balance cap, payment cap, daily cap) of a tier, in base units."""
        caps = self._read("tierLimits", int(tier))
        return int(caps[0]), int(caps[1]), int(caps[2])

    def holding_limit(self) -> int | None:
        """The most any holder may hold, in base units, on a coin deployed with a holding limit; else None."""
        return int(self._read("holdingLimit")) if self.interface.has_function("holdingLimit") else None

    # --- regime and roles ------------------------------------------------------------------------

    def regime(self) -> Regime:
        return Regime(self._read("regime"))

    def role_for(self, power: Power) -> Role:
        return Role(self._read("roleFor", int(power)))

    def requires_case(self, power: Power) -> bool:
        """Whether using `power` in this coin's regime must cite a case (else `MissingCaseReference`)."""
        return bool(self._read("requiresCase", int(power)))

    def authority_for(self, power: Power) -> str:
        return str(self._read("authorityFor", int(power)))

    def periods(self) -> tuple[int, int]:
        """(provisional freeze period, maximum attestation age), in seconds."""
        provisional, max_age = self._read("periods")
        return int(provisional), int(max_age)
