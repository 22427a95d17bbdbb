"""What a scenario run comes to: the numbers the comparison table is built from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..enums import Regime


@dataclass(frozen=True)
class Outcome:
    """The result of one scenario under one regime, with the same seed always giving the same values.

    Amounts are in base units (see `coinage.units`), so outcomes add and compare exactly.

    - `funds_lost`: value that ends up with the wrong party or nowhere (stolen and gone, reserves
      missing when holders ask for them).
    - `funds_recovered`: value an authority took back and returned to its owner.
    - `funds_frozen`: the most value held in place by freezes or a pause at any moment of the story;
      a peak rather than an end state, because a frozen balance hurts while it is frozen.
    - `innocent_holders_affected`: holders who did nothing wrong and were hit: they lost money, were
      frozen, held coins while the coin was paused, or had a payment refused by a freeze, a pause or
      a wallet cap (`coinage.ledger.HarmLedger` applies this one definition in every scenario).
    - `blocks_until_action` / `hours_until_action`: blocks and simulated hours between the harmful
      event and the first control action that took effect; None when nobody on chain acted.
    - `could_act_alone`: the one actor who, by the contract's regime table, holds every power the
      story's decisive action needs, so could take it without anybody else; or "nobody" (no such
      power exists, or it needs two parties). It says who *could*, not who did.
    - `funds_stolen`: value taken by fraud or phishing (0 where the story has no theft).
    - `innocent_frozen` / `innocent_frozen_days`: innocent holders frozen at some moment, and the
      days they spent frozen, summed over holders, up to the story's end.
    - `hours_until_recovered`: simulated hours from the harm until stolen value first went back to
      its owner; None when it never did.
    - `control_gas`: gas of the control transactions that took effect (freeze, seize, pause...).
    - `story_verdict`: the story in one line.
    - `extra`: scenario-specific metrics; `series`: time series for charts (same length per key).
    - `coin`: the design the story ran on (`coinage`, `usdc`, `erc3643`); `regime` is the regime of a
      Coinage coin, and issuer-controlled for a real coin, whose own roles decide.
    """

    scenario: str
    regime: Regime
    seed: int
    funds_lost: int
    funds_recovered: int
    funds_frozen: int
    innocent_holders_affected: int
    blocks_until_action: int | None
    could_act_alone: str
    control_gas: int
    story_verdict: str
    funds_stolen: int = 0
    innocent_frozen: int = 0
    innocent_frozen_days: float = 0.0
    hours_until_action: float | None = None
    hours_until_recovered: float | None = None
    innocent_hit_by: Mapping[str, int] = field(default_factory=dict)
    """`innocent_holders_affected` by cause: frozen, paused, refused by a cap, lost money (one holder may count twice)."""
    extra: Mapping[str, int | str] = field(default_factory=dict)
    series: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    coin: str = "coinage"
    """The coin's design (`coinage.designs`): Coinage's own contract, or a real coin's such as `usdc`."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; the regime appears as its command-line name."""
        return {
            "scenario": self.scenario,
            "regime": self.regime.slug,
            "coin": self.coin,
            "seed": self.seed,
            "funds_lost": self.funds_lost,
            "funds_recovered": self.funds_recovered,
            "funds_frozen": self.funds_frozen,
            "innocent_holders_affected": self.innocent_holders_affected,
            "blocks_until_action": self.blocks_until_action,
            "hours_until_action": self.hours_until_action,
            "hours_until_recovered": self.hours_until_recovered,
            "could_act_alone": self.could_act_alone,
            "control_gas": self.control_gas,
            "funds_stolen": self.funds_stolen,
            "innocent_frozen": self.innocent_frozen,
            "innocent_frozen_days": self.innocent_frozen_days,
            "innocent_hit_by": dict(self.innocent_hit_by),
            "story_verdict": self.story_verdict,
            "extra": dict(self.extra),
            "series": {key: list(values) for key, values in self.series.items()},
        }


__all__ = ["Outcome"]
