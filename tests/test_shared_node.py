"""RpcChain on a node it shares: other clients, external snapshots, restarts, stalls and dropped sends.

Every test starts its own Anvil (`coinage.chain.node.Anvil`, loopback, a free port, stopped by PID
also on failure) and ends by checking that the ledger the program believes in is the node's: the
balances a plain web3.py client reads from the node equal the program's own account of every send
it saw succeed, every receipt it holds is on the chain as it saw it, and nothing it saw fail (or
saw cancelled, or dropped) was applied, even after later sends from the same account fill any gap.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from web3 import HTTPProvider, Web3
from web3.exceptions import TransactionNotFound

from coinage import AccountFrozen, Deployment, Regime, coins, deploy_coin
from coinage.chain import Receipt
from coinage.chain.node import Anvil, AnvilNotInstalled
from coinage.chain.rpc import RpcChain
from coinage.contracts.coin import Coin
from coinage.deploy import DAY
from coinage.errors import ChainError, NodeReverted, NodeRestarted, NodeUnreachable, NonceConflict, TransactionTimedOut

HOLDERS = ("alice", "bob", "carol")


@pytest.fixture
def node() -> Iterator[Anvil]:
    """A fresh Anvil for the test, like the embedded chain; a missing binary fails with the `npm ci` hint."""
    try:
        with Anvil() as anvil:
            yield anvil
    except AnvilNotInstalled as missing:
        pytest.fail(str(missing), pytrace=False)


class Ledger:
    """What the program believes: the balances implied by the sends it saw succeed, and their receipts."""

    def __init__(self, d: Deployment, balances: dict[str, int]) -> None:
        self.d, self.balances, self.receipts = d, dict(balances), list[Receipt]()
        self._lock = threading.Lock()  # clients on threads book their transfers here

    def transfer(self, coin: Coin, sender: str, to: str, amount: int) -> Receipt:
        receipt = coin.transfer(self.d.cast[to], amount, by=self.d.cast[sender]).receipt
        with self._lock:
            self.balances[sender] -= amount
            self.balances[to] += amount
            self.receipts.append(receipt)
        return receipt

    def matches_node(self, url: str) -> None:
        """The node, read by a plain web3.py client, holds exactly this ledger."""
        w3 = Web3(HTTPProvider(url))
        coin = self.d.coin

        def read(function: str, *args: Any) -> int:
            data = coin.interface.encode_call(function, args)
            return int(coin.interface.decode_result(function, w3.eth.call({"to": coin.address, "data": data}))[0])

        on_node = {name: read("balanceOf", self.d.cast[name].address) for name in self.balances}
        assert on_node == self.balances
        assert read("totalSupply") == sum(on_node.values())
        for receipt in self.receipts:
            mined = w3.eth.get_transaction_receipt(receipt.tx_hash)  # type: ignore[arg-type]
            assert (mined["blockNumber"], mined["status"] == 1) == (receipt.block_number, receipt.succeeded)


def funded(chain: RpcChain, regime: Regime = Regime.REGULATOR_CONTROLLED) -> tuple[Deployment, Ledger]:
    d = deploy_coin(regime, holders=HOLDERS, chain=chain)
    d.coin.attest(coins(1_000_000), report="AUDIT-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(1_000_000), by=d.cast.regulator if regime is not Regime.ISSUER_CONTROLLED
                                else d.cast.issuer)
    for name in HOLDERS:
        d.coin.mint(d.cast[name], coins(1_000), by=d.cast.issuer)
    return d, Ledger(d, {name: coins(1_000) for name in HOLDERS})


def web3_client(url: str) -> Web3:
    return Web3(HTTPProvider(url))


def nonce_of(url: str, d: Deployment, name: str) -> int:
    return web3_client(url).eth.get_transaction_count(d.cast[name].address)  # type: ignore[arg-type]


def stall(node: Anvil) -> None:
    """Stop the node with SIGSTOP and wait until the kernel shows it stopped (signals arrive asynchronously)."""
    os.kill(node.pid, signal.SIGSTOP)
    tasks = Path(f"/proc/{node.pid}/task")  # every thread of it: a stop takes each one in turn
    for _ in range(500):
        states = {task.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0] for task in tasks.iterdir()}
        if states <= {"T", "t"}:
            return
        time.sleep(0.01)
    raise AssertionError(f"anvil {node.pid} did not stop within 5 s of SIGSTOP")


def before_sending(chain: RpcChain, action: Callable[[], object]) -> None:
    """Run `action` each time the chain hands a signed transaction to the node, just before it does."""
    send = chain.w3.eth.send_raw_transaction

    def wrapped(raw: Any) -> Any:
        action()
        return send(raw)

    chain.w3.eth.send_raw_transaction = wrapped  # type: ignore[method-assign]


def after_sending(chain: RpcChain, action: Callable[[], object]) -> None:
    """Run `action` right after the node took each signed transaction."""
    send = chain.w3.eth.send_raw_transaction

    def wrapped(raw: Any) -> Any:
        tx_hash = send(raw)
        action()
        return tx_hash

    chain.w3.eth.send_raw_transaction = wrapped  # type: ignore[method-assign]


# --- other clients ---------------------------------------------------------------------------------


def test_two_rpc_chains_and_a_web3_client_interleave_sends_on_one_node(node: Anvil) -> None:
    """Two RpcChains and a plain web3.py client share a node and accounts; every send lands exactly once."""
    first, second = RpcChain(node.url), RpcChain(node.url)
    d, ledger = funded(first)
    other = dataclasses.replace(d.coin, chain=second, listeners=[])
    w3 = web3_client(node.url)
    dev = w3.eth.accounts[0]
    ledger.transfer(d.coin, "alice", "bob", coins(1))
    ledger.transfer(other, "alice", "carol", coins(2))  # the same account, through the other chain
    w3.eth.send_transaction({"from": dev, "to": d.cast.alice.address, "value": 1})  # default fees: no tweaks
    ledger.transfer(other, "bob", "alice", coins(3))
    ledger.transfer(d.coin, "alice", "bob", coins(4))
    first.advance_time(DAY)  # both chains read the clock from the node
    assert second.now == first.now == w3.eth.get_block("pending")["timestamp"]
    ledger.transfer(other, "carol", "alice", coins(5))

    def pay(coin: Coin, amount: int) -> None:
        for _ in range(8):
            ledger.transfer(coin, "alice", "bob", amount)

    threads = [threading.Thread(target=pay, args=(coin, coins(1))) for coin in (d.coin, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(ledger.receipts) == 5 + 16
    assert nonce_of(node.url, d, "alice") == sum(r.sender == d.cast.alice.address for r in ledger.receipts) == 19
    ledger.matches_node(node.url)


def test_a_send_on_a_quiet_node_costs_four_requests(node: Anvil) -> None:
    """A transaction is the node's state (instance and head), its pending nonce, the send and the receipt."""
    chain = RpcChain(node.url)
    alice = chain.account("alice")
    chain.transact(alice, alice.address, b"")
    methods: list[str] = []
    provider: Any = chain.w3.provider
    post = provider._make_request  # every request, whether through web3's typed methods or not

    def counted(method: Any, data: bytes) -> Any:
        methods.append(method)
        return post(method, data)

    provider._make_request = counted
    chain.transact(alice, alice.address, b"")
    # A busy machine may need more than one receipt poll before the node has mined; nothing else is sent.
    assert methods[:3] == ["anvil_metadata", "eth_getTransactionCount", "eth_sendRawTransaction"]
    assert methods[3:] and set(methods[3:]) == {"eth_getTransactionReceipt"}, methods


