"""Money that competes: holders choose among the coins of one chain, day by day, and switch through
the real contracts (a redemption in the coin they leave, fiat paid out by its issuer's bank, a
deposit and a mint in the coin they join).

Each simulated day, in one `chain.batch()` (the day is the model's unit of time, so blocks inside
it carry no meaning): the banks pay out redemptions and mint the coins owed for deposits; the day's
events happen (a stand-down order, a pause, a wave of freezes...), each carried out by whoever the
coin's regime table names for the power, or refused by the contract; everybody reads the coins'
signals from the chain; merchants drop coins they can no longer get; holders switch where another
coin beats theirs by more than their inertia; and consumers pay their merchants, merchants pay
wages. Each purpose draws from its own stream of the seed (`coinage.seeds.stream`: preferences,
acceptance, merchants' reactions, payments, wages, events), and every draw is made whether or not
anything follows from it, so one seed gives one ledger, and the same people, tastes and payment
wishes under every regime of the private coin (common random numbers).

Simplifications (see docs/competition.md): a consumer keeps all their money in one coin at a time;
every coin counts at par in one unit of account (exchange rates are left out); a merchant takes a
coin or does not.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..actors import Actor
from ..contracts import Refusal, Transaction
from ..deploy import DAY, Deployment
from ..enums import Power, Role, WalletTier
from ..errors import ContractRevert
from ..ledger import HarmLedger
from ..metrics import Value
from ..monetary_system import FOREIGN, PRIVATE, SOVEREIGN, MonetarySystem
from ..seeds import stream
from .choice import Preferences, Signals, draw_preferences, needs_identity, scores, utility
from .events import ACTIONS, EVENTS, EventContext, Events

ALL_COINS = (PRIVATE, SOVEREIGN, FOREIGN)

WAGE_SHARE = 0.2
"""Share of its takings in a coin that a merchant pays out in wages each day."""

@dataclass(frozen=True)
class Town:
    """Who lives in the market: consumers (who choose a coin), merchants (who take coins), their
    opening money, whom each consumer buys from, and who will show an identity to lift a wallet cap."""

    consumers: tuple[str, ...]
    merchants: tuple[str, ...]
    opening: Mapping[str, int]
    favourites: Mapping[str, tuple[str, ...]]
    shows_identity: frozenset[str]

    @property
    def names(self) -> tuple[str, ...]:
        return self.consumers + self.merchants


@dataclass(frozen=True)
class Behaviour:
    """How people act: rates and the spread of preferences."""

    payments_per_day: float = 1.0
    foreign_acceptance: float = 0.3
    """Share of merchants who take the foreign coin from the start (all take the other two)."""
    merchant_reaction: float = 0.5
    """Chance each day that a merchant drops a coin nobody can get any more (licence revoked, paused)."""
    taste_weight: float = 0.6
    inertia_max: float = 0.2
    deposit_interest: float = 0.0
    """What the central bank's coin paying interest as bank deposit money is worth to a holder, on the scale
    of the four scores (0: it pays none, as before 2026)."""


@dataclass(frozen=True)
class Move:
    """A completed switch: who moved from which coin to which, when they decided, when it landed, and why they left."""

    name: str
    source: str
    target: str
    decided: int
    landed: int
    reason: str


def leaving_reason(signals: Signals) -> str:
    """Why a holder leaves a coin, as the signals the choice weighed show it, the strongest first."""
    if signals.paused:
        return "it was paused"
    if signals.hole:
        return "its reserves fell short"
    if signals.unpaid:
        return "its redemptions went unpaid"
    if not signals.mintable:
        return "it could issue no new coins (licence revoked)"
    if signals.frozen_share > 0:
        return "its holders were being frozen"
    return "another coin suited them better (shops, privacy)"


@dataclass
class MarketRun:
    """A finished run: metric values, daily shares (`shares[day][coin]`, fractions summing to one),
    the series for charts (per mille), what happened (for a narrator) and the coins."""

    values: dict[str, Value]
    shares: list[dict[str, float]]
    paid_shares: list[dict[str, float]]
    series: dict[str, tuple[int, ...]]
    notes: list[str]
    system: MonetarySystem
    town: Town
    transactions: int
    moves: list[Move] = field(default_factory=list)
    """Every completed switch, in the order they landed."""


class Market:
    """One run of the market; `run()` plays the days and returns a `MarketRun`."""

    def __init__(
        self,
        system: MonetarySystem,
        town: Town,
        seed: int,
        *,
        days: int,
        behaviour: Behaviour,
        events: Events,
        payment_size: Callable[[random.Random], int],
    ) -> None:
        self.system, self.town, self.seed, self.days = system, town, seed, days
        self.reactions, self.payments, self.wages = (stream(seed, purpose) for purpose in ("merchant reactions", "payments", "wages"))
        self.event_draws = stream(seed, "events")
        self.behaviour, self.events, self.payment_size = behaviour, events, payment_size
        self.keys = list(system)
        self.chain = system.chain
        self.day = 0
        self.notes: list[str] = []
        self.moves: list[Move] = []
        self.leaving: dict[str, tuple[str, int, str]] = {}
        """name -> (coin left, day decided, why) while a switch is under way."""
        names: dict[str, str] = {}
        for key in self.keys:
            names |= system[key].cast.names
        self.harm = HarmLedger(names)
        self.frozen_seen: dict[str, set[str]] = {key: set() for key in self.keys}
        self.transactions = 0
        for key in self.keys:
            system[key].coin.subscribe(self.harm.record)
            system[key].coin.subscribe(self._watcher(key))
        self.holders = {key: {power: self.system[key].holder_of(power) for power in Power} for key in self.keys}
        # Draws for all three coins whether or not the dollar coin is deployed, so that a run with and
        # one without it hold the same people (paired comparisons).
        tastes = stream(seed, "preferences")
        self.preferences: dict[str, Preferences] = {
            name: draw_preferences(
                ALL_COINS,
                tastes,
                taste_weight=behaviour.taste_weight,
                inertia_max=behaviour.inertia_max,
                shows_identity=name in town.shows_identity,
            )
            for name in town.consumers
        }
        self.balance: dict[str, dict[str, int]] = {key: dict.fromkeys(town.names, 0) for key in self.keys}
        self.home: dict[str, str | None] = {}
        self.cash: dict[str, int] = dict.fromkeys(town.consumers, 0)
        self.target: dict[str, str] = {}
        """Where each switcher is moving their money."""
        self.target_since: dict[str, int] = {}
        self.verified: set[str] = set()
        """Holders whose sovereign wallet is tied to their identity."""
        self.requests: dict[str, dict[int, tuple[str, int, int]]] = {key: {} for key in self.keys}
        self.deposited: dict[str, list[tuple[str, int]]] = {key: [] for key in self.keys}
        self.accepts: dict[str, set[str]] = {}
        self.dropped: dict[str, set[str]] = {m: set() for m in town.merchants}
        self.switched: set[str] = set()
        self.trapped: set[str] = set()
        self.delays: list[int] = []
        self.unaccepted = 0
        self.payment_gas: list[int] = []
        self.paid_total = dict.fromkeys(self.keys, 0)
        self.paid_today = dict.fromkeys(self.keys, 0)
        self._signals: dict[str, Signals] = {}
        self.shares: list[dict[str, float]] = []
        self.paid_shares: list[dict[str, float]] = []

    # --- plumbing ---------------------------------------------------------------------------------

    def _watcher(self, key: str) -> Callable[[Transaction | Refusal], None]:
        names = self.system[key].cast.names

        def watch(outcome: Transaction | Refusal) -> None:
            self.transactions += 1
            if isinstance(outcome, Transaction) and outcome.action == "freeze":
                for event in outcome.events:
                    if event.name == "Frozen":
                        self.frozen_seen[key].add(names.get(str(event.args["account"]).lower(), ""))

        return watch

    def say(self, text: str) -> None:
        self.notes.append(f"day {self.day}: {text}")

    def symbol(self, key: str) -> str:
        return self.system.symbol(key)

    # --- opening ----------------------------------------------------------------------------------

    def open(self) -> None:
        """Merchants' acceptance, each consumer's first coin, and the opening mints, in one batch."""
        town = self.town
        acceptance = stream(self.seed, "acceptance")
        for merchant in town.merchants:
            takes_foreign = acceptance.random() < self.behaviour.foreign_acceptance  # drawn either way, as above
            self.accepts[merchant] = {k for k in self.keys if k != FOREIGN or takes_foreign}
        signals = self.observe()
        with self.chain.batch():
            for key in self.keys:
                configurer = self.holders[key][Power.CONFIGURE_MINTER]
                assert configurer is not None  # every regime gives somebody the minter configuration
                self.system[key].coin.set_minter_allowance(2**128, by=configurer)
            tiers = self.holders[SOVEREIGN][Power.SET_TIER]
            for merchant in town.merchants:  # businesses have verified wallets
                if tiers is not None:
                    self.verify(merchant)
                self.home[merchant] = PRIVATE
            for consumer in town.consumers:
                amount = town.opening[consumer]
                best = self.best(consumer, amount, signals, current=None)
                self.home[consumer] = best
                if best is not None:
                    self._deposit(consumer, best, amount)
            for merchant in town.merchants:
                self._deposit(merchant, PRIVATE, town.opening[merchant])
            self.issue()

    def verify(self, name: str) -> None:
        """The holder of the tier power ties `name`'s sovereign wallet to their identity (verified tier)."""
        tiers = self.holders[SOVEREIGN][Power.SET_TIER]
        d = self.system.sovereign
        if tiers is not None and name not in self.verified:
            d.coin.set_tier(d.cast[name], WalletTier.VERIFIED, case=f"KYC-{name}", by=tiers)
            self.verified.add(name)

    def _deposit(self, name: str, key: str, amount: int) -> None:
        """`name` pays `amount` of fiat into coin `key`'s reserve account, for coins at the next issue."""
        d = self.system[key]
        if key == SOVEREIGN and needs_identity(self._signals[key], self.balance[key][name] + amount):
            self.verify(name)
        d.bank.receive(d.cast[name], amount)
        self.deposited[key].append((name, amount))

    def issue(self) -> None:
        """Each bank attests its balance and mints what it owes; refused mints hand the fiat back."""
        for key in self.keys:
            d = self.system[key]
            if not d.bank.pending:
                continue
            d.bank.attest(by=d.cast.attestor, report=f"D{self.day}")
            waiting = list(self.deposited[key])
            try:
                d.bank.issue()
            except ContractRevert as refused:
                self.say(f"{self.symbol(key)} cannot mint ({refused.rule}): deposits are handed back")
            done = len(waiting) - len(d.bank.pending)
            for name, amount in waiting[:done]:
                self.balance[key][name] += amount
                if self.target.get(name) == key:  # a switch completed
                    self.delays.append(self.chain.now - self.target_since.pop(name))
                    del self.target[name]
                    left = self.leaving.pop(name, None)
                    if left is not None:
                        self.moves.append(Move(name, left[0], key, left[1], self.day, left[2]))
                    self.home[name] = key
                    self.switched.add(name)
            for name, amount in waiting[done:]:
                if name in self.cash:  # a consumer: back in fiat, choosing again tomorrow
                    self.cash[name] += amount
                    self.target.pop(name, None)
                    self.target_since.pop(name, None)
                    self.home[name] = None
            d.bank.refund_pending()
            self.deposited[key] = []

    # --- what people see --------------------------------------------------------------------------

    def observe(self) -> dict[str, Signals]:
        signals = {}
        merchants = self.town.merchants
        for key in self.keys:
            coin = self.system[key].coin
            paused = coin.paused()
            reserves, _, _ = coin.attestation()
            supply = coin.total_supply()
            holding = sum(1 for name in self.town.names if self.balance[key][name]) or 1
            cap = coin.tier_limits(WalletTier.ANONYMOUS)[0] if self.holders[key][Power.SET_TIER] is not None else None
            signals[key] = Signals(
                paused=paused,
                mintable=coin.licensed() and not paused and reserves >= supply,
                frozen_share=len(self.frozen_seen[key]) / holding,
                acceptance=sum(key in self.accepts.get(m, ()) for m in merchants) / len(merchants) if merchants else 1.0,
                unpaid=coin.outstanding_redemptions() > 0,
                hole=reserves < supply,
                anonymous_cap=cap,
            )
        self._signals = signals
        return signals

    def best(self, name: str, amount: int, signals: Mapping[str, Signals], *, current: str | None) -> str | None:
        """The coin `name` would hold `amount` in; `current` wins unless another beats it by the inertia."""
        prefs = self.preferences[name]
        ranked: list[tuple[float, str]] = []
        for key in self.keys:
            signal = signals[key]
            if key != current and not signal.mintable:
                continue
            identified = key == SOVEREIGN and (name in self.verified or needs_identity(signal, amount))
            if key != current and needs_identity(signal, amount) and not prefs.shows_identity:
                continue  # the tier caps keep this holder out of the anonymous tier
            bonus = prefs.inertia if key == current else 0.0
            if key == SOVEREIGN:
                bonus += self.behaviour.deposit_interest
            ranked.append((utility(prefs, key, scores(signal, identified=identified)) + bonus, key))
        return max(ranked)[1] if ranked else None

    # --- the day ----------------------------------------------------------------------------------

    def run(self) -> MarketRun:
        self.open()
        self.record()
        for day in range(1, self.days + 1):
            self.chain.advance_time(DAY)
            self.day = day
            with self.chain.batch():
                self.settle()
                for event in self.events.schedule.get(day, ()):
                    self.event(event)
                signals = self.observe()
                self.merchants_react(signals)
                self.choose(signals)
                self.pay()
            self.record()
        values = self.measure()
        return MarketRun(values, self.shares, self.paid_shares, self.series(), self.notes, self.system, self.town, self.transactions, self.moves)

    def settle(self) -> None:
        """Payouts of yesterday's redemptions; the fiat goes to the coin each switcher chose; mints."""
        for key in self.keys:
            paid = self.system[key].bank.pay_redemptions()
            for request in paid:
                if request in self.requests[key]:
                    name, amount, _ = self.requests[key].pop(request)
                    self.cash[name] += amount
        self.observe()
        for name in self.town.consumers:
            if self.cash[name] and name in self.target:
                amount, self.cash[name] = self.cash[name], 0
                self._deposit(name, self.target[name], amount)
        self.issue()

    def merchants_react(self, signals: Mapping[str, Signals]) -> None:
        chance = self.behaviour.merchant_reaction
        for merchant in self.town.merchants:
            roll = {key: self.reactions.random() for key in ALL_COINS}  # drawn whatever the coins' state
            for key in sorted(self.accepts[merchant]):
                if not signals[key].mintable and roll[key] < chance:
                    self.accepts[merchant].discard(key)
                    self.dropped[merchant].add(key)
            for key in sorted(self.dropped[merchant]):
                if signals[key].mintable and roll[key] < chance:
                    self.accepts[merchant].add(key)
                    self.dropped[merchant].discard(key)

    def choose(self, signals: Mapping[str, Signals]) -> None:
        for name in self.town.consumers:
            if name in self.target:
                continue  # already on the way to another coin
            current = self.home[name]
            amount = self.balance[current][name] if current is not None else self.cash[name]
            best = self.best(name, amount, signals, current=current)
            if best is None or best == current:
                continue
            if current is None:  # in fiat after a refused mint: deposit tomorrow
                if amount:
                    self.target[name], self.target_since[name] = best, self.chain.now
                else:
                    self.home[name] = best
                continue
            if not amount:
                self.home[name] = best
                continue
            coin = self.system[current]
            try:
                request = coin.coin.redeem(amount, by=coin.cast[name])
            except ContractRevert:
                self.trapped.add(name)  # paused or frozen: wants to leave and cannot
                continue
            self.balance[current][name] = 0
            self.requests[current][request.request_id] = (name, amount, self.chain.now)
            self.target[name], self.target_since[name] = best, self.chain.now
            self.leaving[name] = (current, self.day, leaving_reason(signals[current]))

    def pay(self) -> None:
        """Consumers pay their merchants in their own coin, where the merchant takes it; merchants pay wages."""
        rate, town = self.behaviour.payments_per_day, self.town
        earners = {key: [c for c in town.consumers if self.home[c] == key and c not in self.target] for key in self.keys}
        draw = self.payments
        for consumer in town.consumers:
            count = int(rate) + (draw.random() < rate - int(rate))
            for _ in range(count):
                # The wish to pay is drawn whole whether or not the payment can happen.
                favourites = town.favourites[consumer]
                merchant = favourites[int(draw.random() * len(favourites))]
                size = self.payment_size(draw)
                key = self.home[consumer]
                if key is None or consumer in self.target:
                    continue
                if key not in self.accepts[merchant]:
                    self.unaccepted += 1
                    continue
                self.transfer(key, consumer, merchant, min(size, self.balance[key][consumer]))
        for merchant in town.merchants:
            roll = {key: self.wages.random() for key in ALL_COINS}  # drawn whoever is there to be paid
            for key in self.keys:
                if earners[key] and self.balance[key][merchant]:
                    wage = int(self.balance[key][merchant] * WAGE_SHARE)
                    self.transfer(key, merchant, earners[key][int(roll[key] * len(earners[key]))], wage)

    def transfer(self, key: str, payer: str, payee: str, amount: int) -> None:
        if amount <= 0:
            return
        d = self.system[key]
        try:
            receipt = d.coin.transfer(d.cast[payee], amount, by=d.cast[payer]).receipt
        except ContractRevert:
            return  # frozen, paused or over a wallet cap: the harm ledger counted it
        self.balance[key][payer] -= amount
        self.balance[key][payee] += amount
        self.paid_total[key] += amount
        self.paid_today[key] += amount
        self.payment_gas.append(receipt.gas_used)

    # --- events ---------------------------------------------------------------------------------

    def event(self, name: str) -> None:
        """Carry out one of `EVENTS` (see `coinage.market.events`)."""
        consumers = self.town.consumers
        ACTIONS[name](EventContext(
            system=self.system,
            holders=self.holders,
            balances={key: {c: self.balance[key][c] for c in consumers} for key in self.keys},
            shows_identity=self.town.shows_identity,
            settings=self.events,
            rng=self.event_draws,
            say=self.say,
            control=self.control,
            verify=self.verify,
        ))

    def control(self, key: str, power: Power, act: Callable[[Actor], object], what: str) -> bool:
        """`act` by whoever coin `key`'s regime table gives `power`; a missing power or a refusal is noted."""
        actor = self.holders[key][power]
        if actor is None:
            self.say(f"nobody holds the {power.name.lower()} power on {self.symbol(key)}; {what} cannot happen on chain")
            return False
        try:
            act(actor)
        except ContractRevert as refused:
            self.say(f"{actor.name}'s {what} on {self.symbol(key)} is refused ({refused.rule})")
            return False
        return True

    # --- the figures ------------------------------------------------------------------------------

    def record(self) -> None:
        supply = {key: self.system[key].coin.total_supply() for key in self.keys}
        self.shares.append(_shares(supply))
        self.paid_shares.append(_shares(self.paid_today))
        self.paid_today = dict.fromkeys(self.keys, 0)

    def series(self) -> dict[str, tuple[int, ...]]:
        out = {f"held_{key}": tuple(round(day[key] * 1000) for day in self.shares) for key in self.keys}
        out |= {f"paid_{key}": tuple(round(day[key] * 1000) for day in self.paid_shares) for key in self.keys}
        return out

    def measure(self) -> dict[str, Value]:
        end = self.shares[-1]
        stuck = sum(amount for key in self.keys for _, amount, _ in self.requests[key].values())
        foreign = self.system.foreign
        return {
            "sovereign_share_held": round(end[SOVEREIGN], 6),
            "sovereign_share_start": round(self.shares[0][SOVEREIGN], 6),
            "sovereign_share_paid": round(_shares(self.paid_total)[SOVEREIGN], 6),
            "private_share_held": round(end[PRIVATE], 6),
            "foreign_share_held": round(end[FOREIGN], 6) if FOREIGN in end else None,
            "switched": len(self.switched),
            "trapped": len(self.trapped),
            "switch_stuck": stuck,
            "switch_delay_hours": round(sum(self.delays) / len(self.delays) / 3600, 4) if self.delays else None,
            "payments_refused_caps": self.harm.cap_refusals,
            "payments_unaccepted": self.unaccepted,
            "gas_per_payment": round(sum(self.payment_gas) / len(self.payment_gas)) if self.payment_gas else None,
            "innocent_hit": len(self.harm.hit(self.town.names)),
            "innocent_frozen": len(self.harm.frozen(self.town.names)),
            "innocent_frozen_days": round(self.harm.frozen_days(self.town.names, self.chain.now), 4),
            "foreign_unfreeze_by": _authority(foreign, Power.UNFREEZE) if foreign is not None else None,
        }


def _authority(d: Deployment, power: Power) -> str:
    """The name of whoever holds `power` on coin `d`, read from the chain."""
    return d.cast.name_of(d.coin.authority_for(power)) if d.coin.role_for(power) is not Role.NOBODY else "nobody"


def _shares(amounts: Mapping[str, int]) -> dict[str, float]:
    """Each amount as a share of their sum (all zero when the sum is zero)."""
    total = sum(amounts.values())
    return {key: (value / total if total else 0.0) for key, value in amounts.items()}


__all__ = ["EVENTS", "Behaviour", "Events", "Market", "MarketRun", "Town"]
