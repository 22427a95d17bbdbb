"""Hostile input: every malformed argument, unknown name, absurd number or broken file is refused cleanly.

For the CLI, "cleanly" means: exit status != 0, exactly one line on stderr, nothing on stdout, no
traceback, and no file written or changed. For the library it means a Coinage error (or TypeError)
raised before anything happens, never an exception from the libraries underneath.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coinage import Deployment, coins, deploy_coin
from coinage.errors import CoinageError, InvalidInput

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "src" / "coinage" / "artifacts"
ONE_RUN = ("--scenario", "fraud", "--regime", "permissionless")
"""Restrict `compare` to one run, so refusals that come late still come fast."""


def coinage(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coinage.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_refused(result: subprocess.CompletedProcess[str], *, status: int | None = None) -> str:
    """A clean refusal: non-zero exit, one stderr line, empty stdout, no traceback. Returns the line."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0, f"exit 0; stdout: {result.stdout[:300]!r}"
    if status is not None:
        assert result.returncode == status, result.stderr
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {result.stderr[-600:]!r}"
    assert result.stdout == "", f"a refused command printed a result: {result.stdout[:300]!r}"
    return lines[0]


def tree(path: Path) -> dict[str, bytes]:
    """Every file under `path` (relative name -> bytes), to prove a command changed nothing."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


# --- malformed arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("demo", "fraud", "--seed", "abc"), id="demo seed abc"),
        pytest.param(("compare", *ONE_RUN, "--seed", "abc"), id="compare seed abc"),
        pytest.param(("demo", "fraud", "--seed", "1e3"), id="seed 1e3"),
        pytest.param(("demo", "fraud", "--seed", ""), id="empty seed"),
        pytest.param(("demo", "fraud", "--seed", "4.0"), id="seed 4.0"),
        pytest.param(("demo", "fraud", "--seed"), id="seed without value"),
        pytest.param(("demo", "fraud", "--regime"), id="regime without value"),
        pytest.param(("demo", "fraud", "permissionless"), id="extra positional"),
        pytest.param(("demo", "fraud", "--json=yes"), id="value for a flag"),
        pytest.param(("demo", "--bogus"), id="unknown option"),
        pytest.param(("list", "extra"), id="list extra"),
        pytest.param(("compile", "--force=1"), id="compile force value"),
        pytest.param(("compile", "--project"), id="project without value"),
        pytest.param(("compare", "--out"), id="out without value"),
        pytest.param(("--seed", "1"), id="option before command"),
    ],
)
def test_malformed_arguments_are_usage_errors(args: tuple[str, ...], tmp_path: Path) -> None:
    """A malformed command line is refused by the parser with one line and exit status 2."""
    line = assert_refused(coinage(*args, cwd=tmp_path), status=2)
    assert "error:" in line


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("demo", "fraud", "--seed", "-1"), id="demo seed -1"),
        pytest.param(("demo", "fraud", "--seed", str(10**30)), id="demo seed 10**30"),
        pytest.param(("compare", *ONE_RUN, "--seed", "-1"), id="compare seed -1"),
        pytest.param(("compare", *ONE_RUN, "--seed", str(10**30)), id="compare seed 10**30"),
    ],
)
def test_out_of_range_seed_is_refused(args: tuple[str, ...], tmp_path: Path) -> None:
    """A negative seed (an alias of its absolute value in `random`) or one above 2**64-1 is refused in one line."""
    line = assert_refused(coinage(*args, cwd=tmp_path))
    assert "seed" in line


def test_json_without_a_scenario_is_refused(tmp_path: Path) -> None:
    """`coinage demo --json` is refused in one line naming --json (the tour has no JSON form), not run as prose."""
    line = assert_refused(coinage("demo", "--json", cwd=tmp_path), status=2)
    assert "--json" in line


# --- unknown names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        pytest.param(("demo", "nope"), 2, id="demo unknown scenario"),
        pytest.param(("demo", "fraud", "--regime", "anarchy"), 2, id="demo unknown regime"),
        pytest.param(("demo", "shortfall", "--regime", "sovereign"), 1, id="scenario outside its regimes"),
        pytest.param(("demo", "x" * 5000), 2, id="5000-character name"),
        pytest.param(("demo", "fr\u00e4ud\u202e"), 2, id="non-ASCII name"),
        pytest.param(("compare", "--scenario", "nope"), 2, id="compare unknown scenario"),
        pytest.param(("compare", "--regime", "nope"), 2, id="compare unknown regime"),
        pytest.param(("compare", "--scenario", "fraud", "--regime", ""), 2, id="compare empty regime"),
    ],
)
def test_unknown_names_are_one_line(args: tuple[str, ...], status: int, tmp_path: Path) -> None:
    """An unknown name is bad usage (exit 2), a name outside its regimes a refused input (exit 1), each in one `coinage: error:` line."""
    line = assert_refused(coinage(*args, cwd=tmp_path), status=status)
    assert line.startswith("coinage: error: ")


# --- unwritable --out ----------------------------------------------------------------------------


def _blocked_out(tmp_path: Path, kind: str) -> Path:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    return {"under a file": blocker / "out", "is a file": blocker, "in /proc": Path("/proc/coinage-no-such-dir")}[kind]


@pytest.mark.parametrize("kind", ["under a file", "is a file", "in /proc"])
def test_unwritable_out_writes_nothing(tmp_path: Path, kind: str) -> None:
    """`compare --out` somewhere unwritable fails in one line, prints no table, and leaves no file behind."""
    out = _blocked_out(tmp_path, kind)
    before = tree(tmp_path)
    line = assert_refused(coinage("compare", *ONE_RUN, "--out", str(out), cwd=tmp_path), status=1)
    assert line.startswith("coinage: error: ")
    assert tree(tmp_path) == before
    assert not Path("/proc/coinage-no-such-dir").exists()


# --- compile --project ---------------------------------------------------------------------------


def test_nonexistent_project_is_refused_and_not_created(tmp_path: Path) -> None:
    """`compile --project` naming a directory that does not exist fails in one line and creates nothing."""
    missing = tmp_path / "no" / "such" / "project"
    line = assert_refused(coinage("compile", "--project", str(missing), cwd=tmp_path), status=1)
    assert line.startswith("coinage: error: ")
    assert not (tmp_path / "no").exists()


def test_project_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """`compile --project` naming a regular file fails in one line and leaves the file as it was."""
    target = tmp_path / "project.txt"
    target.write_text("not a project")
    assert_refused(coinage("compile", "--project", str(target), cwd=tmp_path), status=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.txt"]


def test_project_without_contracts_is_refused(tmp_path: Path) -> None:
    """A project directory with no contracts/ is refused rather than compiled to zero artifacts (which would delete the shipped ones)."""
    project = tmp_path / "project"
    (project / "src" / "coinage" / "artifacts").mkdir(parents=True)
    shutil.copy(ARTIFACTS / "Coinage.json", project / "src" / "coinage" / "artifacts" / "Coinage.json")
    before = tree(project)
    assert_refused(coinage("compile", "--project", str(project), cwd=tmp_path), status=1)
    assert tree(project) == before


@pytest.fixture
def project_with_corrupt_cache(tmp_path: Path) -> Iterator[Path]:
    """A copy of the project whose cache entry for its current sources holds a truncated Coinage.json."""
    from coinage.compiler.build import cache_key, read_sources
    from coinage.compiler.settings import CACHE_DIR

    project = tmp_path / "project"
    shutil.copytree(ROOT / "contracts", project / "contracts")
    shutil.copytree(ARTIFACTS, project / "src" / "coinage" / "artifacts", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(ROOT / "tools", project / "tools")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    entry = project / CACHE_DIR / cache_key(read_sources(project))
    entry.mkdir(parents=True)
    for artifact in (project / "src" / "coinage" / "artifacts").glob("*.json"):
        shutil.copy(artifact, entry / artifact.name)
    data = (entry / "Coinage.json").read_bytes()
    (entry / "Coinage.json").write_bytes(data[: len(data) // 2])
    yield project


def test_corrupt_cache_entry_never_reaches_the_shipped_artifacts(project_with_corrupt_cache: Path) -> None:
    """A truncated file in `.coinage-cache/<key>/` is detected: compile rebuilds it or fails in one line, and never ships it."""
    project = project_with_corrupt_cache
    shipped = project / "src" / "coinage" / "artifacts"
    before = tree(shipped)
    result = coinage("compile", "--project", str(project), cwd=project)
    if result.returncode != 0:
        assert_refused(result)
        assert tree(shipped) == before
    else:
        assert "Traceback" not in result.stderr
    for artifact in shipped.glob("*.json"):
        json.loads(artifact.read_text())  # raises if a truncated file was shipped


# --- a corrupted shipped artifact ------------------------------------------------------------------


def test_corrupt_shipped_artifact_is_one_line(tmp_path: Path) -> None:
    """With a truncated Coinage.json in a copy of the package, `demo` fails in one line naming the file."""
    package = tmp_path / "site" / "coinage"
    shutil.copytree(ROOT / "src" / "coinage", package, ignore=shutil.ignore_patterns("__pycache__"))
    artifact = package / "artifacts" / "Coinage.json"
    artifact.write_bytes(artifact.read_bytes()[:1000])
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    where = subprocess.run(
        [sys.executable, "-c", "import coinage; print(coinage.__file__)"], env=env, capture_output=True, text=True
    )
    assert where.stdout.strip() == str(package / "__init__.py"), "the copy of the package was not imported"
    line = assert_refused(coinage("demo", "fraud", "--json", cwd=tmp_path, env=env), status=1)
    assert line.startswith("coinage: error: ") and "Coinage.json" in line


# --- library misuse ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def d() -> Deployment:
    """One coin in which alice holds 100 coins; the refusals below never change it."""
    d = deploy_coin("regulator-controlled", holders=["alice", "bob"])
    d.coin.attest(coins(1_000), report="AUDIT-1", by=d.cast.attestor)
    d.coin.set_minter_allowance(coins(1_000), by=d.cast.regulator)
    d.coin.mint(d.cast.alice, coins(100), by=d.cast.issuer)
    return d


def test_unaffordable_amount_is_a_contract_refusal(d: Deployment) -> None:
    """An in-range amount above the balance is the contract's refusal (a CoinageError), never a library error."""
    with pytest.raises(CoinageError):
        d.coin.transfer(d.cast.bob, 10**30, by=d.cast.alice)


