"""The embedded chain's history of sealed blocks, and nested snapshots, on every engine."""

from __future__ import annotations

import pytest

from coinage.chain import ENGINES, make_chain
from coinage.compiler import load_artifact
from coinage.contracts import ContractInterface


def _token(engine: str):  # type: ignore[no-untyped-def]
    chain = make_chain(engine)
    owner = chain.account("owner")
    artifact = load_artifact("PlainERC20")
    interface = ContractInterface(artifact.abi)
    receipt = chain.transact(owner, None, interface.encode_constructor(artifact.bytecode, ([owner.address], 1000)))
    assert receipt.contract_address is not None
    return chain, owner, interface, receipt.contract_address


def _balance(chain, interface, token, who) -> int:  # type: ignore[no-untyped-def]
    return int(interface.decode_result("balanceOf", chain.call(token, interface.encode_call("balanceOf", (who,))))[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_nested_snapshots_undo_each_level(engine: str) -> None:
    """Undoing an outer snapshot also undoes what was done in it after an inner snapshot was undone."""
    chain, owner, interface, token = _token(engine)
    bob = chain.account("bob").address
    send = interface.encode_call("transfer", (bob, 5))
    with chain.snapshot():
        with chain.snapshot():
            chain.transact(owner, token, send)
        assert _balance(chain, interface, token, bob) == 0
        chain.transact(owner, token, send)
        assert _balance(chain, interface, token, bob) == 5
    assert _balance(chain, interface, token, bob) == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_history_follows_sealed_blocks_and_snapshots(engine: str) -> None:
    """Each sealed block is in the history with its transactions; a snapshot's blocks leave it on undo."""
    chain, owner, interface, token = _token(engine)
    history = chain.history  # type: ignore[attr-defined]
    assert history.latest == 1
    with chain.batch():
        first = chain.transact(owner, token, interface.encode_call("transfer", (chain.account("a").address, 1)))
        second = chain.transact(owner, token, interface.encode_call("transfer", (chain.account("b").address, 1)))
    block = history.block(2)
    assert [t.receipt for t in block.transactions] == [first, second]
    assert history.transaction(second.tx_hash) == (block, 1)
    assert history.sent_by(owner.address) == 3
    with chain.snapshot():
        chain.transact(owner, token, interface.encode_call("transfer", (chain.account("c").address, 1)))
        assert len(list(history.logs(0, history.latest, [token]))) == 4
    assert history.latest == 2
    assert history.sent_by(owner.address) == 3
    assert [e.block_number for e in history.logs(0, 10, [token])] == [1, 2, 2]
    assert history.block_by_hash(block.hash) is block
