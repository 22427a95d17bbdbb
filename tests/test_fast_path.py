"""The fast path changes no result: batching, the block builder and the signing shortcuts are invisible.

The embedded chain builds blocks below py-evm's MiningChain (coinage.chain._block_builder) and may put
many transactions in one block inside `batch()`. These tests prove that a scenario-like workload
leaves the same ledger, the same per-transaction gas, the same revert data and the same timeline
outcomes with and without batching, and that the builder seals exactly the blocks MiningChain
would (same header, so same hash). No timing is asserted here; see scripts/bench.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest
from eth._utils.transactions import extract_transaction_sender
from eth_keys.datatypes import PrivateKey
from eth_tester.backends.pyevm.main import get_default_genesis_params, setup_tester_chain
from eth_utils import keccak, to_canonical_address

from coinage import EmbeddedChain, coins, deploy_coin
from coinage.chain import BLOCK_TIME, GENESIS_TIME
from coinage.chain._block_builder import BlockBuilder
from coinage.chain.embedded import GAS_LIMIT, MAX_BLOCK_TRANSACTIONS
from coinage.compiler import load_artifact
from coinage.contracts import ContractInterface
from coinage.errors import ContractRevert

HOLDERS = tuple(f"h{i:03d}" for i in range(100))
TRANSFERS = 500
CASE = "CASE-FAST"


@dataclass(frozen=True)
class Ledger:
    balances: dict[str, int]
    supply: int
    escrow: int
    escrow_of_case: int
    frozen: dict[str, bool]
    outcomes: list[tuple[str, str, str, int]]
    """(actor, action, outcome, gas) of every timeline entry, deployment included."""
    gas: list[int]
    revert_data: list[bytes | None]
    blocks: int


def _workload(batch_size: int | None) -> Ledger:
    """Deploy, fund 100 holders, freeze two of them, then 500 random transfers with refusals and a seizure.

    `batch_size` None sends every transaction in its own block; otherwise the transfers go in
    batches of that many (the refusals included). The same seed gives the same requests either way.
    """
    rng = random.Random(7)
    d = deploy_coin("regulator-controlled", holders=HOLDERS)
    coin, cast, chain = d.coin, d.cast, d.chain
    gas: list[int] = []
    reverts: list[bytes | None] = []

    def send(action: Any) -> None:
        try:
            receipt = action().receipt
        except ContractRevert as refused:
            receipt = refused.receipt  # type: ignore[attr-defined]
        gas.append(receipt.gas_used)
        reverts.append(receipt.revert_data)

    coin.attest(coins(10_000_000), report="R-1", by=cast.attestor)
    coin.set_minter_allowance(coins(10_000_000), by=cast.regulator)

    def mint_all() -> None:
        for name in HOLDERS:
            send(lambda n=name: coin.mint(cast[n], coins(rng.randint(1, 100)), by=cast.issuer))

    def freeze_two() -> None:
        for name in ("h013", "h042"):
            send(lambda n=name: coin.freeze(cast[n], case=CASE, by=cast.regulator))
        send(lambda: coin.seize(cast.h013, coins(1), case=CASE, by=cast.regulator))

    requests = [
        (rng.choice(HOLDERS), rng.choice(HOLDERS), rng.choice((coins(1), coins(rng.randint(1, 150)), 0)))
        for _ in range(TRANSFERS)
    ]

    def transfer_all(part: list[tuple[str, str, int]]) -> None:
        for sender, recipient, amount in part:
            send(lambda s=sender, r=recipient, a=amount: coin.transfer(cast[r], a, by=cast[s]))

    if batch_size is None:
        mint_all()
        freeze_two()
        transfer_all(requests)
    else:
        with chain.batch():
            mint_all()
        with chain.batch():
            freeze_two()
        for start in range(0, TRANSFERS, batch_size):
            with chain.batch():
                transfer_all(requests[start : start + batch_size])

    return Ledger(
        balances={name: coin.balance_of(cast[name]) for name in HOLDERS},
        supply=coin.total_supply(),
        escrow=coin.total_escrow(),
        escrow_of_case=coin.escrow_of(CASE),
        frozen={name: coin.is_frozen(cast[name]) for name in HOLDERS},
        outcomes=[(e.actor, e.action, e.outcome, e.gas) for e in d.timeline.entries],
        gas=gas,
        revert_data=reverts,
        blocks=chain.block_number,
    )


@pytest.fixture(scope="module")
def one_block_per_transaction() -> Ledger:
    return _workload(None)


@pytest.mark.parametrize("batch_size", [50, 250], ids=["batches of 50", "batches past the block cap"])
def test_ledger_is_identical_with_and_without_batching(one_block_per_transaction: Ledger, batch_size: int) -> None:
    """Balances, supply, escrow, frozen state, timeline outcomes, per-tx gas and revert data all match."""
    plain, batched = one_block_per_transaction, _workload(batch_size)
    refusals = [data for data in plain.revert_data if data is not None]
    assert len(refusals) >= 10, "the workload must include refused transfers"
    assert any(plain.frozen.values()) and plain.escrow_of_case == coins(1)
    assert batched.blocks < plain.blocks  # batching did put several transactions per block
    assert batched.balances == plain.balances
    assert (batched.supply, batched.escrow, batched.escrow_of_case) == (plain.supply, plain.escrow, plain.escrow_of_case)
    assert batched.frozen == plain.frozen
    assert batched.gas == plain.gas
    assert batched.revert_data == plain.revert_data
    assert batched.outcomes == plain.outcomes


def test_a_long_batch_continues_in_a_new_block() -> None:
    """A batch of more than MAX_BLOCK_TRANSACTIONS transactions spans two blocks, 12 seconds apart."""
    d = deploy_coin("regulator-controlled", holders=("alice", "bob"))
    coin, cast, chain = d.coin, d.cast, d.chain
    coin.attest(coins(1_000), report="R", by=cast.attestor)
    coin.set_minter_allowance(coins(1_000), by=cast.regulator)
    coin.mint(cast.alice, coins(1_000), by=cast.issuer)
    start = chain.block_number
    with chain.batch():
        receipts = [coin.transfer(cast.bob, 1, by=cast.alice).receipt for _ in range(MAX_BLOCK_TRANSACTIONS + 5)]
    blocks = [r.block_number for r in receipts]
    assert blocks == [start] * MAX_BLOCK_TRANSACTIONS + [start + 1] * 5
    assert receipts[-1].timestamp - receipts[0].timestamp == BLOCK_TIME
    assert len({r.gas_used for r in receipts[1:]}) == 1
    assert chain.block_number == start + 2


def test_snapshot_inside_a_batch_is_allowed_only_before_its_first_transaction() -> None:
    """The documented rule: a snapshot may open at the start of a batch (and undoes it); not mid-block."""
    d = deploy_coin("regulator-controlled", holders=("alice", "bob"))
    coin, cast, chain = d.coin, d.cast, d.chain
    coin.attest(coins(1_000), report="R", by=cast.attestor)
    coin.set_minter_allowance(coins(1_000), by=cast.regulator)
    coin.mint(cast.alice, coins(10), by=cast.issuer)
    block, now = chain.block_number, chain.now
    with chain.batch():
        with chain.snapshot():
            coin.transfer(cast.bob, coins(3), by=cast.alice)
            assert coin.balance_of(cast.bob) == coins(3)
        assert coin.balance_of(cast.bob) == 0
        coin.transfer(cast.bob, coins(1), by=cast.alice)
        with pytest.raises(RuntimeError):
            with chain.snapshot():
                pass  # pragma: no cover
    assert (coin.balance_of(cast.bob), chain.block_number, chain.now) == (coins(1), block + 1, now + BLOCK_TIME)


# --- the builder seals the blocks MiningChain would ----------------------------------------------


def _tester_chain() -> Any:
    params = get_default_genesis_params({"timestamp": GENESIS_TIME, "gas_limit": GAS_LIMIT})
    params["base_fee_per_gas"] = 0
    return setup_tester_chain(genesis_params=params, genesis_state={})[1]


def _signed_transactions(chain: Any) -> list[list[Any]]:
    """Blocks of signed transactions: a deployment, then transfers (one refused) one per block, then a batch of six."""
    artifact = load_artifact("PlainERC20")
    interface = ContractInterface(artifact.abi)
    keys = [PrivateKey(keccak(text=f"fast/{n}")) for n in range(3)]
    addresses = [k.public_key.to_checksum_address() for k in keys]
    nonces = [0, 0, 0]
    vm = chain.get_vm()

    def tx(sender: int, to: bytes, data: bytes) -> Any:
        unsigned = vm.create_unsigned_transaction(
            nonce=nonces[sender], gas_price=0, gas=5_000_000, to=to, value=0, data=data
        )
        nonces[sender] += 1
        return unsigned.as_signed_transaction(keys[sender], chain_id=chain.chain_id)

    deploy = tx(0, b"", interface.encode_constructor(artifact.bytecode, (addresses, coins(100))))
    token = keccak(bytes([0xD6, 0x94]) + to_canonical_address(addresses[0]) + b"\x80")[12:]

    def transfer(sender: int, recipient: int, amount: int) -> Any:
        return tx(sender, token, interface.encode_call("transfer", (addresses[recipient], amount)))

    singles = [[transfer(0, 1, coins(5))], [transfer(1, 2, coins(500))], [transfer(2, 0, coins(1))]]
    batch = [transfer(i % 3, (i + 1) % 3, coins(i)) for i in range(6)]
    return [[deploy], *singles, batch]


def test_builder_seals_the_blocks_mining_chain_would() -> None:
    """Same transactions, same timestamps and mix hashes: identical headers (hash), receipts and senders."""
    reference, fast = _tester_chain(), _tester_chain()
    blocks = _signed_transactions(reference)
    builder = BlockBuilder(fast)
    for index, transactions in enumerate(blocks):
        timestamp = GENESIS_TIME + BLOCK_TIME * (index + 1)
        mix_hash = keccak(index.to_bytes(32, "big"))
        reference.header = reference.header.copy(timestamp=timestamp)
        expected_receipts = [reference.apply_transaction(t)[1] for t in transactions]
        expected = reference.mine_block(mix_hash=mix_hash)
        builder.set_timestamp(timestamp)
        receipts = [builder.apply(t)[0] for t in transactions]
        sealed = builder.seal(mix_hash=mix_hash)
        assert sealed.header == expected.header
        assert sealed.hash == expected.hash
        assert receipts == expected_receipts
    head = fast.get_canonical_head()
    assert head == reference.get_canonical_head()
    # the next pending header: equal but for the wall-clock timestamp py-evm gives it (the chain re-times it)
    assert builder.header.copy(timestamp=0) == reference.header.copy(timestamp=0)
    stored = fast.get_canonical_block_by_number(len(blocks)).transactions
    assert [extract_transaction_sender(t) for t in stored] == [t.sender for t in blocks[-1]]


def test_transactions_carry_the_sender_their_signature_recovers() -> None:
    """The chain records the signer's address instead of recovering it; recovery agrees."""
    chain = EmbeddedChain()
    alice = chain.account("alice")
    receipt = chain.transact(alice, chain.account("bob").address, b"")
    block = chain._chain.get_canonical_block_by_number(receipt.block_number)
    (transaction,) = block.transactions
    assert transaction.hash == receipt.tx_hash
    assert extract_transaction_sender(transaction) == to_canonical_address(alice.address)
