"""Tests for coinage.chain.EmbeddedChain: determinism, snapshots, time, batches and reverts."""

from __future__ import annotations

import pytest
import rlp
from eth_abi import encode
from eth_utils import keccak, to_canonical_address, to_checksum_address

from coinage import DAY, Deployment, EmbeddedChain, coins, deploy_coin
from coinage.chain import BLOCK_TIME, GENESIS_TIME, CallReverted, Receipt
from coinage.compiler import load_artifact
from coinage.contracts import ContractInterface
from coinage.errors import ContractRevert, ERC20InsufficientBalance


def _selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


@pytest.fixture
def funded() -> Deployment:
    """A regulator-controlled coin in which alice holds 100 coins."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob", "carol"])
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
    d.coin.mint(d.cast.alice, coins(100), by=d.cast.issuer)
    return d


def _deploy_raw(chain: EmbeddedChain) -> Receipt:
    """Deploy Coinage with a fixed config straight through chain.transact."""
    artifact = load_artifact("Coinage")
    interface = ContractInterface(artifact.abi)
    who = [chain.account(n).address for n in ("central_bank", "regulator", "court", "issuer", "attestor")]
    config = ("Coin", "C", 2, *who, 3 * DAY, 7 * DAY)
    return chain.transact(chain.account("issuer"), None, interface.encode_constructor(artifact.bytecode, (config,)))


# --- deterministic genesis -----------------------------------------------------------------------


def test_fresh_chains_start_at_the_same_block_and_time() -> None:
    """Two fresh chains both start at block 1, one block time after the fixed genesis time."""
    a, b = EmbeddedChain(), EmbeddedChain()
    assert (a.block_number, a.now) == (1, GENESIS_TIME + BLOCK_TIME)
    assert (b.block_number, b.now, b.chain_id) == (a.block_number, a.now, a.chain_id)


def test_accounts_derive_from_names() -> None:
    """An account's key is keccak('coinage/' + name), so the same name is the same address on every chain."""
    a, b = EmbeddedChain(), EmbeddedChain()
    alice = a.account("alice")
    assert alice == b.account("alice")
    assert alice.key == keccak(b"coinage/alice")
    assert alice.address != a.account("bob").address


def test_same_deployment_gives_identical_receipts_on_two_chains() -> None:
    """Deploying the same contract on two fresh chains gives equal receipts: tx hash, block, time, address, gas, logs."""
    first, second = _deploy_raw(EmbeddedChain()), _deploy_raw(EmbeddedChain())
    assert first.succeeded and first.contract_address is not None
    assert first == second
    assert (first.block_number, first.timestamp) == (1, GENESIS_TIME + BLOCK_TIME)


def test_contract_address_is_the_create_address_of_the_issuers_first_nonce() -> None:
    """deploy_coin puts the coin at the CREATE address of (issuer, nonce 0) on a fresh chain."""
    d = deploy_coin("regulator-controlled")
    expected = to_checksum_address(keccak(rlp.encode([to_canonical_address(d.cast.issuer.address), 0]))[12:])
    assert d.coin.address == expected


def test_same_actions_give_same_tx_hashes_on_two_chains() -> None:
    """The same sequence of actions on two fresh deployments produces the same tx hashes and blocks."""

    def run() -> list[tuple[bytes, int, int]]:
        d = deploy_coin("regulator-controlled", holders=["alice"])
        txs = [
            d.coin.attest(coins(10), report="R", by=d.cast.attestor),
            d.coin.set_minter_allowance(coins(10), by=d.cast.regulator),
            d.coin.mint(d.cast.alice, coins(5), by=d.cast.issuer),
        ]
        return [(t.receipt.tx_hash, t.receipt.block_number, t.receipt.timestamp) for t in txs]

    first = run()
    assert first == run()
    assert [block for _, block, _ in first] == [2, 3, 4]
    assert len({tx_hash for tx_hash, _, _ in first}) == 3


# --- snapshot ------------------------------------------------------------------------------------


