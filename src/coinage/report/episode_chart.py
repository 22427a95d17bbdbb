"""An episode's chart: each figure's runs as dots, the recorded figure as a band, the model's mean as a bar."""

from __future__ import annotations

import io

from ..sweep.episodes import EpisodeResult

_PNG_METADATA: dict[str, str | None] = {"Software": None}
"""Leave the matplotlib version out of the file, so the same data gives the same bytes."""


def episode_chart(result: EpisodeResult) -> bytes:
    """One panel per figure: the model's runs, its mean, and the recorded range shaded where there is one."""
    from matplotlib.figure import Figure

    shown = [r for r in result.figures if r.values]
    figure = Figure(figsize=(3.0 * max(1, len(shown)), 3.4), layout="constrained")
    axes = figure.subplots(1, max(1, len(shown)), squeeze=False)[0]
    for ax, item in zip(axes, shown):
        ax.plot([0] * len(item.values), item.values, "o", alpha=0.5, label="runs")
        if item.mean is not None:
            ax.hlines(item.mean, -0.3, 0.3, colors="black", label="model mean")
        if item.figure.recorded_range is not None:
            low, high = item.figure.recorded_range
            ax.axhspan(low, high if high > low else low + 1e-9, color="tab:red", alpha=0.3, label="recorded")
            ax.axhline(low, color="tab:red", linewidth=1)
        ax.set_xticks([])
        ax.set_xlim(-1, 1)
        ax.set_title(item.figure.label, fontsize=8)
    if shown:
        axes[0].legend(fontsize=7, loc="best")
    figure.suptitle(f"{result.episode.name}: {len(result.seeds)} seeds, {result.holders} holders", fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, metadata=_PNG_METADATA)
    return buffer.getvalue()


__all__ = ["episode_chart"]
