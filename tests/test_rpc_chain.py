"""The library on a JSON-RPC node: every call of the Coin facade against a local Anvil from npm.

One Anvil process serves the module (started by `coinage.chain.node.start_anvil`, stopped at the
end). As in conftest, one funded coin per regime is deployed on first use and every test runs
inside ``chain.snapshot()``, here `evm_snapshot`/`evm_revert`. Anvil missing is a failure that says
to run ``npm ci``, never a skip.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from web3 import HTTPProvider, Web3

from coinage import (
    AccountFrozen,
    Deployment,
    ERC2612InvalidSigner,
    Power,
    Regime,
    UnknownRedemption,
    WrongContractForRegime,
    coins,
    deploy_coin,
    parse_regime,
)
from coinage.chain import EmbeddedChain
from coinage.chain.embedded import GENESIS_TIME
from coinage.chain.node import AnvilNotInstalled, find_anvil, start_anvil
from coinage.chain.rpc import BLOCK_TIME, RpcChain
from coinage.contracts import deploy_artifact
from coinage.deploy import DAY
from coinage.errors import ChainError, NodeUnreachable

HOLDERS = ("alice", "bob", "carol", "dave")
FUNDING = {"alice": coins(1_000), "bob": coins(500), "carol": coins(250)}
DEAD_URL = "http://127.0.0.1:9"


@contextmanager
def anvil(**options: object) -> Iterator[str]:
    """An Anvil node for the block; a missing binary fails the test with the `npm ci` hint."""
    try:
        with start_anvil(**options) as url:  # type: ignore[arg-type]
            yield url
    except AnvilNotInstalled as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="module")
def chain() -> Iterator[RpcChain]:
    """One Anvil node for the whole module, started like the embedded chain, stopped at the end."""
    with anvil() as url:
        yield RpcChain(url)


def authority(d: Deployment, power: Power) -> str:
    return d.cast.name_of(d.coin.authority_for(power))


def build_funded(chain: RpcChain, regime: Regime) -> Deployment:
    d = deploy_coin(regime, holders=HOLDERS, chain=chain)
    d.coin.attest(coins(1_000_000), report="AUDIT-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(100_000), by=authority(d, Power.CONFIGURE_MINTER))
    for name, amount in FUNDING.items():
        d.coin.mint(d.cast[name], amount, by=d.cast.issuer)
    return d


@pytest.fixture(scope="module")
def funded_coins() -> dict[Regime, Deployment]:
    """One funded deployment per regime on the module's node, built on first use."""
    return {}


@pytest.fixture
def deployment(chain: RpcChain, funded_coins: dict[Regime, Deployment]) -> Iterator[Callable[..., Deployment]]:
    """Factory: the module's funded coin for a regime, inside a snapshot undone after the test."""
    with ExitStack() as stack:

        def get(regime: Regime | str = Regime.REGULATOR_CONTROLLED) -> Deployment:
            regime = parse_regime(regime)
            if regime not in funded_coins:
                funded_coins[regime] = build_funded(chain, regime)
            return stack.enter_context(funded_coins[regime].snapshot())

        yield get


# --- the facade ----------------------------------------------------------------------------------


def test_deploy_on_a_node_reads_back_the_regime_roles_and_configuration(deployment: Callable[..., Deployment]) -> None:
    """A coin deployed through RpcChain reads back its regime, names, role holders and periods."""
    d = deployment(Regime.DUE_PROCESS)
    coin, cast = d.coin, d.cast
    assert coin.regime() is Regime.DUE_PROCESS
    assert (coin.name(), coin.symbol(), coin.decimals()) == ("Coinage Hong Kong Dollar", "cHKD", 6)
    assert coin.authority_for(Power.FREEZE) == cast.regulator.address
    assert coin.authority_for(Power.CONFIRM_FREEZE) == cast.court.address
    assert coin.periods() == (3 * DAY, 7 * DAY)
    assert coin.total_supply() == sum(FUNDING.values())
    assert d.chain.code_at(coin.address)  # type: ignore[attr-defined]
    assert d.timeline.entries[0].action == "deploy"


