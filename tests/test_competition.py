"""Money that competes: several coins on one chain, holders choosing among them, the articles' events."""

from __future__ import annotations

from functools import cache

import pytest

from coinage import Power, Regime, WalletTier, coins, deploy_coin
from coinage.errors import InvalidInput, TierBalanceCapExceeded, Unauthorized, UnknownActor, UnknownName
from coinage.experiments import EXPERIMENTS, get_experiment, run_experiment
from coinage.experiments.competition import simulate_market
from coinage.market import MarketRun
from coinage.monetary_system import FOREIGN, PRIVATE, SOVEREIGN, deploy_system

COMPETITION = get_experiment("competition")
QUIET = {"payments_per_day": 0.5, "event_day": 2}


@cache
def market(regime: str = "regulator-controlled", seed: int = 1, **params: object) -> MarketRun:
    """One small run (30 holders, 5 days), shared between the tests that read it."""
    return simulate_market(COMPETITION.spec(regime, seed=seed, holders=30, days=5, params=QUIET | params))


def test_a_system_is_three_coins_on_one_chain_with_their_own_names_and_the_same_holders() -> None:
    """deploy_system puts the private, sovereign and dollar coins on one chain, each with its name, symbol and regime."""
    system = deploy_system("due-process", holders=["alice"])
    assert list(system) == [PRIVATE, SOVEREIGN, FOREIGN]
    assert [system[k].coin.symbol() for k in system] == ["cHKD", "ceCNY", "cUSD"]
    assert [system[k].coin.regime() for k in system] == [Regime.DUE_PROCESS, Regime.SOVEREIGN, Regime.ISSUER_CONTROLLED]
    assert len({system[k].coin.address for k in system}) == 3 and all(system[k].chain is system.chain for k in system)
    assert len({system[k].cast.alice.address for k in system}) == 1
    foreign = system[FOREIGN]
    assert foreign.cast.issuer.name == "usd_issuer" and foreign.cast.issuer.address != system.private.cast.issuer.address
    assert foreign.cast.name_of(foreign.coin.authority_for(Power.FREEZE)) == "usd_issuer"


def test_a_system_refuses_a_sovereign_private_coin_and_a_renamed_central_bank() -> None:
    """Bad input fails in one line: the private coin cannot be sovereign; the central bank keeps its name."""
    with pytest.raises(InvalidInput, match="cannot be sovereign"):
        deploy_system("sovereign")
    with pytest.raises(UnknownActor, match="renamed"):
        deploy_coin("issuer-controlled", authorities={"central_bank": "fed"})


def test_the_stand_down_moves_holders_off_the_private_coin() -> None:
    """With the same seed, the stand-down order leaves the private coin a smaller share and sends holders elsewhere."""
    stood_down, left_alone = market(stand_down=True), market(stand_down=False)
    assert stood_down.values["private_share_held"] < left_alone.values["private_share_held"]
    assert stood_down.values["switched"] > 0 == left_alone.values["switched"]
    assert not stood_down.system.private.coin.licensed() and left_alone.system.private.coin.licensed()
    assert stood_down.shares[0] == left_alone.shares[0]  # the same start: only the order differs


def test_a_stand_down_cannot_reach_a_coin_nobody_licenses() -> None:
    """Under issuer-controlled rules nobody holds the licence power: the order stays off chain and nobody switches."""
    run = market("issuer-controlled", stand_down=True)
    assert run.system.private.coin.licensed() and run.values["switched"] == 0
    assert any("nobody holds the licence power" in note for note in run.notes)


def test_tier_caps_keep_large_holders_out_of_the_anonymous_tier() -> None:
    """Holders with more than the anonymous cap who will not show an identity stay anonymous and under the cap in
    the central bank's coin, even when a stand-down drives others into it; the contract is what refuses them."""
    run = market(stand_down=True, mean_balance=8_000)
    d = run.system.sovereign
    cap = d.coin.tier_limits(WalletTier.ANONYMOUS)[0]
    large = [n for n in run.town.consumers if n not in run.town.shows_identity and run.town.opening[n] > cap]
    assert large and run.values["switched"] > 0
    for name in large:
        assert d.coin.wallet_of(d.cast[name])[0] is WalletTier.ANONYMOUS and d.coin.balance_of(d.cast[name]) <= cap
    d.bank.receive(d.cast[large[0]], cap + coins(1))
    d.bank.attest(by=d.cast.attestor, report="TEST")
    with pytest.raises(TierBalanceCapExceeded):
        d.bank.issue()


@pytest.mark.parametrize("params", [{}, {"stand_down": False, "overreach_freezes": 3}, {"pause": True, "foreign_freeze": True}])
def test_shares_always_sum_to_one(params: dict[str, object]) -> None:
    """Every day, the shares of coins held sum to one, and the shares of payments settled sum to one (or all are zero)."""
    run = market(**params)
    for day in run.shares:
        assert sum(day.values()) == pytest.approx(1.0)
    for day in run.paid_shares:
        assert sum(day.values()) == pytest.approx(1.0) or not any(day.values())
    assert len(run.shares) == 6  # the opening, then five days


def test_the_same_seed_gives_the_same_ledger_and_another_seed_another() -> None:
    """Determinism by seed: the same spec gives the same figures, series and timelines; another seed differs."""
    again = simulate_market(COMPETITION.spec("regulator-controlled", seed=1, holders=30, days=5, params=QUIET))
    first = market()
    assert again.values == first.values and again.series == first.series
    assert [again.system[k].timeline.to_csv() for k in again.system] == [first.system[k].timeline.to_csv() for k in first.system]
    assert market(seed=2).series != first.series


