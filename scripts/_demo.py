"""Shared command line of the scenario demos: parse --regime/--seed, run, print story and outcome.

Coinage is imported inside `main`, so that a Ctrl-C while it loads ends in one line like any other.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # run from a checkout, installed or not


def columns() -> int:
    """The terminal's width (80 on a pipe, as COLUMNS says if set), at most 100: lines never wrap mid-word."""
    return min(shutil.get_terminal_size((80, 24)).columns, 100)


def show(outcome: object) -> None:
    """The outcome's figures, one per line with its unit, as in the comparison table (the verdict was told)."""
    from coinage.report import scenario_tables
    from coinage.scenarios import Comparison, Outcome

    assert isinstance(outcome, Outcome)
    table = scenario_tables(Comparison([outcome], outcome.seed, (outcome.scenario,)))[0]
    print(f"\nFigures ({outcome.scenario}, {outcome.regime.slug}, seed {outcome.seed})")
    width = max(len(header) for header in table.headers)
    for header, value in zip(table.headers[1:], table.rows[0][1:]):
        print(textwrap.fill(f"  {header:<{width}}  {value}", columns(), subsequent_indent=" " * (width + 4)))


def main(name: str) -> int:
    """Run scenario `name` from the command line; exit status 0, 1 on a refused input, 2 on bad usage, 130 on Ctrl-C."""
    prog = Path(sys.argv[0]).name
    try:
        return _main(name)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _main(name: str) -> int:
    from coinage import CoinageError, parse_regime
    from coinage.cli import Parser, demo_regime, seed
    from coinage.seeds import SEED_RANGE
    from coinage.scenarios import StreamNarrator, get_scenario, run_scenario

    scenario = get_scenario(name)
    joint = " " if scenario.title.endswith("?") else ". "
    parser = Parser(description=f"{scenario.title}{joint}{scenario.summary}")
    default, why = demo_regime(scenario)
    parser.add_argument(
        "--regime",
        default=default.slug,
        help=f"one of {', '.join(r.slug for r in scenario.regimes)}, or 'all' (default: {default.slug}, {why})",
    )
    parser.add_argument("--seed", type=seed, default=0, help=f"drives every random choice, {SEED_RANGE} (default: 0)")
    args = parser.parse_args()
    try:
        regimes = list(scenario.regimes) if args.regime == "all" else [parse_regime(args.regime)]
    except CoinageError as error:
        parser.error(str(error))
    for regime in regimes:
        if regime not in scenario.regimes:
            parser.error(f"{scenario.name} does not apply under {regime.slug}; it applies to: "
                         + ", ".join(r.slug for r in scenario.regimes))
        print(textwrap.fill(f"=== {scenario.title} | {regime.slug} | seed {args.seed} ===", columns()))
        show(run_scenario(scenario.name, regime, seed=args.seed, narrator=StreamNarrator(sys.stdout, width=columns())))
        print()
    return 0
