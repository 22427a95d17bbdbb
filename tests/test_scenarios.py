"""The scenario layer: every story under every regime it applies to, the outcome that defines it,
determinism, and the comparison report.

Each (scenario, regime, seed) is played once per test process and cached: the outcomes are pure
functions of those three values (that is itself tested below), so sharing them loses nothing.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

import pytest

from coinage import DAY, InvalidInput, Regime, UnknownName, coins
from coinage.report import comparison_markdown, write_report
from coinage.scenarios import (
    SCENARIOS,
    Comparison,
    Outcome,
    RecordingNarrator,
    SilentNarrator,
    StreamNarrator,
    compare,
    play_scenario,
    run_scenario,
)

P, IC, RC, DP, SV = (
    Regime.PERMISSIONLESS,
    Regime.ISSUER_CONTROLLED,
    Regime.REGULATOR_CONTROLLED,
    Regime.DUE_PROCESS,
    Regime.SOVEREIGN,
)
PAIRS = [(name, regime) for name, scenario in SCENARIOS.items() for regime in scenario.regimes]


@cache
def played(name: str, regime: Regime, seed: int = 0) -> tuple[Outcome, tuple[str, ...], str]:
    """Outcome, transcript lines and timeline CSV of one run."""
    narrator = RecordingNarrator()
    outcome, deployment = play_scenario(name, regime, seed=seed, narrator=narrator)
    return outcome, tuple(narrator.lines), deployment.timeline.to_csv()


def outcome(name: str, regime: Regime) -> Outcome:
    return played(name, regime)[0]


# --- every pair ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "regime"), PAIRS, ids=[f"{n}-{r.slug}" for n, r in PAIRS])
def test_every_scenario_runs_under_each_of_its_regimes(name: str, regime: Regime) -> None:
    """Each scenario completes under each regime it lists, with a narrated story and a sane outcome."""
    result, lines, _ = played(name, regime)
    assert (result.scenario, result.regime, result.seed) == (name, regime, 0)
    assert min(result.funds_lost, result.funds_recovered, result.funds_frozen, result.control_gas) >= 0
    assert result.innocent_holders_affected >= 0
    assert result.blocks_until_action is None or result.blocks_until_action >= 0
    assert result.story_verdict and result.could_act_alone
    assert any(line.startswith("## ") for line in lines) and len(lines) > 5
    json.dumps(result.to_dict())  # serialisable as it stands
    if result.blocks_until_action is not None:
        assert result.control_gas > 0


def test_registry_covers_the_seven_stories_and_the_competition() -> None:
    """The registry holds the seven scenarios of the brief, then the competition, each with a title, summary and regimes."""
    assert list(SCENARIOS) == ["issuance", "fraud", "stand-down", "overreach", "shortfall", "sovereign", "cross-border", "competition"]
    for scenario in SCENARIOS.values():
        assert scenario.title and scenario.summary and scenario.regimes


# --- 1 issuance ---------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", list(Regime), ids=lambda r: r.slug)
def test_issuance_reconciles_under_every_regime(regime: Regime) -> None:
    """Issuance and redemption at par leave the bank balance equal to the supply, with nothing lost."""
    result = outcome("issuance", regime)
    assert result.extra["reconciled"] == "yes"
    assert result.extra["supply"] == result.extra["reserves"]
    assert result.funds_lost == 0 and result.control_gas == 0


# --- 2 fraud ------------------------------------------------------------------------------------


def test_fraud_under_permissionless_recovers_nothing() -> None:
    """With no control power, every stolen coin is lost and nobody could act."""
    result = outcome("fraud", P)
    assert result.funds_recovered == 0
    assert result.funds_lost == result.extra["stolen"] > 0
    assert result.blocks_until_action is None and result.could_act_alone == "nobody"


@pytest.mark.parametrize(("regime", "actor"), [(IC, "issuer"), (RC, "regulator"), (SV, "central_bank")])
def test_fraud_is_recovered_in_full_by_a_single_authority(regime: Regime, actor: str) -> None:
    """Where one actor holds freeze and seizure, the whole theft is returned to the victim."""
    result = outcome("fraud", regime)
    assert result.funds_recovered == result.extra["stolen"] > 0
    assert result.funds_lost == 0
    assert result.extra["victim_balance_after"] == result.extra["savings"]
    assert result.could_act_alone == actor and result.blocks_until_action is not None


def test_fraud_under_due_process_needs_the_court_and_takes_longer() -> None:
    """Due process recovers everything, but only through the court, and later than a lone regulator."""
    due, alone = outcome("fraud", DP), outcome("fraud", RC)
    transcript = played("fraud", DP)[1]
    assert due.funds_recovered == due.extra["stolen"]
    assert due.could_act_alone == "nobody"
    assert any("Unauthorized" in line for line in transcript)  # the regulator may not seize
    assert int(due.extra["blocks_until_recovered"]) > int(alone.extra["blocks_until_recovered"])


def test_fraud_under_the_sovereign_coin_is_capped_by_the_wallet_tier() -> None:
    """An anonymous wallet's daily cap bounds what a thief takes in a day."""
    result = outcome("fraud", SV)
    assert result.extra["stolen"] == coins(5_000) < int(result.extra["savings"])


