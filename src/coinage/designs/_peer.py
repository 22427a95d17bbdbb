"""What every peer coin's facade shares: deploying its contracts, sending to any of them, reading
who holds each power from the chain, and the powers it lacks with what follows from lacking them.

A peer facade is a `coinage.contracts.Coin`: the stories, the timeline and the harm ledger talk to it
exactly as to Coinage's own coin. Where Coinage has a power the peer lacks, the facade raises
`PowerLacking` naming the consequence, and `role_for` answers `Role.NOBODY`, so a story that asks
"who holds SEIZE?" gets "nobody" before it tries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..chain import Account, Chain
from ..contracts import Coin, Transaction
from ..contracts.abi import ContractInterface
from ..contracts.coin import AddressBook, Refusal, Who
from ..enums import FOREVER, Power, Role
from ..errors import InvalidInput
from .artifacts import PeerArtifact

ZERO = "0x" + "0" * 40


class PowerLacking(InvalidInput):
    """The peer coin has no such power at all (no function exists): the message names the consequence."""


@dataclass(frozen=True)
class Contract:
    """A deployed peer contract: its address and interface."""

    address: str
    interface: ContractInterface


def signer_of(book: AddressBook, by: Who | Account) -> Account:
    """The signing account: an account outside the cast (a KYC provider, say) signs for itself."""
    return by if isinstance(by, Account) else book.signer(by)


def deploy(chain: Chain, book: AddressBook, artifact: PeerArtifact, args: tuple[Any, ...], *, by: Who | Account,
           libraries: dict[str, str] | None = None) -> Contract:
    """Deploy `artifact` with constructor `args`, linked against `libraries`; a refusal raises its rule."""
    interface = ContractInterface(artifact.abi)
    receipt = chain.transact(signer_of(book, by), None, interface.encode_constructor(artifact.bytecode(libraries), args))
    if not receipt.succeeded or receipt.contract_address is None:
        raise interface.decode_revert(receipt.revert_data or b"", book.names)
    return Contract(receipt.contract_address, interface)


@dataclass
class PeerCoin(Coin):
    """A peer coin behind Coinage's facade. Subclasses say how each power maps onto the real contract."""

    LACKING: ClassVar[dict[Power, str]] = {}
    """Powers the real contract does not have, with the consequence for a holder."""
    FUNCTIONS: ClassVar[dict[Power, str]] = {}
    """Powers the real contract has, with the function that exercises each; with LACKING, every power once."""
    design: ClassVar[str] = ""
    requests: list[tuple[str, int, bool]] = field(default_factory=list)
    """Redemption requests made off chain to the issuer: (holder address, amount, paid)."""
    attested: tuple[int, int, str] = (0, 0, "")
    """The latest reserve attestation, published off chain by an accounting firm: (reserves, time, report)."""

    reserves_on_chain: ClassVar[bool] = False
    records_cases: ClassVar[bool] = False

    # --- sending to any of the coin's contracts --------------------------------------------------

    def send_to(self, contract: Contract, function: str, args: tuple[Any, ...], by: Who, action: str) -> Transaction:
        """As `Coin._send`, to another contract of the same coin (its minter controller, a registry)."""
        signer = self.book.signer(by)
        actor = self.book.names.get(signer.address.lower(), signer.address)
        receipt = self.chain.transact(signer, contract.address, contract.interface.encode_call(function, args))
        if not receipt.succeeded:
            error = contract.interface.decode_revert(receipt.revert_data or b"", self.book.names)
            error.receipt = receipt
            self._notify(Refusal(action, actor, receipt, error))
            raise error
        events = []
        for log in receipt.logs:
            source = self.interface if log.address.lower() == self.address.lower() else contract.interface
            event = source.decode_event(log.topics, log.data)
            if event is not None:
                events.append(event)
        transaction = Transaction(action, actor, receipt, tuple(events))
        self._notify(transaction)
        return transaction

    def read_from(self, contract: Contract, function: str, *args: Any) -> Any:
        """A view of another contract of the same coin."""
        values = contract.interface.decode_result(function, self.chain.call(contract.address, contract.interface.encode_call(function, args)))
        return values[0] if len(values) == 1 else values

    # --- who holds what --------------------------------------------------------------------------

    def holder_address(self, power: Power) -> str | None:
        """The address holding `power`, read from the contract's own role storage; None if the coin lacks it."""
        raise NotImplementedError

    def authority_for(self, power: Power) -> str:
        address = self.holder_address(power)
        return ZERO if address is None else address

    def role_for(self, power: Power) -> Role:
        """The cast's role of whoever the contract says holds `power` (`Role.NOBODY` if nobody can, or if a
        holder without a role does: `Deployment.holder_of` names that holder)."""
        address = self.holder_address(power)
        if address is None or int(address, 16) == 0:
            return Role.NOBODY
        name = self.book.names.get(address.lower())
        if name is None:
            raise InvalidInput(f"{self.design} gives {power.name} to {address}, who is not in the cast")
        actor = getattr(self.book, name)
        return Role(actor.role)

    def checkpoint(self) -> tuple[Any, ...]:
        """The listeners, and what a real coin keeps off chain: redemption requests and the attestation."""
        return (*super().checkpoint(), list(self.requests), self.attested)

    def restore(self, state: tuple[Any, ...]) -> None:
        super().restore(state[:1])
        self.requests[:], self.attested = state[1], state[2]

    def requires_case(self, power: Power) -> bool:
        """Whether the contract wants a case reference for `power`: a real coin records none, so never."""
        return self.records_cases

    def lacking(self, power: Power) -> PowerLacking:
        """The error for using a power this coin does not have."""
        return PowerLacking(f"{self.design} has no {power.name.lower().replace('_', ' ')} power: {self.LACKING[power]}")

    # --- powers every peer lacks ------------------------------------------------------------------

    def confirm_freeze(self, account: Who, *, case: str, until: int | None = None, by: Who) -> Transaction:
        raise self.lacking(Power.CONFIRM_FREEZE)

    def release(self, recipient: Who, amount: int, *, case: str, by: Who) -> Transaction:
        raise self.lacking(Power.RELEASE)

    def revoke_licence(self, *, case: str, by: Who) -> Transaction:
        raise self.lacking(Power.LICENCE)

    def reinstate_licence(self, *, case: str, by: Who) -> Transaction:
        raise self.lacking(Power.LICENCE)

    def set_tier(self, account: Who, tier: Any, *, case: str, by: Who) -> Transaction:
        raise self.lacking(Power.SET_TIER)

    def attest(self, reserves: int, *, report: str, by: Who) -> Transaction:
        raise self.lacking(Power.ATTEST)

    def publish_attestation(self, reserves: int, *, report: str) -> None:
        """An accounting firm's report, published off chain: the chain never sees it."""
        self.attested = (reserves, self.chain.now, report)

    def attestation(self) -> tuple[int, int, str]:
        return self.attested

    def licensed(self) -> bool:
        """No licence exists on chain: the coin cannot be told to stop minting except by its own issuer."""
        return True

    def escrow_of(self, case: str) -> int:
        return 0

    def total_escrow(self) -> int:
        return 0

    def frozen_until(self, account: Who) -> int:
        """A real coin's freeze has no end: until lifted (`FOREVER`) while frozen, else 0."""
        return FOREVER if self.is_frozen(account) else 0

    # --- redemption requests, kept off chain ------------------------------------------------------

    def redemption_count(self) -> int:
        return len(self.requests)

    def redemption(self, redemption_id: int) -> tuple[str, int, bool]:
        return self.requests[redemption_id]

    def settle_off_chain(self, redemption_id: int) -> None:
        """The issuer wired the fiat for a request: off chain, so no transaction."""
        holder, amount, paid = self.requests[redemption_id]
        if paid:
            raise InvalidInput(f"redemption {redemption_id} is already paid")
        self.requests[redemption_id] = (holder, amount, True)

    def mark_redemption_paid(self, redemption_id: int, *, fiat_ref: str, by: Who) -> Transaction:
        raise PowerLacking(f"{self.design} records no redemption payouts on chain; the fiat is paid off chain")

    def outstanding_redemptions(self) -> int:
        return sum(amount for _, amount, paid in self.requests if not paid)
