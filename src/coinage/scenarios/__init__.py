"""Scripted, narrated stories that run the stablecoin argument as code, under each control regime.

    from coinage.scenarios import RecordingNarrator, run_scenario
    narrator = RecordingNarrator()
    outcome = run_scenario("fraud", "due-process", seed=3, narrator=narrator)
    print(narrator.transcript, outcome.funds_recovered)

Each scenario deploys a fresh coin, plays its story with every random choice drawn from the seed,
and returns an `Outcome`: the numbers the comparison table is built from. `compare` runs every
scenario under every regime it applies to (`coinage.report` formats the result).
"""

from .narration import Narrator, RecordingNarrator, SilentNarrator, StreamNarrator
from .outcome import Outcome
from .registry import SCENARIOS, Scenario, get_scenario, play_scenario, run_scenario
from .comparison import Comparison, Progress, compare, plan_comparison

__all__ = [
    "SCENARIOS",
    "Comparison",
    "Narrator",
    "Outcome",
    "Progress",
    "RecordingNarrator",
    "Scenario",
    "SilentNarrator",
    "StreamNarrator",
    "compare",
    "get_scenario",
    "plan_comparison",
    "play_scenario",
    "run_scenario",
]