# --- 3 stand-down -------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", [P, IC], ids=lambda r: r.slug)
def test_stand_down_has_no_effect_without_a_licensing_power(regime: Regime) -> None:
    """Without a licence on chain, the order stops nothing and traps nobody."""
    result = outcome("stand-down", regime)
    assert result.extra["minting_stopped"] == "no"
    assert result.funds_frozen == 0 and result.innocent_holders_affected == 0
    assert result.blocks_until_action is None


@pytest.mark.parametrize("regime", [RC, DP], ids=lambda r: r.slug)
def test_stand_down_stops_minting_lets_early_holders_out_and_a_pause_traps_the_rest(regime: Regime) -> None:
    """A revoked licence stops minting while holders redeem; the later pause freezes the rest in place."""
    result = outcome("stand-down", regime)
    assert result.extra["licence"] == "revoked" and result.extra["minting_stopped"] == "yes"
    assert int(result.extra["redeemed_at_par"]) > 0
    assert result.innocent_holders_affected == result.extra["trapped_holders"] > 0
    assert result.funds_frozen == result.extra["frozen_at_end"] > 0
    assert result.funds_lost == 0


def test_stand_down_under_due_process_demands_a_case_reference() -> None:
    """Under due process a revocation without a case reference is refused first."""
    assert any("MissingCaseReference" in line for line in played("stand-down", DP)[1])


# --- 3b competition: a stand-down among three coins ---------------------------------------------


@pytest.mark.parametrize("regime", [RC, DP], ids=lambda r: r.slug)
def test_competition_stand_down_moves_holders_off_the_private_coin(regime: Regime) -> None:
    """Where somebody holds the licence power, the stand-down revokes it and the private coin's share falls."""
    result = outcome("competition", regime)
    held = result.series["held_private"]
    assert result.extra["licence"] == "revoked" and result.could_act_alone == "regulator"
    assert held[-1] < held[0] and int(result.extra["switched"]) > 0
    assert result.extra["kept_out_of_anonymous_tier"] == "ken, lee"


@pytest.mark.parametrize("regime", [P, IC], ids=lambda r: r.slug)
def test_competition_stand_down_cannot_reach_a_coin_without_a_licence(regime: Regime) -> None:
    """Without a licence power the order is refused on chain: the private coin keeps its licence and most of its money."""
    result = outcome("competition", regime)
    assert result.extra["licence"] == "no licence power on chain" and result.could_act_alone == "nobody"
    assert result.series["held_private"][-1] >= result.series["held_private"][0] - 50  # within 5 points


# --- 4 overreach --------------------------------------------------------------------------------


def test_overreach_under_due_process_lapses_without_a_court() -> None:
    """Provisional freezes lapse after the provisional period, so frozen funds fall back to zero."""
    result = outcome("overreach", DP)
    frozen, days = result.series["frozen"], result.series["day"]
    assert frozen[0] == result.funds_frozen > 0
    assert all(value == frozen[0] for day, value in zip(days, frozen) if day < 3)
    assert all(value == 0 for day, value in zip(days, frozen) if day >= 3)
    assert result.extra["holders_frozen_at_end"] == 0


def test_overreach_under_due_process_cannot_chain_provisional_freezes() -> None:
    """When the provisional freezes lapse, the regulator's new freeze of the organiser under a new case is refused
    with FreezeCoolingOff, and nobody is frozen again."""
    result, lines, timeline = played("overreach", DP)
    assert any("FreezeCoolingOff" in line and "ORDER-2025-PUBLIC-ORDER-2" in line for line in lines)
    assert sum(",FreezeCoolingOff," in row for row in timeline.splitlines()) == 1
    assert result.extra["holders_frozen_at_end"] == 0


@pytest.mark.parametrize("regime", [IC, RC, SV], ids=lambda r: r.slug)
def test_overreach_without_safeguards_stays_frozen(regime: Regime) -> None:
    """Where one actor freezes alone, all ten innocent holders are still frozen five days later."""
    result = outcome("overreach", regime)
    assert result.innocent_holders_affected == 10  # the organiser, six protesters, three customers
    assert result.extra["bystanders_hit"] == 3
    assert result.extra["frozen_at_end"] == result.funds_frozen > 0
    assert result.extra["holders_frozen_at_end"] == 10


