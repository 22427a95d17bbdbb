"""The class's outcome so far, in the comparison's own metrics (`coinage.metrics`).

Fed by the coin's transactions as they happen (the same `HarmLedger` every scenario uses for the
innocent-holder figures), and by the class state for what the chain cannot tell apart: which transfer
was a theft, and which release gave stolen coins back to their owner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..contracts import Refusal, Transaction
from ..ledger import CONTROL_ACTIONS, HarmLedger, Timeline, control_gas
from ..metrics import METRICS, Value

CLASS_METRICS = (
    "stolen",
    "recovered",
    "lost",
    "frozen_peak",
    "innocent_hit",
    "innocent_frozen",
    "innocent_frozen_days",
    "hours_to_act",
    "hours_to_recover",
    "control_gas",
    "could_act_alone",
)
"""The metrics the board shows for a class, in order; their definitions live in `coinage.metrics`."""


@dataclass
class ClassMeasures:
    """Running totals for one class on one coin. Amounts in base units, times in chain seconds."""

    harm: HarmLedger
    stolen: dict[str, int] = field(default_factory=dict)
    returned: dict[str, int] = field(default_factory=dict)
    frozen_peak: int = 0
    harm_time: int | None = None
    acted_time: int | None = None
    recovered_time: int | None = None
    _last_time: int = 0

    def record(self, outcome: Transaction | Refusal) -> None:
        """Subscribed to the coin: feeds the harm ledger and notes the first control action after a theft."""
        self.harm.record(outcome)
        self._last_time = outcome.receipt.timestamp
        if (
            isinstance(outcome, Transaction)
            and outcome.action in CONTROL_ACTIONS
            and self.harm_time is not None
            and self.acted_time is None
        ):
            self.acted_time = outcome.receipt.timestamp

    def theft(self, victim: str, amount: int) -> None:
        """`amount` of `victim`'s coins were taken by fraud just now."""
        self.stolen[victim] = self.stolen.get(victim, 0) + amount
        if self.harm_time is None:
            self.harm_time = self._last_time

    def released(self, recipient: str, amount: int) -> None:
        """A release paid `amount` to `recipient`: it counts as recovered up to what was stolen from them."""
        owed = self.stolen.get(recipient, 0) - self.returned.get(recipient, 0)
        if owed > 0:
            self.returned[recipient] = self.returned.get(recipient, 0) + min(owed, amount)
            if self.recovered_time is None:
                self.recovered_time = self._last_time

    def note_frozen(self, value: int) -> None:
        """The value held in place by freezes or a pause right now."""
        self.frozen_peak = max(self.frozen_peak, value)

    def values(
        self, *, innocent: Iterable[str], now: int, timeline: Timeline, redemption_loss: int, could_act_alone: str
    ) -> dict[str, Value]:
        """Every metric of `CLASS_METRICS`, by key, for the class so far."""
        innocent = list(innocent)
        stolen, recovered = sum(self.stolen.values()), sum(self.returned.values())
        losers = {name for name in self.stolen if self.stolen[name] > self.returned.get(name, 0)}
        hit = set(self.harm.hit(innocent)) | (losers & set(innocent))

        def hours(since: int | None, until: int | None) -> float | None:
            return None if since is None or until is None else round((until - since) / 3600, 2)

        return {
            "stolen": stolen,
            "recovered": recovered,
            "lost": stolen - recovered + redemption_loss,
            "frozen_peak": self.frozen_peak,
            "innocent_hit": len(hit),
            "innocent_frozen": len(self.harm.frozen(innocent)),
            "innocent_frozen_days": round(self.harm.frozen_days(innocent, now), 2),
            "hours_to_act": hours(self.harm_time, self.acted_time),
            "hours_to_recover": hours(self.harm_time, self.recovered_time),
            "control_gas": control_gas(timeline),
            "could_act_alone": could_act_alone,
        }


def shown(values: dict[str, Value]) -> list[dict[str, Value]]:
    """The metrics for the page: key, header (with unit), formatted text, raw value and definition."""
    return [
        {
            "key": key,
            "header": METRICS[key].header,
            "text": METRICS[key].format(values[key]),
            "value": values[key],
            "definition": METRICS[key].definition,
        }
        for key in CLASS_METRICS
    ]


__all__ = ["CLASS_METRICS", "ClassMeasures", "shown"]
