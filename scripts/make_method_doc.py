"""Write the population economy's part of docs/method.md (the model, every parameter, every metric)
from the code, and the sweep example (what `coinage sweep fraud --seeds 5` prints), each between its
markers; the rest of the page is left as it is.

    python scripts/make_method_doc.py
"""

from __future__ import annotations

from pathlib import Path

from coinage.experiments import get_experiment
from coinage.metrics import METRICS
from coinage.sweep import plan_sweep, run_sweep, summary_markdown

ROOT = Path(__file__).resolve().parent.parent

START, END = "<!-- economy:start -->", "<!-- economy:end -->"
EXAMPLE_START, EXAMPLE_END = "<!-- sweep-example:start -->\n", "<!-- sweep-example:end -->"

MODEL = """\
## The population economy

`coinage.experiments` runs the **economy** experiment: a seeded population of 10 to 20,000 holders
trading on the real contract for a horizon of simulated days, under any of the five regimes. One
`RunSpec` (regime, seed, holders, days, parameters) decides everything: each purpose (the population,
payments, fraud, the authority's decisions, top-ups, reserve losses, runs) draws from its own random
stream of the seed (`coinage.seeds.stream`), so the same spec gives the same metric values and the same
ledger, and every regime meets the same economy for one seed (see "Seeds: common random numbers").

```python
from coinage.experiments import get_experiment, run_experiment
economy = get_experiment("economy")
values = run_experiment(economy.spec("due-process", seed=1, holders=100, days=7, params={"court_delay_days": 5}))
```

### The model

- **Holders.** Consumers, merchants (`merchant_share`) and fraudsters (`bad_actor_share`, at least one).
  Opening balances are log-normal with mean `mean_balance`, paid in as fiat, attested and minted.
  On a coin with wallet tiers (the regime table gives somebody the power to set tiers), merchants and a
  share `verified_share` of consumers get verified wallets; an opening balance above a wallet's cap is
  cut to the cap.
- **Payments.** Each honest holder pays `payments_per_day` times a day on average (a Poisson process).
  A consumer pays one of three favourite merchants (merchant popularity follows Zipf's law) a
  Pareto-distributed amount (median `payment_median`, index `payment_tail`); a merchant pays a fifth of
  its balance to a random consumer (wages and suppliers). Balances are mirrored in Python and change only
  when the chain accepts a transfer; a refused payment (frozen, paused, over a cap) is simply not made.
- **Mornings.** Fiat moves only while the banks are open: the morning comes at `bank_open_hour` on the
  first `working_days` weekdays (the first simulated day is weekday `start_weekday`, 0 for Monday), and
  not at all at weekends, so a hole revealed or a run begun on a Friday night meets a closed primary
  market until Monday. Each working morning some holders top up (`topup_rate`); perhaps the issuer loses a share
  `reserve_loss_share` of its reserves (`reserve_loss_rate`); every `attestation_interval_days` the
  attestor attests the bank balance; the bank mints the day's deposits (a refused mint, e.g. for a stale
  attestation older than `max_attestation_days`, a hole or a revoked licence, hands the rest back) and
  pays the redemption queue first come, first served. A request is due within
  `redemption_deadline_days` working days of the day the banks first see it; **redemption wait** and
  **redemptions late** measure how that went.
- **Phishing.** Incidents arrive at `fraud_rate` per 1,000 holders per day: a random consumer is tricked
  into approving a random fraudster, who pulls everything she holds (in chunks if a per-payment cap
  refuses one; a daily or balance cap stops the theft). She reports it after `report_hours`; the fraudster tries to redeem the
  loot after `cashout_hours`, and again daily while refused.
- **Authorities.** Whoever the contract's regime table names for each power plays its part; nothing
  branches on the regime's name. `reaction_hours` after the report, the holder of the freeze power orders
  a freeze: on the fraudster, or, with probability `authority_error_rate`, on an innocent holder (drawn
  when the incident is planned, so an order errs on the same incidents in every regime that can freeze). The
  order is visible at once and takes effect only when signed: an issuer's multisig needs
  `freeze_signers` confirmations of `signer_delay_hours` each on average (exponential), a regulator or
  central bank takes `authority_delay_hours`, and with `court_order_first` a court order of
  `court_order_days` comes first. A share `watchful_share` of fraudsters watch the chain and redeem the
  loot a minute after an order against them appears; what leaves in the gap is **escaped**. Where a
  second party confirms freezes, it rules after `court_delay_days`: it confirms a freeze on the guilty
  (then seizes and returns the loot) and lifts one on the innocent; a provisional freeze lapses after
  `provisional_freeze_days` if nobody confirmed it, and a fraudster whose freeze lapsed cashes out.
  Where nobody confirms, the freezer's side seizes and returns the loot an hour later, and finds and lifts
  a mistaken freeze after `error_found_days`.
- **Runs.** When an attestation shows reserves below the supply, the holder of the pause power pauses the
  coin if `pause_in_shortfall`, and the holder of the licence power revokes the licence if
  `revoke_in_shortfall`. Each honest holder has a seeded threshold between 0 and 1 and redeems
  everything, at a seeded time within a day, once the signal exceeds it: a hole of x of the supply
  signals x times `run_sensitivity`, a revoked licence 0.5, a pause 1 (capped at 1).
- **Time.** Payments, redemptions and the morning's mint of one simulated hour share blocks
  (`chain.batch()`); each control step (theft, order, ruling, restitution, lifting) runs on its own at
  its own time, so times in hours are read from block timestamps and are exact.
- **The end.** The fiat left is shared in proportion among the claims still open (unpaid redemption
  requests, then coins held): the shortfall is the redemption loss, and each claimant's share of it is
  their loss.

"""

