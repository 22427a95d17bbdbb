"""web3.py over the embedded chain: the coin driven with plain web3.py idioms, on every engine.

Each test deploys with `deploy_coin` and then uses only `deployment.w3` and web3.py's own API,
apart from the assertion that the facade sees what web3 did.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from web3.exceptions import ContractCustomError, Web3RPCError

from coinage.chain import ENGINES, make_chain, web3_for
from coinage.compiler import load_artifact
from coinage.deploy import Deployment, deploy_coin
from coinage.enums import Regime
from coinage.errors import ERC20InsufficientBalance
from coinage.units import coins

from conftest import MINTER_ALLOWANCE, RESERVES, REPORT

AMOUNT = coins(100)
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module", params=ENGINES)
def funded(request: pytest.FixtureRequest) -> Deployment:
    """A regulator-controlled coin on one engine, alice holding 100 coins."""
    d = deploy_coin(Regime.REGULATOR_CONTROLLED, engine=request.param)
    d.coin.attest(RESERVES, report=REPORT, by=d.cast.attestor)
    d.coin.set_minter_allowance(MINTER_ALLOWANCE, by=d.cast.regulator)
    d.coin.mint(d.cast.alice, AMOUNT, by=d.cast.issuer)
    return d


@pytest.fixture
def d(funded: Deployment) -> Iterator[Deployment]:
    """The funded coin; everything a test does is undone afterwards."""
    with funded.chain.snapshot():
        yield funded


def test_transfer_through_web3_is_seen_by_the_facade(d: Deployment) -> None:
    """A transfer sent with contract.functions.transfer(...).transact() moves the facade's balances at once."""
    w3, alice, bob = d.w3, d.cast.alice.address, d.cast.bob.address
    token = w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    tx_hash = token.functions.transfer(bob, coins(30)).transact({"from": alice})
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
    assert receipt.status == 1
    assert d.coin.balance_of(d.cast.bob) == coins(30)
    assert token.functions.balanceOf(alice).call() == coins(70)
    (event,) = token.events.Transfer().process_receipt(receipt)
    assert dict(event.args) == {"from": alice, "to": bob, "value": coins(30)}


def test_facade_transactions_appear_in_web3_blocks_receipts_and_logs(d: Deployment) -> None:
    """What the facade sends is in web3's latest block, its receipt, and get_logs filtered by topic."""
    w3 = d.w3
    token = w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    sent = d.coin.transfer(d.cast.carol, coins(5), by=d.cast.alice)
    block = w3.eth.get_block("latest")
    assert block.number == sent.receipt.block_number
    assert block.transactions == [sent.receipt.tx_hash]
    assert block.timestamp == sent.receipt.timestamp
    receipt = w3.eth.get_transaction_receipt(sent.receipt.tx_hash)
    assert receipt.gasUsed == sent.gas_used
    to_carol = token.events.Transfer().get_logs(from_block=0, argument_filters={"to": d.cast.carol.address})
    assert [log.args.value for log in to_carol] == [coins(5)]
    minted = w3.eth.get_logs({"fromBlock": 0, "toBlock": "latest", "address": d.coin.address,
                              "topics": [token.events.Transfer().topic, "0x" + "00" * 32]})
    assert len(minted) == 1  # the mint: a transfer from the zero address
    assert w3.eth.get_logs({"fromBlock": block.number + 1, "address": d.coin.address}) == []


def test_refusal_is_a_contract_custom_error_that_the_coin_names(d: Deployment) -> None:
    """An overdraft through web3 raises ContractCustomError; the coin decodes it to ERC20InsufficientBalance."""
    token = d.w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    with pytest.raises(ContractCustomError) as raised:
        token.functions.transfer(d.cast.bob.address, AMOUNT + 1).transact({"from": d.cast.alice.address})
    assert raised.value.data.startswith("0xe450d38c")  # ERC20InsufficientBalance(address,uint256,uint256)
    error = d.coin.decode_error(raised.value)
    assert isinstance(error, ERC20InsufficientBalance)
    assert (error.balance, error.needed) == (AMOUNT, AMOUNT + 1)
    assert d.coin.balance_of(d.cast.alice) == AMOUNT


