"""An ethers.js v6 client on a local Anvil, beside the Python facade: each sees what the other did.

The script is examples/ethers_client.cjs, run under Node with ethers from the project's npm install
(package.json pins it); `COINAGE_NODE_PATH` may point Node at another node_modules.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import ExitStack
from pathlib import Path

import pytest

from coinage.attach import attach_coin
from coinage.chain.node import AnvilNotInstalled, start_anvil
from coinage.chain.rpc import RpcChain
from coinage.deploy import deploy_coin
from coinage.enums import FOREVER, Regime
from coinage.units import coins

ROOT = Path(__file__).resolve().parents[1]
CASE = "HK-2025-017/court-order-0000001"  # 31 bytes: the longest case reference


def _run_ethers(script: str = "examples/ethers_client.cjs", **env: str) -> dict[str, object]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node is not on PATH: install Node 20 and run `npm ci`", pytrace=False)
    environment = {**os.environ, **env}
    if os.environ.get("COINAGE_NODE_PATH"):
        environment["NODE_PATH"] = os.environ["COINAGE_NODE_PATH"]
    done = subprocess.run([node, str(ROOT / script)], env=environment, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    if "Cannot find module 'ethers'" in done.stderr:
        pytest.fail("ethers is not installed: run `npm ci` in the project root (package.json pins it)", pytrace=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_ethers_client_and_python_facade_share_the_coin() -> None:
    """ethers reads the facade's 31-byte case reference back; its transfer reaches the facade, attach and the timeline;
    it loads every shipped artifact with ContractFactory.fromSolidity, whose code matches the chain's, immutables masked."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(start_anvil())
        except AnvilNotInstalled as missing:
            pytest.fail(str(missing), pytrace=False)
        d = deploy_coin(Regime.REGULATOR_CONTROLLED, chain=RpcChain(url))
        d.coin.attest(coins(1_000_000), report="AUDIT-1", by=d.cast.attestor)
        d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
        d.coin.mint(d.cast.alice, coins(100), by=d.cast.issuer)
        d.coin.freeze(d.cast.carol, case=CASE, by=d.cast.regulator)
        seen = _run_ethers(RPC_URL=url, COIN=d.coin.address, KEY="0x" + d.cast.alice.account.key.hex(), TO=d.cast.bob.address)

        assert seen["status"] == 1 and seen["symbol"] == "cHKD"
        assert seen["freezeCases"] == [CASE] and seen["roundTrip"] == CASE
        assert seen["regime"] == "RegulatorControlled"  # named from enums.json
        assert seen["frozenUntilLifted"] == [True] and d.coin.frozen_until(d.cast.carol) == FOREVER
        assert "32 bytes" in str(seen["longCase"])  # ethers refuses a 32-byte string, as case_ref does
        assert d.coin.balance_of(d.cast.bob) == coins(7) == int(str(seen["balanceOfTo"]))
        (entry,) = d.sync()
        assert (entry.actor, entry.action) == ("alice", "transfer")
        other = attach_coin(RpcChain(url), d.coin.address)  # a second Python client joining later
        assert other.regime is Regime.REGULATOR_CONTROLLED
        assert [e.action for e in other.sync()][-2:] == ["freeze", "transfer"]

        checked = _run_ethers("tests/js/check_artifacts.cjs", RPC_URL=url, COIN=d.coin.address)
        assert checked["loaded"] == {
            name: {"format": "hh-sol-artifact-1", "hasBytecode": True}
            for name in ("BlocklistERC20", "Coinage", "ConstantProductPool", "HoldingLimitCoinage", "PlainERC20", "SovereignCoinage")
        }  # the libraries (Regimes, HolderRecords, WalletTiers) are not shipped: nothing deploys them
        assert checked["codeMatches"] is True
        assert checked["codeMatchesUnmasked"] is False  # the immutables (escrow, domain) are filled in at deployment
