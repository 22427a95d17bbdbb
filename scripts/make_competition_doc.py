"""Write docs/competition.md and its chart from fresh runs: `python scripts/make_competition_doc.py [--seeds N]`.

Every number on the page is computed here, from the `competition` experiment (means over seeds 0 to
N-1, 60 holders, 10 days, events on day 3) and the `competition` scenario (seed 0); nothing is typed in.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coinage.costs import measure_reference  # noqa: E402
from coinage.experiments import get_experiment  # noqa: E402
from coinage.experiments.competition import simulate_market  # noqa: E402
from coinage.metrics import METRICS, Unit  # noqa: E402
from coinage.units import UNIT, format_coins  # noqa: E402
from coinage.report.charts import shares_chart  # noqa: E402
from coinage.scenarios import Outcome, run_scenario  # noqa: E402

POLICIES: dict[str, tuple[str, dict[str, object]]] = {
    "no order": ("regulator-controlled", {"stand_down": False}),
    "stand-down": ("regulator-controlled", {"stand_down": True}),
    "stand-down, no dollar coin": ("regulator-controlled", {"stand_down": True, "foreign_coin": False}),
    "richer holders, stand-down": ("regulator-controlled", {"stand_down": True, "mean_balance": 8_000}),
    "richer holders, stand-down, anonymous cap 100,000": (
        "regulator-controlled",
        {"stand_down": True, "mean_balance": 8_000, "anonymous_balance_cap": 100_000},
    ),
    "stand-down and pause": ("regulator-controlled", {"stand_down": True, "pause": True}),
    "stand-down, issuer-controlled coin": ("issuer-controlled", {"stand_down": True}),
    "overreach wave": ("regulator-controlled", {"stand_down": False, "overreach_freezes": 6}),
    "reserve shortfall": ("regulator-controlled", {"stand_down": False, "shortfall_share": 0.5}),
}
"""Each policy: the private coin's regime and the experiment's parameters (the rest at their defaults)."""

COLUMNS = ("sovereign_share_start", "sovereign_share_held", "foreign_share_held", "private_share_held", "switched", "trapped", "switch_stuck", "gas_per_payment")


def _mean(values: list[object]) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    return statistics.fmean(numbers) if numbers else None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}".removesuffix(".0")


def _part(policy: dict[str, float | None], baseline: dict[str, float | None], key: str) -> str:
    """The share of what the private coin lost against `baseline` that `key`'s coin gained."""
    lost = (baseline["private_share_held"] or 0.0) - (policy["private_share_held"] or 0.0)
    gained = (policy[key] or 0.0) - (baseline[key] or 0.0)
    return f"{gained / lost:.0%}" if lost > 0 else "none"


def _coins(value: float | None) -> str:
    return "-" if value is None else format_coins(round(value / UNIT) * UNIT)


