"""The `coinage` command: the tour runs, and every failure is one clear line with a non-zero exit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def coinage(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coinage.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_demo_tells_the_story_and_shows_the_refusal() -> None:
    """`coinage demo` deploys, issues, freezes a fraudster and prints the refused transfer and the timeline."""
    result = coinage("demo")
    assert result.returncode == 0, result.stderr
    assert "AccountFrozen(account=mallory, until=forever)" in result.stdout
    assert "balanced" in result.stdout
    assert "Traceback" not in result.stderr


def test_no_command_runs_the_tour() -> None:
    """`coinage` with no command is the tour."""
    result = coinage()
    assert result.returncode == 0 and "AccountFrozen" in result.stdout


def test_unknown_command_is_one_line_and_exit_2() -> None:
    """An unknown command prints one line naming the choices and exits 2."""
    result = coinage("mint-everything")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "invalid choice: 'mint-everything'" in result.stderr


def _project(tmp_path: Path, source: str, *, with_compiler: bool = True) -> Path:
    project = tmp_path / "project"
    (project / "contracts").mkdir(parents=True)
    (project / "contracts" / "Broken.sol").write_text(source)
    (project / "src" / "coinage" / "artifacts").mkdir(parents=True)
    if with_compiler:
        shutil.copytree(ROOT / "tools", project / "tools")
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def test_broken_solidity_prints_file_and_line(tmp_path: Path) -> None:
    """A Solidity error prints as `contracts/File.sol:LINE: message`, exit status 1, no traceback."""
    project = _project(tmp_path, "// SPDX-License-Identifier: MIT\npragma solidity 0.8.37;\n\ncontract Broken {\n    uint x = ;\n}\n")
    result = coinage("compile", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.startswith("contracts/Broken.sol:5: "), result.stderr
    assert "Traceback" not in result.stderr


def test_missing_compiler_is_one_clear_line(tmp_path: Path) -> None:
    """With neither a pinned native solc nor the npm solc-js, compile says what to install, in one line."""
    project = _project(tmp_path, "pragma solidity 0.8.37;\ncontract Fine {}\n", with_compiler=False)
    result = coinage("compile", "--project", str(project))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("coinage: error: ")


def test_compile_of_unchanged_contracts_recompiles_nothing() -> None:
    """`coinage compile` in the repository finds the cache (or compiles) and leaves the shipped artifacts as they are."""
    before = {p.name: p.read_bytes() for p in (ROOT / "src" / "coinage" / "artifacts").glob("*.json")}
    first = coinage("compile")
    second = coinage("compile")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert second.stdout.startswith("nothing changed")
    after = {p.name: p.read_bytes() for p in (ROOT / "src" / "coinage" / "artifacts").glob("*.json")}
    assert after == before


def test_list_names_every_scenario_and_regime() -> None:
    """`coinage list` prints the eight scenarios and five regimes, one line each."""
    result = coinage("list")
    assert result.returncode == 0
    for name in ("issuance", "fraud", "stand-down", "overreach", "shortfall", "sovereign", "cross-border", "competition"):
        assert f"  {name} " in result.stdout
    for regime in ("permissionless", "issuer-controlled", "regulator-controlled", "due-process", "sovereign"):
        assert f"  {regime}\n" in result.stdout


def test_demo_scenario_as_json_is_deterministic() -> None:
    """`coinage demo fraud --regime permissionless --json` recovers nothing, and twice gives the same bytes."""
    first = coinage("demo", "fraud", "--regime", "permissionless", "--seed", "4", "--json")
    second = coinage("demo", "fraud", "--regime", "permissionless", "--seed", "4", "--json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert '"funds_recovered": 0' in first.stdout


def test_unknown_scenario_and_regime_are_one_line_each() -> None:
    """An unknown scenario or regime is named in one line with the choices, exit status 1."""
    for args in (("demo", "nope"), ("demo", "fraud", "--regime", "anarchy")):
        result = coinage(*args)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("coinage: error: ")


def test_compare_into_unwritable_directory_fails_cleanly(tmp_path: Path) -> None:
    """`coinage compare --out` into a directory that cannot be created fails in one line and writes nothing."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = coinage("compare", "--scenario", "fraud", "--regime", "permissionless", "--out", str(blocker / "out"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("coinage: error: ")
    assert not (blocker.parent / "out").exists()


def test_output_to_a_pipe_is_plain_markdown() -> None:
    """Piped output carries no terminal control codes: the comparison is a Markdown table."""
    result = coinage("compare", "--scenario", "fraud", "--regime", "permissionless")
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout + result.stderr
    assert result.stdout.startswith("| scenario | regime | recovered |")


def test_plain_flag_is_accepted_by_every_command() -> None:
    """`--plain` is an option of every command, so scripts can always ask for plain text."""
    for command in ("demo", "list", "compare", "compile"):
        result = coinage(command, "--help")
        assert "--plain" in result.stdout, command


def test_rpc_option_runs_a_scenario_on_a_local_node_with_the_same_outcome() -> None:
    """`coinage demo fraud --rpc URL --json` on a local Anvil prints the same outcome as on the embedded chain."""
    from coinage.chain.node import start_anvil

    embedded = coinage("demo", "fraud", "--regime", "due-process", "--json")
    with start_anvil() as url:
        on_node = coinage("demo", "fraud", "--regime", "due-process", "--json", "--rpc", url)
    assert on_node.returncode == 0, on_node.stderr
    assert on_node.stdout == embedded.stdout


def test_unreachable_rpc_url_is_one_line() -> None:
    """An --rpc URL where no node answers fails at once in one line, exit status 1."""
    result = coinage("compare", "--rpc", "http://127.0.0.1:9")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "coinage: error: no JSON-RPC node answers at http://127.0.0.1:9 (connection refused)"
    ]
