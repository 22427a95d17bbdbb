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
    - `innocent_holders_affected`: holders who did nothing wrong and lost access to money or money.
    - `blocks_until_action`: blocks between the harmful event and the first control action that took
      effect; None when nobody on chain could act (or nobody needed to).
    - `acted_alone`: the one actor who could take the decisive action without anybody else, or
      "nobody" (no power exists, or it needs two parties).
    - `control_gas`: gas of the control transactions that took effect (freeze, seize, pause...).
    - `story_verdict`: the story in one line.
    - `extra`: scenario-specific metrics; `series`: time series for charts (same length per key).
    """

    scenario: str
    regime: Regime
    seed: int
    funds_lost: int
    funds_recovered: int
    funds_frozen: int
    innocent_holders_affected: int
    blocks_until_action: int | None
    acted_alone: str
    control_gas: int
    story_verdict: str
    extra: Mapping[str, int | str] = field(default_factory=dict)
    series: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; the regime appears as its command-line name."""
        return {
            "scenario": self.scenario,
            "regime": self.regime.slug,
            "seed": self.seed,
            "funds_lost": self.funds_lost,
            "funds_recovered": self.funds_recovered,
            "funds_frozen": self.funds_frozen,
            "innocent_holders_affected": self.innocent_holders_affected,
            "blocks_until_action": self.blocks_until_action,
            "acted_alone": self.acted_alone,
            "control_gas": self.control_gas,
            "story_verdict": self.story_verdict,
            "extra": dict(self.extra),
            "series": {key: list(values) for key, values in self.series.items()},
        }


__all__ = ["Outcome"]