def test_overreach_under_permissionless_hits_nobody() -> None:
    """Nobody can freeze on a permissionless coin, so no innocent holder is hit."""
    result = outcome("overreach", P)
    assert result.innocent_holders_affected == 0 and result.funds_frozen == 0


def test_overreach_protesters_depend_on_the_seed() -> None:
    """The seed picks who protests: two seeds, two different crowds."""
    assert played("overreach", RC, 0)[1] != played("overreach", RC, 1)[1]


# --- 5 shortfall --------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", [P, IC], ids=lambda r: r.slug)
def test_shortfall_leaves_the_last_redeemers_unpaid(regime: Regime) -> None:
    """With nobody to stop the run the bank pays first come, first served, and the last in line lose."""
    result = outcome("shortfall", regime)
    assert result.funds_lost == result.extra["reserve_loss"] > 0
    assert int(result.extra["unpaid_redeemers"]) > 0 and result.extra["paused_holders"] == 0
    unpaid = result.series["unpaid"]
    assert unpaid[-1] > 0 and list(unpaid) == sorted(unpaid)  # the unpaid queue only grows, at the end
    assert result.series["supply"][1] > result.series["attested"][1]  # the attestation shows the gap


@pytest.mark.parametrize("regime", [RC, DP], ids=lambda r: r.slug)
def test_shortfall_pause_spreads_the_same_loss_over_more_holders(regime: Regime) -> None:
    """A regulator's pause does not shrink the hole; it shares it among more holders, each losing less."""
    paused, run = outcome("shortfall", regime), outcome("shortfall", P)
    assert paused.funds_lost == run.funds_lost
    assert paused.innocent_holders_affected > run.innocent_holders_affected
    assert float(paused.extra["loss_per_loser_pct"]) < float(run.extra["loss_per_loser_pct"])
    assert paused.funds_frozen > 0 and paused.could_act_alone == "regulator"


def test_shortfall_halts_minting() -> None:
    """Once the attestation shows the gap, a mint is refused for exceeding reserves."""
    assert any("ReservesExceeded" in line for line in played("shortfall", P)[1])


# --- 6 sovereign --------------------------------------------------------------------------------


def test_sovereign_caps_refuse_large_payments_until_verification() -> None:
    """Anonymous wallets are refused large payments and credits; verifying identity lifts the caps."""
    result = outcome("sovereign", SV)
    assert int(result.extra["refused_payments"]) >= 2
    assert int(result.extra["days_to_pay_rent"]) >= 2
    assert int(result.extra["identity_checks"]) == 2
    assert result.could_act_alone == "central_bank" and result.control_gas > 0


def test_regulated_coin_has_no_wallet_caps() -> None:
    """The same payments on a tierless licensed coin go through at once, with no identity check."""
    result = outcome("sovereign", RC)
    assert result.extra["refused_payments"] == 0 and result.extra["days_to_pay_rent"] == 1
    assert result.extra["identity_checks"] == 0 and result.control_gas == 0


# --- 7 cross-border -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "effect", "can_pay"),
    [
        (P, "none", "yes"),
        (IC, "through the issuer", "no"),
        (RC, "none", "yes"),
        (DP, "provisional, then lapsed", "yes"),
        (SV, "immediate", "no"),
    ],
    ids=lambda v: v.slug if isinstance(v, Regime) else str(v),
)
def test_cross_border_order_takes_effect_only_where_its_author_holds_a_key(
    regime: Regime, effect: str, can_pay: str
) -> None:
    """The mainland order binds only the sovereign coin directly, or a private coin through its issuer."""
    result = outcome("cross-border", regime)
    assert result.extra["order_effect"] == effect
    assert result.extra["trader_can_pay"] == can_pay
    if regime is DP:
        assert result.funds_frozen > 0 and result.extra["frozen_at_end"] == 0


# --- determinism --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "regime"), [("fraud", DP), ("overreach", SV), ("shortfall", RC)])
def test_same_seed_gives_the_same_transcript_outcome_and_timeline(name: str, regime: Regime) -> None:
    """Two fresh runs with one seed produce identical transcript lines, Outcome and timeline CSV."""
    runs = []
    for _ in range(2):
        narrator = RecordingNarrator()
        result, deployment = play_scenario(name, regime, seed=7, narrator=narrator)
        runs.append((result, narrator.lines, deployment.timeline.to_csv()))
    assert runs[0][0] == runs[1][0]
    assert runs[0][1] == runs[1][1]
    assert runs[0][2] == runs[1][2]


def test_narrator_does_not_change_the_outcome() -> None:
    """A silent run and a narrated run of the same seed give the same outcome."""
    assert run_scenario("fraud", RC, narrator=SilentNarrator()) == outcome("fraud", RC)


# --- errors -------------------------------------------------------------------------------------


