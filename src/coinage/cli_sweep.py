"""`coinage sweep` and `coinage params`: parameter sweeps from the command line.

`cli.py` lists `add_sweep` and `add_params` among its subcommands; everything they do lives in
`coinage.sweep` and `coinage.experiments`, imported only when a command runs (or its help is shown),
so this module only turns arguments into calls and results into text.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .experiments import Experiment
    from .terminal import Terminal

MAX_RUNS_TEXT = "100,000"
"""`coinage.sweep.MAX_RUNS` for the help text, written out so that `--help` loads no EVM."""


def whole_number(low: int) -> Any:
    """An argparse type: a whole number of at least `low` (underscores allowed: 10_000)."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"a whole number, not {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{low} or more, not {text}")
        return value

    return parse


WIDTH = 80
"""Lines of `coinage params` and of the sweep's help fit a terminal this wide."""


def _wrap(text: str, indent: str, hanging: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging or indent, break_on_hyphens=False)


def describe_experiment(experiment: Experiment) -> list[str]:
    """An experiment's lines for `coinage params` and `coinage sweep --help`, at most 80 columns wide:
    per parameter its name, default and domain, then its meaning and its source, indented below."""

    def size(label: str, bounds: tuple[int, int, int]) -> str:
        default, low, high = bounds
        return f"{label} {default:,} (fixed by the story)" if low == high else f"{label} {default:,} (from {low:,} to {high:,})"

    lines = _wrap(f"{experiment.name}: {experiment.title}", "", "  ")
    lines += _wrap(f"regimes: {', '.join(r.slug for r in experiment.regimes)}", "  ", "    ")
    if experiment.peers:
        lines += _wrap(f"also on real coins (--coin): {', '.join(experiment.peers)}", "  ", "    ")
    lines += _wrap(f"{size('holders', experiment.holders)}; {size('days', experiment.days)}", "  ", "    ")
    if not experiment.parameters:
        lines.append("  parameters: none (only the seed varies)")
    for parameter in experiment.parameters:
        lines += _wrap(parameter.heading(), "  ", "      ")
        lines += _wrap(parameter.description, "      ")
        lines += _wrap(f"source: {parameter.citation}", "      ", "        ")
    return lines


def describe_presets(experiments: Iterable[str]) -> list[str]:
    """The presets of these experiments, for `coinage params`, within 80 columns."""
    from .experiments.presets import PRESETS

    wanted = set(experiments)
    lines: list[str] = []
    for preset in (p for p in PRESETS.values() if p.experiment in wanted):
        if not lines:
            lines.append("presets (coinage sweep EXPERIMENT --preset NAME):")
        lines += _wrap(f"{preset.name} ({preset.experiment}, {preset.regime.slug}): {preset.title}", "  ", "      ")
        values = ", ".join(f"{name}={value}" for name, value in preset.params.items())
        lines += _wrap(f"sets {values}", "      ")
        lines += _wrap(preset.note, "      ")
        for citation in preset.citations:
            lines += _wrap(f"source: {citation}", "      ", "        ")
    return lines


def _epilog() -> str:
    from .experiments import EXPERIMENTS
    from .metrics import definitions
    from .sweep import LOG_NAME

    lines = ["experiments and their parameters (--set NAME=V1,V2,...):", ""]
    for experiment in EXPERIMENTS.values():
        lines += describe_experiment(experiment)
    lines += ["", "metrics (each run's row in runs.csv; means and 95% intervals in summary.json and report.md):", ""]
    lines += [f"  {line}" for line in definitions()]
    lines += [
        "",
        f"With --out, each finished run is logged at once in DIR/{LOG_NAME}: after Ctrl-C (exit 130) the same",
        "command runs only the runs not yet finished. The same arguments give a byte-identical DIR/runs.csv",
        "whatever --workers or --scheduler ran them. With --coin usdc or erc3643 the table has a coin",
        "column and an empty regime column; the run's key names the coin, so it never resumes a Coinage run.",
    ]
    return "\n".join(lines)


def _run_params(args: argparse.Namespace, term: Terminal) -> int:
    from .experiments import EXPERIMENTS, get_experiment

    experiments = [get_experiment(args.experiment)] if args.experiment else list(EXPERIMENTS.values())
    for experiment in experiments:
        for line in describe_experiment(experiment):
            term.say(line)
    for line in describe_presets(experiment.name for experiment in experiments):
        term.say(line)
    return 0


def _run_sweep(args: argparse.Namespace, term: Terminal) -> int:
    from .sweep import LOG_NAME, RunLog, plan_sweep, run_sweep, summary_markdown

    if args.scheduler is not None and args.workers is not None:
        args.parser.error("--workers counts local processes; with --scheduler the cluster's workers run everything")
    out = Path(args.out) if args.out is not None else None
    settings, regimes = args.set or [], args.regime
    if args.preset is not None:
        from .experiments.presets import get_preset

        if args.coin is not None and args.coin.strip().lower() != "coinage":
            args.parser.error("--preset sets the rules of one of Coinage's regimes; it does not combine with --coin")
        preset = get_preset(args.preset, args.experiment)
        settings, regimes = preset.settings(settings), regimes or [preset.regime.slug]
    plan = plan_sweep(
        args.experiment,
        regimes=regimes,
        seeds=args.seeds,
        seed=args.seed,
        settings=settings,
        holders=args.holders,
        days=args.days,
        allow_large=args.yes,
        engine=args.engine,
        coin=args.coin or "coinage",
    )
    try:
        with term.progress("sweeping") as progress:
            result = run_sweep(plan, out=out, workers=args.workers, scheduler=args.scheduler, progress=progress)
    except KeyboardInterrupt:
        if out is None:
            print("interrupted: without --out nothing is kept", file=sys.stderr)
            return 130
        with RunLog(out) as log:
            kept = sum(1 for spec in plan.specs() if spec.key in log.finished)
        print(
            f"interrupted: {kept:,} of {plan.size:,} runs finished and kept in {log.path}; "
            "run the same command again to finish the rest",
            file=sys.stderr,
        )
        return 130
    if args.json:
        term.say(json.dumps(result.summary.to_dict(), indent=1))
    else:
        from .metrics import METRICS
        from .sweep import interval_note, summary_cells, summary_columns

        summary = result.summary
        numeric = [False, False, True, *(METRICS[key].numeric for key in summary.experiment.metrics)]
        term.table(summary_columns(summary), summary_cells(summary), numeric, keys=2, markdown=summary_markdown(summary))
        term.say(interval_note(min((cell.runs for cell in summary.cells), default=0)))
    if result.skipped and out is not None:
        print(f"skipped {result.skipped:,} runs already finished in {out / LOG_NAME}", file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def add_sweep(commands: Any, parents: Any) -> None:
    """Add `sweep` to the `coinage` command's subparsers."""
    sweep = commands.add_parser(
        "sweep",
        parents=parents,
        help="one experiment over regimes, seeds and a parameter grid, on all cores or a Dask cluster",
        description=(
            "Run EXPERIMENT under each regime, or on one real coin's contract (--coin),\n"
            "for each seed and each combination of --set values."
        ),
        epilog_from=_epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sweep.add_argument("experiment", help="an experiment or scenario name (see `coinage params`)")
    sweep.add_argument("--regime", action="append", help="only this regime (repeatable), or `all` (the default); Coinage's only")
    sweep.add_argument("--coin", metavar="DESIGN", help="coinage (the default), usdc or erc3643: an experiment listed as 'also on real coins' runs on that coin's own contract, where the regime axis does not apply")
    sweep.add_argument("--seeds", type=whole_number(1), default=1, metavar="N", help="runs per cell, seeds SEED to SEED+N-1 (default: 1)")
    sweep.add_argument("--seed", type=whole_number(0), default=0, help="the first seed (default: 0)")
    sweep.add_argument("--set", action="append", metavar="NAME=V1,V2,...", help="sweep this parameter over these values (repeatable: a grid)")
    sweep.add_argument("--preset", metavar="NAME", help="start from a preset of the rules of 2026 (see `coinage params`); --set and --regime override it")
    sweep.add_argument("--holders", type=whole_number(1), metavar="N", help="population size (default: the experiment's)")
    sweep.add_argument("--days", type=whole_number(0), metavar="D", help="simulated days (default: the experiment's)")
    sweep.add_argument("--workers", type=whole_number(1), metavar="N", help="worker processes (default: every core)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler (tcp://host:8786) instead of local processes")
    sweep.add_argument("--out", metavar="DIR", help="write runs.csv, summary.json, report.md and PNG charts here; resumable")
    sweep.add_argument("--engine", help="the embedded chain's EVM: revm (the default, fast) or py-evm (the reference); the rows are the same")
    sweep.add_argument("--yes", action="store_true", help=f"run a grid of more than {MAX_RUNS_TEXT} runs")
    sweep.add_argument("--json", action="store_true", help="print the summary as JSON")
    sweep.set_defaults(run=_run_sweep, parser=sweep)


def add_params(commands: Any, parents: Any) -> None:
    """Add `params` to the `coinage` command's subparsers."""
    params = commands.add_parser("params", parents=parents, help="every experiment's parameters: name, default, domain, meaning")
    params.add_argument("experiment", nargs="?", help="only this experiment")
    params.set_defaults(run=_run_params)


__all__ = ["add_params", "add_sweep", "describe_experiment", "describe_presets", "whole_number"]
