"""`coinage sweep` and `coinage params`: parameter sweeps from the command line.

`cli.py` registers these subcommands with `add_sweep_commands`; everything they do lives in
`coinage.sweep` and `coinage.experiments`, so this module only turns arguments into calls and
results into text.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .experiments import EXPERIMENTS, Experiment, get_experiment
from .metrics import definitions
from .sweep import LOG_NAME, MAX_RUNS, RunLog, available_cores, plan_sweep, run_key, run_sweep, summary_markdown
from .sweep.execute import Progress
from .terminal import Terminal


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


def describe_experiment(experiment: Experiment) -> list[str]:
    """An experiment's lines for `coinage params` and `coinage sweep --help`."""

    def size(label: str, bounds: tuple[int, int, int]) -> str:
        default, low, high = bounds
        return f"{label} {default:,} (fixed by the story)" if low == high else f"{label} {default:,} (from {low:,} to {high:,})"

    lines = [f"{experiment.name}: {experiment.title}", f"  regimes: {', '.join(r.slug for r in experiment.regimes)}"]
    lines.append(f"  {size('holders', experiment.holders)}; {size('days', experiment.days)}")
    if not experiment.parameters:
        lines.append("  parameters: none (only the seed varies)")
    lines += [f"  {parameter.describe()}" for parameter in experiment.parameters]
    return lines


def _epilog() -> str:
    lines = ["experiments and their parameters (--set NAME=V1,V2,...):", ""]
    for experiment in EXPERIMENTS.values():
        lines += describe_experiment(experiment)
    lines += ["", "metrics (each run's row in runs.csv; means and 95% intervals in summary.json and report.md):", ""]
    lines += [f"  {line}" for line in definitions()]
    lines += [
        "",
        f"With --out, each finished run is logged at once in DIR/{LOG_NAME}: after Ctrl-C (exit 130) the same",
        "command runs only the runs not yet finished. The same arguments give a byte-identical DIR/runs.csv",
        "whatever --workers or --scheduler ran them.",
    ]
    return "\n".join(lines)


def _cmd_params(args: argparse.Namespace, term: Terminal) -> int:
    experiments = [get_experiment(args.experiment)] if args.experiment else list(EXPERIMENTS.values())
    for experiment in experiments:
        for line in describe_experiment(experiment):
            term.say(line)
    return 0


@contextlib.contextmanager
def _progress(term: Terminal, plain: bool) -> Iterator[Progress]:
    if plain:
        yield lambda done, total: None
        return
    with term.progress("sweeping") as progress:
        yield progress


def _cmd_sweep(args: argparse.Namespace, term: Terminal) -> int:
    if args.scheduler is not None and args.workers is not None:
        args.parser.error("--workers counts local processes; with --scheduler the cluster's workers run everything")
    plan = plan_sweep(
        args.experiment,
        regimes=args.regime,
        seeds=args.seeds,
        seed=args.seed,
        settings=args.set or (),
        holders=args.holders,
        days=args.days,
        allow_large=args.yes,
    )
    try:
        with _progress(term, args.plain) as progress:
            result = run_sweep(plan, out=args.out, workers=args.workers, scheduler=args.scheduler, progress=progress)
    except KeyboardInterrupt:
        if args.out is not None:
            with RunLog(args.out) as log:
                kept = sum(1 for spec in plan.specs() if run_key(spec) in log.finished)
            print(f"interrupted: {kept:,} of {plan.size:,} runs finished and kept in {log.path}; "
                  "run the same command again to finish the rest", file=sys.stderr)
        else:
            print("interrupted: without --out nothing is kept", file=sys.stderr)
        return 130
    if args.json:
        term.say(json.dumps(result.summary.to_dict(), indent=1))
    else:
        term.say(summary_markdown(result.summary))
    if result.skipped:
        print(f"skipped {result.skipped:,} runs already finished in {args.out / LOG_NAME}", file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def add_sweep_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `sweep` and `params` to the `coinage` command's subparsers."""
    sweep = commands.add_parser(
        "sweep",
        parents=[common],
        help="one experiment over regimes, seeds and a parameter grid, on all cores or a Dask cluster",
        description="Run EXPERIMENT under each regime, for each seed and each combination of --set values.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sweep.add_argument("experiment", help="an experiment or scenario name (see `coinage params`)")
    sweep.add_argument("--regime", action="append", help="only this regime (repeatable), or `all` (the default)")
    sweep.add_argument("--seeds", type=whole_number(1), default=1, metavar="N", help="runs per cell, seeds SEED to SEED+N-1 (default: 1)")
    sweep.add_argument("--seed", type=whole_number(0), default=0, help="the first seed (default: 0)")
    sweep.add_argument("--set", action="append", metavar="NAME=V1,V2,...", help="sweep this parameter over these values (repeatable: a grid)")
    sweep.add_argument("--holders", type=whole_number(1), metavar="N", help="population size (default: the experiment's)")
    sweep.add_argument("--days", type=whole_number(0), metavar="D", help="simulated days (default: the experiment's)")
    sweep.add_argument("--workers", type=whole_number(1), metavar="N", help=f"worker processes (default: every core, {available_cores()} here)")
    sweep.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler (tcp://host:8786) instead of local processes")
    sweep.add_argument("--out", type=Path, metavar="DIR", help="write runs.csv, summary.json, report.md and PNG charts here; resumable")
    sweep.add_argument("--yes", action="store_true", help=f"run a grid of more than {MAX_RUNS:,} runs")
    sweep.add_argument("--json", action="store_true", help="print the summary as JSON")
    sweep.set_defaults(run=_cmd_sweep, parser=sweep)
    params = commands.add_parser("params", parents=[common], help="every experiment's parameters: name, default, domain, meaning")
    params.add_argument("experiment", nargs="?", help="only this experiment")
    params.set_defaults(run=_cmd_params)


__all__ = ["add_sweep_commands", "describe_experiment", "whole_number"]
