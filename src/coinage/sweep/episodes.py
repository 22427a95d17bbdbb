"""Replay a recorded episode over seeds and put the model beside the record.

For each figure: the model's mean over the seeds, the range holding 95 % of its runs (the 2.5th to the
97.5th percentile), whether the mean lies in the documented band, and a verdict on the record: inside
the model's range or outside it. The interval is of the runs, not of the mean: the question is whether
the one recorded event is among the outcomes the model produces.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..errors import InvalidInput
from ..experiments.episodes import Episode, Figure, get_episode
from ..seeds import check_seed

MAX_EPISODE_SEEDS = 1_000
"""More seeds than this is refused: an episode is a comparison, not a sweep."""


@dataclass(frozen=True)
class FigureResult:
    """One figure over the seeds: its values where it arose, their mean and 95 % range, and the verdicts."""

    figure: Figure
    values: tuple[float, ...]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @property
    def range(self) -> tuple[float, float] | None:
        """The 2.5th and 97.5th percentiles of the runs (inclusive method, so one run gives itself)."""
        if not self.values:
            return None
        if len(self.values) == 1:
            return self.values[0], self.values[0]
        cuts = statistics.quantiles(self.values, n=40, method="inclusive")
        return cuts[0], cuts[-1]

    @property
    def in_band(self) -> bool | None:
        """Whether the mean lies in the documented band; None where the figure has no band or no value."""
        band, mean = self.figure.band, self.mean
        if band is None or mean is None:
            return None
        return band[0] - 1e-12 <= mean <= band[1] + 1e-12

    @property
    def verdict(self) -> str:
        """``inside`` or ``outside`` (the record against the model's range), ``model only``, or ``no runs``."""
        recorded, spread = self.figure.recorded_range, self.range
        if recorded is None:
            return "model only"
        if spread is None:
            return "no runs"
        return "inside" if recorded[0] <= spread[1] + 1e-12 and spread[0] <= recorded[1] + 1e-12 else "outside"


@dataclass(frozen=True)
class EpisodeResult:
    episode: Episode
    seeds: tuple[int, ...]
    holders: int
    figures: tuple[FigureResult, ...]
    coin: str = "coinage"
    """The coin design that played the episode's coin (`Episode.coins`)."""

    @property
    def reproduced(self) -> bool:
        """Whether every banded figure's mean lies in its band."""
        return all(result.in_band is not False for result in self.figures)


def run_episode(name: str, *, seeds: int = 5, seed: int = 0, holders: int | None = None, coin: str = "coinage") -> EpisodeResult:
    """Replay episode `name` for seeds `seed` .. `seed + seeds - 1`; bad arguments raise `InvalidInput`."""
    episode = get_episode(name)
    if coin not in episode.coins:
        raise InvalidInput(f"--coin {coin} is not available for {episode.name}; it runs on: {', '.join(episode.coins)}")
    if isinstance(seeds, bool) or not isinstance(seeds, int) or not 1 <= seeds <= MAX_EPISODE_SEEDS:
        raise InvalidInput(f"--seeds is a whole number from 1 to {MAX_EPISODE_SEEDS:,}, not {seeds!r}")
    check_seed(seed)
    check_seed(seed + seeds - 1)
    size = episode.holders if holders is None else holders
    if isinstance(size, bool) or not isinstance(size, int) or not 10 <= size <= 5_000:
        raise InvalidInput(f"--holders is a whole number from 10 to 5,000, not {size!r}")
    chosen = tuple(range(seed, seed + seeds))
    runs = [episode.run(s, size, coin) for s in chosen]
    figures = tuple(
        FigureResult(figure, tuple(v for run in runs if (v := run.get(figure.key)) is not None)) for figure in episode.figures
    )
    return EpisodeResult(episode, chosen, size, figures, coin)


__all__ = ["MAX_EPISODE_SEEDS", "EpisodeResult", "FigureResult", "run_episode"]
