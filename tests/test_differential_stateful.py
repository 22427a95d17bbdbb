"""The stateful Hypothesis machines on the revm engine, with py-evm as the oracle on a sample of examples.

tests/test_stateful.py runs its machines on the default engine (revm), thousands of steps per
regime. Here a few examples per regime run on `LockstepChain`, which sends every transaction, call,
snapshot and clock move to both engines and fails at the first receipt or call result that differs
(gas, status, logs, return and revert data): the oracle checks the very steps the model checks.
"""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

import test_stateful as stateful
from coinage import Regime
from test_differential import LockstepChain

EXAMPLES = 2
STEPS = 25

ORACLE_SETTINGS = settings(stateful.SETTINGS, max_examples=EXAMPLES, stateful_step_count=STEPS, phases=stateful.SETTINGS.phases)

CHAINS: list[LockstepChain] = []


def lockstep_chain() -> LockstepChain:
    chain = LockstepChain()
    CHAINS.append(chain)
    return chain


MACHINES = {
    regime: type(f"{machine.__name__}OnBothEngines", (machine,), {"make_chain": staticmethod(lockstep_chain)})
    for regime, machine in stateful.MACHINES.items()
}


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_stateful_steps_give_the_same_receipts_on_both_engines(regime: Regime) -> None:
    """Random actions by random actors, checked against the model, give identical receipts and reads on revm and py-evm."""
    stateful.STEP_COUNTS[regime] = 0
    compared_before = sum(chain.receipts for chain in CHAINS)
    run_state_machine_as_test(MACHINES[regime], settings=ORACLE_SETTINGS)
    assert stateful.STEP_COUNTS[regime] >= EXAMPLES * STEPS // 2
    # Each step sends a transaction; its receipts were compared on both engines.
    assert sum(chain.receipts for chain in CHAINS) - compared_before >= EXAMPLES * STEPS // 2