def test_mint_and_transfer_move_balances_and_emit_decoded_events(deployment: Callable[..., Deployment]) -> None:
    """Minting and transferring on the node change balances and return the decoded Transfer events."""
    d = deployment()
    coin, cast = d.coin, d.cast
    minted = coin.mint(cast.dave, coins(40), by=cast.issuer)
    assert [(e.name, dict(e.args)) for e in minted.events] == [
        ("Transfer", {"from": "0x" + "00" * 20, "to": cast.dave.address, "value": coins(40)})
    ]
    sent = coin.transfer(cast.bob, coins(15), by=cast.dave)
    assert sent.receipt.succeeded and sent.gas_used > 21_000
    assert coin.balance_of(cast.dave) == coins(25)
    assert coin.balance_of(cast.bob) == FUNDING["bob"] + coins(15)
    assert d.timeline.entries[-1].action == "transfer" and d.timeline.entries[-1].outcome == "ok"


def test_a_frozen_account_is_refused_as_AccountFrozen_with_names(deployment: Callable[..., Deployment]) -> None:
    """A transfer from a frozen account raises AccountFrozen, printed with names, and changes nothing."""
    d = deployment()
    coin, cast = d.coin, d.cast
    coin.freeze(cast.alice, case="HK-2025-017", by=cast.regulator)
    assert coin.is_frozen(cast.alice)
    before = (coin.balance_of(cast.alice), coin.balance_of(cast.bob))
    with pytest.raises(AccountFrozen) as refused:
        coin.transfer(cast.bob, coins(10), by=cast.alice)
    assert str(refused.value) == "AccountFrozen(account=alice, until=until lifted)"
    assert refused.value.receipt.revert_data  # type: ignore[attr-defined]  # recovered by replaying the call
    assert (coin.balance_of(cast.alice), coin.balance_of(cast.bob)) == before
    assert d.timeline.entries[-1].outcome == "AccountFrozen"


def test_a_refused_read_is_decoded_from_the_call_error(deployment: Callable[..., Deployment]) -> None:
    """A view that reverts on the node (eth_call error data) raises the rule it broke."""
    d = deployment()
    with pytest.raises(UnknownRedemption):
        d.coin.redemption(99)


def test_a_refused_deployment_is_decoded_by_replaying_the_creation(chain: RpcChain) -> None:
    """A constructor that reverts raises its named rule (the creation is replayed with eth_call)."""
    with chain.snapshot():
        cast = deploy_coin(Regime.REGULATOR_CONTROLLED, holders=("alice",), chain=chain).cast
        config = ("X", "X", int(Regime.SOVEREIGN), cast.central_bank.address, cast.regulator.address,
                  cast.court.address, cast.issuer.address, cast.attestor.address, DAY, DAY)
        with pytest.raises(WrongContractForRegime) as refused:
            deploy_artifact(chain, "Coinage", (config,), sender=cast.issuer.account, names=cast.names)
        assert str(refused.value) == "WrongContractForRegime(regime=SOVEREIGN)"


def test_snapshot_undoes_transactions_and_the_node_gives_the_nonces_again(deployment: Callable[..., Deployment]) -> None:
    """Leaving a snapshot (nested too) restores balances, time and nonces, and sending goes on working."""
    d = deployment()
    coin, cast, chain = d.coin, d.cast, d.chain
    start = (coin.balance_of(cast.alice), chain.now, chain.block_number)
    with chain.snapshot():
        coin.transfer(cast.bob, coins(1), by=cast.alice)
        with chain.snapshot():
            chain.advance_time(DAY)
            coin.transfer(cast.bob, coins(2), by=cast.alice)
        assert coin.balance_of(cast.alice) == start[0] - coins(1)
    assert (coin.balance_of(cast.alice), chain.now, chain.block_number) == start
    again = coin.transfer(cast.bob, coins(3), by=cast.alice)  # the reverted nonces are reused
    assert (again.receipt.block_number, again.receipt.timestamp) == start[1:][::-1]


def test_advance_time_lets_a_provisional_freeze_lapse(deployment: Callable[..., Deployment]) -> None:
    """Under due process, moving the node's clock past the provisional period unfreezes the account."""
    d = deployment(Regime.DUE_PROCESS)
    coin, cast, chain = d.coin, d.cast, d.chain
    coin.freeze(cast.alice, case="HK-1", by=cast.regulator)
    until = coin.frozen_until(cast.alice)
    assert coin.is_frozen(cast.alice) and until == chain.now - BLOCK_TIME + 3 * DAY
    with pytest.raises(AccountFrozen):
        coin.transfer(cast.bob, coins(1), by=cast.alice)
    chain.advance_time(3 * DAY)
    assert chain.now > until
    assert not coin.is_frozen(cast.alice)  # reads see the next block's time, as on the embedded chain
    sent = coin.transfer(cast.bob, coins(1), by=cast.alice)
    assert sent.receipt.timestamp > until


