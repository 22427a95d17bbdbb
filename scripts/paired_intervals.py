"""How much narrower the 95% interval of a difference between two regimes is when runs are paired by seed.

    python scripts/paired_intervals.py [--seeds N] [--holders H] [--days D] [--workers W] [--set name=value ...]

Runs the economy experiment under every regime for seeds 0 to N-1 (default 30 seeds, 100 holders,
7 days, the default parameters plus a reserve loss rate of 0.1 a day, so that runs happen too). For
each regime against issuer-controlled and each numeric metric it prints two 95% intervals of the
difference of the means:

- unpaired (Welch's t interval, as if the two regimes' runs were independent draws), and
- paired (Student's t interval of the per-seed differences; the two runs of one seed meet the same
  population, payments and incidents, see `coinage.seeds.stream`),

their half-widths, and the paired half-width as a share of the unpaired one. Metrics that do not apply
in both runs of a seed are left out of that seed's pair; a difference that is the same for every seed
has a zero-width paired interval.
"""

from __future__ import annotations

import argparse
import math
import statistics

from scipy import stats

from coinage.enums import Regime
from coinage.metrics import METRICS, Unit
from coinage.sweep import estimate, plan_sweep, run_specs
from coinage.units import UNIT

BASELINE = Regime.ISSUER_CONTROLLED
WATCHED = ("stolen", "recovered", "lost", "innocent_hit", "innocent_frozen_days", "redemption_loss", "control_gas")


def welch_half_width(a: list[float], b: list[float]) -> float:
    """Half-width of Welch's 95% interval for mean(a) - mean(b)."""
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    if va + vb == 0:
        return 0.0
    dof = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return float(stats.t.ppf(0.975, dof)) * math.sqrt(va + vb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--holders", type=int, default=100)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--set", action="append", default=["reserve_loss_rate=0.1"], dest="settings")
    args = parser.parse_args()
    plan = plan_sweep("economy", seeds=args.seeds, holders=args.holders, days=args.days, settings=args.settings)
    values: dict[tuple[Regime, int], dict[str, object]] = {}
    for spec, result in run_specs(plan.specs(), workers=args.workers):
        values[(spec.regime, spec.seed)] = dict(result)
    print(f"economy, {args.seeds} seeds, {args.holders} holders, {args.days} days, {', '.join(args.settings)}")
    print(f"{'regime':22} {'metric':22} {'unpaired ±':>12} {'paired ±':>12} {'share':>6}  unit")
    print(f"(each regime's mean minus {BASELINE.slug}'s)")
    shares: list[float] = []
    for regime in plan.regimes:
        if regime is BASELINE:
            continue
        for key in WATCHED:
            pairs = [
                (float(a), float(b))  # type: ignore[arg-type]
                for seed in plan.seeds
                if (a := values[(regime, seed)].get(key)) is not None and (b := values[(BASELINE, seed)].get(key)) is not None
            ]
            if len(pairs) < 2:
                continue
            unpaired = welch_half_width([a for a, _ in pairs], [b for _, b in pairs])
            paired = estimate([a - b for a, b in pairs])
            assert paired is not None
            if unpaired == 0:
                continue  # the metric does not vary in either regime: nothing to narrow
            share = paired.half_width / unpaired
            shares.append(share)
            unit = METRICS[key].unit
            scale = UNIT if unit is Unit.COINS else 1  # amounts are kept in base units, shown in coins
            print(
                f"{regime.slug:22} {key:22} {unpaired / scale:>12,.1f} {paired.half_width / scale:>12,.1f}"
                f" {share:>6.0%}  {unit.value}"
            )
    if shares:
        print(
            f"paired half-width as a share of the unpaired one over {len(shares)} regime-metric pairs: "
            f"median {statistics.median(shares):.0%}, range {min(shares):.0%} to {max(shares):.0%}"
        )


if __name__ == "__main__":
    main()
