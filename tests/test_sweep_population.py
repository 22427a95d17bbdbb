"""A population sweep: the economy experiment over a policy grid gives the same runs table on one worker
and on two, whichever engine ran it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coinage.chain import EmbeddedChain
from coinage.errors import UnknownName
from coinage.experiments import get_experiment, run_experiment, simulate
from coinage.sweep import TABLE_NAME, plan_sweep, run_sweep
from coinage.sweep.store import make_row
from test_sweep_cli import _one_line_error, coinage

GRID = {"authority_error_rate": [0.0, 1.0], "fraud_rate": [500.0]}
"""Every freeze order right, or every one wrong; about five thefts a day among ten holders."""
TINY = {"regimes": ["regulator-controlled", "due-process"], "seeds": 1, "holders": 10, "days": 1, "settings": GRID}


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("one-worker")
    result = run_sweep(plan_sweep("economy", **TINY), out=out, workers=1)  # type: ignore[arg-type]
    return out, [dict(row) for row in result.rows]


def test_population_table_is_the_same_with_two_workers(one_worker: tuple[Path, list[dict[str, object]]], tmp_path: Path) -> None:
    """Four runs of ten holders for a day on two worker processes write runs.csv byte for byte as one worker did."""
    out, _ = one_worker
    result = run_sweep(plan_sweep("economy", **TINY), out=tmp_path, workers=2)  # type: ignore[arg-type]
    assert len(result.rows) == 4
    assert (tmp_path / TABLE_NAME).read_bytes() == (out / TABLE_NAME).read_bytes()


def test_population_rows_are_the_economys_own_runs(one_worker: tuple[Path, list[dict[str, object]]]) -> None:
    """Each row is the direct run's figures, and the grid matters: error rate 1 freezes innocents, 0 never does."""
    _, rows = one_worker
    spec = get_experiment("economy").spec("due-process", seed=0, holders=10, days=1, params={"authority_error_rate": 1.0, "fraud_rate": 500.0})
    assert rows[-1] == make_row(spec, run_experiment(spec))
    frozen = {(row["regime"], row["authority_error_rate"]): row["innocent_frozen"] for row in rows}
    assert frozen["regulator-controlled", 0.0] == frozen["due-process", 0.0] == 0
    assert isinstance(frozen["regulator-controlled", 1.0], int) and frozen["regulator-controlled", 1.0] >= 1


def test_engine_decides_the_speed_not_the_row(one_worker: tuple[Path, list[dict[str, object]]]) -> None:
    """A run on py-evm gives revm's row, and the engine is not part of the run's key (a resume may switch engines)."""
    _, rows = one_worker
    plan = plan_sweep("economy", **{**TINY, "regimes": ["regulator-controlled"]}, engine="py-evm")  # type: ignore[arg-type]
    specs = list(plan.specs())
    assert {spec.engine for spec in specs} == {"py-evm"}
    wrong = specs[-1]
    run = simulate(wrong)
    assert isinstance(run.deployment.chain, EmbeddedChain)  # py-evm's chain, not revm's
    assert make_row(wrong, run.values) == rows[1]
    default = get_experiment("economy").spec("regulator-controlled", seed=0, holders=10, days=1, params=dict(wrong.params))
    assert default.engine is None and default.key == wrong.key and default == wrong


def test_unknown_engine_is_refused_before_anything_runs() -> None:
    """`--engine` is on `coinage sweep`'s help, and a name outside the engines is one line naming them."""
    assert "--engine" in coinage("sweep", "economy", "--help").stdout
    _one_line_error(coinage("sweep", "economy", "--holders", "10", "--days", "1", "--engine", "geth"), "unknown engine 'geth'; choose one of: revm, py-evm")
    with pytest.raises(UnknownName, match="unknown engine"):
        plan_sweep("economy", engine="evmone")
