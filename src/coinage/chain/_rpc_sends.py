"""Sending signed transactions to a node that other clients share: nonces, and sends that time out.

- Each send is signed with the node's `pending` nonce. When the node refuses it, the node's state
  says why (not the wording of its message, which differs from client to client): the nonce is
  taken (mined, or another transaction holds it in the pool; also the very same signed bytes, sent
  by a second client making the same call) if the account's `pending` count has moved past it, and
  the send is signed again with a fresh nonce (`NonceConflict` if that keeps happening); the price
  is too low if the node's gas price is now above it, and the send is repriced once.
- A send that raised never takes effect later. Without a receipt within the timeout the transaction
  is cancelled by a no-op at its nonce; `TransactionTimedOut` says whether it was cancelled, dropped,
  or is still pending. A pending one is settled (found mined, dropped, or cancelled) before the same
  account sends again, or by `settle()`; until then that account's sends raise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eth_account import Account as EthAccount

from ..errors import ChainError, NodeUnreachable, NonceConflict, TransactionTimedOut
from ._rpc_transport import POLL_INTERVAL, NoAnswer, RpcError, Transport
from ._types import Account, checksum

NONCE_ATTEMPTS = 5
"""Fresh `pending` nonces tried for one send before another client's sends are reported."""

CANCEL_GAS = 21_000


@dataclass
class Unsettled:
    """A sent transaction, and what it would take to cancel it if no receipt comes."""

    tx_hash: bytes
    sender: Account
    nonce: int
    gas_price: int
    replacement: bytes | None = None


