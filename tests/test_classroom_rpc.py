"""`coinage classroom --rpc URL`: a live class on an Anvil node, checked against the node itself.

The classroom runs as its own process against Anvil (from npm, on loopback). Participants join, pay, a
regulator freezes, a frozen payment is refused, a day passes, and the teacher replays the class. The
node, read directly, must hold what the board shows: every balance, the freeze, the supply, and one
mined transaction for each the class recorded, block by block. The replay, on a fresh embedded chain,
must give the same outcome as the class on the node.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from coinage.chain import Account
from coinage.chain.node import AnvilNotInstalled, start_anvil
from coinage.chain.rpc import RpcChain
from coinage.compiler.artifacts import load_artifact
from coinage.contracts import ContractInterface
from coinage.units import DAY, coins
from coinage.web.app import TEACHER_HEADER
from coinage.web.state import SEATS, WALLET_FUNDS

from classroom_server import Served, classroom_server

TIMEOUT = 120
"""Seconds a request may take on a loaded machine (a join is four transactions on the node)."""


@pytest.fixture(scope="module")
def node() -> Iterator[str]:
    """One Anvil node for the module; a missing binary fails with the `npm ci` hint."""
    try:
        with start_anvil() as url:
            yield url
    except AnvilNotInstalled as missing:
        pytest.fail(str(missing), pytrace=False)


def _post(session: requests.Session, served: Served, path: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = session.post(f"{served.base}{path}", json=body, headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, (path, response.status_code, response.text)
    reply: dict[str, Any] = response.json()
    return reply


def _rpc(url: str, method: str, *params: Any) -> Any:
    reply = requests.post(url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}, timeout=TIMEOUT).json()
    assert "error" not in reply, reply
    return reply["result"]


def test_a_class_on_an_anvil_node_leaves_on_the_node_what_the_board_shows(node: str) -> None:
    """Join, pay, freeze, a refused payment, a day, a replay: the node's balances, freeze, supply and
    mined transactions are the board's, and the replay on the embedded chain gives the same outcome."""
    with classroom_server("--rpc", node, "--regime", "regulator-controlled") as served:
        people = {name: requests.Session() for name in ("Ana", "Rex", "Fay", "Ben")}  # holder, regulator, fraudster, holder
        for name, session in people.items():
            joined = _post(session, served, "/api/join", {"name": name, "code": served.code})
            assert joined["ok"], joined
        assert _post(people["Ana"], served, "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "10"}, "role": "holder"})["ok"]
        freeze = {"action": "freeze", "args": {"account": "Fay", "case": "HK-1"}, "role": "regulator"}
        assert _post(people["Rex"], served, "/api/act", freeze)["ok"]
        refused = _post(people["Fay"], served, "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1"}, "role": "fraudster"})
        assert refused["outcome"] == "AccountFrozen" and "Refused by the rule AccountFrozen" in refused["message"]

        teacher = requests.Session()
        key = {TEACHER_HEADER: served.teacher_key}
        before_day = teacher.get(f"{served.base}/api/teacher/history.json", headers=key, timeout=TIMEOUT).json()["steps"][-1]["time"]
        assert _post(teacher, served, "/api/teacher/event", {"event": "day", "args": {}}, **key)["ok"]
        after = _post(people["Ana"], served, "/api/act", {"action": "pay", "args": {"to": "Ben", "amount": "1"}, "role": "holder"})
        assert after["ok"]
        history = teacher.get(f"{served.base}/api/teacher/history.json", headers=key, timeout=TIMEOUT).json()["steps"]
        assert history[-1]["time"] >= before_day + DAY

        replayed = _post(teacher, served, "/api/teacher/replay", {"regime": "regulator-controlled"}, **key)
        assert replayed["ok"], replayed
        # The board is recomputed after each step; wait until it carries the comparison.
        for _ in range(200):
            board = teacher.get(f"{served.base}/api/board", timeout=TIMEOUT).json()
            if board.get("comparison") and board["seq"] == len(history):
                break
        assert board["comparison"] is not None

    # The node, read directly with the coin's own interface, holds what the board showed.
    chain = RpcChain(node)
    interface = ContractInterface(load_artifact("Coinage").abi)
    address = board["coin"]["address"]

    def read(function: str, *args: Any) -> Any:
        return interface.decode_result(function, chain.call(address, interface.encode_call(function, args)))[0]

    seats = {name: Account.from_name(SEATS[i]).address for i, name in enumerate(people)}
    shown = {p["name"]: p for p in board["participants"]}
    expected = {"Ana": WALLET_FUNDS - coins(11), "Rex": WALLET_FUNDS, "Fay": WALLET_FUNDS, "Ben": WALLET_FUNDS + coins(11)}
    for name, seat in seats.items():
        assert read("balanceOf", seat) == shown[name]["base"] == expected[name], name
        assert bool(read("frozenUntil", seat)) is shown[name]["frozen"] is (name == "Fay"), name
    assert read("totalSupply") == board["coin"]["supply_base"] == 4 * WALLET_FUNDS

    # One mined transaction on the node for each the class recorded, in the same blocks (the refusal included).
    recorded = Counter(entry["block"] for step in history for entry in step["chain"])
    latest = int(_rpc(node, "eth_blockNumber"), 16)
    mined = Counter({n: len(_rpc(node, "eth_getBlockByNumber", hex(n), False)["transactions"])
                     for n in range(board["coin"]["deploy_block"] + 1, latest + 1)})
    assert +mined == recorded

    # The replay ran the same steps on a fresh embedded chain: the outcome is the node's.
    ours, theirs = board["comparison"]["sides"]
    assert ours["regime"] == theirs["regime"] == "regulator-controlled"
    assert ours["metrics"] == theirs["metrics"] and theirs["skipped"] == []