LIMITS = """\
### What the numbers show, and what they do not

- They show what the contract's rules, as written, do to an economy whose behaviour is the
  parameters': how much a freeze power recovers, whom it hits and for how long, what a court's delay
  costs, who bears a shortfall. The rules are the real contract's; gas is measured, not estimated.
- They do not show how likely any parameter value is. Fraud rates, error rates, reaction times and run
  thresholds are assumptions, not estimates from data; the defaults are round numbers chosen to make
  each mechanism visible in a week. Compare regimes under the same parameters, and read a sweep across
  parameters, rather than trusting one cell.
- Behaviour does not adapt: fraudsters do not avoid frozen mules, holders do not learn from a past run,
  authorities do not change their error rate with the regime, and nothing happens off chain except the
  fiat bank. A pause is never lifted within the horizon, so a paused coin's loss is the holders' share of
  the hole at the end, not the outcome of an eventual resolution.
- Each run is one draw. A single run's figures vary with the seed; means and intervals need many seeds.
- Sovereign control gas includes setting the verified wallets' tiers at the start.

### Speed of one run

`python scripts/bench_population.py` times one run per population size; its figures are in
[benchmarks.md](benchmarks.md#the-population-economy).
"""


def render() -> str:
    economy = get_experiment("economy")
    lines = [START, MODEL, "### Parameters\n", "| parameter | default | domain | meaning |", "|---|---:|---|---|"]
    for parameter in economy.parameters:
        unit = f" {parameter.unit}" if parameter.unit else ""
        default = str(parameter.default).lower() if isinstance(parameter.default, bool) else f"{parameter.default:,}"
        lines.append(f"| `{parameter.name}` | {default}{unit} | {parameter.domain} | {parameter.description} |")
    low, high = economy.holders[1:], economy.days[1:]
    lines += [
        "",
        f"Population: {low[0]:,} to {low[1]:,} holders (default {economy.holders[0]:,}); horizon: {high[0]} to "
        f"{high[1]} days (default {economy.days[0]}).",
        "",
        "### Metrics\n",
        "Every metric is defined once, in `coinage.metrics`; the scripted scenarios report the same ones.",
        "Innocent holders are every holder but the fraudsters.\n",
        "| metric | unit | definition |",
        "|---|---|---|",
    ]
    for key in economy.metrics:
        metric = METRICS[key]
        lines.append(f"| `{key}` ({metric.label}) | {metric.unit.value or 'name'} | {metric.definition} |")
    lines += ["", LIMITS.rstrip("\n"), END]
    return "\n".join(lines)


def _between(text: str, start: str, end: str, body: str) -> str:
    if start not in text or end not in text:
        raise SystemExit(f"docs/method.md has no {start.strip()} ... {end} markers to write between")
    before, rest = text.split(start, 1)
    return before + start + body + end + rest.split(end, 1)[1]


def main() -> None:
    path = ROOT / "docs" / "method.md"
    text = path.read_text(encoding="utf-8")
    text = _between(text, START, END, render().removeprefix(START).removesuffix(END))
    example = summary_markdown(run_sweep(plan_sweep("fraud", seeds=5), workers=2).summary)
    path.write_text(_between(text, EXAMPLE_START, EXAMPLE_END, example), encoding="utf-8")
    print(f"wrote the population economy's part of {path.relative_to(ROOT)} and its sweep example")


if __name__ == "__main__":
    main()