class Sends:
    """Signs, sends and awaits transactions, and settles those that timed out.

    `chain_id` is read when signing (it changes if the node restarts); `reached(receipt)` is told of
    every receipt of ours that settling finds; `top_up(address, wei)`, where set, makes sure a
    canceller can pay (on a development node).
    """

    def __init__(
        self,
        transport: Transport,
        *,
        chain_id: Callable[[], int],
        reached: Callable[[Any], None],
        describe: Callable[[], str],
    ) -> None:
        self._node = transport
        self._chain_id = chain_id
        self.top_up: Callable[[str, int], None] | None = None
        self._reached = reached
        self._describe = describe
        self.gas_price = transport.gas_price()
        self.unsettled: dict[bytes, Unsettled] = {}
        self.outcomes: dict[bytes, str] = {}
        """Transaction hash -> "mined", "cancelled", "dropped" or "pending", for every send that timed out."""
        self.nonce_retries = 0
        """Sends signed again with a fresh nonce because another client had taken theirs."""
        self.own: set[bytes] | None = None  # inside a snapshot: hashes of what this chain sent

    def note(self, tx_hash: bytes) -> None:
        """Note a transaction of this chain's own, which leaving a snapshot may undo."""
        if self.own is not None:
            self.own.add(tx_hash)

    def forget_pending(self) -> None:
        """The node restarted: its pool is empty, so every unsettled send was dropped."""
        for tx_hash in self.unsettled:
            self.outcomes[tx_hash] = "dropped"
        self.unsettled.clear()

    # --- sending ---------------------------------------------------------------------------------

    def send(self, sender: Account, to: str | None, data: bytes, gas: int, value: int) -> Unsettled:
        """Sign with the node's `pending` nonce and send. A nonce another client took meanwhile is
        retried with a fresh one (the refused transaction cannot take effect); a silent node makes
        the send pending."""
        address = sender.address
        repriced = False
        for _ in range(NONCE_ATTEMPTS):
            nonce = self._node.transaction_count(address, "pending")
            tx = {"nonce": nonce, "gasPrice": self.gas_price, "gas": gas, "to": checksum(to) if to else b"",
                  "value": value, "data": data, "chainId": self._chain_id()}
            signed = EthAccount.sign_transaction(tx, sender.key)
            sent = Unsettled(bytes(signed.hash), sender, nonce, self.gas_price)
            self.note(sent.tx_hash)
            try:
                self._node.send_raw(signed.raw_transaction)
                return sent
            except NoAnswer as silence:
                self.unsettled[sent.tx_hash] = sent
                self.outcomes[sent.tx_hash] = "pending"
                raise TransactionTimedOut(
                    f"{silence}: transaction 0x{sent.tx_hash.hex()} may still be mined (still pending); "
                    "settle() finds out", tx_hash=sent.tx_hash, outcome="pending") from None
            except RpcError as error:
                if not error.rejected:
                    raise ChainError(f"{self._describe()} refused a transaction from {address}: {error.message}") from None
                if self._nonce_taken(address, nonce):
                    self.nonce_retries += 1
                    continue
                price = self._node.gas_price()
                if price > self.gas_price and not repriced:
                    self.gas_price, repriced = price, True
                    continue
                raise ChainError(f"{self._describe()} refused a transaction from {address}: {error.message}") from None
        raise NonceConflict(f"nonce too low / gap: another client used account {address} (it took {NONCE_ATTEMPTS} "
                            "nonces in a row from under this one); nothing was sent")

    def _nonce_taken(self, address: str, nonce: int) -> bool:
        """Whether `nonce` is used: mined (the account's count is past it), or held by a transaction in
        the pool, which may be our very bytes from another client making the same call (taking those
        for ours would count one payment twice)."""
        return any(self._node.transaction_count(address, block) > nonce for block in ("latest", "pending"))

    def await_receipt(self, sent: Unsettled) -> Any:
        """The receipt of a transaction the node accepted; without one in time, cancel it (or find it
        mined after all) and raise `TransactionTimedOut` unless it was mined."""
        try:
            receipt = self._node.receipt_within(sent.tx_hash, self._node.timeout)
        except NoAnswer:
            receipt = None
        if receipt is not None:
            return receipt
        self.unsettled[sent.tx_hash] = sent
        outcome, receipt = self.settle_one(sent)
        if outcome == "mined":
            return receipt
        raise TransactionTimedOut(_timed_out(sent, outcome), tx_hash=sent.tx_hash, outcome=outcome)

    # --- sends that timed out --------------------------------------------------------------------

    def settle(self) -> dict[bytes, str]:
        """Find out what became of every send that raised `TransactionTimedOut` as pending."""
        return {sent.tx_hash: self.settle_one(sent)[0] for sent in list(self.unsettled.values())}

    def settle_sender(self, address: str) -> None:
        """Settle `address`'s pending sends; raise `TransactionTimedOut` if one is still pending."""
        for sent in [s for s in self.unsettled.values() if s.sender.address == address]:
            outcome, _ = self.settle_one(sent)
            if outcome == "pending":
                raise TransactionTimedOut(
                    f"an earlier transaction from {address}, 0x{sent.tx_hash.hex()}, is still pending on "
                    f"{self._node.url}; nothing was sent", tx_hash=sent.tx_hash, outcome="pending")

    def settle_one(self, sent: Unsettled) -> tuple[str, Any]:
        """(outcome, receipt if mined) of an unsettled send. It is settled only on proof: its receipt
        ("mined"), the receipt of the no-op sent at its nonce ("cancelled"), or its nonce used by a
        third transaction ("dropped"). Absence from the pool proves nothing (a stalled node may still
        hold the request), so a send not found is cancelled as well."""
        try:
            outcome, receipt = self._find_outcome(sent)
            if outcome == "pending" and sent.replacement is None:
                self._cancel(sent)
                outcome, receipt = self._find_outcome(sent, wait=self._node.timeout)
        except NodeUnreachable:
            outcome, receipt = "pending", None
        self.outcomes[sent.tx_hash] = outcome
        if outcome != "pending":
            self.unsettled.pop(sent.tx_hash, None)
        if receipt is not None:
            self._reached(receipt)
        return outcome, receipt

    def _find_outcome(self, sent: Unsettled, *, wait: float = 0.0) -> tuple[str, Any]:
        deadline = time.monotonic() + wait
        while True:
            receipt = self._node.receipt_within(sent.tx_hash, 0)
            if receipt is not None:
                return "mined", receipt
            if sent.replacement is not None and self._node.receipt_within(sent.replacement, 0) is not None:
                return "cancelled", None
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL_INTERVAL)
        if self._node.transaction_count(sent.sender.address, "latest") > sent.nonce:  # mined meanwhile, or its nonce went elsewhere
            receipt = self._node.receipt_within(sent.tx_hash, 0)
            return ("mined", receipt) if receipt is not None else ("dropped", None)
        return "pending", None

    def _cancel(self, sent: Unsettled) -> None:
        """Send a no-op to self at the transaction's nonce, at a higher gas price: it replaces the
        transaction in the pool, or takes the nonce if the node no longer has it."""
        address = sent.sender.address
        price = max(sent.gas_price * 9 // 8 + 1, self._node.gas_price())
        if self.top_up is not None:
            self.top_up(address, price * CANCEL_GAS)
        tx = {"nonce": sent.nonce, "gasPrice": price, "gas": CANCEL_GAS, "to": checksum(address), "value": 0,
              "data": b"", "chainId": self._chain_id()}
        signed = EthAccount.sign_transaction(tx, sent.sender.key)
        self.note(bytes(signed.hash))
        try:
            self._node.send_raw(signed.raw_transaction)
        except RpcError:
            return  # its nonce is already used (mined, or by another transaction): _find_outcome says which
        sent.replacement = bytes(signed.hash)


def _timed_out(sent: Unsettled, outcome: str) -> str:
    what = {
        "cancelled": f"was cancelled (a no-op took its nonce {sent.nonce}); it will not take effect",
        "dropped": f"was dropped: another transaction took its nonce {sent.nonce}; it will not take effect",
        "pending": "still pending; settle() finds out before this account sends again",
    }[outcome]
    return f"timed out waiting for a receipt (transaction 0x{sent.tx_hash.hex()} {what})"
