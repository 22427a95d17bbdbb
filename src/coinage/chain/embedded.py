"""An Ethereum chain inside the Python process, on py-evm, with a deterministic genesis.

eth-tester builds the genesis (Cancun, see `_rules`); after that Coinage drives py-evm itself,
below `MiningChain`, because eth-tester hides what we need most: the revert data of a failed
transaction (it keeps only a string), and it would ask for a gas estimate, executing every
transaction twice. Transactions go
through a `BlockBuilder` (see `_block_builder`): each is applied to the pending block's VM state
(receipt and computation per transaction, so gas, logs and revert data are exact), and the block is
sealed once, when it is full or the batch ends, instead of being rebuilt on every transaction.

Determinism: genesis time is fixed, every block is 12 seconds after its parent unless time is
advanced, `mix_hash` is derived from the block number, and gas costs nothing (base fee 0), so
accounts need no funding and any name is a usable account. Ether exists for contracts that move it:
`set_balance` gives an account some, and a transaction or call may carry `value`.

Where py-evm departs from the specification, the chain follows the specification (and revm): a
contract creation is refused when its gas is below the intrinsic cost including EIP-3860's 2 gas
per init-code word (py-evm charges those words during execution instead, so it would mine a failed
transaction and use the nonce), and BLOCKHASH answers with the embedded chains' block hashes
(`_fork.VM`).

Blocks: outside `batch()` every transaction is mined in its own block. Inside `batch()` they share
the pending block, which is sealed when the batch ends, or earlier once it holds
`MAX_BLOCK_TRANSACTIONS` transactions or half the block gas limit (the next block then starts 12
seconds later, as any new block does). Batching changes block numbers and timestamps, never the
outcome or gas of a transaction: each still starts from cold storage, as on a real chain.

Snapshots: `snapshot()` may be taken between blocks: outside a batch, or inside a batch before its
first transaction (and it may contain batches). Inside a batch that already holds transactions it
raises `RuntimeError`, as does `advance_time`: the pending block is one unit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from eth._utils.numeric import ceil32
from eth.vm.forks.shanghai.constants import INITCODE_WORD_COST
from eth.vm.spoof import SpoofTransaction
from eth_utils import ValidationError
from eth_typing import Address
from eth_keys.datatypes import PrivateKey
from eth_tester.backends.pyevm.main import get_default_genesis_params, setup_tester_chain
from eth_utils import keccak, to_canonical_address

from ._block_builder import BlockBuilder
from ._clock import BlockClock
from ._history import ChainHistory
from ._rules import BLOCK_TIME as BLOCK_TIME, GAS_LIMIT as GAS_LIMIT, GENESIS_TIME as GENESIS_TIME  # re-exported
from ._fork import VM
from ._rules import DEFAULT_TX_GAS, FORK, MAX_BLOCK_TRANSACTIONS
from ..errors import TransactionRefused
from ._types import Account, CallReverted, Log, Receipt, checksum, named_account

_ZERO = Address(b"\0" * 20)


def _use_fastest_keccak() -> str:
    """Hash with pysha3 (safe-pysha3) when installed, unless ETH_HASH_BACKEND chooses otherwise.

    eth-hash's automatic choice prefers pycryptodome, whose per-call overhead is about five times
    that of pysha3; py-evm hashes on every trie node and storage slot. Same function, same digests.
    """
    if os.environ.get("ETH_HASH_BACKEND"):
        return os.environ["ETH_HASH_BACKEND"]
    try:
        from eth_hash.backends import pysha3
    except ImportError:
        return "auto"
    from eth_hash.auto import keccak as shared

    if pysha3.keccak256(b"") != shared(b""):  # pragma: no cover - a broken install
        return "auto"
    setattr(shared, "hasher", pysha3.keccak256)  # noqa: B010 - what eth-hash does after its first call
    setattr(shared, "preimage", pysha3.preimage)  # noqa: B010
    return "pysha3"


KECCAK_BACKEND = _use_fastest_keccak()


@lru_cache(maxsize=65536)
def _canonical(address: str) -> Address:
    # Cached: the same few contracts are called over and over; invalid input raises, uncached.
    return Address(to_canonical_address(address))


def _recipient(to: str | None) -> Address:
    if not to:
        return Address(b"")  # contract creation
    if isinstance(to, str):
        return _canonical(to)
    return Address(to_canonical_address(to))  # bytes and the like, as eth-utils takes them


@lru_cache(maxsize=None)
def _signer(key: bytes) -> tuple[PrivateKey, Address]:
    # Unbounded, as the revm engine's `_origin`: a population of 10,000 holders would miss a cache of
    # 4,096 keys on most transactions and derive a public key each time.
    private = PrivateKey(key)
    return private, Address(private.public_key.to_canonical_address())


class EmbeddedChain(BlockClock):
    """A private chain in this process. Cheap to create; every instance starts from the same genesis."""

    def __init__(self, *, genesis_time: int = GENESIS_TIME) -> None:
        params = get_default_genesis_params({"timestamp": genesis_time, "gas_limit": GAS_LIMIT})
        params["base_fee_per_gas"] = 0
        _, self._chain = setup_tester_chain(genesis_params=params, genesis_state={}, vm_configuration=((0, VM),))
        self._builder = BlockBuilder(self._chain)
        self.chain_id: int = self._chain.chain_id
        self._nonces: dict[Address, int] = {}
        self._batching = False
        self._time = genesis_time + BLOCK_TIME
        self._builder.set_timestamp(self._time)
        self.history = ChainHistory(genesis_time)
        """Every sealed block, transaction and log, for `coinage.chain.web3_for` and log queries."""

    # --- time and blocks -------------------------------------------------------------------------

    @property
    def block_number(self) -> int:
        """The number of the block the next transaction goes into."""
        return self._builder.block_number

    def _pending_transactions(self) -> int:
        return len(self._builder)

    def _clock_moved(self) -> None:
        self._builder.set_timestamp(self._time)

    def _mine(self) -> None:
        number = self._builder.block_number
        self._builder.seal(mix_hash=keccak(number.to_bytes(32, "big")))
        self.history.seal(number, self._time)
        self._time += BLOCK_TIME
        self._builder.set_timestamp(self._time)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Undo everything done inside the block, on exit. Not inside a batch holding transactions."""
        if self._batching and len(self._builder):
            raise RuntimeError("cannot snapshot inside a batch that already holds transactions")
        head = self._chain.get_canonical_head()
        pending, time, nonces = self._builder.header, self._time, dict(self._nonces)
        balances = self._builder.pending_balances  # the pending block's only content between blocks
        try:
            yield
        finally:
            chaindb = self._chain.chaindb
            chaindb._set_as_canonical_chain_head(chaindb.db, head, head.parent_hash)
            self._builder.reset(pending, balances)
            self._time, self._nonces = time, nonces
            self.history.rewind(self._builder.block_number)

    def mine(self) -> None:
        """Seal the pending block now, even if it holds no transaction."""
        self._mine()

    # --- accounts --------------------------------------------------------------------------------

    def account(self, name: str) -> Account:
        return named_account(name)

    # --- transactions and calls ------------------------------------------------------------------

    def transact(self, sender: Account, to: str | None, data: bytes, *, gas: int = DEFAULT_TX_GAS, value: int = 0) -> Receipt:
        """Sign and apply one transaction carrying `value` wei; mine its block unless inside `batch()`.

        A transaction the chain must refuse (gas below its intrinsic cost, more ether than the sender
        holds) raises `TransactionRefused` and changes nothing.
        """
        builder = self._builder
        if len(builder) >= MAX_BLOCK_TRANSACTIONS or (len(builder) and builder.gas_used + gas > GAS_LIMIT // 2):
            self._mine()
        key, origin = _signer(sender.key)
        nonce = self._nonces.get(origin)
        if nonce is None:
            nonce = builder.state.get_nonce(origin)
        unsigned = builder.vm.create_unsigned_transaction(
            nonce=nonce,
            gas_price=0,
            gas=gas,
            to=_recipient(to),
            value=value,
            data=data,
        )
        if to is None:
            _refuse_below_init_code_gas(unsigned.intrinsic_gas, gas, data)
        signed = unsigned.as_signed_transaction(key, chain_id=self.chain_id)
        # Signed here with the key of `origin`: record the sender rather than recover it from the
        # signature again (py-evm still verifies the signature when it validates the transaction).
        signed.__dict__["sender"] = origin
        block_number, timestamp = builder.block_number, self._time
        gas_before = builder.gas_used  # the receipt's figure is cumulative over the block
        try:
            receipt, computation = builder.apply(signed)
        except ValidationError as invalid:  # py-evm's refusal of an invalid transaction; nothing changed
            raise TransactionRefused(f"the chain refused the transaction: {invalid}") from None
        self._nonces[origin] = nonce + 1
        failed = computation.is_error
        created = computation.msg.storage_address if to is None and not failed else None
        result = Receipt(
            tx_hash=signed.hash,
            sender=sender.address,
            block_number=block_number,
            timestamp=timestamp,
            gas_used=receipt.gas_used - gas_before,
            succeeded=not failed,
            logs=tuple(
                Log(address=checksum(address), topics=tuple(t.to_bytes(32, "big") for t in topics), data=bytes(body))
                for address, topics, body in computation.get_log_entries()
            ),
            contract_address=checksum(created) if created else None,
            revert_data=_revert_data(computation) if failed else None,
        )
        self.history.record(result, to=to, data=data, gas=gas, nonce=nonce, value=value)
        if not self._batching:
            self._mine()
        return result

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        """Run a read-only call against the pending state; raise `CallReverted` with the revert data."""
        origin = Address(to_canonical_address(sender)) if sender else _ZERO
        vm = self._builder.vm
        state = vm.state
        unsigned = vm.create_unsigned_transaction(
            nonce=state.get_nonce(origin), gas_price=0, gas=DEFAULT_TX_GAS,
            to=to_canonical_address(to), value=value, data=data,
        )
        state.lock_changes()  # start cold, as a transaction does; nothing of the last one stays warm
        snapshot = state.snapshot()
        # The transaction runs without its finalization (refunds, fees, deleting self-destructed
        # accounts), which cannot change its output: a contract created and destroyed in the call
        # would otherwise have its storage deleted twice (by CREATE, then at the end), and py-evm
        # cannot revert across two deletions; it raised and left the pending block broken.
        executor = state.get_transaction_executor()
        spoofed = SpoofTransaction(unsigned, from_=origin)
        try:
            executor.validate_transaction(spoofed)  # type: ignore[arg-type]
            computation = executor.build_computation(executor.build_evm_message(spoofed), spoofed)  # type: ignore[arg-type]
        except ValidationError as invalid:
            raise TransactionRefused(f"the chain refused the call: {invalid}") from None
        finally:
            state.revert(snapshot)
        if computation.is_error:
            raise CallReverted(_revert_data(computation))
        return bytes(computation.output)

    def code_at(self, address: str) -> bytes:
        return bytes(self._builder.state.get_code(to_canonical_address(address)))

    def balance_of(self, address: str) -> int:
        """The ether `address` holds, in wei."""
        return int(self._builder.state.get_balance(to_canonical_address(address)))

    def set_balance(self, address: str, wei: int) -> None:
        """Give `address` exactly `wei` (as a development node's `anvil_setBalance`); undone by a snapshot."""
        if isinstance(wei, bool) or not isinstance(wei, int) or not 0 <= wei < 2**256:
            raise ValueError(f"a balance is a whole number of wei from 0 to 2**256 - 1, not {wei!r}")
        self._builder.set_balance(Address(to_canonical_address(address)), wei)

    def describe(self) -> str:
        return f"embedded py-evm chain ({FORK.capitalize()})"


def _refuse_below_init_code_gas(intrinsic_gas: int, gas: int, init_code: bytes) -> None:
    """Raise `TransactionRefused` if a creation's gas is below its intrinsic cost as EIP-3860 counts it.

    py-evm's intrinsic gas (Berlin's formula) leaves out the init code's 2 gas per 32-byte word and
    charges them when the creation runs; the specification counts them in the intrinsic gas, which a
    valid transaction must cover. The gas a valid creation uses is the same either way.
    """
    needed = intrinsic_gas + INITCODE_WORD_COST * ceil32(len(init_code)) // 32
    if gas < needed:
        raise TransactionRefused(
            f"the chain refused the transaction: a contract creation needs at least {needed:,} gas "
            f"(intrinsic, with EIP-3860's init-code words), and {gas:,} was given")


def _revert_data(computation: object) -> bytes:
    error = getattr(computation, "_error", None)
    if error is not None and error.args and isinstance(error.args[0], (bytes, bytearray)):
        return bytes(error.args[0])
    return b""
