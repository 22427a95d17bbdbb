"""The rules of 2026 as presets: each applies its values, cites its sources, and is refused where it does not apply."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coinage.errors import InvalidInput, UnknownName
from coinage.experiments import get_experiment, run_experiment
from coinage.experiments.presets import PRESETS, get_preset


def _coinage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coinage.cli", *args], capture_output=True, text=True, timeout=300)


def test_a_preset_fills_what_set_leaves_and_set_wins() -> None:
    """hk-2026 adds its values to the --set strings; a value given with --set is kept instead."""
    hk = get_preset("hk-2026", "economy")
    settings = hk.settings(["redemption_deadline_days=0,2"])
    assert "redemption_deadline_days=0,2" in settings and "redemption_deadline_days=1" not in settings
    assert "revoke_in_shortfall=true" in settings and "working_days=5" in settings


def test_every_preset_cites_catalogued_sources_and_runs_under_its_regime() -> None:
    """Each preset names its sources and gives a valid spec for its experiment under its regime."""
    for preset in PRESETS.values():
        assert preset.citations and preset.note
        get_experiment(preset.experiment).spec(preset.regime, params=preset.params)


def test_unknown_presets_and_presets_for_another_experiment_are_refused() -> None:
    """An unknown name lists the choices; a preset made for another experiment says which one it is for."""
    with pytest.raises(UnknownName, match="choose one of: hk-2026, ecny-2026"):
        get_preset("eu-2027")
    with pytest.raises(InvalidInput, match="is for the competition experiment"):
        get_preset("ecny-2026", "economy")


def test_interest_on_the_central_banks_coin_draws_holders_to_it() -> None:
    """With e-CNY wallets paying interest a holder weighs, the central bank's share of money held is no lower."""
    spec = get_experiment("competition").spec
    plain = run_experiment(spec("regulator-controlled", seed=1, holders=30, days=4))
    paying = run_experiment(spec("regulator-controlled", seed=1, holders=30, days=4, params={"deposit_interest": 0.5}))
    assert paying["sovereign_share_held"] > plain["sovereign_share_held"]


def test_sweep_takes_a_preset_from_the_command_line() -> None:
    """`coinage sweep economy --preset hk-2026` runs under the preset's regime; a wrong preset is one line."""
    ran = _coinage("sweep", "economy", "--preset", "hk-2026", "--holders", "10", "--days", "1", "--workers", "1")
    assert ran.returncode == 0, ran.stderr
    assert "regulator-controlled" in ran.stdout
    refused = _coinage("sweep", "economy", "--preset", "ecny-2026")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "is for the competition experiment" in refused.stderr
