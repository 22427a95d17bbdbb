"""An Ethereum chain inside the Python process, on py-evm, with a deterministic genesis.

eth-tester builds the genesis; after that Coinage drives py-evm's `MiningChain` itself, because
eth-tester hides what we need most: the revert data of a failed transaction (it keeps only a
string), and it would ask for a gas estimate, executing every transaction twice.

Determinism: genesis time is fixed, every block is 12 seconds after its parent unless time is
advanced, `mix_hash` is derived from the block number, and gas costs nothing (base fee 0), so
accounts need no funding and any name is a usable account.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eth.vm.spoof import SpoofTransaction
from eth_keys.datatypes import PrivateKey
from eth_tester.backends.pyevm.main import get_default_genesis_params, setup_tester_chain
from eth_utils import keccak, to_canonical_address

from ._types import Account, CallReverted, Log, Receipt, checksum

GENESIS_TIME = 1_754_006_400
"""2025-08-01 00:00 UTC, the day Hong Kong's Stablecoins Ordinance took effect."""

BLOCK_TIME = 12
GAS_LIMIT = 1_000_000_000
"""Generous so that a batch never fills half a block, which would lift the base fee above zero."""

DEFAULT_TX_GAS = 10_000_000
_ZERO = b"\0" * 20


class EmbeddedChain:
    """A private chain in this process. Cheap to create; every instance starts from the same genesis."""

    def __init__(self, *, genesis_time: int = GENESIS_TIME) -> None:
        params = get_default_genesis_params({"timestamp": genesis_time, "gas_limit": GAS_LIMIT})
        params["base_fee_per_gas"] = 0
        _, self._chain = setup_tester_chain(genesis_params=params, genesis_state={})
        self.chain_id: int = self._chain.chain_id
        self._nonces: dict[bytes, int] = {}
        self._keys: dict[bytes, PrivateKey] = {}
        self._batching = False
        self._time = genesis_time + BLOCK_TIME
        self._set_pending_time()

    # --- time and blocks -------------------------------------------------------------------------

    @property
    def now(self) -> int:
        """The timestamp the next transaction will see."""
        return self._time

    @property
    def block_number(self) -> int:
        """The number of the block the next transaction goes into."""
        return int(self._chain.header.block_number)

    def advance_time(self, seconds: int) -> None:
        """Move the clock forward; the next block carries the new time."""
        if seconds < 0:
            raise ValueError(f"time only moves forward, not by {seconds} s")
        if self._batching and self._chain.get_block().transactions:
            raise RuntimeError("cannot move time inside a batch that already holds transactions")
        self._time += seconds
        self._set_pending_time()

    def _set_pending_time(self) -> None:
        self._chain.header = self._chain.header.copy(timestamp=self._time)

    def _mine(self) -> None:
        number = self._chain.header.block_number
        self._chain.mine_block(mix_hash=keccak(number.to_bytes(32, "big")))
        self._time += BLOCK_TIME
        self._set_pending_time()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Put every transaction sent inside into one block, mined on exit."""
        if self._batching:
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            if self._chain.get_block().transactions:
                self._mine()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Undo everything done inside the block, on exit."""
        if self._batching and self._chain.get_block().transactions:
            raise RuntimeError("cannot snapshot inside a batch that already holds transactions")
        head = self._chain.get_canonical_head()
        pending, time, nonces = self._chain.header, self._time, dict(self._nonces)
        try:
            yield
        finally:
            chaindb = self._chain.chaindb
            chaindb._set_as_canonical_chain_head(chaindb.db, head, head.parent_hash)
            self._chain.header = pending
            self._time, self._nonces = time, nonces

    # --- accounts --------------------------------------------------------------------------------

    def account(self, name: str) -> Account:
        account = Account.from_name(name)
        self._keys[to_canonical_address(account.address)] = PrivateKey(account.key)
        return account

    # --- transactions and calls ------------------------------------------------------------------

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = DEFAULT_TX_GAS) -> Receipt:
        """Sign and apply one transaction; mine its block unless inside `batch()`."""
        origin = to_canonical_address(sender.address)
        key = self._keys.get(origin) or PrivateKey(sender.key)
        nonce = self._nonces.get(origin)
        if nonce is None:
            nonce = self._chain.get_vm().state.get_nonce(origin)
        unsigned = self._chain.create_unsigned_transaction(
            nonce=nonce,
            gas_price=0,
            gas=gas,
            to=to_canonical_address(to) if to else b"",
            value=0,
            data=data,
        )
        signed = unsigned.as_signed_transaction(key, chain_id=self.chain_id)
        block_number, timestamp = self.block_number, self._time
        gas_before = self._chain.header.gas_used  # the receipt's figure is cumulative over the block
        _, receipt, computation = self._chain.apply_transaction(signed)
        self._nonces[origin] = nonce + 1
        if not self._batching:
            self._mine()
        created = computation.msg.storage_address if to is None and not computation.is_error else None
        return Receipt(
            tx_hash=signed.hash,
            sender=sender.address,
            block_number=block_number,
            timestamp=timestamp,
            gas_used=receipt.gas_used - gas_before,
            succeeded=not computation.is_error,
            logs=tuple(
                Log(address=checksum(address), topics=tuple(t.to_bytes(32, "big") for t in topics), data=bytes(body))
                for address, topics, body in computation.get_log_entries()
            ),
            contract_address=checksum(created) if created else None,
            revert_data=_revert_data(computation) if computation.is_error else None,
        )

    def call(self, to: str, data: bytes, *, sender: str | None = None) -> bytes:
        """Run a read-only call against the pending state; raise `CallReverted` with the revert data."""
        origin = to_canonical_address(sender) if sender else _ZERO
        vm = self._chain.get_vm()
        state = vm.state
        unsigned = vm.create_unsigned_transaction(
            nonce=state.get_nonce(origin), gas_price=0, gas=DEFAULT_TX_GAS,
            to=to_canonical_address(to), value=0, data=data,
        )
        snapshot = state.snapshot()
        try:
            computation = state.apply_transaction(SpoofTransaction(unsigned, from_=origin))
        finally:
            state.revert(snapshot)
        if computation.is_error:
            raise CallReverted(_revert_data(computation))
        return bytes(computation.output)

    def code_at(self, address: str) -> bytes:
        return bytes(self._chain.get_vm().state.get_code(to_canonical_address(address)))

    def describe(self) -> str:
        return "embedded py-evm chain (Prague)"


def _revert_data(computation: object) -> bytes:
    error = getattr(computation, "_error", None)
    if error is not None and error.args and isinstance(error.args[0], (bytes, bytearray)):
        return bytes(error.args[0])
    return b""