def test_a_pause_traps_the_holders_who_want_to_leave() -> None:
    """Paused, the private coin refuses the redemptions of holders who chose to leave: they are trapped."""
    run = market(stand_down=True, pause=True)
    assert run.system.private.coin.paused()
    assert run.values["trapped"] > 0 and run.values["switched"] == 0


def test_a_shortfall_leaves_switching_holders_unpaid() -> None:
    """After most of the reserves are lost, holders run for the other coins and the late ones' redemptions stay unpaid."""
    run = market(stand_down=False, shortfall_share=0.9)
    assert run.values["switch_stuck"] > 0
    assert run.values["private_share_held"] < market(stand_down=False).values["private_share_held"]


def test_the_foreign_issuer_freezes_a_local_holder_and_no_local_authority_can_undo_it() -> None:
    """The dollar coin's issuer freezes; the local regulator and central bank are refused by its regime table."""
    run = market(stand_down=False, foreign_freeze=True)
    refusals = [note for note in run.notes if "refused (Unauthorized)" in note]
    assert {note.split()[2] for note in refusals} == {"regulator", "central_bank"}
    assert run.values["foreign_unfreeze_by"] == "usd_issuer"
    d = run.system[FOREIGN]
    frozen = [a for a in d.cast.holders if d.coin.is_frozen(a)]
    assert len(frozen) == 1
    with pytest.raises(Unauthorized):
        d.coin.unfreeze(frozen[0], case="LOCAL", by=d.cast.regulator)


def test_an_overreach_wave_is_seen_and_counts_innocent_holders_hit() -> None:
    """The central bank freezes innocent holders of its coin; they count as hit."""
    run = market(stand_down=False, overreach_freezes=3)
    assert run.values["innocent_hit"] >= 1
    assert any("freezes" in note and "innocent" in note for note in run.notes)


def test_the_experiment_is_registered_for_the_private_regimes_and_checks_its_parameters() -> None:
    """The sweep finds 'competition'; the sovereign regime, unknown parameters and values out of range are refused."""
    assert EXPERIMENTS["competition"] is COMPETITION and Regime.SOVEREIGN not in COMPETITION.regimes
    with pytest.raises(InvalidInput):
        COMPETITION.spec("sovereign")
    with pytest.raises(UnknownName):
        COMPETITION.spec("due-process", params={"stand_dwon": True})
    with pytest.raises(InvalidInput):
        COMPETITION.spec("due-process", params={"foreign_acceptance": 2.0})
    values = run_experiment(COMPETITION.spec("permissionless", seed=0, holders=10, days=1, params={"foreign_coin": False}))
    assert values["foreign_share_held"] is None and values["foreign_unfreeze_by"] is None
    assert values["gas_per_payment"] is None or values["gas_per_payment"] > 21_000


def test_a_tier_change_ties_the_central_bank_coins_wallets_to_identities() -> None:
    """The central bank (the holder of the tier power) verifies wallets whose balances never needed it; without the change, none."""

    def verified_small(run: MarketRun) -> list[str]:
        d = run.system.sovereign
        cap = d.coin.tier_limits(WalletTier.ANONYMOUS)[0]
        return [
            n
            for n in run.town.consumers
            if run.town.opening[n] <= cap and d.coin.wallet_of(d.cast[n])[0] is WalletTier.VERIFIED
        ]

    changed, unchanged = market(stand_down=False, tier_change=True), market(stand_down=False)
    assert verified_small(changed) and not verified_small(unchanged)
    assert any("ties" in note for note in changed.notes)


def test_the_competition_page_quotes_the_story_as_it_runs_now() -> None:
    """docs/competition.md quotes the seed-0 story's shares, its kept-out holders and who can lift a dollar-coin freeze."""
    from pathlib import Path

    from coinage.scenarios import run_scenario

    text = (Path(__file__).resolve().parents[1] / "docs" / "competition.md").read_text()
    story = run_scenario("competition", "regulator-controlled")
    for key in ("sovereign_share_start_permille", "sovereign_share_end_permille"):
        assert f"{int(story.extra[key]) / 10:.1f}%" in text
    assert f"{story.extra['kept_out_of_anonymous_tier']} hold more" in text
    assert f"only\n{story.extra['foreign_unfreeze_by']} can" in text or f"only {story.extra['foreign_unfreeze_by']} can" in text
    assert "python scripts/make_competition_doc.py" in text and "coinage demo competition" in text


def test_a_roomier_anonymous_tier_lets_large_private_holders_into_the_central_bank_coin() -> None:
    """Raise the anonymous balance cap (a constructor parameter) and, with the same people and order, large holders
    who show no identity move into the central bank's coin, whose share rises."""
    tight, roomy = (market(seed=3, stand_down=True, mean_balance=8_000, anonymous_balance_cap=cap) for cap in (10_000, 1_000_000))
    d = roomy.system.sovereign
    large = [n for n in roomy.town.consumers if n not in roomy.town.shows_identity and roomy.town.opening[n] > coins(10_000)]
    assert d.coin.tier_limits(WalletTier.ANONYMOUS)[0] == coins(1_000_000)
    assert any(d.coin.balance_of(d.cast[n]) > coins(10_000) for n in large)
    assert roomy.values["sovereign_share_held"] > tight.values["sovereign_share_held"]