@pytest.mark.parametrize("seed", [-1, 2**64, 10**30])
def test_run_scenario_refuses_out_of_range_seed(seed: int) -> None:
    """run_scenario refuses a negative seed or one above 2**64-1 with InvalidInput, before deploying anything."""
    from coinage.scenarios import run_scenario

    with pytest.raises(InvalidInput):
        run_scenario("fraud", "permissionless", seed=seed)


@pytest.mark.parametrize("seed", [1.5, "1", True, None])
def test_run_scenario_refuses_non_int_seed(seed: Any) -> None:
    """run_scenario refuses a seed that is not an int with TypeError."""
    from coinage.scenarios import run_scenario

    with pytest.raises(TypeError):
        run_scenario("fraud", "permissionless", seed=seed)


def test_compare_does_not_split_a_bare_string() -> None:
    """compare("fraud") means the fraud scenario (or is a TypeError), never the scenarios 'f', 'r', 'a'..."""
    from coinage.scenarios import compare

    try:
        comparison = compare("fraud", ["permissionless"])
    except TypeError:
        return
    assert comparison.scenarios == ("fraud",)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        pytest.param({"provisional_freeze_period": -1}, InvalidInput, id="negative freeze period"),
        pytest.param({"provisional_freeze_period": 2**32}, InvalidInput, id="freeze period above uint32"),
        pytest.param({"provisional_freeze_period": 1.5}, TypeError, id="float freeze period"),
        pytest.param({"max_attestation_age": -1}, InvalidInput, id="negative attestation age"),
        pytest.param({"max_attestation_age": 10**30}, InvalidInput, id="huge attestation age"),
        pytest.param({"max_attestation_age": "7"}, TypeError, id="string attestation age"),
    ],
)
def test_deploy_coin_refuses_bad_periods(kwargs: dict[str, Any], error: type[Exception]) -> None:
    """deploy_coin refuses a negative, oversized (uint32) or non-int period itself, not via an eth_abi encoding error."""
    with pytest.raises(error):
        deploy_coin("regulator-controlled", holders=["alice"], **kwargs)


@pytest.mark.parametrize(("seconds", "error"), [(1.5, TypeError), ("5", TypeError), (-1, ValueError), (True, TypeError)])
def test_advance_time_refuses_bad_durations(seconds: Any, error: type[Exception]) -> None:
    """chain.advance_time takes whole non-negative seconds; anything else is refused and the clock does not move."""
    chain = deploy_coin("regulator-controlled", holders=["alice"]).chain
    now = chain.now
    with pytest.raises(error):
        chain.advance_time(seconds)
    assert chain.now == now and isinstance(chain.now, int)
