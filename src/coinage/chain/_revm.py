"""The embedded chain on revm (Rust), through pyrevm: the same ledger as the py-evm chain, faster.

pyrevm runs each call inside one ever-open revm journal: it never finalizes it and never commits
to its database, so after the first transaction every touched account and storage slot stays
warm and keeps its "original" value, and gas comes out wrong (a Coinage transfer 25,104 instead
of 36,704). What a node does between transactions (`JournaledState::finalize` and
`DatabaseCommit::commit` in revm) is done here with pyrevm's own API, so that every transaction
starts from a fresh journal over committed state, as on a real chain:

1. `snapshot()` opens a checkpoint; the sender's account is loaded (EIP-2929: `tx.origin` is warm);
2. the transaction runs (`deploy` or `message_call`), and revm computes gas, refunds, logs, output;
3. its surviving writes are read from the journal (`StorageChange`, `NonceChange`, `CodeChange`,
   `AccountCreated` entries, which pyrevm exposes only as the journal's debug text) and their
   final values from the state (`storage`, `basic`);
4. the checkpoint is reverted: the journal is empty again and nothing is warm;
5. the writes go into revm's database (`insert_account_storage`, `insert_account_info`, each in
   a checkpoint of its own, because pyrevm loads the account into the journal after an insert).

No figure is corrected after the fact: gas, logs, return and revert data are revm's own. The
differential tests (tests/test_differential*.py) compare every receipt with the py-evm chain's.

Transaction hashes are those py-evm gives the same transaction: it is built and signed with
py-evm's transaction builder for the same fork (legacy, EIP-155, gas price 0). Blocks, timestamps,
nonces, `batch()` and `snapshot()` follow `EmbeddedChain` rule for rule (see its docstring);
snapshots keep an undo log of the database writes made inside them. Account records carry ether
too (`set_balance`, value transfers; gas is free). Two things a node does at finalization are done
here as well: a sender's first transaction writes its nonce, so that an account that has only sent
calls is not empty (EXTCODEHASH is keccak(""), and a value call to it costs no new-account gas,
EIP-161); and an account created and self-destructed in the same transaction is not written back
at all (EIP-6780), so its CREATE2 address is free again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from eth_keys.datatypes import PrivateKey
from eth_typing import Address
from eth_utils import keccak, to_canonical_address
try:
    from pyrevm import EVM, AccountInfo, BlockEnv, CfgEnv, Env
except ImportError as missing:  # no wheel for this platform: the class stays importable, not usable
    _PYREVM_MISSING: ImportError | None = missing
else:
    _PYREVM_MISSING = None

from ._fork import TRANSACTION_BUILDER
from ._rules import CHAIN_ID, FORK
from ._rules import BLOCK_TIME, DEFAULT_TX_GAS, GAS_LIMIT, GENESIS_TIME, MAX_BLOCK_TRANSACTIONS
from ._clock import BlockClock
from ._history import ChainHistory
from ..errors import TransactionRefused
from ._types import Account, CallReverted, Log, Receipt, checksum, named_account

_ZERO = "0x" + "00" * 20
_EMPTY_CODE_HASH = keccak(b"")
# Journal entries of a write end so (a bare load of a cold slot is journaled with `had_value: None`):
#   StorageChange { address: 0x<40 hex digits>, key: <decimal>, had_value: Some(...) }
_STORAGE_WRITE_END = ", had_value: Some"
_ADDRESS_FIELD = "address: "
_ADDRESS_AT = len(_ADDRESS_FIELD)
_KEY_AT = _ADDRESS_AT + 42 + len(", key: ")
_ACCOUNT_CHANGE = re.compile(r"(?:NonceChange|CodeChange|AccountCreated) \{ address: (0x[0-9a-f]{40})")
# Ether moved (a zero transfer changes nothing), and accounts destroyed in the transaction that created
# them (revm journals `AccountDestroyed` only then on Cancun; otherwise a self-destruct is a transfer).
_ETHER_MOVED = re.compile(r"BalanceTransfer \{ from: (0x[0-9a-f]{40}), to: (0x[0-9a-f]{40}), balance: [1-9]")
_DESTROYED = re.compile(r"AccountDestroyed \{ address: (0x[0-9a-f]{40}), target: (0x[0-9a-f]{40})")
# revm pads analysed code; its length before padding is printed beside it.
_CODE_LENGTH = re.compile(
    r"(0x[0-9a-f]{40}): Account \{ info: AccountInfo \{ balance: \d+, nonce: \d+, code_hash: 0x[0-9a-f]+, "
    r"code: Some\(Bytecode \{ bytecode: 0x[0-9a-f]*, state: Analysed \{ len: (\d+)"
)
_REVERT = re.compile(r"Revert \{ gas_used: (\d+), output: 0x([0-9a-f]*) \}")
_HALT = re.compile(r"Halt \{ reason: .*, gas_used: (\d+) \}")


@lru_cache(maxsize=None)
def _origin(key: bytes) -> str:
    # Unbounded: a population of 10,000 holders cycling through a cache of 4,096 keys derived a
    # public key (secp256k1, about a tenth of a millisecond) on most transactions (random payers
    # hit a 4,096-key cache about 4 times in 10).
    return PrivateKey(key).public_key.to_checksum_address().lower()


def _transaction_hash(key: bytes, nonce: int, gas: int, target: str | None, data: bytes, value: int = 0) -> bytes:
    """The hash py-evm gives this transaction: built and signed by its own builder for the fork."""
    unsigned = TRANSACTION_BUILDER.create_unsigned_transaction(
        nonce=nonce, gas_price=0, gas=gas, to=Address(bytes.fromhex(target[2:]) if target else b""), value=value, data=data
    )
    return bytes(unsigned.as_signed_transaction(PrivateKey(key), chain_id=CHAIN_ID).hash)


def _info(balance: int, nonce: int, code: bytes | None = None) -> AccountInfo:
    """An account record. pyrevm's constructor takes `balance`, which its type stub (0.3.7) leaves out."""
    return AccountInfo(balance=balance, nonce=nonce, code=code)  # type: ignore[call-arg]