def test_snapshot_undoes_transactions_time_and_blocks(funded: Deployment) -> None:
    """Leaving snapshot() restores balances, the clock and the block number."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    block, now = chain.block_number, chain.now
    with chain.snapshot():
        coin.transfer(cast.bob, coins(40), by=cast.alice)
        chain.advance_time(DAY)
        assert coin.balance_of(cast.bob) == coins(40)
        assert (chain.block_number, chain.now) == (block + 1, now + BLOCK_TIME + DAY)
    assert (coin.balance_of(cast.alice), coin.balance_of(cast.bob)) == (coins(100), 0)
    assert (chain.block_number, chain.now) == (block, now)


def test_snapshot_restores_nonces(funded: Deployment) -> None:
    """A transaction repeated after a snapshot reuses the undone nonce, so it has the same hash and block."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    with chain.snapshot():
        inside = coin.transfer(cast.bob, coins(1), by=cast.alice).receipt
    after = coin.transfer(cast.bob, coins(1), by=cast.alice).receipt
    assert (after.tx_hash, after.block_number, after.timestamp) == (
        inside.tx_hash,
        inside.block_number,
        inside.timestamp,
    )
    assert coin.balance_of(cast.bob) == coins(1)


def test_nested_snapshots_undo_only_their_own_changes(funded: Deployment) -> None:
    """An inner snapshot undoes only what happened inside it; the outer one undoes the rest."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    start = chain.block_number
    with chain.snapshot():
        coin.transfer(cast.bob, coins(10), by=cast.alice)
        with chain.snapshot():
            coin.transfer(cast.carol, coins(20), by=cast.alice)
            chain.advance_time(3600)
            assert coin.balance_of(cast.carol) == coins(20)
        assert (coin.balance_of(cast.bob), coin.balance_of(cast.carol)) == (coins(10), 0)
        assert chain.block_number == start + 1
        assert chain.now == GENESIS_TIME + BLOCK_TIME * (start + 1)
    assert (coin.balance_of(cast.alice), coin.balance_of(cast.bob)) == (coins(100), 0)
    assert chain.block_number == start


def test_snapshot_undoes_even_when_the_block_raises(funded: Deployment) -> None:
    """An exception inside snapshot() propagates and the state is still rolled back."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    block = chain.block_number
    with pytest.raises(ERC20InsufficientBalance), chain.snapshot():
        coin.transfer(cast.bob, coins(60), by=cast.alice)
        coin.transfer(cast.bob, coins(60), by=cast.alice)
    assert (coin.balance_of(cast.alice), chain.block_number) == (coins(100), block)


# --- time ----------------------------------------------------------------------------------------


def test_advance_time_moves_now_and_the_next_receipt(funded: Deployment) -> None:
    """advance_time(s) adds s to now, and the next transaction's receipt carries that time."""
    chain, coin, cast = funded.chain, funded.coin, funded.cast
    before = chain.now
    chain.advance_time(DAY)
    assert chain.now == before + DAY
    receipt = coin.transfer(cast.bob, coins(1), by=cast.alice).receipt
    assert receipt.timestamp == before + DAY
    assert chain.now == before + DAY + BLOCK_TIME


def test_blocks_are_twelve_seconds_apart_without_advance(funded: Deployment) -> None:
    """Consecutive transactions land in consecutive blocks 12 seconds apart."""
    coin, cast = funded.coin, funded.cast
    a = coin.transfer(cast.bob, coins(1), by=cast.alice).receipt
    b = coin.transfer(cast.bob, coins(1), by=cast.alice).receipt
    assert (b.block_number - a.block_number, b.timestamp - a.timestamp) == (1, BLOCK_TIME)


def test_advance_time_refuses_negative_seconds() -> None:
    """advance_time(-1) raises ValueError and leaves the clock where it was."""
    chain = EmbeddedChain()
    now = chain.now
    with pytest.raises(ValueError, match="forward"):
        chain.advance_time(-1)
    assert chain.now == now


# --- batch ---------------------------------------------------------------------------------------


