"""Tests for the compiler layer: building, caching, shipping and loading artifacts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coinage.compiler import (
    ArtifactNotFound,
    CompilationFailed,
    CompilerNotFound,
    CorruptArtifact,
    EVM_VERSION,
    SOLC_VERSION,
    compile_project,
    find_compiler,
    load_artifact,
)
from coinage.compiler import artifacts as artifacts_module
from coinage.compiler import build as build_module
from coinage.compiler.settings import SHIPPED_ARTIFACTS_DIR
from coinage.compiler.store import read_artifact_set

REPO = Path(__file__).resolve().parents[1]

HEADER = "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n"


def _compiler_available() -> bool:
    try:
        find_compiler(REPO)
    except CompilerNotFound:
        return False
    return True


needs_compiler = pytest.mark.skipif(
    not _compiler_available(),
    reason=f"no solc {SOLC_VERSION}: run `npm ci` in the repository root",
)


def make_project(root: Path, sources: dict[str, str], *, node_modules: bool = True) -> Path:
    """Create a throwaway project that borrows the repository's adapter and packages."""
    (root / "contracts").mkdir(parents=True)
    (root / "tools").symlink_to(REPO / "tools", target_is_directory=True)
    if node_modules:
        (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    for name, text in sources.items():
        path = root / "contracts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def counter(name: str, step: int = 1) -> str:
    """Return a minimal deployable contract whose bytecode depends on ``step``."""
    return HEADER + (
        f"contract {name} {{\n"
        "    uint256 public n;\n"
        f"    function inc() external {{ n += {step}; }}\n"
        "}\n"
    )


@needs_compiler
def test_broken_source_reports_file_and_line(tmp_path: Path) -> None:
    """A syntax error surfaces as CompilationFailed with a `contracts/X.sol:LINE:` diagnostic."""
    broken = HEADER + "contract Broken {\n    uint256 x = 1\n}\n"
    project = make_project(tmp_path, {"Good.sol": counter("Good"), "Broken.sol": broken})
    with pytest.raises(CompilationFailed) as caught:
        compile_project(project)
    assert caught.value.diagnostics
    assert str(caught.value).startswith("contracts/Broken.sol:5: ")
    assert not (project / SHIPPED_ARTIFACTS_DIR / "Good.json").exists()


@needs_compiler
def test_type_error_line_counts_from_byte_offset(tmp_path: Path) -> None:
    """A semantic error deep in a file is reported at its own line, past multi-byte characters."""
    text = HEADER + "// " + "\u00e9" * 60 + "\n" + (
        "contract T {\n"
        "    function f() external pure returns (uint256) {\n"
        "        return true;\n"
        "    }\n"
        "}\n"
    )
    project = make_project(tmp_path, {"nested/T.sol": text})
    with pytest.raises(CompilationFailed) as caught:
        compile_project(project)
    assert caught.value.diagnostics[0].startswith("contracts/nested/T.sol:6: TypeError: ")


@needs_compiler
def test_cache_hit_compiles_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second build of unchanged sources is a fast cache hit that never looks for a compiler."""
    project = make_project(tmp_path, {"Counter.sol": counter("Counter")})
    first = compile_project(project)
    assert not first.cache_hit
    assert first.added == ("Counter", "enums")

    def no_compiler(_root: Path) -> Path:
        raise AssertionError("a cache hit must not compile")

    monkeypatch.setattr(build_module, "find_compiler", no_compiler)
    second = compile_project(project)
    assert second.cache_hit
    assert second.cache_key == first.cache_key
    assert second.unchanged == ("Counter", "enums")
    assert not second.touched
    assert second.elapsed_seconds < 0.5


@needs_compiler
def test_changed_source_recompiles_and_reports(tmp_path: Path) -> None:
    """Editing one file rebuilds, reports only its contract as changed, and drops deleted ones."""
    project = make_project(
        tmp_path,
        {"A.sol": counter("A"), "B.sol": counter("B"), "Gone.sol": counter("Gone")},
    )
    compile_project(project)
    (project / "contracts" / "B.sol").write_text(counter("B", step=2), encoding="utf-8")
    (project / "contracts" / "Gone.sol").unlink()
    report = compile_project(project)
    assert not report.cache_hit
    assert report.changed == ("B",)
    assert report.removed == ("Gone",)
    assert report.unchanged == ("A", "enums")
    assert sorted(p.name for p in (project / SHIPPED_ARTIFACTS_DIR).glob("*.json")) == [
        "A.json",
        "B.json",
        "enums.json",
    ]


@needs_compiler
def test_enums_and_published_constants_come_from_the_ast(tmp_path: Path) -> None:
    """Every enum (file-level or in a contract) ships in enums.json in declaration order, FOREVER is
    evaluated from `type(uint40).max`, and the generated Python module holds the same."""
    source = HEADER + (
        "/// @notice Colours.\n"
        "enum Colour { Red, DarkGreen /* not a member: Blue */ }\n"
        "contract Palette {\n"
        "    enum Shade { Light, Dark }\n"
        "    /// @dev Until lifted.\n"
        "    uint40 internal constant FOREVER = type(uint40).max;\n"
        "    uint256 internal constant OTHER = 2 ** 8 - 1;\n"
        "    function f() external pure returns (uint40) { return FOREVER; }\n"
        "}\n"
    )
    project = make_project(tmp_path, {"Palette.sol": source})
    compile_project(project)
    document = json.loads((project / SHIPPED_ARTIFACTS_DIR / "enums.json").read_text())
    assert document["enums"] == {
        "Colour": {"source": "contracts/Palette.sol", "notice": "Colours.", "members": ["Red", "DarkGreen"]},
        "Shade": {"source": "contracts/Palette.sol", "notice": "", "members": ["Light", "Dark"]},
    }
    assert document["constants"] == {
        "FOREVER": {
            "source": "contracts/Palette.sol",
            "contract": "Palette",
            "type": "uint40",
            "value": str(2**40 - 1),
            "notice": "Until lifted.",
        }
    }
    namespace: dict[str, object] = {}
    exec((project / "src" / "coinage" / "enums.py").read_text(), namespace)
    assert namespace["FOREVER"] == 2**40 - 1
    assert [(m.name, int(m)) for m in namespace["Colour"]] == [("RED", 0), ("DARK_GREEN", 1)]  # type: ignore[attr-defined]


@needs_compiler
def test_imports_resolve_and_only_deployable_local_contracts_ship(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenZeppelin imports resolve, and only local contracts with bytecode become artifacts."""
    token = (
        HEADER
        + 'import "@openzeppelin/contracts/token/ERC20/ERC20.sol";\n'
        + "interface IPing { function ping() external; }\n"
        + "abstract contract Base { function b() external virtual; }\n"
        + 'contract Token is ERC20 { constructor() ERC20("T", "T") {} }\n'
    )
    project = make_project(tmp_path, {"Token.sol": token})
    report = compile_project(project)
    assert report.added == ("Token", "enums")

    monkeypatch.setattr(artifacts_module, "_root", lambda: project / SHIPPED_ARTIFACTS_DIR)
    artifact = load_artifact("Token")
    assert artifact.bytecode and artifact.deployed_bytecode
    assert artifact.compiler_version.startswith(SOLC_VERSION + "+commit.")
    assert any(item.get("name") == "transfer" for item in artifact.abi)
    document = json.loads((project / SHIPPED_ARTIFACTS_DIR / "Token.json").read_text())
    assert document["compiler"]["settings"]["evmVersion"] == EVM_VERSION == "cancun"


@needs_compiler
def test_shipped_artifacts_match_a_fresh_compile(tmp_path: Path) -> None:
    """Shipped artifacts in src/coinage/artifacts are byte-identical to compiling contracts/."""
    project = make_project(tmp_path, {})
    source_dir = REPO / "contracts"
    if source_dir.is_dir():
        shutil.copytree(source_dir, project / "contracts", dirs_exist_ok=True)
    compile_project(project, force=True)
    fresh = read_artifact_set(project / SHIPPED_ARTIFACTS_DIR)
    shipped = read_artifact_set(REPO / SHIPPED_ARTIFACTS_DIR)
    assert sorted(shipped) == sorted(fresh), "run compile_project(Path('.')) and commit"
    for name in fresh:
        assert shipped[name] == fresh[name], f"{name}.json is stale; rebuild and commit"


def test_missing_compiler_gives_one_line_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without node_modules, node or an installed solc, the build says in one line what to run."""
    project = make_project(tmp_path / "proj", {"C.sol": counter("C")}, node_modules=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("SOLCX_BINARY_PATH", str(empty))
    with pytest.raises(CompilerNotFound) as caught:
        compile_project(project)
    message = str(caught.value)
    assert "\n" not in message
    assert "npm ci" in message and SOLC_VERSION in message


def test_unknown_artifact_lists_available(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking for an unknown name raises ArtifactNotFound naming what does exist."""
    (tmp_path / "Known.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(artifacts_module, "_root", lambda: tmp_path)
    with pytest.raises(ArtifactNotFound) as caught:
        load_artifact("Missing")
    assert "Missing" in str(caught.value) and "Known" in str(caught.value)
    assert caught.value.available == ("Known",)


def test_corrupt_artifact_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A truncated artifact raises CorruptArtifact carrying the file name."""
    (tmp_path / "Broken.json").write_text('{"abi": [', encoding="utf-8")
    monkeypatch.setattr(artifacts_module, "_root", lambda: tmp_path)
    with pytest.raises(CorruptArtifact) as caught:
        load_artifact("Broken")
    assert caught.value.file_name == "Broken.json"
    assert "Broken.json" in str(caught.value)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_adapter_rejects_unknown_options() -> None:
    """The Node adapter refuses options it does not implement with exit status 2."""
    result = subprocess.run(
        [str(REPO / "tools" / "solc"), "--bin"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
