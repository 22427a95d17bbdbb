"""Sweeps on a real coin (`--coin usdc|erc3643`): the coin is part of a run's identity, the stories and the
economy run on the peer's own contract, and Coinage's runs keep the keys and rows they always had."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coinage.errors import InvalidInput, UnknownName
from coinage.experiments import get_experiment, outcome_metrics, run_experiment
from coinage.scenarios import run_scenario
from coinage.sweep import LOG_NAME, TABLE_NAME, compare_seeds, plan_sweep, run_sweep


def coinage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coinage.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def usdc_table(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The runs table of `coinage sweep fraud --coin usdc --seeds 2`, run inline."""
    out = tmp_path_factory.mktemp("usdc")
    run_sweep(plan_sweep("fraud", seeds=2, coin="usdc"), out=out, workers=1)
    return (out / TABLE_NAME).read_bytes()


def test_fraud_on_usdc_recovers_nothing_in_any_run(usdc_table: bytes) -> None:
    """Every run of the fraud story on USDC has coins stolen and none recovered (no seizure), and the row names the coin."""
    lines = usdc_table.decode().splitlines()
    header = lines[0].split(",")
    assert header[:6] == ["experiment", "coin", "regime", "seed", "holders", "days"]
    rows = [dict(zip(header, line.split(","))) for line in lines[1:]]
    assert [(row["coin"], row["regime"], row["seed"]) for row in rows] == [("usdc", "", "0"), ("usdc", "", "1")]
    assert all(int(row["stolen"]) > 0 and int(row["recovered"]) == 0 for row in rows)
    story = outcome_metrics(run_scenario("fraud", coin="usdc", seed=1))
    assert {key: rows[1][key] for key in story} == {key: "" if v is None else str(v) for key, v in story.items()}


def test_fraud_on_erc3643_recovers_every_run() -> None:
    """On ERC-3643 the agent's forced transfer returns every stolen coin, in every run."""
    result = run_sweep(plan_sweep("fraud", seeds=2, coin="erc3643"), workers=1)
    assert len(result.rows) == 2
    assert all(row["coin"] == "erc3643" and row["regime"] is None for row in result.rows)
    assert all(isinstance(row["stolen"], int) and row["stolen"] > 0 and row["recovered"] == row["stolen"] for row in result.rows)
    (cell,) = result.summary.cells
    assert cell.setting == "erc3643" and cell.to_dict()["coin"] == "erc3643"


def test_peer_table_is_the_same_with_two_workers_and_resumes(usdc_table: bytes, tmp_path: Path) -> None:
    """Two workers write the same peer runs table as one; a rerun skips every logged run and writes it again."""
    plan = plan_sweep("fraud", seeds=2, coin="usdc")
    run_sweep(plan, out=tmp_path, workers=2)
    assert (tmp_path / TABLE_NAME).read_bytes() == usdc_table
    again = run_sweep(plan, out=tmp_path, workers=2)
    assert again.skipped == 2 and (tmp_path / TABLE_NAME).read_bytes() == usdc_table
    assert len((tmp_path / LOG_NAME).read_text().splitlines()) == 2


def test_run_key_names_the_coin_only_when_it_is_a_real_coin() -> None:
    """A Coinage run keeps the key logs were written with before real coins; the same story on USDC has another."""
    fraud = get_experiment("fraud")
    assert fraud.spec("issuer-controlled").key == '["fraud","issuer-controlled",0,5,0,[]]'
    assert fraud.spec(None, coin="usdc").key == '["fraud",null,0,5,0,[],"usdc"]'
    assert fraud.spec(None, coin="usdc").key != fraud.spec(None, coin="erc3643").key


def test_a_peer_refuses_regimes_and_stories_it_does_not_run() -> None:
    """--regime with a real coin, a story without that coin, and an unknown coin name are refused, naming why."""
    with pytest.raises(InvalidInput, match="--regime chooses among Coinage's regimes; USDC"):
        plan_sweep("fraud", regimes=["issuer-controlled"], coin="usdc")
    with pytest.raises(InvalidInput, match="'sovereign' does not run on USDC .* Coinage's contract only"):
        plan_sweep("sovereign", coin="usdc")
    with pytest.raises(InvalidInput, match="'competition' does not run on ERC-3643"):
        plan_sweep("competition", coin="erc3643")
    with pytest.raises(UnknownName, match="did you mean 'usdc'"):
        plan_sweep("fraud", coin="usdd")


@pytest.mark.parametrize(
    ("coin", "recovers"),
    [("usdc", False), ("erc3643", True)],
)
def test_economy_runs_on_each_peer(coin: str, recovers: bool) -> None:
    """The population economy runs on a real coin: phishing steals, USDC (no seizure) recovers nothing, T-REX's
    forced transfer recovers some, and the figures are the same when the run is repeated."""
    spec = get_experiment("economy").spec(None, coin=coin, seed=0, holders=40, days=5, params={"fraud_rate": 100.0})
    values = run_experiment(spec)
    assert isinstance(values["stolen"], int) and values["stolen"] > 0
    assert isinstance(values["recovered"], int) and (values["recovered"] > 0) is recovers
    assert values["payments_refused_caps"] == 0  # neither coin has wallet tiers
    assert run_experiment(spec) == values


def test_cli_sweep_on_a_peer_and_its_one_line_errors() -> None:
    """`coinage sweep fraud --coin usdc` prints a row for the coin; bad combinations are one line, an unknown coin exits 2."""
    result = coinage("sweep", "fraud", "--coin", "usdc", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("| coin |") and "| usdc | defaults | 1 |" in result.stdout
    for args, code, text in [
        (["--coin", "usdc", "--regime", "due-process"], 1, "--regime chooses among Coinage's regimes"),
        (["--coin", "usdx"], 2, "unknown coin 'usdx'; choose one of: coinage, usdc, erc3643 (did you mean 'usdc'?)"),
    ]:
        refused = coinage("sweep", "fraud", *args)
        assert refused.returncode == code and refused.stderr.count("\n") == 1 and text in refused.stderr, refused.stderr
    preset = coinage("sweep", "economy", "--coin", "usdc", "--preset", "hk-2026")
    assert preset.returncode == 2 and "does not combine with --coin" in preset.stderr


def test_compare_over_seeds_takes_coins() -> None:
    """`compare --seeds` with coins runs each story on each design asked for: Coinage's regimes, then the peers."""
    comparison = compare_seeds("fraud", "issuer-controlled", seeds=2, workers=1, coins=["coinage", "usdc"])
    assert [cell.setting for _, cell in comparison.cells] == ["issuer-controlled", "usdc"]
    usdc = comparison.cells[1][1].estimates["recovered"]
    assert usdc is not None and usdc.mean == 0 and usdc.n == 2
    shell = coinage("compare", "--seeds", "2", "--scenario", "fraud", "--coin", "usdc", "--plain")
    assert shell.returncode == 0, shell.stderr
    assert "| fraud | usdc | 2 | " in shell.stdout