def test_batch_puts_transactions_in_one_block_with_their_own_gas(funded: Deployment) -> None:
    """Inside batch(), transactions share one block and timestamp yet report the same gas as when sent alone."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    with chain.snapshot():
        alone = [
            coin.transfer(cast.bob, coins(1), by=cast.alice).gas_used,
            coin.transfer(cast.carol, coins(2), by=cast.alice).gas_used,
        ]
    block = chain.block_number
    with chain.batch():
        first = coin.transfer(cast.bob, coins(1), by=cast.alice)
        second = coin.transfer(cast.carol, coins(2), by=cast.alice)
        assert chain.block_number == block
    receipts = [first.receipt, second.receipt]
    assert [r.block_number for r in receipts] == [block, block]
    assert receipts[0].timestamp == receipts[1].timestamp
    assert [first.gas_used, second.gas_used] == alone
    assert all(g > 21_000 for g in alone)
    assert chain.block_number == block + 1


def test_batch_reports_revert_data_per_transaction(funded: Deployment) -> None:
    """A refused transaction inside batch() is decoded on its own while its neighbours succeed in the same block."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    block = chain.block_number
    with chain.batch():
        ok = coin.transfer(cast.bob, coins(30), by=cast.alice)
        with pytest.raises(ERC20InsufficientBalance) as info:
            coin.transfer(cast.bob, coins(80), by=cast.alice)
        later = coin.transfer(cast.carol, coins(5), by=cast.alice)
    refused = info.value
    assert refused.values == {"sender": cast.alice.address, "balance": coins(70), "needed": coins(80)}
    receipt: Receipt = refused.receipt  # type: ignore[attr-defined]
    assert not receipt.succeeded
    assert receipt.block_number == ok.receipt.block_number == later.receipt.block_number == block
    assert 21_000 < receipt.gas_used < ok.gas_used
    assert (coin.balance_of(cast.bob), coin.balance_of(cast.carol)) == (coins(30), coins(5))


def test_reads_inside_a_batch_see_its_pending_transactions(funded: Deployment) -> None:
    """A read inside batch() sees the effect of transactions already in the pending block."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    with chain.batch():
        coin.transfer(cast.bob, coins(7), by=cast.alice)
        assert coin.balance_of(cast.bob) == coins(7)


def test_time_cannot_move_inside_a_batch_holding_transactions(funded: Deployment) -> None:
    """advance_time inside a non-empty batch raises RuntimeError rather than splitting the block's time."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    with chain.batch():
        coin.transfer(cast.bob, coins(1), by=cast.alice)
        with pytest.raises(RuntimeError):
            chain.advance_time(10)


def test_empty_batch_mines_nothing() -> None:
    """A batch with no transactions leaves the block number and clock unchanged."""
    chain = EmbeddedChain()
    block, now = chain.block_number, chain.now
    with chain.batch():
        pass
    assert (chain.block_number, chain.now) == (block, now)


# --- failed transactions and calls ---------------------------------------------------------------


def test_failed_transaction_returns_a_receipt_with_revert_data(funded: Deployment) -> None:
    """chain.transact of a refused call returns succeeded=False with the exact ABI-encoded custom error."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    data = coin.interface.encode_call("transfer", (cast.bob.address, coins(101)))
    block = chain.block_number
    receipt = chain.transact(cast.alice.account, coin.address, data)
    expected = _selector("ERC20InsufficientBalance(address,uint256,uint256)") + encode(
        ["address", "uint256", "uint256"], [cast.alice.address, coins(100), coins(101)]
    )
    assert receipt.succeeded is False
    assert receipt.revert_data == expected
    assert (receipt.logs, receipt.contract_address, receipt.block_number) == ((), None, block)
    assert chain.block_number == block + 1


def test_successful_transaction_has_no_revert_data(funded: Deployment) -> None:
    """A successful receipt has succeeded=True, revert_data None and the Transfer log."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    receipt = chain.transact(
        cast.alice.account, coin.address, coin.interface.encode_call("transfer", (cast.bob.address, 1))
    )
    assert (receipt.succeeded, receipt.revert_data) == (True, None)
    assert [log.topics[0] for log in receipt.logs] == [keccak(text="Transfer(address,address,uint256)")]


def test_call_raises_call_reverted_with_the_revert_data(funded: Deployment) -> None:
    """chain.call of a reverting view raises CallReverted carrying the raw custom-error bytes; a chain signal, not yet a named rule."""
    coin, chain = funded.coin, funded.chain
    with pytest.raises(CallReverted) as info:
        chain.call(coin.address, coin.interface.encode_call("redemption", (99,)))
    assert info.value.data == _selector("UnknownRedemption(uint256)") + encode(["uint256"], [99])
    assert not isinstance(info.value, ContractRevert)


def test_call_does_not_change_state_or_blocks(funded: Deployment) -> None:
    """chain.call of a state-changing function returns its output but mines nothing and changes nothing."""
    coin, cast, chain = funded.coin, funded.cast, funded.chain
    block = chain.block_number
    output = chain.call(
        coin.address, coin.interface.encode_call("transfer", (cast.bob.address, coins(5))), sender=cast.alice.address
    )
    assert output == encode(["bool"], [True])
    assert (chain.block_number, coin.balance_of(cast.bob)) == (block, 0)