def test_a_nonce_taken_every_time_raises_NonceConflict_and_sends_nothing(node: Anvil, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain that is handed a used nonce on every try says another client uses the account; nothing lands."""
    chain = RpcChain(node.url)
    d, ledger = funded(chain)
    sent = nonce_of(node.url, d, "alice")
    ledger.transfer(d.coin, "alice", "bob", coins(1))
    count = chain.w3.eth.get_transaction_count
    stale = lambda address, block: sent if block == "pending" else count(address, block)  # noqa: E731
    monkeypatch.setattr(chain.w3.eth, "get_transaction_count", stale)  # the pending nonce: always the used one
    with pytest.raises(NonceConflict, match="another client used account " + d.cast.alice.address):
        d.coin.transfer(d.cast.bob, coins(7), by=d.cast.alice)
    assert nonce_of(node.url, d, "alice") == sent + 1
    ledger.matches_node(node.url)


# --- the node's clock ------------------------------------------------------------------------------


def test_another_clients_evm_increaseTime_lets_a_freeze_lapse() -> None:
    """On a node with Anvil's own clock, RpcChain sets no timestamp rule and sees another client's time jump."""
    with Anvil(block_interval=0) as node:
        chain = RpcChain(node.url)
        d, ledger = funded(chain, Regime.DUE_PROCESS)
        d.coin.freeze(d.cast.alice, case="HK-1", by=d.cast.regulator)
        with pytest.raises(AccountFrozen):
            d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
        web3_client(node.url).provider.make_request("evm_increaseTime", [3 * DAY + 60])  # type: ignore[arg-type]
        assert chain.now >= d.coin.frozen_until(d.cast.alice)
        assert not d.coin.is_frozen(d.cast.alice)
        ledger.transfer(d.coin, "alice", "bob", coins(1))
        ledger.matches_node(node.url)


def test_another_clients_next_timestamp_is_the_chains_clock(node: Anvil) -> None:
    """On a node with 12-second blocks, a time set by another client is the time RpcChain reports and mines at."""
    chain = RpcChain(node.url)
    d, ledger = funded(chain)
    later = chain.now + 5 * DAY
    web3_client(node.url).provider.make_request("evm_setNextBlockTimestamp", [later])  # type: ignore[arg-type]
    assert chain.now == later
    assert ledger.transfer(d.coin, "alice", "bob", coins(1)).timestamp == later
    assert chain.now == later + 12
    ledger.matches_node(node.url)


# --- snapshots and restarts ------------------------------------------------------------------------


def test_an_external_revert_mid_scenario_raises_NodeReverted_and_sends_nothing(node: Anvil) -> None:
    """After another client reverts the node past the program's freeze, the next send raises NodeReverted,
    nothing is queued, and the program goes on from the node's state."""
    chain = RpcChain(node.url)
    d, ledger = funded(chain)
    w3 = web3_client(node.url)
    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]
    d.coin.freeze(d.cast.alice, case="HK-2", by=d.cast.regulator)
    chain.advance_time(DAY)
    assert w3.provider.make_request("evm_revert", [snapshot])["result"] is True  # type: ignore[arg-type]
    nonce = nonce_of(node.url, d, "regulator")
    with pytest.raises(NodeReverted, match="reverted to an earlier snapshot.*nothing was sent"):
        d.coin.unfreeze(d.cast.alice, case="HK-2", by=d.cast.regulator)
    assert nonce_of(node.url, d, "regulator") == nonce
    assert w3.provider.make_request("txpool_content", [])["result"] == {"pending": {}, "queued": {}}  # type: ignore[arg-type]
    assert not d.coin.is_frozen(d.cast.alice)  # the freeze is gone with the reverted block
    assert chain.now == w3.eth.get_block("pending")["timestamp"]  # the clock is the node's, not the advanced one
    ledger.transfer(d.coin, "alice", "bob", coins(3))  # told once; then sends go on
    ledger.matches_node(node.url)


