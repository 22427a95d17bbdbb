"""Slither finds no untriaged High or Medium issue in the contracts, and Coinage conforms to ERC-20.

Slither lives in its own virtualenv (`make slither-venv`); $COINAGE_SLITHER points at another
`slither` executable. A missing install fails these tests (it never skips them), so CI cannot pass
without the analysis having run. The triage list and the runner are scripts/static_analysis.py.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

import pytest

from script_modules import load_script

ROOT = Path(__file__).resolve().parent.parent


runner = load_script("static_analysis")


def _require_tools() -> None:
    try:
        runner.require_tools()
    except runner.SetupError as error:
        message = str(error)
    else:
        return
    pytest.fail(message, pytrace=False)


@functools.cache
def _slither_results() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="coinage-slither-") as tmp:
        return list(runner.run_slither(Path(tmp)))


def _describe(results: list[dict[str, Any]]) -> str:
    return "\n".join(f"{r.get('impact')} {r.get('check')} {runner.finding_key(r)}: {r.get('description', '').strip()}" for r in results)


def test_slither_is_installed() -> None:
    """slither and slither-check-erc are installed where the tests look (else: run `make slither-venv`)."""
    _require_tools()


def test_no_untriaged_high_or_medium_findings() -> None:
    """Every High or Medium Slither finding on Coinage.sol and SovereignCoinage.sol is triaged with a reason."""
    _require_tools()
    results = _slither_results()
    assert results is not None
    blocking = runner.untriaged(results)
    assert not blocking, "untriaged findings (fix them, or triage them in scripts/static_analysis.py):\n" + _describe(blocking)


def test_no_stale_triage_entries() -> None:
    """Every triaged finding is still reported, so the triage list never silently outlives the code it excuses."""
    _require_tools()
    stale = runner.stale_triage(_slither_results())
    assert not stale, f"triage entries no finding matches any more (remove or update them): {stale}"


def test_coinage_conforms_to_erc20() -> None:
    """slither-check-erc finds Coinage's ERC-20 functions, return types, views, events and indexing correct."""
    _require_tools()
    with tempfile.TemporaryDirectory(prefix="coinage-check-erc-") as tmp:
        conformance = runner.run_check_erc(Path(tmp))
    problems = runner.erc_problems(conformance)
    assert not problems, "\n".join(problems)


def test_triage_entries_are_documented() -> None:
    """Each triaged finding has a reason and its function is named in docs/static-analysis.md."""
    doc = (ROOT / "docs" / "static-analysis.md").read_text(encoding="utf-8")
    for (check, function, _expression), reason in runner.TRIAGED.items():
        assert len(reason.split()) >= 5, f"{check} in {function}: give a reason"
        assert check in doc and function.split("(")[0] in doc, f"{check} in {function} is not in docs/static-analysis.md"
