"""Gas is deterministic, so the cost of control is asserted, not just reported."""

from __future__ import annotations

import pytest

from coinage import Regime
from coinage.costs import measure_reference, measure_regime

GAS_BUDGET_OVER_PLAIN_ERC20 = 2_300
"""One cold storage read (the global pause flag) and nothing per account."""


@pytest.fixture(scope="module")
def plain() -> dict[str, int]:
    return measure_reference("PlainERC20")


@pytest.fixture(scope="module")
def regulated() -> dict[str, int | None]:
    return measure_regime(Regime.REGULATOR_CONTROLLED)


def test_regulated_transfer_within_budget_of_plain_erc20(plain: dict[str, int], regulated: dict[str, int | None]) -> None:
    """A regulator-controlled transfer to an existing holder costs at most plain OpenZeppelin + 2,300 gas."""
    transfer = regulated["transfer"]
    assert transfer is not None
    assert transfer - plain["transfer"] <= GAS_BUDGET_OVER_PLAIN_ERC20, (transfer, plain["transfer"])


def test_regulated_transfer_cheaper_than_blocklist_erc20(regulated: dict[str, int | None]) -> None:
    """Coinage's packed holder record beats the usual pausable token with a separate blocklist mapping."""
    blocklist = measure_reference("BlocklistERC20")
    transfer = regulated["transfer"]
    assert transfer is not None and transfer < blocklist["transfer"]


def test_control_costs_nothing_per_regime_on_transfers() -> None:
    """The four non-sovereign regimes pay exactly the same gas for a transfer: control powers are free until used."""
    transfers = {regime: measure_regime(regime)["transfer"] for regime in Regime if regime is not Regime.SOVEREIGN}
    assert len(set(transfers.values())) == 1, transfers


def test_powers_absent_from_a_regime_are_not_measured(regulated: dict[str, int | None]) -> None:
    """The cost table shows no gas for a power nobody holds: confirm-freeze exists only under due process."""
    assert regulated["confirm freeze"] is None
    assert measure_regime(Regime.PERMISSIONLESS)["freeze"] is None