def _table(means: dict[str, dict[str, float | None]]) -> str:
    headers = ["policy", *(METRICS[key].header for key in COLUMNS)]
    lines = ["| " + " | ".join(headers) + " |", "|---|" + "---:|" * len(COLUMNS)]
    for label, row in means.items():
        cells = [_coins(row[key]) if METRICS[key].unit is Unit.COINS else METRICS[key].format(row[key]) for key in COLUMNS]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(means: dict[str, dict[str, float | None]], story: Outcome, unlicensed: Outcome, plain_transfer: int, seeds: int) -> str:
    """The page: each argument, the run that illustrates it, the number, then the model's limits."""
    none, down = means["no order"], means["stand-down"]
    alone, paused = means["stand-down, no dollar coin"], means["stand-down and pause"]
    rich, roomy = means["richer holders, stand-down"], means["richer holders, stand-down, anonymous cap 100,000"]
    issuer, wave, hole = means["stand-down, issuer-controlled coin"], means["overreach wave"], means["reserve shortfall"]
    permille = lambda key: f"{int(story.extra[key]) / 10:.1f}%"  # noqa: E731
    definitions = "\n".join(f"- {METRICS[key].describe()}" for key in COLUMNS)
    return f"""# Money that competes

The first seven stories in [scenarios.md](scenarios.md) show what each control power does inside one coin.
The argument in the news reports behind Coinage (The Crypto Times, 19 October 2025, reporting the
Financial Times, and "Beijing's Crypto Crackdown") is also about coins *competing*. This page runs that
argument on three coins deployed together on one chain:

- **cHKD**, a licensed Hong Kong stablecoin, under the regime chosen for the run;
- **ceCNY**, the central bank's own coin (the sovereign regime, with the e-CNY's wallet tiers);
- **cUSD**, a dollar stablecoin, issuer-controlled, issued abroad by `usd_issuer`.

Holders choose which coin to keep their money in and pay with. Each weighs, with seeded preferences,
what anybody can see on the chain: privacy (tier caps and the identity needed to lift them), the
freezes they have seen hit others, which shops take the coin, and whether redemptions are paid; a
seeded taste for each coin stands for everything else. A holder switches when another coin beats
theirs by more than their inertia, and a switch is a redemption in the old coin, a payout by its
issuer's bank the next morning, and a deposit and a mint in the new one, all through the contracts.
Every order (stand-down, pause, freezes, tier changes) is carried out by whoever the coin's regime
table names for the power, or refused by the contract.

- The story: `coinage demo competition --regime regulator-controlled` (eight days, fifteen holders).
- The experiment: `competition` in the experiment registry (`coinage.experiments.get_experiment("competition")`),
  which the sweep runs across seeds and policies; its parameters are listed in
  `coinage.experiments.competition.COMPETITION_PARAMETERS`.
- This page: `python scripts/make_competition_doc.py` reruns everything below ({seeds} seeds per
  policy, 60 holders, 10 days, every event on day 3) and rewrites the page and its chart.

![Share of coins held per policy](images/competition-shares.png)

## The numbers

Means over seeds 0 to {seeds - 1}; the private coin is regulator-controlled unless the policy says otherwise.

{_table(means)}

{definitions}

## 1. The right of coinage

**The argument.** PBoC officials warned mainland firms off Hong Kong's stablecoin rollout; the concern,
one person briefed told the Financial Times, is "who has the ultimate right of coinage, the central
bank or any private companies on the market?" The central bank feared private coins would compete
with the e-CNY.

**What the run shows.** The right of coinage becomes a number: the central bank's share of all coins
held. Without an order it ends at {_pct(none["sovereign_share_held"])}; after a stand-down order (the
regulator, who holds the licence power, revokes the private issuer's licence and shops drop the coin)
it ends at {_pct(down["sovereign_share_held"])}, from {_pct(down["sovereign_share_start"])} at the
start. The private coin ends at {_pct(down["private_share_held"])} instead of {_pct(none["private_share_held"])}.
Of the share the private coin lost, {_part(down, none, "sovereign_share_held")} went to the central
bank's coin and {_part(down, none, "foreign_share_held")} to the dollar coin.

In the story (seed 0), the central bank's share goes from {permille("sovereign_share_start_permille")}
to {permille("sovereign_share_end_permille")} and {story.extra["switched"]} of fifteen holders switch.
Under a permissionless private coin nobody holds the licence power: the order is refused on chain
("{unlicensed.extra["licence"]}"), and the same holders stay put. Over an issuer-controlled coin the
same is true: {_num(issuer["switched"])} holders switched on average. The order then only reaches the
company off chain, which is how it reached Ant Group and JD.com.

## 2. Dollar supremacy, and a central bank's grip on its money

**The argument.** Zhu Guangyao, a former vice-minister of finance, said "the strategic purpose behind
the US promotion of stablecoins is to preserve dollar supremacy". The European Central Bank warned that
the growing use of dollar-backed stablecoins could limit its ability to steer monetary policy.

**What the run shows.** After the stand-down the dollar coin holds {_pct(down["foreign_share_held"])}
of all coins, against {_pct(none["foreign_share_held"])} without an order: currency substitution, as a
number. Take the dollar coin away (the same people, the same order) and the central bank's share ends
at {_pct(alone["sovereign_share_held"])} instead of {_pct(down["sovereign_share_held"])}, and the
private coin at {_pct(alone["private_share_held"])}. In the story, of the two largest holders, whom the
anonymous tier cannot hold, {story.extra["largest_holders_abroad"] or "none"} ended in the dollar coin (section 3).

And on the dollar coin, the local authorities have no power at all. In the story its issuer, on its own
government's order, freezes a local holder; the local regulator and the central bank each try to lift
the freeze and are refused (`Unauthorized`): by the dollar coin's regime table only
{story.extra["foreign_unfreeze_by"]} can. A token ledger shows this part of the ECB's worry
exactly: whoever holds a coin's keys, not the country its holders live in, decides.

## 3. Privacy, and what tier caps do

The ceCNY anonymous wallet may hold 10,000 coins (the e-CNY's published wallet class). In the story
{story.extra["kept_out_of_anonymous_tier"]} hold more and will not show an identity: the tier caps keep
them out of the central bank's coin whatever happens to the others, and the contract refuses a mint
that would lift an anonymous wallet above its cap (`TierBalanceCapExceeded`). The caps protect the
central bank from holding large anonymous balances, and in doing so send the largest holders to
whichever coin asks them no questions. Take richer holders (a mean opening balance of 8,000 coins, so
that more of them exceed the anonymous cap) and raise the cap tenfold, to 100,000 (the caps are the
sovereign contract's constructor parameters, swept like any other): after the same stand-down the
central bank's share ends at {_pct(roomy["sovereign_share_held"])} instead of {_pct(rich["sovereign_share_held"])},
and the dollar coin's at {_pct(roomy["foreign_share_held"])} instead of {_pct(rich["foreign_share_held"])}.

## 4. A hard stop, a wave of freezes, a hole in the reserves

- **A pause** on top of the stand-down: holders who choose to leave cannot redeem.
  {_num(paused["trapped"])} holders were trapped on average, and {_num(paused["switched"])} switched.
- **A wave of overreach freezes** by the central bank on its own coin (six innocent holders): the
  freezes are seen, and its share ends at {_pct(wave["sovereign_share_held"])} against
  {_pct(none["sovereign_share_held"])} with no event. Trust is a signal holders read from the chain.
- **A reserve shortfall** of half the private issuer's reserves: holders run for the other coins, and
  {_coins(hole["switch_stuck"])} coins of their redemptions were still unpaid at the end, on average.

## 5. Retail payment costs

**The argument.** Zhou Xiaochuan, former PBoC governor: "although many believe stablecoins will reshape
the payments system, in reality, there is little room to cut costs in the current system, particularly
in retail payments."

**What the run shows, and what it does not.** A payment in the runs cost {round(down["gas_per_payment"] or 0):,}
gas on average (a plain OpenZeppelin ERC-20 transfer costs {plain_transfer:,} gas, measured here the
same way). Gas measures computation and storage on the chain; it says how much heavier a coin with
control powers and wallet tiers is than a plain token. It is not a price: what a payment costs in money
depends on the chain's gas price, and none of the costs that retail payment fees actually pay for
(merchant acquiring, fraud losses, customer service, the banks' own ledgers, compliance) appears in it.
So the sandbox cannot confirm or refute Zhou's claim; it can only show that the on-chain part of a
payment in a coin with control powers costs {(down["gas_per_payment"] or 0) / plain_transfer - 1:.0%} more
gas than a plain token's.

## What a token ledger can and cannot say about monetary policy

It can say, exactly: who holds which power over each coin; what each order does to balances, shares,
queues and waiting times; who is trapped, frozen or refused; and how a population that reads the same
signals moves money between coins, given the preferences it was given.

It cannot say:

- anything about interest rates, credit, prices or output: there are no loans, no banks' balance
  sheets and no prices in the model, so "the ability to steer monetary policy" appears only as the share
  of money the central bank's coin holds, not as any effect of policy;
- anything about exchange rates: every coin counts at par in one unit of account, so a share is a
  share of coins, and currency substitution carries no exchange-rate risk here;
- how real people choose: the preferences are seeded draws, not estimates; the numbers show what
  follows from the rules given those draws, and their direction (not their size) is the finding;
- what happens off chain: the stand-down order reaches Ant Group and JD.com through the companies, and
  the model shows only what the contract lets an order do;
- how each consumer splits money across coins: a consumer keeps all of it in one coin at a time, and a
  merchant takes a coin or does not.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "competition.md")
    parser.add_argument("--chart", type=Path, default=ROOT / "docs" / "images" / "competition-shares.png")
    args = parser.parse_args()
    experiment = get_experiment("competition")
    began = time.perf_counter()
    means: dict[str, dict[str, float | None]] = {}
    panels = []
    for label, (regime, params) in POLICIES.items():
        runs = [simulate_market(experiment.spec(regime, seed=seed, params=params)) for seed in range(args.seeds)]
        means[label] = {key: _mean([run.values[key] for run in runs]) for key in COLUMNS}
        panels.append((label, runs[0].series))
        print(f"{label}: {len(runs)} runs, {time.perf_counter() - began:.0f} s", file=sys.stderr)
    args.chart.write_bytes(shares_chart(panels, title="Share of coins held, day by day, per policy (seed 0; events on day 3)"))
    story = run_scenario("competition", "regulator-controlled")
    unlicensed = run_scenario("competition", "permissionless")
    plain_transfer = measure_reference("PlainERC20")["transfer"]
    args.doc.write_text(render(means, story, unlicensed, plain_transfer, args.seeds))
    print(f"wrote {args.doc} and {args.chart} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
