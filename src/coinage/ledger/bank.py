"""The issuer's reserve account at an ordinary bank: an off-chain ledger, reconciled against the chain.

Deposits of fiat drive minting; redemption requests on chain drive payouts. A reconciliation puts
the bank balance beside attested reserves, supply and escrow, and names any gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..contracts import Coin, Who
from ..designs import PeerCoin
from ..errors import InvalidAmount
from ..units import check_amount, format_coins


@dataclass(frozen=True)
class BankEntry:
    kind: str  # "deposit", "payout", "refund" or "loss"
    counterparty: str
    amount: int
    reference: str
    balance_after: int


@dataclass(frozen=True)
class Reconciliation:
    """The reserve account beside the chain. `gaps` is empty when everything agrees."""

    bank_balance: int
    attested_reserves: int
    supply: int
    escrow: int
    unpaid_redemptions: int
    pending_issuance: int
    gaps: tuple[str, ...]

    @property
    def liabilities(self) -> int:
        """Fiat the issuer owes: coins in circulation (escrow included), unpaid redemptions, coins owed."""
        return self.supply + self.unpaid_redemptions + self.pending_issuance

    @property
    def balanced(self) -> bool:
        return not self.gaps


@dataclass
class FiatBank:
    """The issuer's reserve account. Amounts are in the coin's base units (1 coin = 1 unit of fiat)."""

    coin: Coin
    issuer: Who
    entries: list[BankEntry] = field(default_factory=list)
    pending: list[tuple[Who, int]] = field(default_factory=list)
    balance: int = 0
    paid_through: int = 0
    """Every redemption request below this id is paid, so a payout run need not read them again."""

    def _book(self, kind: str, counterparty: str, amount: int, reference: str) -> None:
        self.balance += amount if kind == "deposit" else -amount
        self.entries.append(BankEntry(kind, counterparty, amount, reference, self.balance))

    def receive(self, holder: Who, amount: int, *, reference: str = "") -> None:
        """A holder pays fiat into the reserve account; coins for it are owed until `issue()`."""
        amount = check_amount(amount)
        if amount == 0:
            raise InvalidAmount("a deposit must be more than zero")
        name = self.coin.book.names.get(self.coin.book.address_of(holder).lower(), str(holder))
        self._book("deposit", name, amount, reference or f"DEP-{len(self.entries) + 1:04d}")
        self.pending.append((holder, amount))

    def attest(self, *, by: Who, report: str) -> None:
        """The attestor posts the account's balance on chain as the reserve figure; a coin that keeps
        no reserves on chain (a peer coin) gets the report published off chain instead."""
        if isinstance(self.coin, PeerCoin):
            self.coin.publish_attestation(self.balance, report=report)
        else:
            self.coin.attest(self.balance, report=report, by=by)

    def issue(self) -> int:
        """Mint the coins owed for received deposits, in order; return how many base units were minted.

        A refused mint raises its rule and leaves that deposit, and those after it, pending.
        """
        minted = 0
        while self.pending:
            holder, amount = self.pending[0]
            self.coin.mint(holder, amount, by=self.issuer)
            self.pending.pop(0)
            minted += amount
        return minted

    def refund_pending(self) -> int:
        """Return the fiat of deposits whose coins were never minted (a licence revoked meanwhile, say).

        Returns the total refunded; each refund is booked against the holder who paid it in.
        """
        refunded = 0
        for holder, amount in self.pending:
            name = self.coin.book.names.get(self.coin.book.address_of(holder).lower(), str(holder))
            self._book("refund", name, amount, f"REF-{len(self.entries) + 1:04d}")
            refunded += amount
        self.pending.clear()
        return refunded

    def deposit(self, holder: Who, amount: int, *, reference: str = "") -> None:
        """Receive fiat and mint the coins for it at once (the attestation must already cover it)."""
        self.receive(holder, amount, reference=reference)
        self.issue()

    @property
    def pending_issuance(self) -> int:
        return sum(amount for _, amount in self.pending)

    def record_loss(self, amount: int, *, reason: str) -> None:
        """Reserves lost off chain (a failed bank, a bad investment): the shortfall scenario."""
        amount = check_amount(amount)
        if amount > self.balance:
            raise InvalidAmount(f"cannot lose {format_coins(amount)}: the account holds {format_coins(self.balance)}")
        self._book("loss", "-", amount, reason)

    def pay_redemptions(self) -> list[int]:
        """Pay unpaid redemption requests in order while the balance covers them; return the ids paid."""
        paid: list[int] = []
        for request_id in range(self.paid_through, self.coin.redemption_count()):
            holder, amount, done = self.coin.redemption(request_id)
            if not done:
                if amount > self.balance:
                    break  # first come, first served: later requests wait behind this one
                reference = f"PAY-{request_id:04d}"
                if isinstance(self.coin, PeerCoin):
                    self.coin.settle_off_chain(request_id)  # the coins were burnt on request
                else:
                    self.coin.mark_redemption_paid(request_id, fiat_ref=reference, by=self.issuer)
                self._book("payout", self.coin.book.names.get(holder.lower(), holder), amount, reference)
                paid.append(request_id)
            if request_id == self.paid_through:
                self.paid_through += 1
        return paid

    def checkpoint(self) -> tuple[list[BankEntry], list[tuple[Who, int]], int, int]:
        """The books, the deposits awaiting coins, the balance and the first unpaid redemption."""
        return list(self.entries), list(self.pending), self.balance, self.paid_through

    def restore(self, state: tuple[list[BankEntry], list[tuple[Who, int]], int, int]) -> None:
        entries, pending, self.balance, self.paid_through = state
        self.entries[:], self.pending[:] = entries, pending

    def reconcile(self) -> Reconciliation:
        reserves, _, _ = self.coin.attestation()
        supply = self.coin.total_supply()
        escrow = self.coin.total_escrow()
        unpaid = self.coin.outstanding_redemptions()
        owed = supply + unpaid + self.pending_issuance
        gaps: list[str] = []
        if self.balance < owed:
            gaps.append(
                f"shortfall: the bank holds {format_coins(self.balance)} against {format_coins(owed)} owed "
                f"(supply {format_coins(supply)} + unpaid redemptions {format_coins(unpaid)}"
                f" + deposits awaiting coins {format_coins(self.pending_issuance)})"
            )
        if reserves != self.balance:
            gaps.append(
                f"attestation out of date: attested {format_coins(reserves)}, bank holds {format_coins(self.balance)}"
            )
        return Reconciliation(self.balance, reserves, supply, escrow, unpaid, self.pending_issuance, tuple(gaps))
