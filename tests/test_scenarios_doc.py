"""docs/scenarios.md holds what `scripts/make_scenarios_doc.py` generates now: definitions, then a table per scenario."""

from __future__ import annotations

from coinage.metrics import definitions
from coinage.report import TABLE_METRICS
from coinage.scenarios import compare

from script_modules import load_script


def test_scenarios_doc_equals_the_generators_output() -> None:
    """The comparison in docs/scenarios.md is exactly what the generator writes from a fresh run with seed 0."""
    generator = load_script("make_scenarios_doc")
    text = generator.DOC.read_text()
    fresh = generator.replace(text, generator.render(compare(seed=0)))
    assert text == fresh, "docs/scenarios.md is stale: run python scripts/make_scenarios_doc.py"
    for line in definitions(TABLE_METRICS):
        assert f"- {line}\n" in text
