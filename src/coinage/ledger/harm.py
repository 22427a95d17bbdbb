"""Who was hurt, and for how long: freezes, refusals and losses, recorded the same way for every run.

A scripted scenario and a population run both subscribe a `HarmLedger` to their coin, so "innocent
hit", "innocent frozen" and "innocent holder-days" have one definition wherever they are reported:

- a holder is *hit* if they lost money at the end (`lose`), could not move it for a while (frozen
  at some moment, holding coins while the coin was paused: `hold`), or had a payment of their own
  refused by a freeze, a pause or a wallet-tier cap;
- *frozen holder-days* sum, over holders, the time from each freeze to the moment it ended (lifted,
  lapsed, or the end of the run for a freeze still in force), in days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..contracts import Refusal, Transaction
from ..contracts.abi import Event
from ..enums import FOREVER
from ..units import DAY
from .timeline import Timeline


HOLDING_RULES = frozenset(
    {
        "AccountFrozen",
        "EnforcedPause",
        "TierBalanceCapExceeded",
        "TierPaymentCapExceeded",
        "TierDailyCapExceeded",
        "Blacklisted",
        "WalletFrozen",
        "PausedByPauser",
    }
)
"""Refusals that keep a holder from moving their own money (as opposed to mistakes such as a low balance)."""

CONTROL_ACTIONS = frozenset(
    {
        "freeze",
        "confirm_freeze",
        "unfreeze",
        "seize",
        "release",
        "pause",
        "unpause",
        "revoke_licence",
        "reinstate_licence",
        "set_tier",
    }
)
"""Timeline actions that are the exercise of a control power (their gas is the cost of control)."""


def control_gas(timeline: Timeline) -> int:
    """Gas of every control transaction that took effect, from the decoded timeline."""
    return sum(e.gas for e in timeline.entries if e.action in CONTROL_ACTIONS and e.outcome == "ok")


def _as_coinage_event(event: Event) -> Event:
    """A real coin's freeze event as Coinage's: a USDC blacklisting or a T-REX wallet freeze lasts until lifted."""
    if event.name == "Blacklisted":
        return Event("Frozen", {"account": event.args["_account"], "until": FOREVER})
    if event.name == "UnBlacklisted":
        return Event("Unfrozen", {"account": event.args["_account"]})
    if event.name == "AddressFrozen":
        frozen = bool(event.args["_isFrozen"])
        account = event.args["_userAddress"]
        return Event("Frozen", {"account": account, "until": FOREVER}) if frozen else Event("Unfrozen", {"account": account})
    return event


HIT_CAUSES = ("frozen", "paused", "refused by a cap", "lost money")
"""The causes `HarmLedger.hit_by_cause` counts innocent holders under, in the order reports show them."""

CAP_RULES = frozenset({"TierBalanceCapExceeded", "TierPaymentCapExceeded", "TierDailyCapExceeded"})
"""Refusals by the wallet-tier caps."""


@dataclass
class HarmLedger:
    """Freeze spans, holding refusals and losses per holder name, fed by the coin's transactions.

    `names` maps lower-case addresses to names (the cast's live mapping). Subscribe `record` to the
    coin before the run starts: ``coin.subscribe(ledger.record)``.
    """

    names: Mapping[str, str]
    spans: dict[str, list[list[int]]] = field(default_factory=dict)
    """name -> [[start, end], ...]; `end` is the expiry the contract set (it may lie past the run)."""
    refused: set[str] = field(default_factory=set)
    refusals: dict[str, set[str]] = field(default_factory=dict)
    """name -> the holding rules that refused that holder's payments."""
    cap_refusals: int = 0
    held: set[str] = field(default_factory=set)
    losses: dict[str, int] = field(default_factory=dict)
    control_gas: int = 0
    """Gas of the control transactions that took effect since subscribing: `control_gas` of a timeline
    recording the same transactions, kept without one (a population run in a sweep records none)."""

    def record(self, outcome: Transaction | Refusal) -> None:
        if isinstance(outcome, Refusal):
            rule = outcome.error.rule
            if rule in HOLDING_RULES:
                self.refused.add(outcome.actor)
                self.refusals.setdefault(outcome.actor, set()).add(rule)
                self.cap_refusals += rule in CAP_RULES
            return
        if outcome.action in CONTROL_ACTIONS:
            self.control_gas += outcome.receipt.gas_used
        if outcome.action not in ("freeze", "confirm_freeze", "unfreeze"):
            return
        now = outcome.receipt.timestamp
        for event in outcome.events:
            event = _as_coinage_event(event)
            account = event.args.get("account")
            if not isinstance(account, str):
                continue
            name = self.names.get(account.lower(), account)
            if event.name == "Frozen":
                spans = self.spans.setdefault(name, [])
                if spans and spans[-1][1] > now:  # a new order on a frozen account extends the same span
                    spans[-1][1] = int(event.args["until"])
                else:
                    spans.append([now, int(event.args["until"])])
            elif event.name == "FreezeConfirmed" and name in self.spans:
                self.spans[name][-1][1] = int(event.args["until"])
            elif event.name == "Unfrozen" and name in self.spans:
                self.spans[name][-1][1] = min(self.spans[name][-1][1], now)

    def checkpoint(self) -> tuple[dict[str, list[list[int]]], set[str], int, set[str], dict[str, int]]:
        """Freeze spans, refusals, cap refusals, holders held by a pause, and losses, copied."""
        spans = {name: [list(span) for span in spans] for name, spans in self.spans.items()}
        return spans, set(self.refused), self.cap_refusals, set(self.held), dict(self.losses)

    def restore(self, state: tuple[dict[str, list[list[int]]], set[str], int, set[str], dict[str, int]]) -> None:
        spans, refused, self.cap_refusals, held, losses = state
        self.spans = {name: [list(span) for span in spans] for name, spans in spans.items()}
        self.refused, self.held, self.losses = set(refused), set(held), dict(losses)

    def lose(self, name: str, amount: int) -> None:
        """`name` ends the run `amount` short (stolen and not returned, a redemption left unpaid)."""
        if amount > 0:
            self.losses[name] = self.losses.get(name, 0) + amount

    def hold(self, names: Iterable[str]) -> None:
        """`names` could not move their coins for a while (they held coins while the coin was paused)."""
        self.held.update(names)

    def frozen(self, among: Iterable[str]) -> list[str]:
        """The holders of `among` who were frozen at some moment."""
        return [name for name in among if name in self.spans]

    def frozen_days(self, among: Iterable[str], end: int) -> float:
        """Days the holders of `among` spent frozen up to the time `end`, summed over holders."""
        seconds = 0
        for name in among:
            for start, until in self.spans.get(name, ()):
                seconds += max(0, min(until, end) - start)
        return seconds / DAY

    def hit_by_cause(self, among: Iterable[str]) -> dict[str, int]:
        """How many holders of `among` each cause hit (a holder hit two ways counts under both).

        The causes, in the order reports show them: frozen (at some moment, or refused a payment by a
        freeze), paused (held coins while the coin was paused, or refused by the pause), refused by a cap
        (a wallet-tier cap refused a payment), lost money (ended the run short).
        """
        names = list(among)

        def refused_by(name: str, rules: frozenset[str]) -> bool:
            return bool(self.refusals.get(name, set()) & rules)

        return {
            "frozen": sum(1 for n in names if n in self.spans or refused_by(n, frozenset({"AccountFrozen"}))),
            "paused": sum(1 for n in names if n in self.held or refused_by(n, frozenset({"EnforcedPause"}))),
            "refused by a cap": sum(1 for n in names if refused_by(n, CAP_RULES)),
            "lost money": sum(1 for n in names if n in self.losses),
        }

    def hit(self, among: Iterable[str]) -> list[str]:
        """The holders of `among` who lost money, were frozen, were held by a pause, or were refused a payment."""
        return [
            name
            for name in among
            if name in self.losses or name in self.spans or name in self.held or name in self.refused
        ]


__all__ = ["HIT_CAUSES", "CAP_RULES", "CONTROL_ACTIONS", "HOLDING_RULES", "HarmLedger", "control_gas"]
