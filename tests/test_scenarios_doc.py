"""docs/scenarios.md holds what `scripts/make_scenarios_doc.py` generates now: definitions, then a table per scenario."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from coinage.metrics import definitions
from coinage.report import TABLE_METRICS
from coinage.scenarios import compare

ROOT = Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("_make_scenarios_doc", ROOT / "scripts" / "make_scenarios_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_scenarios_doc_equals_the_generators_output() -> None:
    """The comparison in docs/scenarios.md is exactly what the generator writes from a fresh run with seed 0."""
    generator = _generator()
    text = generator.DOC.read_text()
    fresh = generator.replace(text, generator.render(compare(seed=0)))
    assert text == fresh, "docs/scenarios.md is stale: run python scripts/make_scenarios_doc.py"
    for line in definitions(TABLE_METRICS):
        assert f"- {line}\n" in text
