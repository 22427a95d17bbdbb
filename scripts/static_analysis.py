#!/usr/bin/env python3
"""Static analysis of the contracts: Slither detectors and slither-check-erc (ERC-20).

Runs the Slither of its own virtualenv (``make slither-venv``; slither-analyzer 0.11.6 pins web3 7,
the project pins web3 8) on contracts/Coinage.sol and contracts/SovereignCoinage.sol, compiled the
way the project compiles them: one standard-JSON compilation by ``tools/solc`` (solc-js 0.8.37) with
the EVM version, optimizer and remappings of ``src/coinage/compiler/settings.py``.

Passes when every High or Medium finding is in ``TRIAGED`` below (each with its reason; see
docs/static-analysis.md), no ``TRIAGED`` entry is stale, and Coinage conforms to ERC-20.

    .venv-slither/bin/python scripts/static_analysis.py          # or: make static-analysis
    COINAGE_SLITHER=/path/to/slither scripts/static_analysis.py  # another Slither install

Standard library only, so any Python 3.9+ can run it. Exit status: 0 pass, 1 findings, 2 set-up error.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("contracts/Coinage.sol", "contracts/SovereignCoinage.sol")
"""The deployable tokens; their imports (HolderRecord, Regimes, WalletTiers, OpenZeppelin) come along.
contracts/reference/ (plain OpenZeppelin tokens kept only as gas baselines) is not analysed."""
ERC20_CONTRACT = "Coinage"
DEFAULT_SLITHER = ".venv-slither/bin/slither"
MAKE_HINT = "run `make slither-venv` (creates .venv-slither with slither-analyzer==0.11.6)"
IMPACTS = ("High", "Medium", "Low", "Informational", "Optimization")
BLOCKING = ("High", "Medium")

Key = Tuple[str, str, str]
"""(detector, Contract.function(signature), source expression): stable across line moves."""

TRIAGED: Dict[Key, str] = {
}

ERC_ACCEPTED: Dict[str, str] = {
    "lack_of_erc20_race_condition_protection": "Advisory, not an ERC-20 requirement: OpenZeppelin 5 dropped "
    "increaseAllowance/decreaseAllowance; Coinage offers EIP-2612 permit, and wallets set an allowance "
    "to 0 before changing it.",
}


class SetupError(Exception):
    """Slither is missing or could not compile or analyse the contracts."""


def slither_path() -> Path:
    """The `slither` executable: $COINAGE_SLITHER, else .venv-slither/bin/slither (relative to the repo)."""
    path = Path(os.environ.get("COINAGE_SLITHER") or DEFAULT_SLITHER)
    return path if path.is_absolute() else ROOT / path


def check_erc_path() -> Path:
    """`slither-check-erc`, installed next to `slither`."""
    return slither_path().with_name("slither-check-erc")


def require_tools() -> None:
    """Raise SetupError naming the make target if Slither, Node's solc adapter or solc-js is missing."""
    for tool in (slither_path(), check_erc_path()):
        if not (tool.is_file() and os.access(tool, os.X_OK)):
            raise SetupError(f"{tool} not found: {MAKE_HINT}")
    if not (ROOT / "node_modules" / "solc" / "package.json").is_file():
        raise SetupError("node_modules/solc not found: run `npm ci` (the solc-js compiler tools/solc drives)")