def _record(info: AccountInfo) -> AccountInfo:
    """An account as the database keeps it: ether, nonce and code (None for none)."""
    return _info(info.balance, info.nonce, _code(info))


def _log(address: str, topics: list[bytes], data: bytes) -> Log:
    return Log(address=address, topics=tuple(topics), data=data)


def _code(info: AccountInfo) -> bytes | None:
    """An account's code as pyrevm gives it, None for none (revm's empty code reads as one 0x00 byte)."""
    return None if info.code_hash == _EMPTY_CODE_HASH else info.code


@lru_cache(maxsize=65536)
def _lower(address: str) -> str:
    # Cached: the same few contracts are called over and over; validates once, as eth-utils does.
    return "0x" + to_canonical_address(address).hex()


class RevmChain(BlockClock):
    """A private chain in this process on revm. Same genesis, rules and receipts as `EmbeddedChain`."""

    def __init__(self, *, genesis_time: int = GENESIS_TIME) -> None:
        """Raises ImportError where pyrevm is not installed (`make_chain` then falls back to py-evm)."""
        if _PYREVM_MISSING is not None:
            raise ImportError(f"pyrevm is not installed: {_PYREVM_MISSING}")
        self.chain_id: int = CHAIN_ID
        self._evm = EVM(env=Env(cfg=CfgEnv(chain_id=CHAIN_ID)), gas_limit=GAS_LIMIT, spec_id=FORK.upper())
        self._nonces: dict[str, int] = {}
        self._batching = False
        self._block = 1
        self._in_block = 0  # transactions in the pending block
        self._block_gas = 0
        self._time = genesis_time + BLOCK_TIME
        self._undo: list[list[tuple[str, int | None, AccountInfo | int]]] = []  # one log per open snapshot
        self._block_env = BlockEnv(number=self._block, timestamp=self._time, coinbase=_ZERO, prevrandao=bytes(32),
                                   basefee=0, gas_limit=GAS_LIMIT, difficulty=0)
        self._set_block_env()
        self.history = ChainHistory(genesis_time)
        """Every sealed block, transaction and log, for `coinage.chain.web3_for` and log queries."""

    # --- time and blocks -------------------------------------------------------------------------

    @property
    def block_number(self) -> int:
        """The number of the block the next transaction goes into."""
        return self._block

    def _set_block_env(self) -> None:
        # One object, renumbered (pyrevm copies it into the EVM). Any: pyrevm's stub declares the
        # setters away from their getters, which mypy reads as read-only properties.
        block: Any = self._block_env
        block.number, block.timestamp = self._block, self._time
        self._evm.set_block_env(block)

    def _pending_transactions(self) -> int:
        return self._in_block

    def _clock_moved(self) -> None:
        self._set_block_env()

    def _mine(self) -> None:
        self.history.seal(self._block, self._time)
        self._block += 1
        self._in_block = self._block_gas = 0
        self._time += BLOCK_TIME
        self._set_block_env()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Undo everything done inside the block, on exit. Not inside a batch holding transactions."""
        if self._batching and self._in_block:
            raise RuntimeError("cannot snapshot inside a batch that already holds transactions")
        saved = (self._block, self._in_block, self._block_gas, self._time, dict(self._nonces))
        log: list[tuple[str, int | None, AccountInfo | int]] = []
        self._undo.append(log)
        try:
            yield
        finally:
            self._undo.pop()
            for address, key, old in reversed(log):
                self._write(address, key, old, undoing=True)
            self._block, self._in_block, self._block_gas, self._time, self._nonces = saved
            self._set_block_env()
            self.history.rewind(self._block)

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
        if self._in_block >= MAX_BLOCK_TRANSACTIONS or (self._in_block and self._block_gas + gas > GAS_LIMIT // 2):
            self._mine()
        origin = _origin(sender.key)
        nonce = self._nonces.get(origin, 0)
        target = _lower(to) if to else None
        evm = self._evm
        if target is None:
            # The new contract's address derives from the sender's nonce, which revm reads from its
            # database; other transactions keep nonces here only (below, the first is written too).
            self._write(origin, None, _info(self._committed(origin).balance, nonce))
        checkpoint = evm.snapshot()
        try:
            evm.basic(origin)  # tx.origin is warm (EIP-2929)
            output, revert_data, gas_used, logs = self._execute(origin, target, data, gas, value)
            slots, accounts = self._writes() if revert_data is None else ({}, {})
        finally:
            evm.revert(checkpoint)  # also when revm refused the transaction outright
        if nonce == 0 and origin not in accounts:  # from its first transaction on, an account is not
            accounts[origin] = _info(self._committed(origin).balance, 1)  # empty (EIP-161)
        for address, info in accounts.items():
            if address == origin:  # revm's record of an account's nonce lags when it sends calls only
                info = _info(info.balance, nonce + 1, _code(info))
            self._write(address, None, info)
        if self._undo:
            for (address, key), stored in slots.items():
                self._write(address, key, stored)
        else:  # `_write` without an undo log, inlined: a transfer writes two or three slots
            snapshot, insert, revert = evm.snapshot, evm.insert_account_storage, evm.revert
            for (address, key), stored in slots.items():
                checkpoint = snapshot()
                insert(address, key, stored)
                revert(checkpoint)
        self._nonces[origin] = nonce + 1
        receipt = Receipt.with_deferred_hash(
            _transaction_hash,
            (sender.key, nonce, gas, target, data, value),
            sender=sender.address,
            block_number=self._block,
            timestamp=self._time,
            gas_used=gas_used,
            succeeded=revert_data is None,
            logs=logs,
            contract_address=checksum(output.decode()) if target is None and revert_data is None else None,
            revert_data=revert_data,
        )
        self.history.record(receipt, to=target, data=data, gas=gas, nonce=nonce, value=value)
        self._in_block += 1
        self._block_gas += gas_used
        if not self._batching:
            self._mine()
        return receipt

    def _execute(
        self, origin: str, target: str | None, data: bytes, gas: int, value: int = 0
    ) -> tuple[bytes, bytes | None, int, tuple[Log, ...]]:
        """Run one transaction in the open checkpoint: (output or new address, revert data, gas, logs)."""
        evm = self._evm
        try:
            if target is None:
                output = evm.deploy(origin, data, value=value, gas=gas).encode()
            else:
                output = evm.message_call(origin, target, data, value=value, gas=gas)
        except RuntimeError as error:
            text = str(error)
            reverted, halted = _REVERT.fullmatch(text), _HALT.fullmatch(text)
            if reverted:
                return b"", bytes.fromhex(reverted[2]), int(reverted[1]), ()
            if halted:
                return b"", b"", int(halted[1]), ()
            # Not a transaction at all (gas below its intrinsic cost, value above the balance): nothing changed.
            raise TransactionRefused(f"the chain refused the transaction: {text}") from None
        result = evm.result
        assert result is not None
        # pyrevm gives each log's address checksummed already, and its topics as bytes.
        logs = tuple(_log(log.address, *log.data) for log in result.logs)
        return output, None, result.gas_used, logs

    def _writes(self) -> tuple[dict[tuple[str, int], int], dict[str, AccountInfo]]:
        """What the open checkpoint's transaction changed: storage slots and account records."""
        evm = self._evm
        text = evm.journal_str
        journal = text[text.rindex("journal: [") :]
        destroyed: set[str] = set()
        moved: set[str] = set()
        if "AccountDestroyed" in journal:
            for address, target in _DESTROYED.findall(journal):
                destroyed.add(address)
                moved.add(target)
        if "BalanceTransfer" in journal:
            moved.update(address for pair in _ETHER_MOVED.findall(journal) for address in pair)
        slots: dict[tuple[str, int], int] = {}
        # Split at each write's end rather than matching a regular expression: a third of the time.
        for entry in journal.split(_STORAGE_WRITE_END)[:-1]:
            start = entry.rindex(_ADDRESS_FIELD)
            address = entry[start + _ADDRESS_AT : start + _ADDRESS_AT + 42]
            if address in destroyed:  # EIP-6780: nothing of it is written back
                continue
            key = int(entry[start + _KEY_AT :])
            if (address, key) not in slots:  # written twice: its final value is read once
                slots[(address, key)] = evm.storage(address, key)
        infos: dict[str, AccountInfo] = {}
        if moved or "NonceChange" in journal or "CodeChange" in journal or "AccountCreated" in journal:
            accounts = (set(_ACCOUNT_CHANGE.findall(journal)) | moved) - destroyed
            lengths = dict(_CODE_LENGTH.findall(text))
            for address in accounts:
                info = evm.basic(address)
                code = _code(info)  # raw as stored, or analysed and padded: then cut to its length
                if code and address in lengths:
                    code = code[: int(lengths[address])]
                infos[address] = _info(info.balance, info.nonce, code or None)
        return slots, infos

    def _write(self, address: str, key: int | None, value: AccountInfo | int, *, undoing: bool = False) -> None:
        """Put one account record (`key` None) or storage slot into the database, logged for undo.

        Each insert runs in a checkpoint of its own, reverted at once: pyrevm loads the account into
        the journal after inserting a slot (and a read loads it too), which would leave it warm.
        """
        evm = self._evm
        if self._undo and not undoing:  # an undo is not logged: the enclosing snapshot never saw the write
            checkpoint = evm.snapshot()
            old: AccountInfo | int
            if key is None:
                old = _record(evm.basic(address))
            else:
                old = evm.storage(address, key)
            evm.revert(checkpoint)
            self._undo[-1].append((address, key, old))
        if key is None:
            assert isinstance(value, AccountInfo)
            evm.insert_account_info(address, value)  # a cold account goes to the database only
            return
        assert isinstance(value, int)
        checkpoint = evm.snapshot()
        evm.insert_account_storage(address, key, value)
        evm.revert(checkpoint)

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        """Run a read-only call against the pending state; raise `CallReverted` with the revert data."""
        evm = self._evm
        origin = _lower(sender) if sender else _ZERO
        checkpoint = evm.snapshot()
        try:
            evm.basic(origin)
            output, revert_data, _, _ = self._execute(origin, _lower(to), data, DEFAULT_TX_GAS, value)
        finally:
            evm.revert(checkpoint)
        if revert_data is not None:
            raise CallReverted(revert_data)
        return output

    def code_at(self, address: str) -> bytes:
        return _code(self._committed(_lower(address))) or b""  # committed code is stored raw: exact length

    def balance_of(self, address: str) -> int:
        """The ether `address` holds, in wei."""
        return int(self._committed(_lower(address)).balance)

    def set_balance(self, address: str, wei: int) -> None:
        """Give `address` exactly `wei` (as a development node's `anvil_setBalance`); undone by a snapshot."""
        if isinstance(wei, bool) or not isinstance(wei, int) or not 0 <= wei < 2**256:
            raise ValueError(f"a balance is a whole number of wei from 0 to 2**256 - 1, not {wei!r}")
        account = _lower(address)
        info = self._committed(account)
        self._write(account, None, _info(wei, info.nonce, _code(info)))

    def _committed(self, address: str) -> AccountInfo:
        """An account's record in the database, read without leaving it warm in the journal."""
        evm = self._evm
        checkpoint = evm.snapshot()
        try:
            return evm.basic(address)
        finally:
            evm.revert(checkpoint)

    def describe(self) -> str:
        return f"embedded revm chain ({FORK.capitalize()})"
