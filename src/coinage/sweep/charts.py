"""The sweep's PNG charts: each metric's mean and 95% interval per regime, and the recovery trade-off.

Drawn like the comparison's charts: matplotlib's object API on the Agg canvas (no pyplot, no global
state), with the matplotlib version left out of the file so the same summary gives the same bytes.
"""

from __future__ import annotations

import io

from ..enums import Regime
from ..metrics import METRICS, Unit
from ..units import UNIT
from .summary import Estimate, Summary

_PNG_METADATA: dict[str, str | None] = {"Software": None}

TRADE_OFF_X = ("innocent_frozen_days", "innocent_frozen", "innocent_hit")
"""The harm axis of the trade-off chart: the first of these metrics the experiment reports."""
TRADE_OFF_Y = ("recovered_share", "recovered")
"""The benefit axis: the first of these the experiment reports."""


def _scale(key: str) -> float:
    """Coins are drawn in whole coins, shares in percent."""
    unit = METRICS[key].unit
    return 1 / UNIT if unit is Unit.COINS else 100.0 if unit is Unit.SHARE else 1.0


def _png(figure: object) -> bytes:
    from matplotlib.figure import Figure

    assert isinstance(figure, Figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, metadata=_PNG_METADATA)
    return buffer.getvalue()


def metric_chart(summary: Summary, key: str) -> bytes:
    """One metric's mean (marker) and 95% interval (bar) in every regime, one series per grid point."""
    from matplotlib.figure import Figure

    regimes = list(dict.fromkeys(cell.regime for cell in summary.cells))
    points = list(dict.fromkeys(cell.point for cell in summary.cells))
    scale = _scale(key)
    figure = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = figure.subplots()
    width = 0.6 / max(len(points), 1)
    for index, point in enumerate(points):
        xs, ys, errors = [], [], []
        for position, regime in enumerate(regimes):
            cell = next((c for c in summary.cells if c.regime is regime and c.point == point), None)
            value: Estimate | None = None if cell is None else cell.estimates.get(key)
            if value is not None:
                xs.append(position - 0.3 + width * (index + 0.5))
                ys.append(value.mean * scale)
                errors.append(value.errors)
        label = summary.cells[0].label() if len(points) == 1 else ", ".join(f"{n}={v}" for n, v in point)
        yerr = [[low * scale for low, _ in errors], [high * scale for _, high in errors]]
        ax.errorbar(xs, ys, yerr=yerr, fmt="o", capsize=3, label=label)
    ax.set_xticks(range(len(regimes)), [_setting(summary, r) for r in regimes], fontsize=7, rotation=15)
    ax.set_ylabel(METRICS[key].header, fontsize=8)
    ax.set_title(f"{summary.experiment.name}: {METRICS[key].label}, mean and 95% interval over {len(summary.seeds)} seeds", fontsize=9)
    if len(points) > 1:
        ax.legend(fontsize=6)
    return _png(figure)


def _setting(summary: Summary, regime: Regime | None) -> str:
    """A tick's label: the regime's slug, or the real coin's design name where the regime axis does not apply."""
    return summary.cells[0].coin if regime is None else regime.slug


def trade_off_axes(summary: Summary) -> tuple[str, str] | None:
    """The (harm, benefit) metric keys of the trade-off chart, or None if the experiment lacks either."""
    x = next((key for key in TRADE_OFF_X if key in summary.experiment.metrics), None)
    y = next((key for key in TRADE_OFF_Y if key in summary.experiment.metrics), None)
    return None if x is None or y is None else (x, y)


def trade_off_chart(summary: Summary) -> bytes:
    """Fraud recovered against innocent holders' harm, one point per regime and grid point, with 95% intervals."""
    from matplotlib.figure import Figure

    axes = trade_off_axes(summary)
    assert axes is not None, "the experiment reports no recovery or no innocent harm"
    x_key, y_key = axes
    varied = {name for name, values in summary.grid if len(values) > 1}
    figure = Figure(figsize=(6.4, 4.2), layout="constrained")
    ax = figure.subplots()
    for regime in dict.fromkeys(cell.regime for cell in summary.cells):
        xs, ys, labels = [], [], []
        x_errors: list[tuple[float, float]] = []
        y_errors: list[tuple[float, float]] = []
        for cell in (c for c in summary.cells if c.regime is regime):
            x, y = cell.estimates.get(x_key), cell.estimates.get(y_key)
            if x is None or y is None:
                continue
            xs.append(x.mean * _scale(x_key))
            ys.append(y.mean * _scale(y_key))
            x_errors.append((x.errors[0] * _scale(x_key), x.errors[1] * _scale(x_key)))
            y_errors.append((y.errors[0] * _scale(y_key), y.errors[1] * _scale(y_key)))
            labels.append(", ".join(f"{name}={value}" for name, value in cell.point if name in varied))
        if not xs:
            continue
        xerr = [[e[0] for e in x_errors], [e[1] for e in x_errors]]
        yerr = [[e[0] for e in y_errors], [e[1] for e in y_errors]]
        ax.errorbar(xs, ys, xerr=xerr, yerr=yerr, fmt="o", capsize=2, label=_setting(summary, regime))
        for x_value, y_value, label in zip(xs, ys, labels):
            if label:
                ax.annotate(label, (x_value, y_value), fontsize=6, xytext=(3, 3), textcoords="offset points")
    swept = ", ".join(name for name, _ in summary.grid if name in varied) or "no parameter swept"
    ax.set_xlabel(f"innocent harm: {METRICS[x_key].header}", fontsize=8)
    ax.set_ylabel(f"fraud {METRICS[y_key].header}", fontsize=8)
    ax.set_title(f"{summary.experiment.name}: recovery against innocent harm ({swept})", fontsize=9)
    ax.legend(fontsize=7)
    return _png(figure)


__all__ = ["TRADE_OFF_X", "TRADE_OFF_Y", "metric_chart", "trade_off_axes", "trade_off_chart"]