@pytest.mark.parametrize(("seconds", "error"), [(1.5, TypeError), ("5", TypeError), (-1, ValueError), (True, TypeError)])
def test_advance_time_refuses_bad_durations(chain: RpcChain, seconds: object, error: type[Exception]) -> None:
    """advance_time on a node takes whole non-negative seconds, as on the embedded chain; the clock stays put."""
    now = chain.now
    with pytest.raises(error):
        chain.advance_time(seconds)  # type: ignore[arg-type]
    assert chain.now == now


def test_permit_is_signed_with_the_node_chain_id(deployment: Callable[..., Deployment]) -> None:
    """Permits sign with the node's chain id (Anvil's 31337); one signed for another chain is refused."""
    d = deployment()
    coin, cast, chain = d.coin, d.cast, d.chain
    assert chain.chain_id == 31337 != EmbeddedChain().chain_id
    deadline = chain.now + DAY
    wrong = coin.sign_permit(cast.alice, cast.carol, coins(5), deadline=deadline, chain_id=EmbeddedChain().chain_id)
    with pytest.raises(ERC2612InvalidSigner):
        coin.permit(cast.alice, cast.carol, coins(5), deadline=deadline, signature=wrong, by=cast.carol)
    signature = coin.sign_permit(cast.alice, cast.carol, coins(5), deadline=deadline)
    coin.permit(cast.alice, cast.carol, coins(5), deadline=deadline, signature=signature, by=cast.carol)
    assert coin.allowance(cast.alice, cast.carol) == coins(5) and coin.nonces(cast.alice) == 1
    coin.transfer_from(cast.alice, cast.dave, coins(5), by=cast.carol)
    assert coin.balance_of(cast.dave) == coins(5)


def test_batch_mines_its_transactions_in_one_block(deployment: Callable[..., Deployment]) -> None:
    """Inside batch() transactions share one block; reads and refusals see the batch so far."""
    d = deployment()
    coin, cast, chain = d.coin, d.cast, d.chain
    block, now = chain.block_number, chain.now
    with chain.batch():
        first = coin.freeze(cast.alice, case="B-1", by=cast.regulator)
        second = coin.freeze(cast.bob, case="B-1", by=cast.regulator)
        assert coin.is_frozen(cast.alice) and coin.is_frozen(cast.bob)
        with pytest.raises(AccountFrozen):
            coin.transfer(cast.carol, coins(1), by=cast.alice)
    assert {first.receipt.block_number, second.receipt.block_number} == {block}
    assert first.receipt.timestamp == second.receipt.timestamp == now
    assert [e.block for e in d.timeline.entries[-3:]] == [block] * 3
    assert chain.block_number == block + 1 and chain.now == now + BLOCK_TIME
    assert coin.is_frozen(cast.alice) and coin.is_frozen(cast.bob)


def test_blocks_are_twelve_seconds_apart_from_the_embedded_genesis(chain: RpcChain) -> None:
    """The node's blocks follow the embedded chain's clock: genesis time, then 12 s per block."""
    assert chain.w3.eth.get_block(0)["timestamp"] == GENESIS_TIME
    with chain.snapshot():
        alice = chain.account("alice")
        expected = [(chain.block_number + i, chain.now + BLOCK_TIME * i) for i in range(3)]
        got = [chain.transact(alice, alice.address, b"") for _ in range(3)]
        assert [(r.block_number, r.timestamp) for r in got] == expected
        assert all(r.succeeded and r.gas_used == 21_000 for r in got)
    assert "anvil" in chain.describe() and "31337" in chain.describe()


# --- nodes that are not there, or not set up like ours -------------------------------------------


def test_an_unreachable_url_raises_NodeUnreachable_in_one_line() -> None:
    """A URL where no node listens raises NodeUnreachable at once, one line, with no chained cause."""
    with pytest.raises(NodeUnreachable) as unreachable:
        deploy_coin(chain=RpcChain(DEAD_URL, timeout=2))
    message = str(unreachable.value)
    assert message == f"no JSON-RPC node answers at {DEAD_URL} (connection refused)"
    assert unreachable.value.__cause__ is None and unreachable.value.__suppress_context__
    script = f"from coinage.chain.rpc import RpcChain\ntry:\n RpcChain({DEAD_URL!r})\nexcept Exception as e:\n print(e)"
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert printed.stdout.strip().splitlines() == [message] and not printed.stderr


