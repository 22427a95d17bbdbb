"""The teaching documents quote the tool, so they are checked against the tool and cannot drift.

- docs/roles.md and the README's regime table are regenerated from freshly deployed contracts and
  compared whole.
- docs/debate.md keeps every number it quotes in a table (between `numbers` markers); each row is
  recomputed from the scenario it names, and the prose must quote each value.
- docs/compare-real-coins.md's gas section is generated and checked in tests/test_real_coins.py.
- docs/images/fraud-recovered.png carries the figures it plots; they are compared with a fresh run,
  and a fresh render must reproduce the committed file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from coinage import Regime, WalletTier, case_table, deploy_coin, format_coins, parse_regime, regime_table
from coinage.scenarios import SCENARIOS, Outcome, get_scenario, play_scenario, run_scenario

from script_modules import load_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEED = 0

AMOUNT_FIELDS = {"funds_lost", "funds_recovered", "funds_frozen"}
AMOUNT_EXTRAS = {
    "minted", "redeemed", "supply", "reserves", "stolen", "savings", "victim_balance_after",
    "redeemed_at_par", "frozen_at_end", "reserve_loss", "cash_left", "rent", "salary",
}
"""Outcome fields and `extra` keys that hold amounts in base units (shown as 1,234.00 with the coin's symbol)."""

def _between(text: str, name: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    assert start in text and end in text, f"missing {start} ... {end}"
    return text.split(start, 1)[1].split(end, 1)[0]


def _table_rows(block: str) -> list[list[str]]:
    """The body rows of the one Markdown table in `block`, as lists of stripped cells."""
    rows = [line.strip().strip("|").split("|") for line in block.strip().splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows[2:]]


@cache
def _outcome(scenario: str, regime: str) -> tuple[Outcome, str]:
    """The scenario's outcome, and the symbol of the coin it was played on."""
    outcome, deployment = play_scenario(scenario, regime, seed=SEED)
    return outcome, deployment.coin.symbol()


@cache
def _anonymous_limits() -> str:
    coin = deploy_coin(Regime.SOVEREIGN).coin
    return " / ".join(format_coins(limit) for limit in coin.tier_limits(WalletTier.ANONYMOUS))


def _value(scenario: str, regime: str, measure: str) -> str:
    """The value the tool gives now for one row of the debate's numbers table, as the table shows it."""
    if measure == "tier_limits(anonymous)":
        return _anonymous_limits()
    outcome, symbol = _outcome(scenario, regime)
    if measure.startswith("extra."):
        key = measure.removeprefix("extra.")
        value: object = outcome.extra[key]
        amount = key in AMOUNT_EXTRAS
    else:
        value = getattr(outcome, measure)
        amount = measure in AMOUNT_FIELDS
    if value is None:
        return "-"
    if amount:
        assert isinstance(value, int)
        return f"{format_coins(value)} {symbol}"
    if measure == "control_gas":
        return f"{value:,}"
    return str(value)


# --- docs/roles.md ---------------------------------------------------------------------------------


def test_roles_doc_is_generated_from_the_contracts() -> None:
    """docs/roles.md equals what scripts/make_roles_doc.py generates from freshly deployed coins, byte for byte."""
    roles = load_script("make_roles_doc")
    fresh = roles.render(regime_table(), case_table())
    assert (DOCS / "roles.md").read_text() == fresh, "docs/roles.md is stale: run python scripts/make_roles_doc.py"


def test_readme_regime_table_is_generated_from_the_contracts() -> None:
    """The README's regime table equals what scripts/make_roles_doc.py generates from freshly deployed coins."""
    roles = load_script("make_roles_doc")
    readme = (ROOT / "README.md").read_text()
    assert roles.with_readme_table(readme, regime_table(), case_table()) == readme, "stale README table: run python scripts/make_roles_doc.py"


# --- docs/debate.md --------------------------------------------------------------------------------


def _debate() -> tuple[str, list[list[str]]]:
    text = (DOCS / "debate.md").read_text()
    prose = text.split("## The numbers", 1)[0]
    return prose, _table_rows(_between(text, "numbers"))


def test_debate_numbers_equal_the_tools_output() -> None:
    """Every value in docs/debate.md's numbers table equals what the named scenario produces now with seed 0."""
    _, rows = _debate()
    assert rows, "the numbers table is empty"
    fresh = [[scenario, regime, measure, _value(scenario, regime, measure)] for scenario, regime, measure, _ in rows]
    table = "\n".join("| " + " | ".join(row) + " |" for row in fresh)
    assert rows == fresh, f"docs/debate.md quotes stale numbers; the tool now gives:\n{table}"


def test_debate_prose_quotes_every_checked_number() -> None:
    """Each value in the numbers table appears in the prose of docs/debate.md, so the table is what the text says."""
    prose, rows = _debate()
    flat = re.sub(r"\s+", " ", prose)
    missing = [row for row in rows if row[3] not in flat]
    assert not missing, f"values not quoted in the prose: {missing}"


def test_debate_links_each_number_to_a_runnable_scenario() -> None:
    """Every `coinage demo S --regime R` in docs/debate.md runs, and every scenario and regime quoted in the table has one."""
    prose, rows = _debate()
    commands = set(re.findall(r"coinage demo ([a-z-]+) --regime ([a-z-]+)", prose))
    assert commands, "docs/debate.md names no scenario commands"
    for scenario, regime in commands:
        assert parse_regime(regime) in get_scenario(scenario).regimes, f"{scenario} does not apply under {regime}"
    quoted = {(scenario, regime) for scenario, regime, _, _ in rows}
    assert quoted <= commands, f"numbers without a command to reproduce them: {sorted(quoted - commands)}"


def test_debate_covers_the_arguments_in_the_seeds() -> None:
    """docs/debate.md takes up each argument of the news reports, names its sources, and links the scenarios doc."""
    prose, _ = _debate()
    for topic in ("right of coinage", "stand down", "e-CNY", "fraud", "speculation", "Hong Kong Monetary Authority",
                  "European Central Bank", "The Crypto Times", "Financial Times", "](scenarios.md)"):
        assert topic in prose, topic
    assert {row[0] for row in _debate()[1]} <= set(SCENARIOS)


# --- docs/compare-real-coins.md: generated and checked in tests/test_real_coins.py -------------------


# --- docs/images/fraud-recovered.png ---------------------------------------------------------------


def test_readme_chart_plots_the_tools_current_figures() -> None:
    """The committed README chart's embedded figures equal the fraud outcomes the tool produces now."""
    chart = load_script("make_readme_chart")
    committed = chart.read_text(chart.TARGET.read_bytes())
    rows = [_outcome("fraud", regime.slug)[0] for regime in SCENARIOS["fraud"].regimes]
    assert committed.get(chart.KEYWORD) == chart.chart_data(rows), "stale chart: run python scripts/make_readme_chart.py"


def test_readme_chart_is_reproducible() -> None:
    """Rendering the README chart from the current outcomes reproduces the committed PNG byte for byte."""
    chart = load_script("make_readme_chart")
    rows = [_outcome("fraud", regime.slug)[0] for regime in SCENARIOS["fraud"].regimes]
    assert chart.render(rows) == chart.TARGET.read_bytes()


# --- docs/glossary.md ------------------------------------------------------------------------------


def test_glossary_doc_is_generated_from_the_glossary() -> None:
    """docs/glossary.md equals what scripts/make_glossary_doc.py generates from coinage.glossary."""
    from coinage.glossary import glossary_markdown

    assert (DOCS / "glossary.md").read_text() == glossary_markdown(), "stale: run python scripts/make_glossary_doc.py"


def test_the_tour_explains_only_words_the_glossary_defines_and_each_once() -> None:
    """Every word the tour explains is in the glossary, and each is explained at its first use only."""
    from coinage.glossary import GLOSSARY
    from coinage.tour import run_tour

    explained: list[str] = []

    class Recorder:
        def act(self, title: str) -> None: ...
        def say(self, text: str) -> None: ...
        def explain(self, *terms: str) -> None:
            explained.extend(terms)
        def table(self, title: str, headers: object, rows: object, numeric: object) -> None: ...
        def timeline(self, timeline: object) -> None: ...

    run_tour(Recorder())
    assert set(explained) <= set(GLOSSARY)
    assert len(explained) == len(set(explained)), "a word explained twice"
    for word in ("address", "block", "gas", "mint", "attestor", "escrow", "freeze", "seize"):
        assert word in explained, word
