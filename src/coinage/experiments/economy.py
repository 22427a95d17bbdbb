"""The population economy on the real contract: payments, phishing, freeze orders, court rulings,
reserve losses and redemption runs, over a horizon of simulated days.

Everything happens through the `Coin` facade with `by=` actors, and each authority's part is played
by whoever the contract's regime table names for the power (`coin.role_for`), never by the regime's
name. Events are kept in a time-ordered queue. Payments, redemptions and the morning's mint of one
simulated hour are sent in one `chain.batch()` (block boundaries carry no meaning there); thefts,
freeze orders, rulings and restitution run each at its own time, with the chain's clock moved to
it first, so reaction times in hours are read from block timestamps and come out exact.

Each purpose draws from its own random stream (`coinage.seeds.stream`: the population, payments,
fraud, the authority's decisions, top-ups, reserve losses, runs), and every draw is made whether or
not the regime lets anything follow from it (an incident's freeze order is drawn when the incident is
planned, even where nobody can freeze). So one `RunSpec` gives one ledger, and for one seed every
regime meets the same holders, payments, thefts, deposits and losses: only the rules' consequences
differ (common random numbers; `EconomyRun.attempts` lists what the world tried).
Holders' balances are mirrored in Python (updated only when the chain accepted a transaction), so a
payment costs one transaction and no balance query.
"""

from __future__ import annotations

import heapq
import math
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..actors import Actor
from ..chain import Chain
from ..deploy import Deployment, deploy_coin
from ..enums import Power, WalletTier
from ..errors import ContractRevert
from ..ledger import HarmLedger
from ..metrics import Value
from ..seeds import stream
from ..units import DAY, HOUR
from ..world.freeze_gap import WATCHER_SECONDS, watching
from .economy_parameters import banking_calendar, freeze_latency, tier_caps
from .population import CENT, Population, draw_population, payment_size
from .spec import RunSpec

WAGE_SHARE = 0.2
"""Share of its balance a merchant pays out in one wage or supplier payment."""

RUN_SIGNALS = {"licence_revoked": 0.5, "paused": 1.0}
"""How alarming each on-chain signal is, beside a revealed hole (scaled by `run_sensitivity`)."""

ECONOMY_METRICS = (
    "stolen",
    "recovered",
    "recovered_share",
    "lost",
    "innocent_hit",
    "innocent_frozen",
    "innocent_frozen_days",
    "hours_to_act",
    "blocks_to_act",
    "hours_to_recover",
    "redemption_loss",
    "redemption_loss_last",
    "payments_refused_caps",
    "control_gas",
    "could_act_alone",
    "freeze_delay_hours",
    "escaped",
    "escaped_share",
    "redemption_wait_hours",
    "redemptions_late",
)

@dataclass
class Case:
    """One phishing incident and what the authorities did about it."""

    ref: str
    victim: str
    thief: str
    stolen: int
    at: int
    block: int
    mistaken_target: str | None
    """The innocent holder a freeze order on the case would hit by mistake; None if it hits the thief."""
    recovered: int = 0
    acted: tuple[int, int] | None = None
    """(time, block) of the first control action on the case that took effect."""
    returned_at: int | None = None
    ordered: int | None = None
    """Time the freeze order was given (and became visible on chain)."""
    exposed: int = 0
    """What the thief held while a freeze order against him was visible and not yet in effect."""
    escaped: int = 0
    """Value the thief moved out after the order and before its effect."""


@dataclass(frozen=True)
class Attempt:
    """Something the world tried, whatever the rules made of it: the same in every regime for one seed.

    `kind` is "payment" (payer, payee, amount, or None for a share of the payer's balance), "theft"
    (victim, fraudster), "deposit" (holder, amount) or "reserve loss" (the day).
    """

    at: int
    """Seconds after the start of the horizon."""
    kind: str
    details: tuple[str | int | None, ...]


