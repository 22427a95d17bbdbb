"""Choosing the engine, the fork both engines run, and what the revm engine must get right on its own."""

from __future__ import annotations

import importlib
import json
import logging
import sys

import pytest

from coinage import AccountFrozen, UnknownName, coins, deploy_coin
from coinage.chain import DEFAULT_ENGINE, ENGINES, FORK, CallReverted, EmbeddedChain, make_chain
from coinage.chain import engines as engines_module
from coinage.chain._revm import RevmChain
from coinage.chain._rules import CHAIN_ID
from coinage.cli import main
from coinage.compiler import EVM_VERSION, load_artifact
from coinage.errors import TransactionRefused


def test_engines_are_named_and_revm_is_the_default() -> None:
    """`make_chain` builds each engine by name; the default is revm, and an unknown name is refused in one line."""
    assert ENGINES == ("revm", "py-evm") and DEFAULT_ENGINE == "revm"
    assert isinstance(make_chain(), RevmChain)
    assert isinstance(make_chain("revm"), RevmChain)
    assert isinstance(make_chain("py-evm"), EmbeddedChain)
    with pytest.raises(UnknownName, match="unknown engine 'evmone'; choose one of: revm, py-evm"):
        make_chain("evmone")


def test_both_engines_and_the_compiler_use_one_fork() -> None:
    """Contracts are compiled for the fork both engines run, and each chain says which it is."""
    assert FORK == EVM_VERSION == "cancun"
    assert make_chain("revm").describe() == "embedded revm chain (Cancun)"
    assert make_chain("py-evm").describe() == "embedded py-evm chain (Cancun)"
    assert EmbeddedChain().chain_id == RevmChain().chain_id == CHAIN_ID


