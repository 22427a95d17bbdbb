"""Recorded episodes: each stays in its documented band over seeds 0-4, and `coinage episode` prints it in 80 columns."""

from __future__ import annotations

import runpy
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from coinage.errors import InvalidInput, UnknownName
from coinage.experiments.episodes import EPISODES
from coinage.sweep.episodes import run_episode

ROOT = Path(__file__).resolve().parent.parent

TEST_HOLDERS = {"svb-2023": 60, "terra-2022": 60, "usdt-freeze-gap": 400, "stand-down-2025": 30, "holding-limits": 200}
"""The populations docs/episodes.md names for its band tests (the documented size where the figure needs it)."""


def _coinage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coinage.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("name", list(EPISODES))
def test_each_episode_stays_in_its_documented_band_over_seeds_0_to_4(name: str) -> None:
    """Every banded figure's mean over seeds 0-4 lies in the band docs/episodes.md states for it."""
    result = run_episode(name, seeds=5, holders=TEST_HOLDERS[name])
    misses = {item.figure.key: item.mean for item in result.figures if item.in_band is False}
    assert misses == {} and result.reproduced
    assert all(item.values for item in result.figures if item.figure.band is not None)


def test_the_control_case_never_returns_to_par_in_any_run() -> None:
    """terra-2022: no seed of ten whose price left par brings the unbacked coin back to it."""
    result = run_episode("terra-2022", seeds=10, holders=30)
    back = next(item for item in result.figures if item.figure.key == "back_at_par")
    assert back.values and set(back.values) == {0.0}


def test_a_recorded_figure_outside_the_models_runs_gets_the_verdict_outside() -> None:
    """The verdict compares the record with the runs' range: a range that misses the record says outside."""
    result = run_episode("usdt-freeze-gap", seeds=2, holders=100)
    regulator = next(item for item in result.figures if item.figure.key == "delay_regulator")
    issuer = next(item for item in result.figures if item.figure.key == "delay_issuer")
    assert regulator.verdict == "model only" and issuer.verdict in ("inside", "outside")
    moved = replace(issuer, figure=replace(issuer.figure, recorded_range=(100.0, 200.0)))
    assert moved.verdict == "outside"


def test_bad_arguments_are_refused_in_one_line() -> None:
    """Unknown episodes list the choices; a coin design this build lacks and silly seed counts are refused."""
    with pytest.raises(UnknownName, match="choose one of: svb-2023"):
        run_episode("lehman-2008")
    with pytest.raises(InvalidInput, match="--coin erc3643 is not available for svb-2023; it runs on: coinage, usdc"):
        run_episode("svb-2023", coin="erc3643")
    with pytest.raises(InvalidInput, match="--coin usdc is not available for terra-2022"):
        run_episode("terra-2022", coin="usdc")
    with pytest.raises(InvalidInput, match="--seeds is a whole number"):
        run_episode("svb-2023", seeds=0)


def test_the_command_lists_runs_and_charts_an_episode_within_80_columns(tmp_path: Path) -> None:
    """`coinage episode` lists all five; one episode prints its table and, with --out, a PNG; errors are one line."""
    listing = _coinage("episode")
    assert listing.returncode == 0 and all(f"{name}:" in listing.stdout for name in EPISODES)
    ran = _coinage("episode", "terra-2022", "--seeds", "2", "--holders", "20", "--out", str(tmp_path))
    assert ran.returncode == 0, ran.stderr
    table = [line for line in (listing.stdout + ran.stdout).splitlines() if not line.startswith("wrote ")]  # paths are the user's
    assert max(len(line) for line in table) <= 80
    assert "Liu, Makarov and Schoar" in ran.stdout and "verdict" in ran.stdout
    assert (tmp_path / "terra-2022.png").read_bytes().startswith(b"\x89PNG")
    refused = _coinage("episode", "svb-2023", "--coin", "erc3643")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "not available" in refused.stderr


def test_svb_on_usdc_runs_on_circles_contract_and_its_lowest_price_lies_in_the_band() -> None:
    """`coinage episode svb-2023 --coin usdc` prints its table in 80 columns, and USDC's lowest price lies in the band."""
    ran = _coinage("episode", "svb-2023", "--coin", "usdc", "--seeds", "2", "--holders", str(TEST_HOLDERS["svb-2023"]))
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "on usdc's own contract" in ran.stdout and "lowest price ($)" in ran.stdout
    result = run_episode("svb-2023", seeds=2, holders=TEST_HOLDERS["svb-2023"], coin="usdc")
    lowest = next(item for item in result.figures if item.figure.key == "lowest_price")
    assert lowest.values and lowest.in_band and lowest.figure.band is not None
    low, high = lowest.figure.band
    assert lowest.mean is not None and low <= lowest.mean <= high


def test_the_depeg_experiment_on_usdc_trades_and_redeems_through_circles_contract() -> None:
    """On USDC the pool holds the USDC token, and redemptions are burns paid off chain by the bank when it opens."""
    from coinage.designs.usdc import UsdcCoin
    from coinage.experiments.depeg import simulate_depeg
    from coinage.experiments.registry import get_experiment

    run = simulate_depeg(get_experiment("depeg").spec(None, seed=0, holders=30, days=10, coin="usdc"))
    coin = run.deployment.coin
    assert isinstance(coin, UsdcCoin) and run.pool.coin is coin
    assert coin.balance_of(run.pool.address) == run.pool.reserves()[0] > 0
    assert coin.redemption_count() > 0 and coin.outstanding_redemptions() == 0
    redeemed = sum(amount for _, amount, _ in coin.requests)
    entries = run.deployment.bank.entries
    assert sum(entry.amount for entry in entries if entry.kind == "payout") == redeemed
    assert coin.total_supply() == sum(entry.amount for entry in entries if entry.kind == "deposit") - redeemed


def test_the_results_in_docs_are_what_the_command_prints_today() -> None:
    """docs/episodes.md's results section equals scripts/make_episodes_doc.py's fresh run of every episode."""
    script = runpy.run_path(str(ROOT / "scripts" / "make_episodes_doc.py"))
    page = (ROOT / "docs" / "episodes.md").read_text(encoding="utf-8")
    assert script["with_results"](page, script["render"]()) == page, "run python scripts/make_episodes_doc.py"