def test_an_external_revert_under_the_chains_own_snapshot_raises_NodeReverted(node: Anvil) -> None:
    """Leaving a snapshot that another client reverted past raises NodeReverted instead of pretending."""
    chain = RpcChain(node.url)
    d, ledger = funded(chain)
    w3 = web3_client(node.url)
    outer = w3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]
    with pytest.raises(NodeReverted, match="snapshot"):
        with chain.snapshot():
            d.coin.transfer(d.cast.bob, coins(9), by=d.cast.alice)
            w3.provider.make_request("evm_revert", [outer])  # type: ignore[arg-type]
    ledger.transfer(d.coin, "alice", "bob", coins(1))
    ledger.matches_node(node.url)


def test_a_snapshot_that_would_undo_another_clients_transactions_is_not_reverted(node: Anvil) -> None:
    """Leaving chain.snapshot() after another client transacted raises ChainError and reverts nothing:
    neither that client's payment nor the program's is lost."""
    chain = RpcChain(node.url)
    d, ledger = funded(chain)
    w3 = web3_client(node.url)
    with pytest.raises(ChainError, match="would undo other clients' transactions.*the node was not reverted"):
        with chain.snapshot():
            ledger.transfer(d.coin, "alice", "bob", coins(2))
            sent = w3.eth.send_transaction({"from": w3.eth.accounts[0], "to": w3.eth.accounts[0], "value": 1})
            w3.eth.wait_for_transaction_receipt(sent, timeout=30)  # mined inside the window, however busy the machine
    assert w3.eth.get_transaction_count(w3.eth.accounts[0]) == 1
    ledger.matches_node(node.url)  # the program's transfer inside the snapshot stayed, and it was told


