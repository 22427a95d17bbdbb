"""The `Chain` interface over any JSON-RPC node: Anvil, Hardhat, or a real network's endpoint.

The transport is web3.py's own `Web3`. What this module adds is Coinage's own: transactions signed
with the keys `Account.from_name` derives (so a name is the same address on every chain), ether for
those accounts on development nodes, batch semantics, and bookkeeping that keeps the program's
ledger the node's ledger when other clients share the node. `RpcChain` puts together one part per
job, each in its own module:

- `_rpc_transport`: requests, web3.py's typed calls, and what a node's error means (by its code);
- `_rpc_watch`: is this still the node we have been talking to (`NodeReverted`, `NodeRestarted`)?
- `_rpc_clock`: the pending block's number and time; moving time on a development node;
- `_rpc_batch`: one block for a batch, its receipts predicted with `eth_simulateV1`;
- `_rpc_funding`: ether for derived accounts where gas costs something;
- `_rpc_sends`: nonces when other clients share an account, and sends that time out
  (`NonceConflict`, `TransactionTimedOut`, `settle()`).

On a development node (Anvil, Hardhat) `snapshot()` uses `evm_snapshot`/`evm_revert`, `batch()`
switches automine off and mines one block on exit, and derived accounts are given ether when the
node charges for gas. Started by `coinage.chain.node.start_anvil`, Anvil has the embedded chain's
genesis time, hardfork and 12-second blocks, so every scenario gives the embedded chain's outcome.
Against a node that cannot move time or take snapshots, those two methods raise `ChainError`.

An unreachable URL raises `NodeUnreachable` with a one-line message from the constructor, before
anything is sent; so does a node that stops answering a read. A node that answered with an error
is never reported as unreachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from web3.exceptions import ContractLogicError
from web3.testing import Testing

from ..errors import ChainError, NodeReverted, NodeRestarted
from ._constants import BLOCK_TIME, DEFAULT_TX_GAS
from ._rpc_batch import BatchSimulation, call_object, log_of
from ._rpc_clock import NodeClock
from ._rpc_funding import FUNDING as FUNDING, Funding  # re-exported
from ._rpc_sends import NONCE_ATTEMPTS as NONCE_ATTEMPTS, Sends  # re-exported
from ._rpc_transport import POLL_INTERVAL as POLL_INTERVAL, RpcError, Transport, to_bytes  # re-exported
from ._rpc_watch import NodeWatch
from ._types import Account, CallReverted, Receipt, checksum

_ZERO = "0x" + "00" * 20
_DEV_CLIENTS = ("anvil", "hardhat")


class RpcChain:
    """A chain behind a JSON-RPC URL. `RpcChain("http://127.0.0.1:8545")`.

    `timeout` bounds every request and the wait for every receipt, in seconds.
    """

    def __init__(self, url: str, *, timeout: float = 10) -> None:
        self._node = Transport(url, timeout)
        self.url, self.timeout, self.w3 = self._node.url, self._node.timeout, self._node.w3
        self._testing: Testing = self.w3.testing  # type: ignore[attr-defined]  # a default module, untyped on Web3
        chain_id = self._node.chain_id()  # the first request: unreachable fails here
        version = self._node.attempt("web3_clientVersion")
        self.client = version if isinstance(version, str) else "unknown"
        kind = self.client.split("/")[0].lower()
        dev = kind in _DEV_CLIENTS
        self._watch = NodeWatch(self._node, kind, chain_id=chain_id, on_lost=self._node_lost)
        self._clock = NodeClock(self._node, dev=dev, describe=self.describe)
        self._batch = BatchSimulation(self._node, self._clock, reached=self._watch.reached)
        self._sends = Sends(
            self._node, chain_id=lambda: self._watch.chain_id, reached=self._watch.reached_at_least, describe=self.describe,
        )
        self._funding = Funding(self._node, sending=self._sends.note, describe=self.describe)
        if dev:  # a cancellation may need ether the account no longer holds; a dev node can give it
            self._sends.top_up = self._funding.top_up

    @property
    def chain_id(self) -> int:
        return self._watch.chain_id

    @property
    def gas_price(self) -> int:
        """The gas price this chain's transactions offer (the node's when it started; raised if refused)."""
        return self._sends.gas_price

    @property
    def outcomes(self) -> dict[bytes, str]:
        """Transaction hash -> "mined", "cancelled", "dropped" or "pending", for every send that timed out."""
        return self._sends.outcomes

    @property
    def nonce_retries(self) -> int:
        """Sends signed again with a fresh nonce because another client had taken theirs."""
        return self._sends.nonce_retries

    def _node_lost(self, error: type[ChainError]) -> None:
        self._funding.funded.clear()
        if error is NodeRestarted:  # a new node has an empty pool; after a revert, settle on proof as ever
            self._sends.forget_pending()

    # --- time and blocks -------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """The timestamp the next transaction will see (read from the node)."""
        return self._batch.block[1] if self._batch.holds_transactions else self._clock.pending_block()[1]

    @property
    def block_number(self) -> int:
        """The number of the block the next transaction goes into (read from the node)."""
        return self._batch.block[0] if self._batch.holds_transactions else self._clock.pending_block()[0]

    def advance_time(self, seconds: int) -> None:
        """Move the clock forward by whole seconds; the next block carries the new time."""
        seconds = self._clock.check_seconds(seconds)
        if self._batch.holds_transactions:
            raise RuntimeError("cannot move time inside a batch that already holds transactions")
        self._clock.advance(lambda: self.now, seconds)

    def batch(self) -> Any:
        """Put every transaction sent inside into one block, mined on exit (see `_rpc_batch`)."""
        return self._batch.opened()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Undo everything done inside the block, on exit (`evm_snapshot` / `evm_revert`)."""
        if self._batch.holds_transactions:
            raise RuntimeError("cannot snapshot inside a batch that already holds transactions")
        now, first_block = self.now, self._watch.latest_number() + 1
        try:
            with self._node.answers("evm_snapshot"):  # single-use on Anvil: a new one on each entry
                snapshot_id = self._testing.snapshot()
        except RpcError:
            raise ChainError(f"{self.describe()} cannot take snapshots (no evm_snapshot)") from None
        saved = (self._watch.head, set(self._funding.funded))
        outer = self._sends.own is None
        if outer:
            self._sends.own = set()
        try:
            yield
        finally:
            try:
                self._refuse_to_undo_others(first_block)
                # evm_revert directly: web3's Testing.revert drops the node's answer, and false means
                # another client reverted past this snapshot.
                if self._node.request("evm_revert", [snapshot_id]) is not True:
                    self._watch.lost(NodeReverted, f"the node reverted to a snapshot taken before this program's {snapshot_id}")
                self._watch.head, self._funding.funded = saved
                if self._clock.dev and self.now != now:  # a time advance inside, not yet mined, survives the revert
                    self._clock.set_next_timestamp(now)
            finally:
                if outer:
                    self._sends.own = None

    def _refuse_to_undo_others(self, first_block: int) -> None:
        """Raise `ChainError`, leaving the node as it is, if a block mined inside the snapshot holds a
        transaction this chain did not send: reverting would undo another client's work."""
        own = self._sends.own
        assert own is not None
        for number in range(first_block, self._watch.latest_number() + 1):
            theirs = [h for h in self._node.transactions_in(number) if h not in own]
            if theirs:
                raise ChainError(
                    f"leaving the snapshot would undo other clients' transactions on {self.url} (0x{theirs[0].hex()} "
                    f"in block {number}); the node was not reverted, so what was done inside the snapshot stays"
                )

    # --- accounts and ether ----------------------------------------------------------------------

    def account(self, name: str) -> Account:
        """The account whose key derives from `name`; given ether first if the node charges for gas."""
        account = Account.from_name(name)
        self._funding.ensure(account.address, self._sends.gas_price)
        return account

    def balance_of(self, address: str) -> int:
        """The ether `address` holds, in wei, at the latest block."""
        return self._node.balance(address)

    def set_balance(self, address: str, wei: int) -> None:
        """Give `address` exactly `wei`, on a development node (`anvil_setBalance`); `ChainError` elsewhere."""
        if not self._funding.set_balance(address, wei):
            raise ChainError(f"{self.describe()} cannot set balances (no anvil_setBalance or hardhat_setBalance)")

    # --- transactions ----------------------------------------------------------------------------

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = DEFAULT_TX_GAS, value: int = 0) -> Receipt:
        """Sign and send one transaction carrying `value` wei; wait for its block unless inside `batch()`."""
        address = sender.address
        batch = self._batch
        if not batch.holds_transactions:
            self._watch.check()
        self._sends.settle_sender(address)
        self._funding.ensure(address, self._sends.gas_price)
        call = call_object(address, to, data, gas, value)
        if batch.holds_transactions and to is None:  # a creation cannot be simulated: mine the batch so far first
            batch.flush()
        batching = batch.pending is not None and to is not None and batch.can_simulate
        predicted = batch.predict(call) if batching else None
        unsettled = self._sends.send(sender, to, data, gas, value)
        tx_hash = unsettled.tx_hash
        if predicted is not None:
            number, timestamp = batch.block
            receipt = Receipt(tx_hash, address, number, timestamp, *predicted)
            batch.add(tx_hash, call, receipt)
            return receipt
        if batch.pending is not None:  # a creation inside a batch: automine is off, mine it alone
            self._clock.mine()
        raw = self._sends.await_receipt(unsettled)
        self._watch.reached(raw)
        block_number, timestamp = raw["blockNumber"], self._clock.block_time(raw)
        succeeded = raw["status"] == 1
        return Receipt(
            tx_hash=tx_hash,
            sender=address,
            block_number=block_number,
            timestamp=timestamp,
            gas_used=raw["gasUsed"],
            succeeded=succeeded,
            logs=tuple(log_of(entry) for entry in raw.get("logs") or ()),
            contract_address=checksum(raw["contractAddress"]) if succeeded and raw.get("contractAddress") else None,
            revert_data=None if succeeded else self._replay(call, block_number, timestamp),
        )

    def settle(self) -> dict[bytes, str]:
        """Find out what became of every send that raised `TransactionTimedOut` as pending: "mined",
        "dropped", "cancelled" (a no-op took its nonce) or still "pending". Still-pending ones are
        cancelled where the node answers."""
        return self._sends.settle()

    def _replay(self, call: dict[str, str], number: int, timestamp: int) -> bytes:
        """The revert data of a failed transaction, which its receipt does not carry: the same call
        again on the parent block's state, in a block with the same number and time when the node
        takes block overrides."""
        parent = hex(number - 1)
        overrides = {"number": hex(number), "time": hex(timestamp)}
        for params in ([call, parent, {}, overrides], [call, parent]):
            try:
                self._node.request("eth_call", params)
            except RpcError as error:
                if error.reverted:
                    return error.revert_data
                continue  # no block overrides here: try without
            return b""  # the replay succeeded (the failure depended on the rest of its block)
        return b""

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        """Run a read-only call on the state the next transaction will see; raise `CallReverted`."""
        call = call_object(sender or _ZERO, to, data, DEFAULT_TX_GAS, value)
        if self._batch.holds_transactions:  # the pending block's transactions are not in any block yet
            result = self._batch.simulate([p.call for p in self._batch.pending or ()] + [call])
            if result is not None:
                last = result[-1]
                if last.get("status") != "0x1":
                    raise CallReverted(to_bytes(last.get("returnData")))
                return to_bytes(last.get("returnData"))
        # On a dev node the pending block has the next block's number and time, as the embedded
        # chain's calls see them.
        block = "pending" if self._clock.dev else "latest"
        try:
            with self._node.answers("eth_call"):
                return bytes(self.w3.eth.call(call, block))  # type: ignore[arg-type]
        except ContractLogicError as reverted:
            raise CallReverted(_revert_bytes(reverted.data)) from None
        except RpcError as error:
            if error.reverted:
                raise CallReverted(error.revert_data) from None
            raise ChainError(f"{self.describe()} refused a call to {to}: {error.message}") from None

    def code_at(self, address: str) -> bytes:
        return self._node.code(checksum(address))

    def describe(self) -> str:
        return f"JSON-RPC node {self.client} at {self.url} (chain id {self.chain_id})"


def _revert_bytes(data: Any) -> bytes:
    """The revert data web3.py puts on a ContractLogicError (a hex string, or {"data": hex})."""
    if isinstance(data, dict):
        data = data.get("data")
    return to_bytes(data) if isinstance(data, str) else b""


__all__ = ["BLOCK_TIME", "DEFAULT_TX_GAS", "RpcChain"]
