"""Shared command line of the scenario demos: parse --regime/--seed, run, print story and outcome."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # run from a checkout, installed or not

from coinage import UnknownName, format_coins, parse_regime  # noqa: E402
from coinage.scenarios import Outcome, StreamNarrator, get_scenario, run_scenario  # noqa: E402

AMOUNTS = ("funds_lost", "funds_recovered", "funds_frozen")


def show(outcome: Outcome) -> None:
    print(f"\nOutcome ({outcome.scenario}, {outcome.regime.slug}, seed {outcome.seed})")
    for key, value in outcome.to_dict().items():
        if key in ("scenario", "regime", "seed", "series"):
            continue
        if key in AMOUNTS:
            value = f"{format_coins(value)} cHKD"
        print(f"  {key}: {value}")


def main(name: str) -> int:
    scenario = get_scenario(name)
    parser = argparse.ArgumentParser(description=f"{scenario.title}. {scenario.summary}")
    default = "regulator-controlled" if any(r.slug == "regulator-controlled" for r in scenario.regimes) else scenario.regimes[0].slug
    parser.add_argument(
        "--regime",
        default=default,
        help=f"one of {', '.join(r.slug for r in scenario.regimes)}, or 'all' (default: {default})",
    )
    parser.add_argument("--seed", type=int, default=0, help="drives every random choice (default: 0)")
    args = parser.parse_args()
    try:
        regimes = list(scenario.regimes) if args.regime == "all" else [parse_regime(args.regime)]
    except UnknownName as error:
        parser.error(str(error))
    for regime in regimes:
        if regime not in scenario.regimes:
            parser.error(f"{scenario.name} does not apply under {regime.slug}; it applies to: "
                         + ", ".join(r.slug for r in scenario.regimes))
        print(f"=== {scenario.title} | {regime.slug} | seed {args.seed} ===")
        show(run_scenario(scenario.name, regime, seed=args.seed, narrator=StreamNarrator(sys.stdout)))
        print()
    return 0
