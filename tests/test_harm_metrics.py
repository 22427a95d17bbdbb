"""The harm metrics, each against a small case worked out by hand, and one definition across scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from coinage import coins, deploy_coin
from coinage.deploy import DAY
from coinage.errors import TierPaymentCapExceeded
from coinage.experiments import get_experiment, outcome_metrics, run_experiment
from coinage.ledger import HarmLedger
from coinage.scenarios import run_scenario


def test_frozen_days_and_hit_by_hand() -> None:
    """alice frozen for 2 days then lifted, bob frozen until lifted and counted to the end (3 days)."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob", "carol", "dave"])
    ledger = HarmLedger(d.cast.names)
    d.coin.subscribe(ledger.record)
    d.coin.attest(coins(100), report="A-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(100), by=d.cast.regulator)
    d.coin.mint(d.cast.carol, coins(10), by=d.cast.issuer)
    start = d.chain.now
    with d.chain.batch():
        d.coin.freeze(d.cast.alice, case="C-1", by=d.cast.regulator)
        d.coin.freeze(d.cast.bob, case="C-1", by=d.cast.regulator)
    d.chain.advance_time(2 * DAY)
    d.coin.unfreeze(d.cast.alice, case="C-1", by=d.cast.regulator)
    d.chain.advance_time(DAY)
    ledger.lose("dave", coins(5))
    end = start + 3 * DAY
    assert ledger.frozen(["alice", "bob", "carol"]) == ["alice", "bob"]
    assert ledger.frozen_days(["alice"], end) == pytest.approx(2, abs=0.01)
    assert ledger.frozen_days(["alice", "bob"], end) == pytest.approx(5, abs=0.01)
    assert ledger.hit(["alice", "bob", "carol", "dave"]) == ["alice", "bob", "dave"]


def test_a_refused_payment_counts_as_hit_and_a_cap_refusal_is_counted() -> None:
    d = deploy_coin("sovereign", holders=["alice", "bob"])
    ledger = HarmLedger(d.cast.names)
    d.coin.subscribe(ledger.record)
    d.coin.attest(coins(10_000), report="A-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(10_000), by=d.cast.central_bank)
    d.coin.mint(d.cast.alice, coins(3_000), by=d.cast.issuer)
    with pytest.raises(TierPaymentCapExceeded):
        d.coin.transfer(d.cast.bob, coins(2_500), by=d.cast.alice)
    assert ledger.hit(["alice", "bob"]) == ["alice"] and ledger.cap_refusals == 1


def test_the_phished_victim_is_an_innocent_hit_only_where_her_money_is_gone() -> None:
    """One definition: the victim who is never repaid is hit; the fraudster and mule never count."""
    assert run_scenario("fraud", "permissionless").innocent_holders_affected == 1
    assert run_scenario("fraud", "regulator-controlled").innocent_holders_affected == 0


def test_time_to_act_in_hours_shows_the_courts_day() -> None:
    due = run_scenario("fraud", "due-process")
    alone = run_scenario("fraud", "regulator-controlled")
    assert due.hours_until_action is not None and due.hours_until_action < 1  # the provisional freeze is quick
    assert due.hours_until_recovered is not None and due.hours_until_recovered >= 24  # the court sits a day later
    assert alone.hours_until_recovered is not None and alone.hours_until_recovered < 1
    # 12-second blocks: hours and blocks count from the same moment
    assert due.hours_until_action == round(due.blocks_until_action * 12 / 3600, 2)


def test_overreach_holder_days_lapse_under_due_process() -> None:
    """Ten innocent holders: frozen 3 days (the provisional period) under due process, all 5 watched days elsewhere."""
    due = run_scenario("overreach", "due-process")
    alone = run_scenario("overreach", "regulator-controlled")
    assert due.innocent_frozen == alone.innocent_frozen == 10
    assert due.innocent_frozen_days == 30.0
    assert alone.innocent_frozen_days == 50.0


def test_could_act_alone_reads_the_regime_table() -> None:
    assert run_scenario("shortfall", "issuer-controlled").could_act_alone == "issuer"  # it could pause; it did not
    assert run_scenario("fraud", "due-process").could_act_alone == "nobody"  # a regulator and a court


def test_scripted_experiment_reports_every_metric_it_declares() -> None:
    experiment = get_experiment("fraud")
    values = run_experiment(experiment.spec("due-process"))
    assert values == outcome_metrics(run_scenario("fraud", "due-process"))
    assert values["recovered_share"] == 1.0 and values["could_act_alone"] == "nobody"


def test_innocent_hit_is_itemised_by_cause_in_the_report(tmp_path: Path) -> None:
    """report.md breaks innocent hit down into frozen, paused, refused by a cap and lost money; every hit holder has a cause."""
    from coinage.report import write_report
    from coinage.scenarios import compare

    comparison = compare(["overreach", "shortfall", "sovereign"])
    for outcome in comparison.rows:
        causes = outcome.innocent_hit_by
        assert set(causes) == {"frozen", "paused", "refused by a cap", "lost money"}
        assert max(causes.values(), default=0) <= outcome.innocent_holders_affected <= sum(causes.values())
    by = {(o.scenario, o.regime.slug): o.innocent_hit_by for o in comparison.rows}
    assert by[("overreach", "regulator-controlled")]["frozen"] == 10
    assert by[("shortfall", "regulator-controlled")]["paused"] == 5
    assert by[("sovereign", "sovereign")]["refused by a cap"] == 1
    write_report(comparison, tmp_path)
    report = (tmp_path / "report.md").read_text()
    assert "| regime | innocent hit | frozen | paused | refused by a cap | lost money |" in report
