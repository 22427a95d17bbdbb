"""PNG charts for the report, drawn with matplotlib's object API on the Agg canvas.

No pyplot: it keeps global state and may pick an interactive backend; a `Figure` drawn straight
to a buffer works the same on a server, in a test and in a thread.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from ..scenarios import Outcome
from ..units import UNIT

_PNG_METADATA: dict[str, str | None] = {"Software": None}
"""Leave the matplotlib version out of the file, so the same data gives the same bytes."""


def _png(figure: object) -> bytes:
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, metadata=_PNG_METADATA)
    return buffer.getvalue()


def shortfall_chart(rows: Sequence[Outcome]) -> bytes:
    """Supply, attested reserves, bank cash and unpaid redemptions through the run, one panel per regime."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(3.4 * len(rows), 3.4), layout="constrained")
    axes = figure.subplots(1, len(rows), sharey=True, squeeze=False)[0]
    for ax, row in zip(axes, rows):
        steps = range(len(row.series.get("supply", ())))
        for key, label in (("supply", "coins in circulation"), ("attested", "attested reserves"),
                           ("bank", "cash in reserve account"), ("unpaid", "unpaid redemptions")):
            ax.plot(steps, [v / UNIT for v in row.series.get(key, ())], label=label, marker=".")
        ax.set_title(row.regime.slug, fontsize=9)
        ax.set_xlabel("step (funding, loss, each redemption)", fontsize=7)
        ax.tick_params(labelsize=7)
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set_ylabel("Hong Kong dollar coins")
    axes[0].legend(fontsize=6)
    figure.suptitle("Reserve shortfall: supply vs reserves during the run", fontsize=10)
    return _png(figure)


def overreach_chart(rows: Sequence[Outcome]) -> bytes:
    """Share of all coins frozen right after the mass freeze, and five days later, per regime."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = figure.subplots()
    names = [row.regime.slug for row in rows]
    peak = [int(row.extra.get("frozen_share_peak_permille", 0)) / 10 for row in rows]
    end = [int(row.extra.get("frozen_share_end_permille", 0)) / 10 for row in rows]
    positions = range(len(rows))
    ax.bar([p - 0.2 for p in positions], peak, width=0.4, label="just after the freeze")
    ax.bar([p + 0.2 for p in positions], end, width=0.4, label="five days later")
    ax.set_xticks(list(positions), names, fontsize=7, rotation=15)
    ax.set_ylabel("% of all coins frozen")
    ax.set_ylim(top=max(peak + end + [1.0]) * 1.3)
    ax.set_title("Overreach: frozen share per regime", fontsize=10)
    ax.legend(fontsize=7)
    return _png(figure)


def fraud_chart(rows: Sequence[Outcome]) -> bytes:
    """Stolen coins recovered and lost, per regime."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = figure.subplots()
    names = [row.regime.slug for row in rows]
    recovered = [row.funds_recovered / UNIT for row in rows]
    lost = [row.funds_lost / UNIT for row in rows]
    kept = [(int(row.extra.get("savings", 0)) - int(row.extra.get("stolen", 0))) / UNIT for row in rows]
    ax.bar(names, recovered, label="recovered for the victim", color="tab:green")
    ax.bar(names, lost, bottom=recovered, label="lost", color="tab:red")
    above = [r + lo for r, lo in zip(recovered, lost)]
    ax.bar(names, kept, bottom=above, label="never stolen (wallet caps)", color="tab:gray")
    ax.set_ylim(top=max((a + k for a, k in zip(above, kept)), default=1) * 1.3)
    ax.tick_params(axis="x", labelsize=7, rotation=15)
    ax.set_ylabel("Hong Kong dollar coins")
    ax.set_title("Fraud: funds recovered per regime", fontsize=10)
    ax.legend(fontsize=7)
    return _png(figure)


COIN_LABELS = (("private", "private coin (cHKD)"), ("sovereign", "central bank's coin (ceCNY)"), ("foreign", "dollar coin (cUSD)"))
"""The competition story's coins, in stacking order, as its series name them (`held_<key>`)."""


PANELS_PER_ROW = 3
"""Panels of a shares chart per row."""


def shares_chart(panels: Sequence[tuple[str, Mapping[str, Sequence[int]]]], *, title: str) -> bytes:
    """Share of all coins held in each coin, day by day: one panel per (label, series) pair, where the
    series hold per-mille shares as `held_<coin>` (as the competition story and experiment give them)."""
    from matplotlib.figure import Figure

    # A grid at most PANELS_PER_ROW wide: nine panels in one row made a 3168 x 374 strip with titles overlapping.
    columns = min(len(panels), PANELS_PER_ROW)
    rows = -(-len(panels) // columns)
    figure = Figure(figsize=(3.2 * columns, 2.9 * rows + 0.5), layout="constrained")
    grid = figure.subplots(rows, columns, sharey=True, squeeze=False)
    axes = [ax for row in grid for ax in row]
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    for ax, (label, series) in zip(axes, panels):
        present = [(key, name) for key, name in COIN_LABELS if f"held_{key}" in series]
        days = range(len(series[f"held_{present[0][0]}"]))
        ax.stackplot(days, *[[v / 10 for v in series[f"held_{key}"]] for key, _ in present], labels=[n for _, n in present])
        ax.set_title(label, fontsize=9)
        ax.set_xlabel("day", fontsize=7)
        ax.set_ylim(0, 100)
        ax.tick_params(labelsize=7)
    for row in grid:
        row[0].set_ylabel("% of coins held", fontsize=8)
    axes[0].legend(fontsize=6, loc="lower left")
    figure.suptitle(title, fontsize=10)
    return _png(figure)


def competition_chart(rows: Sequence[Outcome]) -> bytes:
    """The competition story's shares of coins held, day by day, one panel per regime of the private coin."""
    return shares_chart([(row.regime.slug, row.series) for row in rows], title="Money that competes: share of coins held, per regime of the private coin")


__all__ = ["competition_chart", "fraud_chart", "overreach_chart", "shares_chart", "shortfall_chart"]