@dataclass
class EconomyRun:
    """A finished run: its metric values, the deployment (timeline, bank) and what it cost to run.

    `phases` gives, for "opening" (deploying the coin, minting every opening balance) and "horizon"
    (the simulated days), the wall-clock seconds and the transactions sent; for benchmarks only.
    """

    values: dict[str, Value]
    deployment: Deployment
    transactions: int
    window: tuple[int, int]
    """(start, end) of the simulated horizon, as chain timestamps."""
    attempts: list[Attempt] = field(default_factory=list)
    """Every payment, theft, deposit and reserve loss the world tried, in time order."""
    phases: dict[str, tuple[float, int]] = field(default_factory=dict)


@dataclass
class _Economy:
    spec: RunSpec
    d: Deployment
    people: Population
    p: Mapping[str, Any]
    actors: dict[str, Actor] = field(default_factory=dict)
    balance: dict[str, int] = field(default_factory=dict)
    queue: list[tuple[Any, ...]] = field(default_factory=list)
    """(time, sequence number, step function, its arguments...) per scheduled step, a heap."""
    cases: list[Case] = field(default_factory=list)
    redeemed_at: dict[str, int] = field(default_factory=dict)
    threshold: dict[str, float] = field(default_factory=dict)
    run_delay: dict[str, float] = field(default_factory=dict)
    """When in the day after the signal each holder would redeem, as a fraction of a day."""
    attempts: list[Attempt] = field(default_factory=list)
    signal: float = 0.0
    exposed: list[str] = field(default_factory=list)
    paused: bool = False
    ordered: dict[str, Case] = field(default_factory=dict)
    """Thieves with a freeze order given and not yet in effect, and the case it came from."""
    delays: list[float] = field(default_factory=list)
    watchful: dict[str, bool] = field(default_factory=dict)
    requested: dict[int, int] = field(default_factory=dict)
    """Time of each redemption request not yet paid, by request id."""
    waits: list[float] = field(default_factory=list)
    late: int = 0
    transactions: int = 0
    _seq: int = 0
    _planning: bool = False
    _days_planned: int = 0
    planned: int = 0
    """The time the step running now was planned for, in seconds after the start of the horizon."""

    def __post_init__(self) -> None:
        self.start = self.d.chain.now
        self.end = self.start + self.spec.days * DAY
        self.harm = HarmLedger(self.d.cast.names)
        self.d.coin.subscribe(self.harm.record)
        self.d.coin.subscribe(self._count)
        self.actors = {name: self.d.cast[name] for name in self.people.names}
        self.balance = dict.fromkeys(self.people.names, 0)
        self.holders = {power: self.d.holder_of(power) for power in Power}
        seed = self.spec.seed
        self.payments, self.fraud, self.authority = (stream(seed, purpose) for purpose in ("payments", "fraud", "authority"))
        self.topups, self.losses, self.runs = (stream(seed, purpose) for purpose in ("topups", "reserve losses", "runs"))
        self.latency = freeze_latency(self.p)
        self.gap_rng = stream(seed, "freeze gap")
        self.calendar = banking_calendar(self.p)

    # --- plumbing ---------------------------------------------------------------------------------

    def _count(self, _: object) -> None:
        self.transactions += 1

    def at(self, when: float, action: Callable[..., None], *args: Any) -> None:
        """Schedule `action(*args)` at `when` seconds after the start of the horizon.

        Steps at the same second run in the order they were scheduled, every day's planned steps
        before any step scheduled while the economy runs (`_LATER`), as if all days had been planned
        before the first: planning each day when it comes then changes no figure.
        """
        self._seq += 1
        # One flat tuple holding the plain function (189 bytes a step rather than 301 as (time, seq,
        # bound method, args); tracemalloc of the plan of 1,000 holders for 365 days).
        function = getattr(action, "__func__", None)
        if function is None or getattr(action, "__self__", None) is not self:
            raise TypeError(f"a scheduled step is a method of this economy, not {action!r}")
        heapq.heappush(self.queue, (int(when), self._seq if self._planning else _LATER + self._seq, function, *args))

    def now(self) -> int:
        return self.d.chain.now - self.start

    def attempt(self, kind: str, *details: str | int | None) -> None:
        """Record what the world tried, at the time it was planned for (the chain's clock runs ahead of
        the plan by the blocks each regime mines, so it would differ between regimes)."""
        self.attempts.append(Attempt(self.planned, kind, details))

    # --- opening the economy ----------------------------------------------------------------------

    def open(self) -> None:
        """Fiat in, attestation, tiers where the coin has them, and the opening mint, in one batch."""
        coin, cast, bank = self.d.coin, self.d.cast, self.d.bank
        tiers = self.holders[Power.SET_TIER]
        caps = {tier: coin.tier_limits(tier)[0] for tier in (WalletTier.ANONYMOUS, WalletTier.VERIFIED)} if tiers is not None else {}
        with self.d.chain.batch():
            if tiers is not None:
                for name in sorted(self.people.verified):
                    coin.set_tier(self.actors[name], WalletTier.VERIFIED, case="KYC", by=tiers)
            for name in self.people.honest:
                amount = self.people.opening[name]
                if tiers is not None:  # an opening balance the wallet's tier could not hold is cut to its cap
                    cap = caps[WalletTier.VERIFIED if name in self.people.verified else WalletTier.ANONYMOUS]
                    amount = min(amount, cap)
                bank.receive(self.actors[name], amount)
                self.balance[name] = amount
            bank.attest(by=cast.attestor, report="OPEN")
            configurer = self.holders[Power.CONFIGURE_MINTER]
            if configurer is not None:  # every regime has one; T-REX's agents mint with no allowance to set
                coin.set_minter_allowance(2**128, by=configurer)
            bank.issue()
        self.threshold = {name: self.runs.random() for name in self.people.honest}
        self.run_delay = {name: self.runs.random() for name in self.people.honest}

    # --- the day's schedule -----------------------------------------------------------------------

    def plan_day(self, day: int) -> None:
        base = day * DAY
        if self.calendar.working(day):  # fiat moves only while the banks are open
            self.at(self.calendar.opens(day), self.morning, day)
        honest = self.people.honest
        rate = float(self.p["payments_per_day"]) * len(honest) / DAY
        draw = self.payments
        t = base + draw.expovariate(rate) if rate else base + DAY
        while t < base + DAY:
            payer = draw.choice(honest)
            favourites = self.people.favourites.get(payer)
            if favourites is not None:
                payee = draw.choice(favourites)
                self.at(t, self.pay, payer, payee, payment_size(self.p, draw))
            else:
                consumers = self.people.consumers
                self.at(t, self.pay, payer, draw.choice(consumers), None)
            t += draw.expovariate(rate)
        fraud = float(self.p["fraud_rate"]) * len(self.people.names) / 1000 / DAY
        t = base + self.fraud.expovariate(fraud) if fraud else base + DAY
        while t < base + DAY:
            victim = self.fraud.choice(self.people.consumers)
            thief = self.fraud.choice(self.people.fraudsters)
            # The authority's decision on this incident is drawn now, freeze power or not, so that it
            # is the same decision in every regime where somebody can act on it.
            mistaken = self.authority.random() < float(self.p["authority_error_rate"])
            innocent = self._innocent_other_than(victim)
            self.at(t, self.theft, victim, thief, innocent if mistaken else None)
            t += self.fraud.expovariate(fraud)

    def plan_through(self, when: int) -> None:
        """Plan every day that starts at or before `when` and is not planned yet.

        A day's steps all fall on or after its start, so a day planned just before the first step at
        or after its start runs as if planned at the outset; the queue then holds about a day of
        payments rather than the whole horizon's (a year of 10,000 holders plans 3.6 million).
        """
        self._planning = True
        while self._days_planned < self.spec.days and self._days_planned * DAY <= when:
            self.plan_day(self._days_planned)
            self._days_planned += 1
        self._planning = False

    def run(self) -> None:
        chain = self.d.chain
        horizon = self.spec.days * DAY
        while True:
            self.plan_through(self.queue[0][0] if self.queue else horizon)
            if not self.queue or self.queue[0][0] >= horizon:
                break
            when, action = self.queue[0][0], self.queue[0][2]
            if self.now() < when:
                chain.advance_time(when - self.now())
            if action not in _BATCHED:  # a control step runs at its own time, so durations are exact
                step = heapq.heappop(self.queue)
                self.planned = when
                action(self, *step[3:])
                continue
            hour_end = min((when // HOUR + 1) * HOUR, horizon)
            with chain.batch():
                while self.queue and self.queue[0][0] < hour_end and self.queue[0][2] in _BATCHED:
                    step = heapq.heappop(self.queue)
                    self.planned = step[0]
                    step[2](self, *step[3:])
        deadline = int(self.p["redemption_deadline_days"])
        self.late += sum(1 for asked in self.requested.values() if self.calendar.deadline(asked, deadline) < horizon)
        with chain.batch():  # the books are closed as if the banks settled every claim they can at the end
            self.d.bank.pay_redemptions()

    # --- ordinary life ----------------------------------------------------------------------------

    def pay(self, payer: str, payee: str, amount: int | None) -> None:
        self.attempt("payment", payer, payee, amount)
        have = self.balance[payer]
        amount = int(have * WAGE_SHARE) // CENT * CENT if amount is None else min(amount, have)
        if amount <= 0:
            return
        try:
            self.d.coin.transfer(self.actors[payee], amount, by=self.actors[payer])
        except ContractRevert:
            return  # frozen, paused or over a cap: the harm ledger has recorded the refusal
        self.balance[payer] -= amount
        self.balance[payee] += amount

    def morning(self, day: int) -> None:
        """Top-ups, a reserve loss perhaps, the attestation, the day's mint and the payout run."""
        coin, cast, bank, p = self.d.coin, self.d.cast, self.d.bank, self.p
        deposits = [
            (name, max(1, round(self.topups.lognormvariate(math.log(float(p["payment_median"])), 1.0) * 100)) * CENT)
            for name in self.people.honest
            if self.topups.random() < float(p["topup_rate"])
        ]
        if self.losses.random() < float(p["reserve_loss_rate"]):
            self.attempt("reserve loss", day)
            if bank.balance:
                bank.record_loss(int(bank.balance * float(p["reserve_loss_share"])), reason=f"LOSS-D{day}")
        for name, amount in deposits:
            self.attempt("deposit", name, amount)
            bank.receive(self.actors[name], amount)
        if day % int(p["attestation_interval_days"]) == 0:
            bank.attest(by=cast.attestor, report=f"AUDIT-D{day}")
        waiting = list(bank.pending)
        try:
            bank.issue()
        except ContractRevert:
            pass  # stale attestation, a hole, a revoked licence or a cap: the bank stops issuing for the day
        for holder, amount in waiting[: len(waiting) - len(bank.pending)]:
            self.balance[holder if isinstance(holder, str) else holder.name] += amount
        bank.refund_pending()  # and hands the rest back
        self.paid(bank.pay_redemptions())
        reserves, _, _ = coin.attestation()
        supply = coin.total_supply()
        if reserves < supply:
            self.on_hole((supply - reserves) / supply)

    def paid(self, ids: list[int]) -> None:
        """Requests paid out now: how long each waited, and whether past its deadline."""
        deadline = int(self.p["redemption_deadline_days"])
        for request_id in ids:
            asked = self.requested.pop(request_id)
            self.waits.append((self.now() - asked) / HOUR)
            self.late += self.now() > self.calendar.deadline(asked, deadline)

    # --- a shortfall and the run it may start ----------------------------------------------------

    def on_hole(self, share: float) -> None:
        coin, p = self.d.coin, self.p
        if not self.exposed:
            self.exposed = [name for name in self.people.honest if self.balance[name]]
        self.signal = max(self.signal, min(1.0, share * float(p["run_sensitivity"])))
        pauser, licensor = self.holders[Power.PAUSE], self.holders[Power.LICENCE]
        if p["pause_in_shortfall"] and pauser is not None and not self.paused:
            coin.pause(case="SHORTFALL", by=pauser)
            self.paused = True
            self.harm.hold(name for name in self.people.honest if self.balance[name])
            self.signal = max(self.signal, RUN_SIGNALS["paused"])
        if p["revoke_in_shortfall"] and licensor is not None and coin.licensed():
            coin.revoke_licence(case="SHORTFALL", by=licensor)
            self.signal = max(self.signal, RUN_SIGNALS["licence_revoked"])
        today = self.now()
        for name in self.people.honest:
            if name not in self.redeemed_at and self.threshold[name] < self.signal and self.balance[name]:
                self.redeemed_at[name] = -1  # queued: one redemption per holder
                self.at(today + self.run_delay[name] * DAY, self.redeem, name)

    def redeem(self, name: str) -> None:
        amount = self.balance[name]
        if not amount:
            return
        try:
            request = self.d.coin.redeem(amount, by=self.actors[name])
        except ContractRevert:
            return  # paused: the holder is stuck, and the harm ledger knows it
        self.requested[request.request_id] = self.now()
        self.balance[name] = 0
        self.redeemed_at[name] = self.now()

    # --- fraud and the authorities' answer -------------------------------------------------------

    def theft(self, victim: str, thief: str, mistaken_target: str | None) -> None:
        """The victim is phished into approving the fraudster, who pulls all she holds (in chunks if a cap refuses one)."""
        self.attempt("theft", victim, thief)
        wanted, taken = self.balance[victim], 0
        if not wanted:
            return
        coin, victim_actor, thief_actor = self.d.coin, self.actors[victim], self.actors[thief]
        try:
            coin.approve(thief_actor, wanted, by=victim_actor)
        except ContractRevert:
            return  # a frozen or paused wallet cannot approve either
        chunk = wanted
        receipt = None
        while taken < wanted:
            amount = min(chunk, wanted - taken)
            try:
                receipt = coin.transfer_from(victim_actor, thief_actor, amount, by=thief_actor).receipt
            except ContractRevert as refused:
                cap = refused.values.get("cap") if refused.rule == "TierPaymentCapExceeded" else None
                if cap is None or int(cap) >= chunk:
                    break  # frozen, paused, or the daily or balance cap: the theft stops here
                chunk = int(cap)
                continue
            taken += amount
        if not taken or receipt is None:
            return
        self.balance[victim] -= taken
        self.balance[thief] += taken
        if thief in self.ordered:  # loot that arrives in the gap is within reach of the order too
            self.ordered[thief].exposed += taken
        case = Case(f"CASE-{len(self.cases) + 1:05d}", victim, thief, taken, receipt.timestamp, receipt.block_number, mistaken_target)
        self.cases.append(case)
        report = self.now() + float(self.p["report_hours"]) * HOUR
        self.at(report + float(self.p["reaction_hours"]) * HOUR, self.order, case)
        self.at(self.now() + float(self.p["cashout_hours"]) * HOUR, self.cash_out, thief)

    def cash_out(self, thief: str) -> None:
        amount = self.balance[thief]
        if not amount:
            return
        try:
            request = self.d.coin.redeem(amount, by=self.actors[thief])
        except ContractRevert:
            self.at(self.now() + DAY, self.cash_out, thief)  # frozen or paused: try again tomorrow
            return
        self.balance[thief] = 0
        self.requested[request.request_id] = self.now()
        if thief in self.ordered:  # a freeze was ordered and is not in effect yet: the loot escaped
            self.ordered[thief].escaped += amount

    def order(self, case: Case) -> None:
        """The freeze order, on the fraudster or by mistake on an innocent holder; it is visible at once and
        takes effect when the freezer's signatures are in (`coinage.world.freeze_gap`)."""
        freezer = self.holders[Power.FREEZE]
        if freezer is None:
            return
        guilty = case.mistaken_target is None
        target = case.thief if case.mistaken_target is None else case.mistaken_target
        delay = self.latency.delay(freezer.role, self.gap_rng)
        if target not in self.watchful:  # each thief watches, or not, for the whole run
            self.watchful[target] = watching(self.gap_rng, float(self.p["watchful_share"]))
        case.ordered = self.now()
        if guilty and target not in self.ordered:
            self.ordered[target] = case
            case.exposed = self.balance[target]
            if self.watchful[target] and delay > WATCHER_SECONDS:
                self.at(self.now() + WATCHER_SECONDS, self.cash_out, target)
        self.at(self.now() + delay, self.freeze, case, target, guilty)

    def freeze(self, case: Case, target: str, guilty: bool) -> None:
        """The order takes effect; then the court's ruling, restitution or the discovery of a mistake follows."""
        freezer = self.holders[Power.FREEZE]
        assert freezer is not None and case.ordered is not None
        if self.ordered.get(target) is case:
            del self.ordered[target]
        self.delays.append((self.now() - case.ordered) / HOUR)
        try:
            receipt = self.d.coin.freeze(self.actors[target], case=case.ref, by=freezer).receipt
            case.acted = (receipt.timestamp, receipt.block_number)
        except ContractRevert:
            pass  # frozen by an earlier order already, or (due process) in the cooling-off after one ended
        if self.holders[Power.CONFIRM_FREEZE] is not None:
            self.at(self.now() + float(self.p["court_delay_days"]) * DAY, self.ruling, case, target, guilty)
        elif guilty:
            self.at(self.now() + HOUR, self.restitute, case)
        else:
            self.at(self.now() + float(self.p["error_found_days"]) * DAY, self.lift, case, target)

    def ruling(self, case: Case, target: str, guilty: bool) -> None:
        """A court confirms a freeze on the guilty and lifts one on the innocent."""
        if not guilty:
            self.lift(case, target)
            return
        confirmer = self.holders[Power.CONFIRM_FREEZE]
        assert confirmer is not None
        try:
            self.d.coin.confirm_freeze(self.actors[target], case=case.ref, by=confirmer)
        except ContractRevert:
            return  # the provisional freeze lapsed before the court sat
        self.restitute(case)

    def restitute(self, case: Case) -> None:
        seizer, releaser = self.holders[Power.SEIZE], self.holders[Power.RELEASE]
        amount = min(self.balance[case.thief], case.stolen - case.recovered)
        if seizer is None or releaser is None or amount <= 0:
            return
        try:
            self.d.coin.seize(self.actors[case.thief], amount, case=case.ref, by=seizer)
        except ContractRevert:
            return  # the freeze was lifted meanwhile
        receipt = self.d.coin.release(self.actors[case.victim], amount, case=case.ref, by=releaser).receipt
        self.balance[case.thief] -= amount
        self.balance[case.victim] += amount
        case.recovered += amount
        if case.returned_at is None:
            case.returned_at = receipt.timestamp

    def lift(self, case: Case, target: str) -> None:
        unfreezer = self.holders[Power.UNFREEZE]
        if unfreezer is None:
            return
        try:
            self.d.coin.unfreeze(self.actors[target], case=case.ref, by=unfreezer)
        except ContractRevert:
            pass  # it lapsed by itself

    def _innocent_other_than(self, victim: str) -> str:
        honest = self.people.honest
        while True:
            name = self.authority.choice(honest)
            if name != victim or len(honest) == 1:
                return name

    # --- the figures ------------------------------------------------------------------------------

    def measure(self) -> dict[str, Value]:
        coin, bank = self.d.coin, self.d.bank
        honest = self.people.honest
        stolen = sum(case.stolen for case in self.cases)
        recovered = sum(case.recovered for case in self.cases)
        for case in self.cases:
            self.harm.lose(case.victim, case.stolen - case.recovered)
        # Claims on the reserves at the end: unpaid redemption requests, then coins still held.
        claims: dict[str, int] = {}
        for request_id in range(bank.paid_through, coin.redemption_count()):
            holder, amount, done = coin.redemption(request_id)
            if not done:
                name = self.d.cast.name_of(holder)
                claims[name] = claims.get(name, 0) + amount
        for name in self.people.names:
            if self.balance[name]:
                claims[name] = claims.get(name, 0) + self.balance[name]
        total_claims = sum(claims.values())
        hole = max(0, total_claims - bank.balance)
        loss = {name: claim * hole // total_claims for name, claim in claims.items()} if hole else {}
        for name in honest:
            self.harm.lose(name, loss.get(name, 0))
        acted = [case for case in self.cases if case.acted is not None]
        escaped, exposed = sum(c.escaped for c in self.cases), sum(c.exposed for c in self.cases)
        returned = [case for case in self.cases if case.returned_at is not None]
        return {
            "stolen": stolen,
            "recovered": recovered,
            "recovered_share": recovered / stolen if stolen else None,
            "lost": stolen - recovered + hole,
            "innocent_hit": len(self.harm.hit(honest)),
            "innocent_frozen": len(self.harm.frozen(honest)),
            "innocent_frozen_days": round(self.harm.frozen_days(honest, self.end), 4),
            "hours_to_act": _mean([(c.acted[0] - c.at) / HOUR for c in acted if c.acted is not None]),
            "blocks_to_act": _mean([c.acted[1] - c.block for c in acted if c.acted is not None]),
            "hours_to_recover": _mean([(c.returned_at - c.at) / HOUR for c in returned if c.returned_at is not None]),
            "redemption_loss": hole,
            "redemption_loss_last": self._late_share(loss) if hole else None,
            "payments_refused_caps": self.harm.cap_refusals,
            "control_gas": self.harm.control_gas,
            "could_act_alone": self._sole_holder(Power.FREEZE, Power.SEIZE, Power.RELEASE),
            "freeze_delay_hours": round(statistics.median(self.delays), 4) if self.delays else None,
            "escaped": escaped,
            "escaped_share": round(escaped / exposed, 4) if exposed else None,
            "redemption_wait_hours": _mean(self.waits),
            "redemptions_late": self.late,
        }

    def _late_share(self, loss: Mapping[str, int]) -> float | None:
        """Share of the loss borne by the later half of those holding coins when the hole was revealed,
        ordered by when they redeemed (those who never did come last)."""
        if not self.exposed:
            return None
        order = sorted(self.exposed, key=lambda n: (self.redeemed_at.get(n, -1) < 0, self.redeemed_at.get(n, 0)))
        late = order[len(order) // 2 :]
        total = sum(loss.get(name, 0) for name in order)
        return round(sum(loss.get(name, 0) for name in late) / total, 4) if total else None

    def _sole_holder(self, *powers: Power) -> str:
        names = {actor.name if actor is not None else "nobody" for actor in (self.holders[p] for p in powers)}
        return names.pop() if len(names) == 1 else "nobody"


_LATER = 1 << 62
"""Added to the order of a step scheduled while the economy runs: it sorts after every planned step."""

_BATCHED = frozenset({_Economy.pay, _Economy.redeem, _Economy.morning})
"""Steps whose block boundaries carry no meaning: an hour's worth of them share blocks."""


def _mean(values: list[float] | list[int]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def simulate(spec: RunSpec, chain: Chain | None = None, *, record: bool = True) -> EconomyRun:
    """Run the economy of `spec` on a fresh coin (on `chain`, or a new embedded chain).

    With `record` false the deployment keeps no timeline past the coin's deployment and the chain
    no history (`Deployment.stop_recording`): the figures are the same, and a long run's memory no
    longer grows with its transactions. A sweep runs so.
    """
    started = time.perf_counter()
    p = spec.params
    people = draw_population(spec.holders, p, stream(spec.seed, "population"))
    d = deploy_coin(
        spec.regime,
        coin=spec.coin,
        holders=people.names,
        chain=chain,
        engine=spec.engine,
        provisional_freeze_period=max(1, round(float(p["provisional_freeze_days"]) * DAY)),
        max_attestation_age=max(1, round(float(p["max_attestation_days"]) * DAY)),
        tier_caps=tier_caps(p),
    )
    if not record:
        d.stop_recording()
    economy = _Economy(spec, d, people, p)
    economy.open()
    opened, opening = time.perf_counter(), economy.transactions
    economy.run()
    ran = time.perf_counter()
    phases = {"opening": (opened - started, opening), "horizon": (ran - opened, economy.transactions - opening)}
    return EconomyRun(economy.measure(), d, economy.transactions, (economy.start, economy.end), economy.attempts, phases)


def run_economy(spec: RunSpec) -> dict[str, Value]:
    """The `economy` experiment: one run's metric values (nothing else is read, so nothing else is recorded)."""
    return simulate(spec, record=False).values


__all__ = ["ECONOMY_METRICS", "Attempt", "EconomyRun", "run_economy", "simulate"]