def test_a_node_killed_and_restarted_mid_run_raises_NodeRestarted(node: Anvil) -> None:
    """Anvil killed and started again on the same port (same genesis) is noticed before the next send."""
    chain = RpcChain(node.url)
    d, _ = funded(chain)
    coin_address = d.coin.address
    node.restart(kill=True)
    with pytest.raises(NodeRestarted, match="the node restarted"):
        d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
    assert chain.code_at(coin_address) == b""  # the coin this program saw is gone, and it was told so
    again, ledger = funded(chain)  # then the chain works on the new node
    ledger.transfer(again.coin, "alice", "bob", coins(2))
    ledger.matches_node(node.url)


def test_a_node_restarted_with_another_chain_id_raises_NodeRestarted() -> None:
    """A node that comes back with another chain id is a restart too, and the chain signs for the new id."""
    with Anvil() as node:
        chain = RpcChain(node.url)
        d, _ = funded(chain)
        node.stop()
        with Anvil(port=node.port, chain_id=4242):
            with pytest.raises(NodeRestarted):
                d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
            assert chain.chain_id == 4242
            again, ledger = funded(chain)
            ledger.transfer(again.coin, "alice", "bob", coins(2))
            ledger.matches_node(node.url)


# --- slow nodes and lost transactions --------------------------------------------------------------


def test_a_node_stalled_before_a_send_raises_NodeUnreachable_and_sends_nothing(node: Anvil) -> None:
    """A node stopped with SIGSTOP fails the next send in one line before anything is sent; after SIGCONT
    the chain goes on."""
    chain = RpcChain(node.url, timeout=1)
    d, ledger = funded(chain)
    nonce = nonce_of(node.url, d, "alice")
    stall(node)
    try:
        with pytest.raises(NodeUnreachable, match="did not answer"):
            d.coin.transfer(d.cast.bob, coins(5), by=d.cast.alice)
    finally:
        os.kill(node.pid, signal.SIGCONT)
    assert nonce_of(node.url, d, "alice") == nonce
    ledger.transfer(d.coin, "alice", "bob", coins(1))
    ledger.matches_node(node.url)


def test_a_node_stalled_as_a_transaction_arrives_makes_it_pending_until_settled(node: Anvil) -> None:
    """A send the node took while stalled raises TransactionTimedOut as pending; the account sends nothing
    else until settle() finds the outcome, and the ledger then agrees with that outcome."""
    chain = RpcChain(node.url, timeout=1)
    d, ledger = funded(chain)
    before_sending(chain, lambda: stall(node))
    with pytest.raises(TransactionTimedOut, match="still pending") as timed_out:
        d.coin.transfer(d.cast.bob, coins(5), by=d.cast.alice)
    del chain.w3.eth.send_raw_transaction  # the wrapper goes: back to web3's own method
    pending = timed_out.value
    assert pending.outcome == "pending" and chain.outcomes[pending.tx_hash] == "pending"
    assert chain.settle() == {pending.tx_hash: "pending"}  # still stalled: nothing known, nothing sent
    os.kill(node.pid, signal.SIGCONT)
    outcome = chain.settle()[pending.tx_hash]
    assert outcome in ("mined", "cancelled", "dropped") and chain.outcomes[pending.tx_hash] == outcome
    if outcome == "mined":  # the node had the request in its socket: it mined it on waking
        ledger.balances["alice"] -= coins(5)
        ledger.balances["bob"] += coins(5)
    ledger.transfer(d.coin, "alice", "bob", coins(1))
    ledger.matches_node(node.url)


def test_a_send_from_an_account_with_a_pending_transaction_is_refused(node: Anvil) -> None:
    """While an earlier send of an account is unsettled and the node is silent, its next send raises and sends nothing."""
    chain = RpcChain(node.url, timeout=1)
    d, ledger = funded(chain)
    before_sending(chain, lambda: stall(node))
    with pytest.raises(TransactionTimedOut):
        d.coin.transfer(d.cast.bob, coins(5), by=d.cast.alice)
    del chain.w3.eth.send_raw_transaction
    try:
        with pytest.raises((TransactionTimedOut, NodeUnreachable)):
            d.coin.transfer(d.cast.bob, coins(6), by=d.cast.alice)
    finally:
        os.kill(node.pid, signal.SIGCONT)
    outcomes = chain.settle()
    if list(outcomes.values()) == ["mined"]:
        ledger.balances["alice"] -= coins(5)
        ledger.balances["bob"] += coins(5)
    ledger.matches_node(node.url)