def _settings() -> Any:
    """The project's compiler settings module, loaded by path (it imports nothing but typing)."""
    spec = importlib.util.spec_from_file_location("_coinage_settings", ROOT / "src/coinage/compiler/settings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def standard_json_input() -> Dict[str, Any]:
    """The standard-JSON input crytic-compile sends to tools/solc: the targets, with the project's settings."""
    settings = _settings()
    return {
        "language": "Solidity",
        "sources": {name: {"urls": [name]} for name in TARGETS},
        "settings": {
            "evmVersion": settings.EVM_VERSION,
            "optimizer": dict(settings.OPTIMIZER),
            "remappings": list(settings.REMAPPINGS),
        },
    }


def _run(tool: Path, extra: List[str], workdir: Path) -> Dict[str, Any]:
    """Run a Slither tool on the standard-JSON input; return its --json document."""
    source = workdir / "input.json"
    source.write_text(json.dumps(standard_json_input()))
    report = workdir / f"{tool.name}.json"
    if report.exists():
        report.unlink()
    command = [
        str(tool),
        str(source),
        *extra,
        "--compile-force-framework",
        "solc-json",
        "--solc",
        str(ROOT / "tools" / "solc"),
        "--json",
        str(report),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if not report.is_file():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SetupError(f"{tool.name} wrote no report (exit {done.returncode}): " + " | ".join(tail))
    document: Dict[str, Any] = json.loads(report.read_text())
    if not document.get("success") or document.get("error"):
        raise SetupError(f"{tool.name} failed: {document.get('error')}")
    return document


def run_slither(workdir: Path) -> List[Dict[str, Any]]:
    """Every detector result for the targets (node_modules filtered out by slither.config.json)."""
    document = _run(slither_path(), [], workdir)
    return list(document.get("results", {}).get("detectors", []))


def run_check_erc(workdir: Path) -> Dict[str, List[Dict[str, Any]]]:
    """slither-check-erc's findings for Coinage as ERC-20, by category (empty when it conforms)."""
    document = _run(check_erc_path(), [ERC20_CONTRACT, "--erc", "erc20"], workdir)
    return dict(document.get("results", {}).get("erc-conformance", {}))


def finding_key(result: Dict[str, Any]) -> Key:
    """A result's (detector, function, expression) triple; no line numbers, so edits elsewhere keep it."""
    function, expression = "", ""
    for element in result.get("elements", []):
        fields = element.get("type_specific_fields", {})
        if element.get("type") == "function" and not function:
            function = f"{fields.get('parent', {}).get('name', '?')}.{fields.get('signature', element.get('name'))}"
        elif element.get("type") == "node" and not expression:
            expression = str(element.get("name", ""))
    return (str(result.get("check")), function, expression)


def summary(results: List[Dict[str, Any]]) -> Dict[str, int]:
    """Counts of results per impact, every impact listed."""
    counts = collections.Counter(str(r.get("impact")) for r in results)
    return {impact: counts.get(impact, 0) for impact in IMPACTS}


def untriaged(results: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """High and Medium results not listed in TRIAGED."""
    return [r for r in results if r.get("impact") in BLOCKING and finding_key(r) not in TRIAGED]


def stale_triage(results: List[Dict[str, Any]]) -> List[Key]:
    """TRIAGED entries no result matches any more (the code changed: drop or update them)."""
    seen = {finding_key(r) for r in results}
    return [key for key in TRIAGED if key not in seen]


def erc_problems(conformance: Dict[str, List[Dict[str, Any]]]) -> List[str]:
    """Each ERC-20 conformance finding outside ERC_ACCEPTED, as its description."""
    return [
        str(item.get("description", category)).strip()
        for category, items in conformance.items()
        if category not in ERC_ACCEPTED
        for item in items
    ]


def main() -> int:
    try:
        require_tools()
        with tempfile.TemporaryDirectory(prefix="coinage-slither-") as tmp:
            results = run_slither(Path(tmp))
            conformance = run_check_erc(Path(tmp))
    except (SetupError, OSError, ValueError, subprocess.TimeoutExpired) as error:
        print(f"static-analysis: error: {error}", file=sys.stderr)
        return 2
    counts = summary(results)
    print("slither: " + ", ".join(f"{impact} {n}" for impact, n in counts.items()))
    blocking, stale, erc = untriaged(results), stale_triage(results), erc_problems(conformance)
    triaged = sum(1 for r in results if finding_key(r) in TRIAGED)
    print(f"slither: {triaged} High/Medium finding(s) triaged (scripts/static_analysis.py TRIAGED)")
    for result in blocking:
        print(f"UNTRIAGED {result.get('impact')} {result.get('check')}: {result.get('description', '').strip()}")
    for key in stale:
        print(f"STALE triage entry (no longer reported; remove it): {key}")
    for problem in erc:
        print(f"ERC-20: {problem}")
    if not erc:
        print(f"slither-check-erc: {ERC20_CONTRACT} conforms to ERC-20")
    return 1 if blocking or stale or erc else 0


if __name__ == "__main__":
    raise SystemExit(main())
