"""The guided tour: the question, its five answers, a coin and a theft on chain, then the same stories
under every regime, ending with a verdict that fits on one screen.

The tour talks through a `Guide` (the terminal paces it, explains each glossary word at its first use
and draws its tables; a test records it), so this module decides what is said and the guide how.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .chain import Chain
from .deploy import Deployment, deploy_coin
from .enums import Regime
from .errors import AccountFrozen
from .experiments.episodes import EPISODES
from .ledger import Timeline
from .glossary import QUESTION, QUESTION_SOURCE, REGIME_SENTENCES
from .metrics import METRICS
from .scenarios import SCENARIOS, Outcome, run_scenario
from .units import coins, format_coins

TOUR_SEED = 0
"""The seed of every story the tour runs, so the verdict's figures are `coinage compare`'s."""


class Guide(Protocol):
    """Where the tour speaks: acts, lines, first-use explanations and small tables."""

    def act(self, title: str) -> None:
        """Start a new act (a terminal waits for a key first, except before the first)."""

    def say(self, text: str) -> None:
        """One paragraph of the story."""

    def explain(self, *terms: str) -> None:
        """One line for each glossary term not explained yet in this tour."""

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> None:
        """A small table, the row's name first."""

    def timeline(self, timeline: Timeline) -> None:
        """The coin's history as the chain recorded it, refusals included."""


@dataclass(frozen=True)
class VerdictRow:
    """One regime's answer, measured: who could act alone, what came back, whom it hurt, how long it took."""

    regime: Regime
    could_act_alone: str
    recovered: int
    stolen: int
    innocent_hit: int
    hours_to_recover: float | None
    innocent_frozen_days: float


@dataclass(frozen=True)
class Verdict:
    """The tour's last screen: a row per regime and where its figures come from.

    `basis` names the source of the figures; calibrated figures from recorded episodes, once they
    exist, belong beside it as a second basis, not in place of the scripted stories' figures.
    """

    rows: tuple[VerdictRow, ...]
    basis: str

    HEADERS = ("regime", "could act alone", "recovered (%)", "innocent hit (holders)", "took (h)")
    NUMERIC = (False, False, True, True, True)

    def cells(self) -> list[tuple[str, ...]]:
        """The verdict as text, one row per regime, in the order of HEADERS."""
        hours, share = METRICS["hours_to_recover"], METRICS["recovered_share"]
        return [
            (
                row.regime.slug,
                row.could_act_alone,
                share.format(row.recovered / row.stolen if row.stolen else None),
                str(row.innocent_hit),
                hours.format(row.hours_to_recover),
            )
            for row in self.rows
        ]


def verdict(fraud: Sequence[Outcome], overreach: Sequence[Outcome]) -> Verdict:
    """The verdict from the fraud story (power used well) and the overreach story (the same power misused)."""
    hurt = {outcome.regime: outcome.innocent_holders_affected for outcome in overreach}
    frozen_days = {outcome.regime: outcome.innocent_frozen_days for outcome in overreach}
    rows = tuple(
        VerdictRow(
            o.regime,
            o.could_act_alone,
            o.funds_recovered,
            o.funds_stolen,
            o.innocent_holders_affected + hurt.get(o.regime, 0),
            o.hours_until_recovered,
            frozen_days.get(o.regime, 0.0) + o.innocent_frozen_days,
        )
        for o in fraud
    )
    return Verdict(rows, f"the fraud and overreach stories, seed {TOUR_SEED}: `coinage compare` shows every figure")


@dataclass(frozen=True)
class Tour:
    """What the tour leaves behind: the coin it deployed (and its timeline) and the verdict."""

    deployment: Deployment
    verdict: Verdict


def run_tour(guide: Guide, *, chain: Chain | None = None, engine: str | None = None) -> Tour:
    """Tell the whole tour through `guide`: the question, three acts on chain, the comparison, the verdict."""
    _question(guide)
    deployment = _licensed_coin(guide, chain)
    _theft(guide, deployment)
    fraud = [run_scenario("fraud", regime, seed=TOUR_SEED, engine=engine) for regime in Regime]
    _theft_under_each_answer(guide, fraud)
    overreach = [run_scenario("overreach", regime, seed=TOUR_SEED, engine=engine) for regime in Regime]
    _overreach(guide, overreach)
    result = verdict(fraud, overreach)
    _verdict(guide, result)
    return Tour(deployment, result)