def test_estimate_gas_is_the_least_that_succeeds(d: Deployment) -> None:
    """estimate_gas gives a limit the transfer succeeds with, and one unit less makes it run out of gas."""
    token = d.w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    transfer = token.functions.transfer(d.cast.bob.address, AMOUNT)  # empties alice: a refund
    estimate = transfer.estimate_gas({"from": d.cast.alice.address})
    sid = d.w3.testing.snapshot()
    short = d.w3.eth.get_transaction_receipt(transfer.transact({"from": d.cast.alice.address, "gas": estimate - 1}))
    assert short.status == 0
    d.w3.testing.revert(sid)
    enough = d.w3.eth.get_transaction_receipt(transfer.transact({"from": d.cast.alice.address, "gas": estimate}))
    assert enough.status == 1
    assert enough.gasUsed < estimate  # the refund for emptying a balance is paid after execution


def test_testing_snapshot_revert_and_mine(d: Deployment) -> None:
    """w3.testing.revert() undoes a transfer for the facade too; mine() seals empty blocks."""
    w3 = d.w3
    token = w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    before = w3.eth.block_number
    sid = w3.testing.snapshot()
    token.functions.transfer(d.cast.bob.address, coins(1)).transact({"from": d.cast.alice.address})
    assert d.coin.balance_of(d.cast.bob) == coins(1)
    w3.testing.revert(sid)
    assert d.coin.balance_of(d.cast.bob) == 0
    assert w3.eth.block_number == before
    with pytest.raises(Web3RPCError, match="can be reverted to once"):
        w3.testing.revert(sid)
    w3.testing.mine(2)
    assert w3.eth.block_number == before + 2
    assert w3.eth.get_block("latest").transactions == []


def test_unknown_sender_and_ether_not_held_are_refused_in_one_line(d: Deployment) -> None:
    """A sender the chain holds no key for, or a transaction carrying more ether than its sender holds, gets a plain one-line error."""
    token = d.w3.eth.contract(d.coin.address, abi=d.coin.interface.abi)
    stranger = make_chain().account("stranger").address
    with pytest.raises(Web3RPCError, match="not an account of this chain"):
        token.functions.transfer(d.cast.bob.address, 1).transact({"from": stranger, "gas": 100_000})
    with pytest.raises(Web3RPCError, match="refused the transaction") as refused:
        d.w3.eth.send_transaction({"from": d.cast.alice.address, "to": d.cast.bob.address, "value": 1, "gas": 21_000})
    assert "\n" not in str(refused.value.rpc_response["error"]["message"])  # type: ignore[index]
    assert d.w3.eth.get_balance(d.cast.bob.address) == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_deploy_through_web3(engine: str) -> None:
    """A contract deployed with w3.eth.contract(abi, bytecode).constructor().transact() has code and a receipt address."""
    chain = make_chain(engine)
    deployer = chain.account("deployer")
    w3 = web3_for(chain, [deployer])
    artifact = load_artifact("PlainERC20")
    factory = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    tx_hash = factory.constructor([deployer.address], 10**6).transact({"from": deployer.address})
    receipt = w3.eth.get_transaction_receipt(tx_hash)
    assert receipt.contractAddress is not None
    assert w3.eth.get_code(receipt.contractAddress) == artifact.deployed_bytecode
    token = w3.eth.contract(receipt.contractAddress, abi=artifact.abi)
    assert token.functions.balanceOf(deployer.address).call() == 10**6


def test_readme_web3_example() -> None:
    """The README's "From web3.py" example runs as written: web3's transfer, its refusal by name, and the synced timeline."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## From web3\.py[ \t]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section is not None, "README.md has no '## From web3.py' section"
    block = re.search(r"```python\n(.*?)```", section.group(1), re.S)
    assert block is not None
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(block.group(1), str(README), "exec"), {"__name__": "__readme__"})
    lines = output.getvalue().splitlines()
    assert lines[0] == f"{coins(30)} {coins(30)}"
    assert lines[1].startswith("refused: ERC20InsufficientBalance(sender=alice")
    assert lines[2] == "transfer"
