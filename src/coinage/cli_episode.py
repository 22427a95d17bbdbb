"""`coinage episode`: replay a recorded event over seeds and print the model beside the record.

`cli.py` lists `add_episode` among its subcommands; the episodes live in `coinage.experiments.episodes`
and run in `coinage.sweep.episodes`, imported only when the command runs, so `--help` loads no EVM.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_sweep import whole_number

if TYPE_CHECKING:
    from .sweep.episodes import EpisodeResult
    from .terminal import Terminal

WIDTH = 80
"""Every line the command prints fits a terminal this wide."""

COLUMNS = (("figure", 28), ("model", 8), ("95% of runs", 17), ("recorded", 12), ("verdict", 10))
"""The table's columns and widths: 28 + 8 + 17 + 12 + 10 and four single spaces make 79."""


def _number(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 1e5 else f"{value:,.0f}"


def _span(bounds: tuple[float, float] | None) -> str:
    if bounds is None:
        return "-"
    low, high = bounds
    if low == high:
        return _number(low)
    return f"{_number(low)} to {_number(high)}" if low < 0 else f"{_number(low)}-{_number(high)}"


def _band(bounds: tuple[float, float]) -> str:
    low, high = bounds
    return "below 0" if high < 0 < high + 1e-6 else f"{_number(low)} to {_number(high)}"


def _row(*cells: str) -> str:
    parts = [cell[:width].ljust(width) if i < len(COLUMNS) - 1 else cell for i, (cell, (_, width)) in enumerate(zip(cells, COLUMNS))]
    return " ".join(parts).rstrip()


def episode_lines(result: EpisodeResult) -> list[str]:
    """The episode's table: per figure the model's mean and 95 % range, the record, the verdict, then its source and band."""
    episode = result.episode
    lines = textwrap.wrap(f"{episode.name}: {episode.title}", WIDTH, subsequent_indent="  ")
    seeds = result.seeds
    played = "" if result.coin == "coinage" else f", on {result.coin}'s own contract"
    lines.append(f"  seeds {seeds[0]} to {seeds[-1]}, {result.holders:,} holders{played}; parameters: docs/episodes.md")
    lines += ["", _row(*(title for title, _ in COLUMNS))]
    for item in result.figures:
        figure = item.figure
        mean = "-" if item.mean is None else _number(item.mean)
        recorded = "-" if figure.recorded_range is None else _span(figure.recorded_range)
        lines.append(_row(figure.label, mean, _span(item.range), recorded, item.verdict))
        if figure.source:
            lines += textwrap.wrap(f"recorded {figure.recorded}: {figure.citation}", WIDTH, initial_indent="    ", subsequent_indent="      ")
        if figure.band is not None:
            met = {True: "met", False: "NOT met", None: "no runs"}[item.in_band]
            lines.append(f"    band for the model's mean {_band(figure.band)}: {met}")
    lines += ["", "reproduced: every band met" if result.reproduced else "not reproduced: a band is not met (see above)"]
    return lines


def _run_episode(args: argparse.Namespace, term: Terminal) -> int:
    from .experiments.episodes import EPISODES

    if args.name is None:
        term.say("episodes (coinage episode NAME [--seeds N] [--coin C] [--out DIR]):")
        for episode in EPISODES.values():
            for line in textwrap.wrap(f"{episode.name}: {episode.title}", WIDTH, initial_indent="  ", subsequent_indent="      "):
                term.say(line)
        return 0
    from .files import write_all
    from .sweep.episodes import run_episode

    result = run_episode(args.name, seeds=args.seeds, seed=args.seed, holders=args.holders, coin=args.coin)
    for line in episode_lines(result):
        term.say(line)
    if args.out is not None:
        from .report.episode_chart import episode_chart

        text = "\n".join(episode_lines(result)) + "\n"
        files = {f"{result.episode.name}.png": episode_chart(result), f"{result.episode.name}.txt": text.encode()}
        for path in write_all(Path(args.out), files, what="the episode"):
            term.say(f"wrote {path}")
    return 0


def add_episode(commands: Any, parents: Any) -> None:
    """Add `episode` to the `coinage` command's subparsers."""
    episode = commands.add_parser(
        "episode",
        parents=parents,
        help="replay a recorded event (svb-2023, terra-2022, ...) and compare with the record",
        description="Replay a recorded episode over seeds and print the model's mean and 95%% range of runs "
        "beside the recorded figure and its source, with a verdict. Without NAME, list the episodes.",
    )
    episode.add_argument("name", nargs="?", metavar="NAME", help="the episode (see `coinage episode`)")
    episode.add_argument("--seeds", type=whole_number(1), default=5, metavar="N", help="runs, seeds SEED to SEED+N-1 (default: 5)")
    episode.add_argument("--seed", type=whole_number(0), default=0, help="the first seed (default: 0)")
    episode.add_argument("--holders", type=whole_number(1), metavar="N", help="population size (default: the episode's, in docs/episodes.md)")
    episode.add_argument("--coin", default="coinage", metavar="C", help="the coin design that plays the issuer's coin (default: coinage)")
    episode.add_argument("--out", metavar="DIR", help="write the table and a chart of each figure's runs here")
    episode.set_defaults(run=_run_episode)


__all__ = ["add_episode", "episode_lines"]