def _question(guide: Guide) -> None:
    guide.act("The question")
    guide.say(f"\u201c{QUESTION}\u201d")
    guide.say(f"  ({QUESTION_SOURCE}.)")
    guide.say(
        "In 2025 Hong Kong began licensing private issuers of stablecoins; Beijing then told Ant Group and "
        "JD.com to stand down, in favour of the central bank's own digital yuan, the e-CNY."
    )
    guide.explain("stablecoin", "cbdc")
    guide.say("Coinage runs one coin under five answers to the question, the control regimes:")
    for regime, sentence in REGIME_SENTENCES.items():
        guide.say(f"  {regime.slug}: {sentence}")
    guide.say("Everything below happens on a real Ethereum chain, embedded in this program.")
    guide.explain("block", "transaction", "contract")


def _licensed_coin(guide: Guide, chain: Chain | None) -> Deployment:
    guide.act("Act 1: a licensed coin (regulator-controlled, as in Hong Kong)")
    d = deploy_coin("regulator-controlled", holders=["alice", "bob", "mallory"], chain=chain)
    coin, cast, bank = d.coin, d.cast, d.bank
    guide.say(f"The issuer deploys {coin.name()} ({coin.symbol()}) at {coin.address}.")
    guide.explain("issuer", "address", "regime")
    bank.receive(cast.alice, coins(1_000))
    bank.receive(cast.bob, coins(250))
    bank.attest(by=cast.attestor, report="AUDIT-2025-08")
    guide.say(f"Alice and Bob pay {format_coins(coins(1_250))} HKD into the issuer's bank; the attestor posts that reserve on chain.")
    guide.explain("reserve", "attestor")
    coin.set_minter_allowance(coins(1_000_000), by=cast.regulator)
    bank.issue()
    guide.say(f"The issuer mints {format_coins(coin.total_supply())} {coin.symbol()} against it, one coin per HKD.")
    guide.explain("mint")
    return d


def _theft(guide: Guide, d: Deployment) -> None:
    guide.act("Act 2: a theft, frozen and returned")
    coin, cast, bank = d.coin, d.cast, d.bank
    coin.transfer(cast.mallory, coins(400), by=cast.alice)
    guide.say("Alice is phished: she sends 400.00 to mallory.")
    freeze = coin.freeze(cast.mallory, case="HK-2025-017", by=cast.regulator)
    guide.say(f"The regulator freezes mallory's account, citing case HK-2025-017 (the freeze cost {freeze.gas_used:,} gas).")
    guide.explain("freeze", "case reference", "gas")
    try:
        coin.transfer(cast.bob, coins(400), by=cast.mallory)
    except AccountFrozen as refused:
        guide.say(f"Mallory tries to pass the money on; the coin refuses: {refused}.")
    guide.explain("refused", "custom error")
    coin.seize(cast.mallory, coins(400), case="HK-2025-017", by=cast.regulator)
    coin.release(cast.alice, coins(400), case="HK-2025-017", by=cast.regulator)
    guide.say(f"The regulator seizes the 400.00 into escrow and returns it: alice holds {format_coins(coin.balance_of(cast.alice))}.")
    guide.explain("seize", "escrow")
    report = bank.reconcile()
    state = "they match" if report.balanced else "; ".join(report.gaps)
    guide.say(f"Reconciliation: bank {format_coins(report.bank_balance)} HKD, coins {format_coins(report.supply)}: {state}.")
    guide.explain("reconciliation")
    guide.say("What the chain recorded, block by block, the refused transfer included:")
    guide.timeline(d.timeline)
    guide.say("One actor froze, seized and returned, on its own word. Was that good? It depends who holds the power.")