def test_a_node_that_goes_away_raises_NodeUnreachable() -> None:
    """Once the node has stopped, the next request raises NodeUnreachable rather than a socket error."""
    with anvil() as url:
        gone = RpcChain(url)
        alice = gone.account("alice")
    with pytest.raises(NodeUnreachable, match="no JSON-RPC node answers at"):
        gone.transact(alice, alice.address, b"")


def test_derived_accounts_are_funded_on_a_node_that_charges_for_gas() -> None:
    """On a default Anvil (base fee, current time) derived accounts get ether on first use and can transact."""
    with anvil(deterministic=False) as url:
        chain = RpcChain(url)
        assert chain.gas_price > 0
        d = deploy_coin(Regime.ISSUER_CONTROLLED, holders=("alice", "bob"), chain=chain)
        d.coin.attest(coins(1_000), report="A-1", by=d.cast.attestor)
        d.coin.set_minter_allowance(coins(1_000), by=d.cast.issuer)
        d.coin.mint(d.cast.alice, coins(10), by=d.cast.issuer)
        d.coin.transfer(d.cast.bob, coins(4), by=d.cast.alice)
        assert d.coin.balance_of(d.cast.bob) == coins(4)
        paid = chain.balance_of(d.cast.alice.address)
        assert 0 < paid < 10**24  # funded, then charged for gas


def test_start_anvil_takes_its_settings_as_keywords() -> None:
    """`accounts=`, `chain_id=` and the rest reach Anvil once each, over the deterministic defaults."""
    with anvil(accounts=3, chain_id=777, balance=5) as url:
        w3 = Web3(HTTPProvider(url))
        assert len(w3.eth.accounts) == 3 and w3.eth.chain_id == 777
        assert w3.eth.get_balance(w3.eth.accounts[2]) == 5 * 10**18
        assert w3.eth.get_block(0)["timestamp"] == GENESIS_TIME  # the other defaults stay


def test_a_plain_web3_client_sends_on_the_default_node_without_fee_tweaks() -> None:
    """On start_anvil()'s default node, web3.py's own fee defaults are accepted, and RpcChain still mines
    12-second blocks from the embedded genesis."""
    with anvil() as url:
        w3 = Web3(HTTPProvider(url))
        sent = w3.eth.send_transaction({"from": w3.eth.accounts[0], "to": w3.eth.accounts[0], "value": 1})
        mined = w3.eth.wait_for_transaction_receipt(sent, timeout=10)
        assert mined["status"] == 1 and w3.eth.get_block(1)["timestamp"] == GENESIS_TIME + BLOCK_TIME


@pytest.mark.parametrize(("options", "error", "says"), [
    ({"extra_args": ["--accounts", "3"]}, ValueError, "pass accounts= to start_anvil instead"),
    ({"extra_args": ["--port=9"]}, ValueError, "repeats --port"),
    ({"acounts": 3}, TypeError, "no setting acounts"),
])
def test_start_anvil_refuses_a_flag_twice_or_an_unknown_setting(options: dict[str, object], error: type[Exception],
                                                                says: str) -> None:
    """A flag start_anvil sets itself, given again in extra_args, fails before Anvil starts, naming the keyword."""
    with pytest.raises(error, match=says):
        with start_anvil(**options):  # type: ignore[arg-type]
            pass


def test_a_missing_anvil_says_to_run_npm_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the npm package, finding Anvil fails with a one-line error naming `npm ci`."""
    monkeypatch.delenv("COINAGE_ANVIL", raising=False)
    with pytest.raises(AnvilNotInstalled, match=r"run `npm ci`") as missing:
        find_anvil([tmp_path])
    assert isinstance(missing.value, ChainError) and "\n" not in str(missing.value)


def test_node_errors_are_classified_by_their_code_and_data_not_their_wording() -> None:
    """A revert is code 3 with its data, a halt one of the halting codes, a refused send -32000 or -32003; the words do not count."""
    from coinage.chain._rpc_transport import RpcError

    revert = RpcError("eth_call", 3, "whatever the client says", "0x08c379a0")
    assert revert.reverted and revert.revert_data == bytes.fromhex("08c379a0")
    assert RpcError("eth_call", -32603, "EVM error OutOfGas", None).reverted  # Anvil's halt
    assert RpcError("eth_call", 3, "execution reverted", {"data": "0x01"}).revert_data == b"\x01"  # nested data
    assert not RpcError("eth_call", -32602, "execution reverted: out of gas, invalid opcode", None).reverted
    assert RpcError("eth_sendRawTransaction", -32003, "nonce too low", None).rejected
    assert not RpcError("eth_sendRawTransaction", -32601, "nonce too low; fee too low", None).rejected
