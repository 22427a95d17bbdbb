"""The `Chain` interface over any JSON-RPC node: Anvil, Hardhat, or a real network's endpoint.

The transport is web3.py's own `Web3`: `send_raw_transaction`, `wait_for_transaction_receipt`,
`w3.testing` for snapshots and mining, `eth.call` with its `ContractCustomError.data`. What this
module adds is Coinage's own: transactions signed with the keys `Account.from_name` derives (so a
name is the same address on every chain), ether for those accounts on development nodes, batch
semantics, and bookkeeping that keeps the program's ledger the node's ledger when other clients
share the node:

- Nonces and time come from the node on every use: the `pending` nonce for each send (retried
  when another client takes it first, `NonceConflict` if that keeps happening); `now` and
  `block_number` are the pending block's. The node's timestamp settings are left alone: on a dev
  node `advance_time` sets only the next block's timestamp (`evm_setNextBlockTimestamp`).
- Before each send the chain checks that the last block its own transactions reached is still the
  node's: if not, `NodeReverted` (an earlier snapshot was restored) or `NodeRestarted` (chain id,
  genesis or the node's instance id changed), raised once, before anything is sent.
- A send that raised never takes effect later. Without a receipt within `timeout`, the transaction
  is cancelled by a no-op at its nonce; `TransactionTimedOut` says whether it was cancelled,
  dropped, or is still pending (the node did not answer, or nothing mines). A pending one is
  settled (found mined, dropped, or cancelled) before the same account sends again, or by
  `settle()`; until then that account's sends raise.

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

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from eth_account import Account as EthAccount
from eth_typing import ChecksumAddress, HexAddress, HexStr
from hexbytes import HexBytes
from web3 import HTTPProvider, Web3
from web3.testing import Testing
from web3.exceptions import ContractLogicError, TimeExhausted, Web3RPCError
from web3.types import RPCEndpoint

from ..errors import ChainError, NodeReverted, NodeRestarted, NodeUnreachable, NonceConflict, TransactionTimedOut
from ._constants import BLOCK_TIME, DEFAULT_TX_GAS
from ._types import Account, CallReverted, Log, Receipt, checksum

FUNDING = 10**24
"""Wei given to a derived account on a development node that charges for gas (one million ether)."""

POLL_INTERVAL = 0.01
"""Seconds between receipt polls."""

NONCE_ATTEMPTS = 5
"""Fresh `pending` nonces tried for one send before another client's sends are reported."""

CANCEL_GAS = 21_000

_ZERO = "0x" + "00" * 20
_DEV_CLIENTS = ("anvil", "hardhat")
_METADATA = {"anvil": "anvil_metadata", "hardhat": "hardhat_metadata"}


@dataclass
class _Pending:
    """A transaction sent inside `batch()`, with the receipt its simulation predicted."""

    tx_hash: bytes
    call: dict[str, str]
    receipt: Receipt


@dataclass
class _Unsettled:
    """A transaction that raised `TransactionTimedOut` as pending: what it would take to cancel it."""

    tx_hash: bytes
    sender: Account
    nonce: int
    gas_price: int
    replacement: bytes | None = None