def test_without_pyrevm_the_revm_engine_falls_back_to_py_evm_with_one_notice(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Where pyrevm cannot be imported, "revm" gives the py-evm chain and says so once, in one line."""
    monkeypatch.setitem(sys.modules, "pyrevm", None)  # import pyrevm now raises ImportError
    monkeypatch.delitem(sys.modules, "coinage.chain._revm")
    importlib.import_module("coinage.chain._revm")  # as on a machine with no wheel; make_chain imports it so
    monkeypatch.setattr(engines_module, "_fallback_noticed", False)
    with caplog.at_level(logging.WARNING, logger="coinage"):
        first, second = make_chain("revm"), make_chain()
    assert isinstance(first, EmbeddedChain) and isinstance(second, EmbeddedChain)
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "\n" not in message and message.startswith("coinage: the revm engine is unavailable")


def test_storage_is_cold_again_in_every_transaction() -> None:
    """Repeated transfers cost the same gas each time on revm: the journal starts fresh per transaction."""
    gas = {}
    for engine in ENGINES:
        d = deploy_coin("regulator-controlled", holders=["alice", "bob"], engine=engine)
        d.coin.attest(coins(1_000), report="A", by=d.cast.attestor)
        d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
        d.coin.mint(d.cast.alice, coins(100), by=d.cast.issuer)
        gas[engine] = [d.coin.transfer(d.cast.bob, 1, by=d.cast.alice).receipt.gas_used for _ in range(4)]
    first_time_for_bob, *again = gas["revm"]
    assert gas["revm"] == gas["py-evm"]
    # Warm slots left over from the last transaction would make these some 11,000 gas cheaper.
    assert again == [again[0]] * 3 and again[0] > 36_000 and first_time_for_bob > again[0] + 15_000


def test_revert_data_and_refusals_arrive_as_bytes_and_rules() -> None:
    """A refused transaction's receipt holds the revert data as bytes; a reverting call raises it; the facade names the rule."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"], engine="revm")
    coin, cast = d.coin, d.cast
    coin.freeze(cast.alice, case="HK-1", by=cast.regulator)
    with pytest.raises(AccountFrozen) as refused:
        coin.transfer(cast.bob, 1, by=cast.alice)
    receipt = refused.value.receipt  # type: ignore[attr-defined]
    assert not receipt.succeeded and isinstance(receipt.revert_data, bytes) and len(receipt.revert_data) >= 4
    data = coin.interface.encode_call("transfer", (cast.bob.address, 1))
    with pytest.raises(CallReverted) as reverted:
        d.chain.call(coin.address, data, sender=cast.alice.address)
    assert reverted.value.data == receipt.revert_data


def test_snapshots_undo_storage_contracts_nonces_and_time() -> None:
    """Everything done inside nested snapshots is undone on exit, the chain's clock and block included."""
    chain = RevmChain()
    deployer = chain.account("deployer")
    artifact = load_artifact("PlainERC20")
    bytecode = artifact.bytecode + bytes.fromhex("00" * 31 + "40" + "00" * 32 + "00" * 32)  # no holders, no supply
    before = (chain.now, chain.block_number)
    with chain.snapshot():
        first = chain.transact(deployer, None, bytecode)
        assert first.contract_address and chain.code_at(first.contract_address)
        with chain.snapshot():
            chain.advance_time(1_000)
            second = chain.transact(deployer, None, bytecode)
        assert chain.code_at(second.contract_address or "") == b""
        third = chain.transact(deployer, None, bytecode)
        assert third.contract_address == second.contract_address  # the nonce came back too
    assert (chain.now, chain.block_number) == before
    assert chain.code_at(first.contract_address) == b""
    again = chain.transact(deployer, None, bytecode)
    assert again.contract_address == first.contract_address and again.tx_hash == first.tx_hash


def test_deployed_code_is_the_runtime_code() -> None:
    """`code_at` gives the deployed runtime code byte for byte as py-evm does (revm pads code it has analysed)."""
    codes = []
    for engine in ENGINES:
        d = deploy_coin("permissionless", holders=["alice"], engine=engine)
        codes.append(d.chain.code_at(d.coin.address))  # type: ignore[attr-defined]
    assert codes[0] == codes[1]
    assert len(codes[0]) == len(load_artifact("Coinage").deployed_bytecode)  # its immutables filled in


def test_cli_engine_option_gives_the_same_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    """`coinage demo SCENARIO --engine E --json` prints the same outcome on both engines; --engine with --rpc is refused."""
    printed = []
    for engine in ENGINES:
        assert main(["demo", "fraud", "--regime", "due-process", "--engine", engine, "--json"]) == 0
        printed.append(json.loads(capsys.readouterr().out))
    assert printed[0] == printed[1]
    with pytest.raises(SystemExit) as exited:
        main(["compare", "--engine", "revm", "--rpc", "http://127.0.0.1:9"])
    assert exited.value.code == 2
    assert "--engine chooses the embedded chain's engine" in capsys.readouterr().err


def test_leaving_a_nested_snapshot_is_not_undone_by_the_outer_one() -> None:
    """A write undone by an inner snapshot stays undone when the outer snapshot exits."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"], engine="revm")
    d.coin.attest(coins(10), report="A", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(10), by=d.cast.regulator)
    d.coin.mint(d.cast.alice, coins(10), by=d.cast.issuer)
    with d.chain.snapshot():
        with d.chain.snapshot():
            d.coin.transfer(d.cast.bob, coins(1), by=d.cast.alice)
        assert d.coin.balance_of(d.cast.bob) == 0
    assert d.coin.balance_of(d.cast.bob) == 0 and d.coin.balance_of(d.cast.alice) == coins(10)


def test_an_invalid_transaction_changes_nothing_and_leaves_nothing_warm() -> None:
    """A transaction refused before it runs (gas below the intrinsic cost) raises TransactionRefused, and the next one costs what it should."""
    chain = RevmChain()
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"], chain=chain)
    data = d.coin.interface.encode_call("approve", (d.cast.bob.address, 5))
    with pytest.raises(TransactionRefused, match="gas"):
        chain.transact(d.cast.alice.account, d.coin.address, data, gas=21_000)
    reference = deploy_coin("regulator-controlled", holders=["alice", "bob"], engine="py-evm")
    expected = reference.chain.transact(reference.cast.alice.account, reference.coin.address, data)
    assert chain.transact(d.cast.alice.account, d.coin.address, data).gas_used == expected.gas_used
