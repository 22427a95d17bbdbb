"""Build blocks below py-evm's `MiningChain`: apply transactions to one pending VM state, seal once.

`MiningChain.apply_transaction` rebuilds the pending block on every transaction: it makes a new VM,
persists the state, re-reads every receipt already in the block from the database and recomputes the
transaction and receipt tries. A block of n transactions therefore costs O(n^2), and even a block of
one transaction builds two VMs and persists twice. `BlockBuilder` does what `VM.import_block` does
for a block it already knows, incrementally:

* one VM (and so one state, with its caches) per pending block;
* each transaction goes through `VM.apply_transaction` against the running header, which yields its
  own receipt (cumulative gas, logs, status) and computation (revert data), exactly as in
  `MiningChain`; `add_receipt_to_header` accumulates gas used and bloom;
* `seal()` builds the transaction and receipt tries once, lets the VM finalize the block (rewards,
  one state persist, state root), validates it and persists it as the canonical head, as
  `MiningChain.mine_block` does.

The sealed blocks are the blocks `MiningChain` would have produced from the same transactions, byte
for byte (same header, hence same hash); tests/test_fast_path.py checks it.
"""

from __future__ import annotations

from typing import Any

from eth_typing import Address
from eth.abc import (
    BlockAPI,
    BlockHeaderAPI,
    ComputationAPI,
    MiningChainAPI,
    ReceiptAPI,
    SignedTransactionAPI,
    StateAPI,
    VirtualMachineAPI,
)


class BlockBuilder:
    """The pending block of a `MiningChain`, filled one transaction at a time and sealed on demand.

    The builder owns `chain.header` between seals: it is the header of the block being built (its
    timestamp can be changed while the block is empty). Reads (`state`) see every transaction
    applied so far. Nothing reaches the database until `seal()`; `discard()` forgets the pending
    block and its state changes.
    """

    def __init__(self, chain: MiningChainAPI) -> None:
        self._chain = chain
        self._vm: VirtualMachineAPI | None = None
        self._header: BlockHeaderAPI = chain.header
        self._transactions: list[SignedTransactionAPI] = []
        self._receipts: list[ReceiptAPI] = []
        self._balances: dict[Address, int] = {}  # set on the pending block; kept if its VM is rebuilt

    # --- the pending block -----------------------------------------------------------------------

    @property
    def header(self) -> BlockHeaderAPI:
        """The pending header, with the gas used and bloom of the transactions applied so far."""
        return self._header

    @property
    def block_number(self) -> int:
        return int(self._header.block_number)

    @property
    def gas_used(self) -> int:
        return int(self._header.gas_used)

    def __len__(self) -> int:
        """The number of transactions in the pending block."""
        return len(self._transactions)

    def set_timestamp(self, timestamp: int) -> None:
        """Re-time the pending block; only while it is empty, since its transactions saw the old time."""
        if self._transactions:
            raise RuntimeError("cannot re-time a block that already holds transactions")
        if self._header.timestamp != timestamp:
            self._header = self._header.copy(timestamp=timestamp)
            self._chain.header = self._header
            self._vm = None  # the execution context carries the timestamp

    def reset(self, header: BlockHeaderAPI, balances: dict[Address, int] | None = None) -> None:
        """Start over from `header` (after the canonical head moved under us, e.g. a snapshot's undo),
        with the `balances` set on the empty pending block (see `pending_balances`)."""
        self._header = header
        self._chain.header = header
        self._vm = None
        self._transactions, self._receipts = [], []
        self._balances = dict(balances or {})

    @property
    def pending_balances(self) -> dict[Address, int]:
        """The balances `set_balance` gave in the pending block, which is not sealed yet."""
        return dict(self._balances)

    @property
    def vm(self) -> VirtualMachineAPI:
        if self._vm is None:
            self._vm = self._chain.get_vm(self._header)
            for address, wei in self._balances.items():  # a re-timed empty block keeps what was set on it
                self._vm.state.set_balance(address, wei)
        return self._vm

    @property
    def state(self) -> StateAPI:
        """The pending state: the parent's state plus every transaction applied to this block."""
        return self.vm.state

    def set_balance(self, address: Address, wei: int) -> None:
        """Set an account's ether in the pending state; it is sealed with the pending block."""
        self.state.set_balance(address, wei)
        self._balances[address] = wei

    # --- transactions ----------------------------------------------------------------------------

    def apply(self, transaction: SignedTransactionAPI) -> tuple[ReceiptAPI, ComputationAPI]:
        """Apply one transaction to the pending block; its receipt's gas is cumulative over the block.

        An invalid transaction (bad nonce, gas above what is left in the block) raises from py-evm
        and leaves the pending block as it was.
        """
        vm = self.vm
        receipt, computation = vm.apply_transaction(self._header, transaction)
        self._header = vm.add_receipt_to_header(self._header, receipt)
        self._transactions.append(transaction)
        self._receipts.append(receipt)
        return receipt, computation

    def seal(self, **header_fields: Any) -> BlockAPI:
        """Finalize and persist the pending block as the new canonical head; start the next one.

        `header_fields` are set on the header before finalizing (`mix_hash`, as for `mine_block`).
        """
        vm = self.vm
        chain = self._chain
        block = vm.set_block_transactions_and_withdrawals(
            vm.get_block(), self._header, self._transactions, self._receipts
        )
        mined = vm.mine_block(block, **header_fields).block
        chain.validate_block(mined)
        chain.chaindb.persist_block(mined)
        self.reset(chain.create_header_from_parent(mined.header))
        return mined