class RpcChain:
    """A chain behind a JSON-RPC URL. `RpcChain("http://127.0.0.1:8545")`.

    `timeout` bounds every request and the wait for every receipt, in seconds.
    """

    def __init__(self, url: str, *, timeout: float = 10) -> None:
        if not isinstance(url, str):
            raise TypeError(f"a node URL is a string, not {type(url).__name__}")
        if not url.startswith(("http://", "https://")):
            raise NodeUnreachable(f"not an HTTP JSON-RPC URL: {url!r} (expected http://host:port)")
        self.url = url
        self.timeout = float(timeout)
        self.w3 = Web3(HTTPProvider(url, request_kwargs={"timeout": timeout}, exception_retry_configuration=None))
        self._testing: Testing = self.w3.testing  # type: ignore[attr-defined]  # a default module, untyped on Web3
        self.chain_id: int = int(self._rpc("eth_chainId"), 16)  # the first request: unreachable fails here
        self.client = self._client_version()
        kind = self.client.split("/")[0].lower()
        self._dev = kind in _DEV_CLIENTS
        self._metadata_method = _METADATA.get(kind)
        self._funded: set[str] = set()
        self._batch: list[_Pending] | None = None
        self._batch_block = (0, 0)
        self._can_simulate = True
        self._unsettled: dict[bytes, _Unsettled] = {}
        self.outcomes: dict[bytes, str] = {}
        """Transaction hash -> "mined", "cancelled", "dropped" or "pending", for every send that timed out."""
        self.nonce_retries = 0
        """Sends signed again with a fresh nonce because another client had taken theirs."""
        self._own: set[bytes] | None = None  # inside a snapshot: hashes of what this chain sent
        self._genesis = self._block_hash(0)
        self._instance = self._instance_id()
        self._head = self._latest()
        self._gas_price = self._node_gas_price()

    # --- transport -------------------------------------------------------------------------------

    @contextmanager
    def _answers(self, method: str) -> Iterator[None]:
        """Translate what web3.py raises: the node's error becomes `_RpcError`, silence `_NoAnswer`,
        a dead connection `NodeUnreachable`."""
        try:
            yield
        except Web3RPCError as error:
            reply = error.rpc_response or {}
            raise _RpcError.of(method, reply.get("error", str(error))) from None
        except requests.HTTPError as http_error:
            answer = http_error.response
            status = answer.status_code if answer is not None else "an error"
            raise NodeUnreachable(f"{self.url} answered HTTP {status}, not as a JSON-RPC node") from None
        except requests.Timeout:
            raise _NoAnswer(f"the node at {self.url} did not answer {method} within {self.timeout:g} s") from None
        except (requests.RequestException, OSError) as failure:
            raise NodeUnreachable(f"no JSON-RPC node answers at {self.url} ({_reason(failure)})") from None

    def _rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """One request for a method web3.py has no typed call for (anvil_*, eth_simulateV1...)."""
        with self._answers(method):
            try:
                response: Any = self.w3.provider.make_request(RPCEndpoint(method), params or [])
            except ValueError:  # an HTTP server that does not speak JSON-RPC
                raise NodeUnreachable(f"{self.url} answered, but not as a JSON-RPC node") from None
        if "error" in response:
            raise _RpcError.of(method, response["error"])
        return response.get("result")

    def _try(self, method: str, params: list[Any] | None = None) -> Any:
        """`_rpc`, answering `_FAILED` when the node refuses (say, a method it does not have)."""
        try:
            return self._rpc(method, params)
        except _RpcError:
            return _FAILED

    def _client_version(self) -> str:
        version = self._try("web3_clientVersion")
        return version if isinstance(version, str) else "unknown"

    def _node_gas_price(self) -> int:
        price = self._try("eth_gasPrice")
        return int(price, 16) if isinstance(price, str) else 0

    # --- is this still the node we have been talking to? -----------------------------------------

    def _block_hash(self, number: int) -> str | None:
        block = self._rpc("eth_getBlockByNumber", [hex(number), False])
        return str(block["hash"]) if block else None

    def _latest(self) -> tuple[int, str]:
        block = self._rpc("eth_getBlockByNumber", ["latest", False])
        return int(block["number"], 16), str(block["hash"])

    def _instance_id(self) -> str | None:
        return self._node_state()[0]

    def _node_state(self) -> tuple[str | None, tuple[int, str]]:
        """The node's instance id (Anvil's and Hardhat's random id, new on every start; None on
        other nodes) and its latest block, in one request where the node has a metadata method."""
        metadata = self._try(self._metadata_method) if self._metadata_method else None
        if isinstance(metadata, dict) and "instanceId" in metadata:
            head = (_int(metadata["latestBlockNumber"]), str(metadata["latestBlockHash"]))
            return str(metadata["instanceId"]), head
        return None, self._latest()

    def _check_node(self) -> None:
        """Raise `NodeRestarted` or `NodeReverted` (once) if the block our last transaction reached is gone."""
        instance, (latest, latest_hash) = self._node_state()
        if instance != self._instance:
            self._lost(NodeRestarted, "the node restarted (its instance id changed)")
        number, block_hash = self._head
        if (latest, latest_hash) == self._head or (latest > number and self._block_hash(number) == block_hash):
            return
        chain_id = int(self._rpc("eth_chainId"), 16)
        if chain_id != self.chain_id or self._block_hash(0) != self._genesis:
            self._lost(NodeRestarted, f"the node restarted (chain id {chain_id}, genesis {self._block_hash(0)})")
        self._lost(NodeReverted, f"the node reverted to an earlier snapshot: block {number} ({block_hash[:12]}...), "
                                 f"which this program's last transaction reached, is gone (the node is at block {latest})")

    def _lost(self, error: type[ChainError], what: str) -> None:
        """Take the node as it is now, so that the next send goes ahead, and raise `error` about it."""
        self.chain_id = int(self._rpc("eth_chainId"), 16)
        self._genesis, self._instance, self._head = self._block_hash(0), self._instance_id(), self._latest()
        self._funded.clear()
        if error is NodeRestarted:  # a new node has an empty pool; after a revert, settle on proof as ever
            for tx_hash in self._unsettled:
                self.outcomes[tx_hash] = "dropped"
            self._unsettled.clear()
        raise error(f"{what}; nothing was sent, and what this program saw on {self.url} before may be gone")

    # --- time and blocks -------------------------------------------------------------------------

    def _pending_block(self) -> tuple[int, int]:
        """(number, timestamp) of the block the next transaction goes into."""
        if self._dev:
            block = self._rpc("eth_getBlockByNumber", ["pending", False])
            return int(block["number"], 16), int(block["timestamp"], 16)
        latest = self._rpc("eth_getBlockByNumber", ["latest", False])
        return int(latest["number"], 16) + 1, max(int(latest["timestamp"], 16) + 1, int(time.time()))

    @property
    def now(self) -> int:
        """The timestamp the next transaction will see (read from the node)."""
        return self._batch_block[1] if self._batch else self._pending_block()[1]

    @property
    def block_number(self) -> int:
        """The number of the block the next transaction goes into (read from the node)."""
        return self._batch_block[0] if self._batch else self._pending_block()[0]

    def advance_time(self, seconds: int) -> None:
        """Move the clock forward by whole seconds; the next block carries the new time."""
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise TypeError(f"advance_time takes whole seconds (an int), not {type(seconds).__name__}")
        if seconds < 0:
            raise ValueError(f"time only moves forward, not by {seconds} s")
        if self._batch:
            raise RuntimeError("cannot move time inside a batch that already holds transactions")
        if not self._dev:
            raise ChainError(f"{self.describe()} cannot move time; advance_time needs a development node")
        if seconds:
            self._set_next_timestamp(self.now + seconds)

    def _set_next_timestamp(self, timestamp: int) -> None:
        if self._try("evm_setNextBlockTimestamp", [timestamp]) is _FAILED:
            raise ChainError(f"{self.describe()} refused evm_setNextBlockTimestamp({timestamp})")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Put every transaction sent inside into one block, mined on exit.

        On Anvil, automine is switched off inside and each transaction's receipt is predicted with
        `eth_simulateV1` over the batch so far (the same EVM, on the same state); the mined
        receipts are checked against the predictions on exit. Contract creations, which that
        method cannot simulate, and nodes without it (or without `evm_setAutomine`) fall back to
        one block per transaction, as outside a batch. Each simulation replays the batch so far,
        so a batch is meant for a few transactions (a joint freeze), not for bulk loads.
        """
        if self._batch is not None or not self._dev or not self._can_simulate:
            yield
            return
        if self._try("evm_setAutomine", [False]) is _FAILED:
            self._can_simulate = False
            yield
            return
        self._batch_block = self._pending_block()
        self._batch = []
        try:
            yield
        finally:
            pending, self._batch = self._batch, None
            try:
                if pending:
                    self._mine()
            finally:
                self._rpc("evm_setAutomine", [True])
            if pending:
                self._check_batch(pending)

    def _mine(self) -> None:
        # evm_mine without parameters: web3's Testing.mine sends a block count, which Anvil reads
        # as the new block's timestamp.
        self._rpc("evm_mine")

    def _check_batch(self, pending: list[_Pending]) -> None:
        for sent in pending:
            mined = self._receipt_within(sent.tx_hash, self.timeout)
            predicted = sent.receipt
            if (
                mined is None
                or mined["blockNumber"] != predicted.block_number
                or (mined["status"] == 1) != predicted.succeeded
                or mined["gasUsed"] != predicted.gas_used
            ):
                raise ChainError(
                    f"transaction 0x{sent.tx_hash.hex()} was mined differently from its simulation "
                    "(another sender on the node?)"
                )
            self._head = (mined["blockNumber"], "0x" + bytes(mined["blockHash"]).hex())

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Undo everything done inside the block, on exit (`evm_snapshot` / `evm_revert`)."""
        if self._batch:
            raise RuntimeError("cannot snapshot inside a batch that already holds transactions")
        now, first_block = self.now, self._latest()[0] + 1
        try:
            with self._answers("evm_snapshot"):  # single-use on Anvil: a new one on each entry
                snapshot_id = self._testing.snapshot()
        except _RpcError:
            raise ChainError(f"{self.describe()} cannot take snapshots (no evm_snapshot)") from None
        saved = (self._head, set(self._funded))
        outer = self._own is None
        if outer:
            self._own = set()
        try:
            yield
        finally:
            try:
                self._refuse_to_undo_others(first_block)
                # evm_revert directly: web3's Testing.revert drops the node's answer, and false means
                # another client reverted past this snapshot.
                if self._rpc("evm_revert", [snapshot_id]) is not True:
                    self._lost(NodeReverted, f"the node reverted to a snapshot taken before this program's {snapshot_id}")
                self._head, self._funded = saved
                if self._dev and self.now != now:  # a time advance inside, not yet mined, survives the revert
                    self._set_next_timestamp(now)
            finally:
                if outer:
                    self._own = None

    def _refuse_to_undo_others(self, first_block: int) -> None:
        """Raise `ChainError`, leaving the node as it is, if a block mined inside the snapshot holds a
        transaction this chain did not send: reverting would undo another client's work."""
        assert self._own is not None
        for number in range(first_block, self._latest()[0] + 1):
            block = self._rpc("eth_getBlockByNumber", [hex(number), False])
            theirs = [h for h in (block or {}).get("transactions", ()) if _hex(h) not in self._own]
            if theirs:
                raise ChainError(
                    f"leaving the snapshot would undo other clients' transactions on {self.url} ({theirs[0]} in "
                    f"block {number}); the node was not reverted, so what was done inside the snapshot stays"
                )

    # --- accounts --------------------------------------------------------------------------------

    def account(self, name: str) -> Account:
        """The account whose key derives from `name`; given ether first if the node charges for gas."""
        account = Account.from_name(name)
        self._ensure_funded(account.address)
        return account

    def _ensure_funded(self, address: str) -> None:
        if self._gas_price and address not in self._funded:
            self._fund(address)

    def _fund(self, address: str) -> None:
        needed = self._gas_price * DEFAULT_TX_GAS * 100
        if int(self._rpc("eth_getBalance", [address, "latest"]), 16) < needed:
            balance = hex(max(FUNDING, needed))
            if not any(self._try(m, [address, balance]) is not _FAILED for m in ("anvil_setBalance", "hardhat_setBalance")):
                self._fund_from_node(address, needed)
        self._funded.add(address)

    def _fund_from_node(self, address: str, amount: int) -> None:
        accounts = self._try("eth_accounts")
        if not accounts or accounts is _FAILED:
            raise ChainError(
                f"account {address} needs ether to pay for gas on {self.describe()}, and the node has no "
                "unlocked account to send it; fund it, or use a node where gas is free"
            )
        request = {"from": accounts[0], "to": address, "value": hex(amount), "gas": hex(21_000),
                   "gasPrice": hex(self._gas_price)}
        try:
            tx_hash = self._rpc("eth_sendTransaction", [request])
        except _RpcError as error:
            raise ChainError(f"could not fund {address} from the node's account {accounts[0]}: {error.message}") from None
        self._sending(_hex(tx_hash))
        if self._receipt_within(_hex(tx_hash), self.timeout) is None:
            raise ChainError(f"funding {address} from the node's account {accounts[0]} was not mined within "
                             f"{self.timeout:g} s")

    # --- transactions ----------------------------------------------------------------------------

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = DEFAULT_TX_GAS, value: int = 0) -> Receipt:
        """Sign and send one transaction carrying `value` wei; wait for its block unless inside `batch()`."""
        address = sender.address
        if not self._batch:
            self._check_node()
        self._settle_sender(address)
        self._ensure_funded(address)
        batching = self._batch is not None and to is not None and self._can_simulate
        if self._batch and to is None:  # a creation cannot be simulated: mine the batch so far first
            self._flush_batch()
        predicted = self._simulate_in_batch(address, to, data, gas, value) if batching else None
        unsettled = self._send(sender, to, data, gas, value)
        tx_hash = unsettled.tx_hash
        if predicted is not None:
            number, timestamp = self._batch_block
            receipt = Receipt(tx_hash, address, number, timestamp, *predicted)
            assert self._batch is not None
            self._batch.append(_Pending(tx_hash, _call_object(address, to, data, gas, value), receipt))
            return receipt
        if self._batch is not None:  # a creation inside a batch: automine is off, mine it alone
            self._mine()
        raw = self._await(unsettled)
        block_number = raw["blockNumber"]
        self._head = (block_number, "0x" + bytes(raw["blockHash"]).hex())
        timestamp = self._block_time(raw)
        succeeded = raw["status"] == 1
        return Receipt(
            tx_hash=tx_hash,
            sender=address,
            block_number=block_number,
            timestamp=timestamp,
            gas_used=raw["gasUsed"],
            succeeded=succeeded,
            logs=tuple(_log(entry) for entry in raw.get("logs") or ()),
            contract_address=checksum(raw["contractAddress"]) if succeeded and raw.get("contractAddress") else None,
            revert_data=None if succeeded else self._replay(address, to, data, gas, value, block_number, timestamp),
        )

    def _send(self, sender: Account, to: str | None, data: bytes, gas: int, value: int) -> _Unsettled:
        """Sign with the node's `pending` nonce and send. A nonce another client took meanwhile is
        retried with a fresh one (the refused transaction cannot take effect); a silent node makes
        the send pending."""
        address = sender.address
        repriced = False
        for _ in range(NONCE_ATTEMPTS):
            with self._answers("eth_getTransactionCount"):
                nonce = self.w3.eth.get_transaction_count(ChecksumAddress(HexAddress(HexStr(address))), "pending")
            tx = {"nonce": nonce, "gasPrice": self._gas_price, "gas": gas, "to": checksum(to) if to else b"",
                  "value": value, "data": data, "chainId": self.chain_id}
            signed = EthAccount.sign_transaction(tx, sender.key)
            sent = _Unsettled(bytes(signed.hash), sender, nonce, self._gas_price)
            self._sending(sent.tx_hash)
            try:
                with self._answers("eth_sendRawTransaction"):
                    self.w3.eth.send_raw_transaction(signed.raw_transaction)
                return sent
            except _NoAnswer as silence:
                self._unsettled[sent.tx_hash] = sent
                self.outcomes[sent.tx_hash] = "pending"
                raise TransactionTimedOut(
                    f"{silence}: transaction 0x{sent.tx_hash.hex()} may still be mined (still pending); "
                    "settle() finds out", tx_hash=sent.tx_hash, outcome="pending") from None
            except _RpcError as error:
                if error.nonce_taken:  # also "already imported": another client signed these very bytes
                    self.nonce_retries += 1
                    continue
                if error.underpriced and not repriced:
                    self._gas_price, repriced = max(self._node_gas_price(), self._gas_price + 1), True
                    continue
                raise ChainError(f"{self.describe()} refused a transaction from {address}: {error.message}") from None
        raise NonceConflict(f"nonce too low / gap: another client used account {address} (it took {NONCE_ATTEMPTS} "
                            "nonces in a row from under this one); nothing was sent")

    def _sending(self, tx_hash: bytes) -> None:
        """Note a transaction of this chain's own, which leaving a snapshot may undo."""
        if self._own is not None:
            self._own.add(tx_hash)

    def _receipt_within(self, tx_hash: bytes, seconds: float) -> Any:
        """The mined receipt (web3.py's, with ints), or None after `seconds`."""
        try:
            with self._answers("eth_getTransactionReceipt"):
                return self.w3.eth.wait_for_transaction_receipt(HexBytes(tx_hash), timeout=seconds, poll_latency=POLL_INTERVAL)
        except TimeExhausted:
            return None

    def _await(self, sent: _Unsettled) -> Any:
        """The receipt of a transaction the node accepted; without one in time, cancel it (or find it
        mined after all) and raise `TransactionTimedOut` unless it was mined."""
        try:
            receipt = self._receipt_within(sent.tx_hash, self.timeout)
        except _NoAnswer:
            receipt = None
        if receipt is not None:
            return receipt
        self._unsettled[sent.tx_hash] = sent
        outcome, receipt = self._settle_one(sent)
        if outcome == "mined":
            return receipt
        raise TransactionTimedOut(_timed_out(sent, outcome), tx_hash=sent.tx_hash, outcome=outcome)

    # --- sends that timed out --------------------------------------------------------------------

    def settle(self) -> dict[bytes, str]:
        """Find out what became of every send that raised `TransactionTimedOut` as pending: "mined",
        "dropped", "cancelled" (a no-op took its nonce) or still "pending". Still-pending ones are
        cancelled where the node answers."""
        return {sent.tx_hash: self._settle_one(sent)[0] for sent in list(self._unsettled.values())}

    def _settle_sender(self, address: str) -> None:
        for sent in [s for s in self._unsettled.values() if s.sender.address == address]:
            outcome, _ = self._settle_one(sent)
            if outcome == "pending":
                raise TransactionTimedOut(
                    f"an earlier transaction from {address}, 0x{sent.tx_hash.hex()}, is still pending on "
                    f"{self.url}; nothing was sent", tx_hash=sent.tx_hash, outcome="pending")

    def _settle_one(self, sent: _Unsettled) -> tuple[str, Any]:
        """(outcome, receipt if mined) of an unsettled send. It is settled only on proof: its receipt
        ("mined"), the receipt of the no-op sent at its nonce ("cancelled"), or its nonce used by a
        third transaction ("dropped"). Absence from the pool proves nothing (a stalled node may still
        hold the request), so a send not found is cancelled as well."""
        try:
            outcome, receipt = self._find_outcome(sent)
            if outcome == "pending" and sent.replacement is None:
                self._cancel(sent)
                outcome, receipt = self._find_outcome(sent, wait=self.timeout)
        except NodeUnreachable:
            outcome, receipt = "pending", None
        self.outcomes[sent.tx_hash] = outcome
        if outcome != "pending":
            self._unsettled.pop(sent.tx_hash, None)
        if receipt is not None:
            self._head = max(self._head, (receipt["blockNumber"], "0x" + bytes(receipt["blockHash"]).hex()))
        return outcome, receipt

    def _find_outcome(self, sent: _Unsettled, *, wait: float = 0.0) -> tuple[str, Any]:
        deadline = time.monotonic() + wait
        while True:
            receipt = self._receipt_within(sent.tx_hash, 0)
            if receipt is not None:
                return "mined", receipt
            if sent.replacement is not None and self._receipt_within(sent.replacement, 0) is not None:
                return "cancelled", None
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL_INTERVAL)
        used = int(self._rpc("eth_getTransactionCount", [sent.sender.address, "latest"]), 16)
        if used > sent.nonce:  # mined meanwhile, or its nonce went to another transaction
            receipt = self._receipt_within(sent.tx_hash, 0)
            return ("mined", receipt) if receipt is not None else ("dropped", None)
        return "pending", None

    def _cancel(self, sent: _Unsettled) -> None:
        """Send a no-op to self at the transaction's nonce, at a higher gas price: it replaces the
        transaction in the pool, or takes the nonce if the node no longer has it."""
        address = sent.sender.address
        price = max(sent.gas_price * 9 // 8 + 1, self._node_gas_price())
        if self._dev and int(self._rpc("eth_getBalance", [address, "pending"]), 16) < price * CANCEL_GAS:
            self._funded.discard(address)
            for method in ("anvil_setBalance", "hardhat_setBalance"):
                if self._try(method, [address, hex(max(FUNDING, price * CANCEL_GAS))]) is not _FAILED:
                    break
        tx = {"nonce": sent.nonce, "gasPrice": price, "gas": CANCEL_GAS, "to": checksum(address), "value": 0,
              "data": b"", "chainId": self.chain_id}
        signed = EthAccount.sign_transaction(tx, sent.sender.key)
        self._sending(bytes(signed.hash))
        try:
            with self._answers("eth_sendRawTransaction"):
                self.w3.eth.send_raw_transaction(signed.raw_transaction)
        except _RpcError:
            return  # its nonce is already used (mined, or by another transaction): _find_outcome says which
        sent.replacement = bytes(signed.hash)

    def _block_time(self, receipt: Any) -> int:
        if receipt.get("blockTimestamp"):
            return _int(receipt["blockTimestamp"])
        block = self._rpc("eth_getBlockByNumber", [hex(receipt["blockNumber"]), False])
        return int(block["timestamp"], 16)

    def _replay(self, sender: str, to: str | None, data: bytes, gas: int, value: int, number: int, timestamp: int) -> bytes:
        """The revert data of a failed transaction, which its receipt does not carry: the same call
        again on the parent block's state, in a block with the same number and time when the node
        takes block overrides."""
        call = _call_object(sender, to, data, gas, value)
        parent = hex(number - 1)
        overrides = {"number": hex(number), "time": hex(timestamp)}
        for params in ([call, parent, {}, overrides], [call, parent]):
            try:
                self._rpc("eth_call", params)
            except _RpcError as error:
                if error.reverted:
                    return error.revert_data
                continue  # no block overrides here: try without
            return b""  # the replay succeeded (the failure depended on the rest of its block)
        return b""

    def _simulate_in_batch(self, sender: str, to: str | None, data: bytes, gas: int, value: int) -> tuple[Any, ...] | None:
        """(gas used, succeeded, logs, contract address, revert data) of a transaction appended to
        the open batch, from `eth_simulateV1` over the batch so far; None if the node cannot."""
        assert self._batch is not None
        calls = [p.call for p in self._batch] + [_call_object(sender, to, data, gas, value)]
        result = self._simulate(calls)
        if result is None:
            self._can_simulate = False
            self._flush_batch()
            return None
        last = result[-1]
        succeeded = last.get("status") == "0x1"
        return (
            int(last["gasUsed"], 16),
            succeeded,
            tuple(_log(entry) for entry in last.get("logs") or ()),
            None,
            None if succeeded else _hex(last.get("returnData")),
        )

    def _simulate(self, calls: list[dict[str, str]]) -> list[dict[str, Any]] | None:
        number, timestamp = self._batch_block
        overrides = {"number": hex(number), "time": hex(timestamp)}
        request = {"blockStateCalls": [{"blockOverrides": overrides, "calls": calls}]}
        try:
            blocks = self._rpc("eth_simulateV1", [request, "latest"])
        except _RpcError:
            return None
        return list(blocks[0]["calls"])

    def _flush_batch(self) -> None:
        """Mine what the open batch holds so far; later transactions go on in automine-off mode."""
        assert self._batch is not None
        pending, self._batch[:] = list(self._batch), []
        if pending:
            self._mine()
            self._check_batch(pending)
        self._batch_block = self._pending_block()

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        """Run a read-only call on the state the next transaction will see; raise `CallReverted`."""
        call = _call_object(sender or _ZERO, to, data, DEFAULT_TX_GAS, value)
        if self._batch:  # the pending block's transactions are not in any block yet
            result = self._simulate([p.call for p in self._batch] + [call])
            if result is not None:
                last = result[-1]
                if last.get("status") != "0x1":
                    raise CallReverted(_hex(last.get("returnData")))
                return _hex(last.get("returnData"))
        # On a dev node the pending block has the next block's number and time, as the embedded
        # chain's calls see them.
        block = "pending" if self._dev else "latest"
        try:
            with self._answers("eth_call"):
                return bytes(self.w3.eth.call(call, block))  # type: ignore[arg-type]
        except ContractLogicError as reverted:
            raise CallReverted(_revert_bytes(reverted.data)) from None
        except _RpcError as error:
            if error.reverted:
                raise CallReverted(error.revert_data) from None
            raise ChainError(f"{self.describe()} refused a call to {to}: {error.message}") from None

    def code_at(self, address: str) -> bytes:
        return _hex(self._rpc("eth_getCode", [checksum(address), "latest"]))

    def describe(self) -> str:
        return f"JSON-RPC node {self.client} at {self.url} (chain id {self.chain_id})"


# --- helpers -------------------------------------------------------------------------------------


class _Failed:
    pass


_FAILED: Any = _Failed()


class _NoAnswer(NodeUnreachable):
    """The node took the request and did not answer within the timeout (stalled, or very slow)."""


class _RpcError(Exception):
    """The node answered with a JSON-RPC error."""

    def __init__(self, method: str, code: int, message: str, data: Any) -> None:
        super().__init__(f"{method}: {message}")
        self.method, self.code, self.message, self.data = method, code, message, data

    @classmethod
    def of(cls, method: str, error: Any) -> _RpcError:
        if isinstance(error, dict):
            return cls(method, int(error.get("code", 0)), str(error.get("message", "")), error.get("data"))
        return cls(method, 0, str(error), None)

    @property
    def nonce_taken(self) -> bool:
        """Another transaction has this nonce: mined ("nonce too low") or waiting in the pool. The
        same signed bytes already there ("already imported") count too: a second client sending the
        same call from the same account signs an identical transaction, and taking it for ours would
        count one payment twice."""
        message = self.message.lower()
        return any(words in message for words in (
            "nonce too low", "replacement transaction underpriced", "nonce has already", "already imported", "already known"))

    @property
    def underpriced(self) -> bool:
        message = self.message.lower()
        return "underpriced" in message or "fee" in message or "gas price" in message

    @property
    def reverted(self) -> bool:
        """The EVM stopped the call (revert, out of gas, invalid opcode), as opposed to a bad request."""
        message = self.message.lower()
        return self.code == 3 or "revert" in message or "out of gas" in message or "invalid opcode" in message

    @property
    def revert_data(self) -> bytes:
        data = self.data
        if isinstance(data, dict):  # some nodes nest it: {"data": "0x..."}
            data = data.get("data")
        return _hex(data) if isinstance(data, str) and data.startswith("0x") else b""


def _int(value: Any) -> int:
    """A quantity, whether the node sends it as hex (the standard) or as a JSON number."""
    return value if isinstance(value, int) else int(value, 16)


def _revert_bytes(data: Any) -> bytes:
    """The revert data web3.py puts on a ContractLogicError (a hex string, or {"data": hex})."""
    if isinstance(data, dict):
        data = data.get("data")
    return _hex(data) if isinstance(data, str) else b""


def _timed_out(sent: _Unsettled, outcome: str) -> str:
    what = {
        "cancelled": f"was cancelled (a no-op took its nonce {sent.nonce}); it will not take effect",
        "dropped": f"was dropped: another transaction took its nonce {sent.nonce}; it will not take effect",
        "pending": "still pending; settle() finds out before this account sends again",
    }[outcome]
    return f"timed out waiting for a receipt (transaction 0x{sent.tx_hash.hex()} {what})"


def _hex(value: Any) -> bytes:
    """Bytes from the node's hex string, or from web3.py's HexBytes."""
    if not value:
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return bytes.fromhex(value[2:] if value.startswith("0x") else value)


def _log(entry: dict[str, Any]) -> Log:
    return Log(
        address=checksum(entry["address"]),
        topics=tuple(_hex(topic) for topic in entry["topics"]),
        data=_hex(entry["data"]),
    )


def _call_object(sender: str, to: str | None, data: bytes, gas: int, value: int = 0) -> dict[str, str]:
    call = {"from": checksum(sender), "data": "0x" + data.hex(), "gas": hex(gas)}
    if value:
        call["value"] = hex(value)
    if to is not None:
        call["to"] = checksum(to)
    return call


def _reason(error: BaseException) -> str:
    """The short cause of a connection failure: 'connection refused', 'name not resolved'..."""
    text = str(error)
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if match:
        return match.group(1).strip().rstrip(".").lower()
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "name not resolved"
    return type(error).__name__


__all__ = ["BLOCK_TIME", "DEFAULT_TX_GAS", "RpcChain"]