def _theft_under_each_answer(guide: Guide, fraud: Sequence[Outcome]) -> None:
    guide.act("Act 3: the same theft under each answer")
    guide.say(f"{SCENARIOS['fraud'].summary} Run once under each regime:")
    hours = METRICS["hours_to_recover"]
    rows = [
        (o.regime.slug, f"{format_coins(o.funds_recovered)} of {format_coins(o.funds_stolen)}", hours.format(o.hours_until_recovered), o.could_act_alone)
        for o in fraud
    ]
    guide.table("The fraud story", ("regime", "recovered (coins)", "took (h)", "could act alone"), rows, (False, True, True, False))
    guide.explain("could act alone")
    for o in fraud:
        guide.say(f"  {o.regime.slug}: {o.story_verdict}")


def _overreach(guide: Guide, overreach: Sequence[Outcome]) -> None:
    guide.act("Act 4: the same power, misused")
    guide.say(f"{SCENARIOS['overreach'].summary}")
    frozen_days = METRICS["innocent_frozen_days"]
    rows = [(o.regime.slug, str(o.innocent_holders_affected), frozen_days.format(o.innocent_frozen_days)) for o in overreach]
    guide.table("The overreach story", ("regime", "innocent hit (holders)", "innocent frozen (holder-days)"), rows, (False, True, True))
    guide.explain("innocent hit", "holder-days")
    for o in overreach:
        guide.say(f"  {o.regime.slug}: {o.story_verdict}")


def _verdict(guide: Guide, result: Verdict) -> None:
    guide.act("The verdict")
    guide.table("Who holds the right of coinage, measured", result.HEADERS, result.cells(), result.NUMERIC)
    guide.say(f"Recovered: the share of the stolen coins returned; innocent hit adds both stories; took: hours until the victim had the money back. From {result.basis}.")
    guide.say(_lesson(result))
    guide.say(_on_the_record())
    guide.say(
        "Next: `coinage compare` (every story, every figure), `coinage demo fraud --regime due-process` "
        "(one story, step by step), `coinage glossary` (every word)."
    )


ON_THE_RECORD = (("usdt-freeze-gap", "delay_issuer"), ("usdt-freeze-gap", "escaped_issuer"), ("svb-2023", "lowest_price"))
"""The recorded figures the verdict cites, as (episode, figure) of `coinage.experiments.episodes`."""


def _on_the_record() -> str:
    """What was recorded of the same powers in real episodes, read from `coinage.experiments.episodes`."""
    cited: dict[str, list[str]] = {}
    for name, key in ON_THE_RECORD:
        figure = next(f for f in EPISODES[name].figures if f.key == key)
        cited.setdefault(name, []).append(f"{figure.label} {figure.recorded} ({figure.citation})")
    record = "; ".join(f"{name}: " + "; ".join(figures) for name, figures in cited.items())
    return (
        f"On the record: {record}. The stories above act at once; `coinage episode NAME` replays each "
        "recorded episode with sourced parameters and puts the model's range beside the record."
    )


def _lesson(result: Verdict) -> str:
    """The verdict in words, every figure read from its rows."""
    by = {row.regime: row for row in result.rows}
    free, licensed, court = by[Regime.PERMISSIONLESS], by[Regime.REGULATOR_CONTROLLED], by[Regime.DUE_PROCESS]
    hours, days = METRICS["hours_to_recover"].format, METRICS["innocent_frozen_days"].format
    return (
        f"The power that returns stolen money is the power that freezes the innocent. Without it "
        f"(permissionless) {format_coins(free.recovered)} of {format_coins(free.stolen)} came back; in one "
        f"hand ({licensed.regime.slug}) it all came back in {hours(licensed.hours_to_recover)} h and "
        f"{licensed.innocent_hit} innocent holders were hit; split between a regulator and a court "
        f"({court.regime.slug}) it came back in {hours(court.hours_to_recover)} h, and the innocent were "
        f"frozen for {days(court.innocent_frozen_days)} holder-days instead of {days(licensed.innocent_frozen_days)}."
    )


__all__ = ["Guide", "TOUR_SEED", "Tour", "Verdict", "VerdictRow", "run_tour", "verdict"]