def test_unknown_scenario_lists_the_choices() -> None:
    """An unknown scenario name raises UnknownName naming every scenario."""
    with pytest.raises(UnknownName) as raised:
        run_scenario("heist", RC)
    assert all(name in str(raised.value) for name in SCENARIOS)


def test_scenario_refuses_a_regime_it_does_not_apply_to() -> None:
    """Asking for the shortfall story on the sovereign coin is refused with the regimes it applies to."""
    with pytest.raises(InvalidInput, match="regulator-controlled"):
        run_scenario("shortfall", SV)
    with pytest.raises(UnknownName):
        run_scenario("fraud", "anarchy")


# --- narrators ----------------------------------------------------------------------------------


def test_stream_narrator_numbers_steps_and_wraps() -> None:
    """The stream narrator numbers steps and wraps long lines to its width."""
    stream = io.StringIO()
    narrator = StreamNarrator(stream, width=30)
    narrator.step("Setting")
    narrator.say("word " * 20)
    text = stream.getvalue()
    assert "1. Setting" in text and max(len(line) for line in text.splitlines()) <= 30


# --- comparison and report ----------------------------------------------------------------------


def cached_comparison() -> Comparison:
    names = ("fraud", "overreach", "shortfall")
    rows = [outcome(name, regime) for name in names for regime in SCENARIOS[name].regimes]
    return Comparison(rows, 0, names)


def test_compare_runs_each_applicable_pair_and_reports_progress() -> None:
    """compare() skips pairs that do not apply, reports progress, and matches run_scenario."""
    seen: list[tuple[int, int]] = []
    result = compare(["sovereign", "stand-down"], [SV, "permissionless"], progress=lambda d, t: seen.append((d, t)))
    assert [(r.scenario, r.regime) for r in result.rows] == [("sovereign", SV), ("stand-down", P)]
    assert seen == [(1, 2), (2, 2)]
    assert result.rows[0] == outcome("sovereign", SV)


def test_comparison_markdown_has_one_table_per_scenario_with_a_row_per_outcome() -> None:
    """Each scenario's Markdown table has a header, a rule and one row per regime, then one verdict per regime."""
    comparison = cached_comparison()
    text = comparison_markdown(comparison)
    assert text.count("| regime | recovered (coins) |") == len(comparison.scenarios)
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| regime |")]
    assert len(rows) == len(comparison.rows)
    assert sum(line.startswith("- **") for line in text.splitlines()) == len(comparison.rows)


def test_write_report_writes_markdown_json_and_charts(tmp_path: Path) -> None:
    """The report directory gets report.md, outcomes.json and three PNG charts, and no temporary files."""
    written = write_report(cached_comparison(), tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(
        ["report.md", "outcomes.json", "fraud_recovered.png", "overreach_frozen_share.png", "shortfall_supply_reserves.png"]
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names
    for path in written:
        if path.suffix == ".png":
            assert path.read_bytes().startswith(b"\x89PNG")
    data = json.loads((tmp_path / "out" / "outcomes.json").read_text())
    assert len(data["outcomes"]) == len(cached_comparison().rows)
    assert "fraud_recovered.png" in (tmp_path / "out" / "report.md").read_text()


def test_write_report_draws_the_competition_shares_chart(tmp_path: Path) -> None:
    """A comparison holding the competition story gets its chart of shares held, linked from the report."""
    rows = [outcome("competition", regime) for regime in (RC, DP)]
    written = write_report(Comparison(rows, 0, ("competition",)), tmp_path / "out")
    chart = tmp_path / "out" / "competition_shares.png"
    assert chart in written and chart.read_bytes().startswith(b"\x89PNG")
    assert "competition_shares.png" in (tmp_path / "out" / "report.md").read_text()


def test_write_report_to_an_unwritable_place_fails_cleanly(tmp_path: Path) -> None:
    """Writing under a path that cannot be a directory raises OSError naming it and leaves no files."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    with pytest.raises(OSError, match="cannot write the report"):
        write_report(cached_comparison(), blocker / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_due_process_period_used_by_overreach_is_the_default() -> None:
    """The overreach story's three-day lapse is the deployment default, not a number of its own."""
    _, deployment = play_scenario("issuance", DP)
    assert deployment.coin.periods()[0] == 3 * DAY


def test_a_nine_panel_shares_chart_is_a_grid_not_a_strip() -> None:
    """Nine panels are laid out three by three: the image is no more than twice as wide as it is tall."""
    import struct

    from coinage.report.charts import shares_chart

    series = {"held_private": (500, 400), "held_sovereign": (300, 300), "held_foreign": (200, 300)}
    png = shares_chart([(f"panel {i}", series) for i in range(9)], title="nine")
    width, height = struct.unpack(">II", png[16:24])
    assert width <= 2 * height, (width, height)