def test_a_transaction_dropped_from_the_pool_is_cancelled_at_its_nonce_and_never_takes_effect(node: Anvil) -> None:
    """A send the node drops before mining raises TransactionTimedOut("cancelled"): a no-op took its nonce,
    so neither later blocks nor later sends from the same account can apply it."""
    chain = RpcChain(node.url, timeout=1)
    d, ledger = funded(chain)
    w3 = web3_client(node.url)
    nonce = nonce_of(node.url, d, "alice")
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]  # another client's choice

    def drop_then_mine_again() -> None:
        w3.provider.make_request("anvil_dropAllTransactions", [])  # type: ignore[arg-type]
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]

    after_sending(chain, drop_then_mine_again)
    with pytest.raises(TransactionTimedOut, match=f"was cancelled \\(a no-op took its nonce {nonce}\\)") as lost:
        d.coin.transfer(d.cast.bob, coins(5), by=d.cast.alice)
    del chain.w3.eth.send_raw_transaction  # the wrapper goes: back to web3's own method
    assert lost.value.outcome == chain.outcomes[lost.value.tx_hash] == "cancelled"
    assert nonce_of(node.url, d, "alice") == nonce + 1  # the no-op
    ledger.transfer(d.coin, "alice", "carol", coins(1))
    with pytest.raises(TransactionNotFound):
        w3.eth.get_transaction_receipt(lost.value.tx_hash)  # type: ignore[arg-type]
    ledger.matches_node(node.url)


def test_a_dropped_transaction_whose_nonce_another_client_used_is_reported_dropped(node: Anvil) -> None:
    """When another client's transaction from the same account takes a dropped send's nonce, the send is
    "dropped"; the ledger holds the other client's payment and not the program's."""
    chain = RpcChain(node.url, timeout=1)
    d, ledger = funded(chain)
    w3 = web3_client(node.url)
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    alice = d.cast.alice.account
    nonce = nonce_of(node.url, d, "alice")

    def another_client_pays_from_alice() -> None:
        w3.provider.make_request("anvil_dropAllTransactions", [])  # type: ignore[arg-type]
        call = d.coin.interface.encode_call("transfer", (d.cast.carol.address, coins(2)))
        tx = {"nonce": nonce, "to": d.coin.address, "data": call, "gas": 200_000, "gasPrice": w3.eth.gas_price,
              "chainId": w3.eth.chain_id, "value": 0}
        w3.eth.send_raw_transaction(w3.eth.account.sign_transaction(tx, alice.key).raw_transaction)
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]

    after_sending(chain, another_client_pays_from_alice)
    with pytest.raises(TransactionTimedOut, match=f"was dropped: another transaction took its nonce {nonce}") as lost:
        d.coin.transfer(d.cast.bob, coins(5), by=d.cast.alice)
    del chain.w3.eth.send_raw_transaction
    assert lost.value.outcome == "dropped"
    ledger.balances["alice"] -= coins(2)  # the other client's payment, which the program did not send
    ledger.balances["carol"] += coins(2)
    ledger.transfer(d.coin, "alice", "bob", coins(1))
    ledger.matches_node(node.url)


def test_a_transaction_nobody_mines_is_cancelled_by_a_no_op(node: Anvil) -> None:
    """Without a receipt in time the send is replaced at its nonce by a no-op; once mined, settle() says
    "cancelled" and the transfer never happened."""
    chain = RpcChain(node.url, timeout=1)
    d, ledger = funded(chain)
    w3 = web3_client(node.url)
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    with pytest.raises(TransactionTimedOut, match="still pending") as timed_out:
        d.coin.transfer(d.cast.bob, coins(5), by=d.cast.alice)
    tx_hash = timed_out.value.tx_hash
    pool = w3.provider.make_request("txpool_content", [])["result"]["pending"]  # type: ignore[arg-type]
    (replacement,) = pool[d.cast.alice.address.lower()].values()
    assert replacement["to"] == d.cast.alice.address.lower() and replacement["input"] == "0x"  # the no-op
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]
    assert chain.settle() == {tx_hash: "cancelled"}
    ledger.transfer(d.coin, "alice", "carol", coins(1))
    assert w3.eth.get_transaction_receipt(replacement["hash"])["status"] == 1  # type: ignore[arg-type]
    ledger.matches_node(node.url)
