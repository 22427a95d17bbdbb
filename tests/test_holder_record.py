"""The packed holder record refuses a value too wide for its field instead of cutting it to fit.

No path of the coin can reach these reverts (each checks its values first), so a small probe contract
compiled here calls the library directly: what a new path that forgot its check would meet.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coinage import EmbeddedChain, HolderRecordFieldOverflow
from coinage.chain import CallReverted
from coinage.compiler import compile_project
from coinage.compiler import artifacts as artifacts_module
from coinage.compiler.settings import SHIPPED_ARTIFACTS_DIR
from coinage.contracts import ContractInterface, deploy_artifact

REPO = Path(__file__).resolve().parents[1]

PROBE = """// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {HolderRecord} from "./HolderRecord.sol";
import {WalletTier} from "./WalletTiers.sol";

contract HolderRecordProbe {
    function frozenUntilAfter(uint256 word, uint256 until) external pure returns (uint256) {
        return HolderRecord.wrap(word).withFrozenUntil(until).frozenUntil();
    }

    function spentAfter(uint256 word, uint256 today, uint256 spent) external pure returns (uint256) {
        return HolderRecord.wrap(word).withSpending(today, spent).spentOn(today);
    }

    function balanceAfter(uint256 word, uint256 today, uint256 spent) external pure returns (uint256) {
        return HolderRecord.wrap(word).withSpending(today, spent).balance();
    }
}
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A function calling the probe contract's view `name` with `args`, deployed on a fresh chain."""
    project = tmp_path_factory.mktemp("probe")
    shutil.copytree(REPO / "contracts", project / "contracts")
    (project / "contracts" / "HolderRecordProbe.sol").write_text(PROBE, encoding="utf-8")
    (project / "tools").symlink_to(REPO / "tools", target_is_directory=True)
    (project / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    compile_project(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(artifacts_module, "_root", lambda: project / SHIPPED_ARTIFACTS_DIR)
        chain = EmbeddedChain()
        deployed = deploy_artifact(chain, "HolderRecordProbe", (), sender=chain.account("deployer"))
    interface: ContractInterface = deployed.interface

    def call(name: str, *args: int) -> int:
        try:
            output = chain.call(deployed.address, interface.encode_call(name, args))
        except CallReverted as reverted:
            raise interface.decode_revert(reverted.data) from None
        return int(interface.decode_result(name, output)[0])

    yield call


def test_values_that_fit_are_stored_and_leave_the_balance_alone(probe: Any) -> None:
    """A 40-bit freeze date and a 48-bit day's spending are stored as given; the balance bits are untouched."""
    assert probe("frozenUntilAfter", 12345, 2**40 - 1) == 2**40 - 1
    assert probe("spentAfter", 12345, 20_000, 2**48 - 1) == 2**48 - 1
    assert probe("balanceAfter", 12345, 20_000, 2**48 - 1) == 12345


@pytest.mark.parametrize(
    ("function", "args", "value", "limit"),
    [
        ("frozenUntilAfter", (0, 2**40), 2**40, 2**40 - 1),
        ("spentAfter", (0, 20_000, 2**48), 2**48, 2**48 - 1),
        ("spentAfter", (0, 2**32, 1), 2**32, 2**32 - 1),
    ],
    ids=["freeze date", "spent today", "day"],
)
def test_a_value_too_wide_for_its_field_reverts(probe: Any, function: str, args: tuple[int, ...], value: int, limit: int) -> None:
    """Writing a value one past its field's width reverts with HolderRecordFieldOverflow(value, max)."""
    with pytest.raises(HolderRecordFieldOverflow) as refused:
        probe(function, *args)
    assert (refused.value.value, refused.value.max) == (value, limit)
