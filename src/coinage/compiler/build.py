"""Compile the project's contracts into cached and shipped artifacts.

Compiling costs seconds, so results are cached under a key derived from every
input that can change the output; an unchanged tree rebuilds nothing and does
not even need a compiler to be installed.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import solcx
from solcx.exceptions import SolcError
from solcx.wrapper import get_version_str_from_solc_binary

from coinage.compiler.diagnostics import render_diagnostics
from coinage.compiler.enum_export import ENUMS_ARTIFACT, render_enums, render_enums_module
from coinage.compiler.errors import CompilationFailed, CompilerError, CompilerNotFound
from coinage.compiler.locate import find_compiler
from coinage.compiler.render import render_artifact
from coinage.compiler.settings import (
    CACHE_DIR,
    CONTRACTS_DIR,
    GENERATED_ENUMS_MODULE,
    SHIPPED_ARTIFACTS_DIR,
    SOLC_VERSION,
    compiler_settings,
)
from coinage.compiler.store import read_artifact_set, sync_directory, write_cache_entry, write_if_changed

# Bump when render_artifact's output format changes, so old cache entries are ignored.
ARTIFACT_FORMAT = 3


@dataclass(frozen=True)
class CompileReport:
    """What a build did to the shipped artifacts, and how long it took."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    cache_hit: bool
    cache_key: str
    elapsed_seconds: float

    @property
    def touched(self) -> bool:
        """Whether any shipped artifact file was written or deleted."""
        return bool(self.added or self.changed or self.removed)


def compile_project(project_root: Path, *, force: bool = False) -> CompileReport:
    """Build every contract under ``<project_root>/contracts`` and ship the artifacts.

    With ``force`` the cache is bypassed and the entry for the current inputs is rebuilt.
    """
    started = time.perf_counter()
    root = project_root.resolve()
    sources = read_sources(root)
    if not sources:
        # Refuse before touching anything: an empty build would delete every shipped artifact.
        raise CompilerError(f"no Solidity sources: {root / CONTRACTS_DIR} is missing or holds no .sol file")
    key = cache_key(sources)
    entry = root / CACHE_DIR / key
    artifacts = {} if force else _intact(read_artifact_set(entry))
    cache_hit = bool(artifacts)
    if not cache_hit:
        artifacts = build_artifacts(root, sources)
        write_cache_entry(entry, artifacts)
    sync = sync_directory(root / SHIPPED_ARTIFACTS_DIR, artifacts)
    write_if_changed(root / GENERATED_ENUMS_MODULE, render_enums_module(artifacts[ENUMS_ARTIFACT]).encode("utf-8"))
    return CompileReport(
        added=sync.added,
        changed=sync.changed,
        removed=sync.removed,
        unchanged=sync.unchanged,
        cache_hit=cache_hit,
        cache_key=key,
        elapsed_seconds=time.perf_counter() - started,
    )


def _intact(artifacts: dict[str, bytes]) -> dict[str, bytes]:
    """The cache entry if every artifact parses and names itself, and enums.json is there; otherwise nothing (rebuild)."""
    if ENUMS_ARTIFACT not in artifacts:
        return {}
    for name, data in artifacts.items():
        try:
            parsed = json.loads(data)
        except ValueError:
            return {}
        if not isinstance(parsed, dict) or (name != ENUMS_ARTIFACT and parsed.get("contractName") != name):
            return {}
    return artifacts


def read_sources(project_root: Path) -> dict[str, str]:
    """Return ``{source name: text}`` for every ``.sol`` file under ``contracts/``.

    Source names are POSIX paths relative to the project root, which is also the
    compiler's base path, so they read the same in diagnostics and metadata.
    """
    contracts = project_root / CONTRACTS_DIR
    if not contracts.is_dir():
        return {}
    return {
        path.relative_to(project_root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(contracts.rglob("*.sol"))
        if path.is_file()
    }


def cache_key(sources: Mapping[str, str]) -> str:
    """Hash every input that can change the artifacts: sources, compiler version, settings."""
    material = {
        "format": ARTIFACT_FORMAT,
        "solc": SOLC_VERSION,
        "settings": compiler_settings(),
        "sources": [[name, sources[name]] for name in sorted(sources)],
    }
    encoded = json.dumps(material, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def build_artifacts(project_root: Path, sources: Mapping[str, str]) -> dict[str, bytes]:
    """Compile ``sources`` and render one artifact per deployable contract they define."""
    if not sources:
        return {}
    solc_binary = find_compiler(project_root)
    version = _compiler_version(solc_binary)
    output = _run_solc(project_root, solc_binary, sources)
    return _collect(output, sources, version)


def _compiler_version(solc_binary: Path) -> str:
    """Return ``X.Y.Z+commit.HASH``, leaving out the platform suffix.

    The native binary and the Node adapter report different platform tails for
    the same build; dropping it keeps artifacts identical whichever one ran.
    """
    try:
        version = get_version_str_from_solc_binary(solc_binary)
    except (OSError, SolcError, ValueError) as exc:
        raise CompilerNotFound(f"cannot run {solc_binary} --version: {exc}") from exc
    if version.split("+", 1)[0] != SOLC_VERSION:
        raise CompilerNotFound(f"{solc_binary} is solc {version}, expected {SOLC_VERSION}")
    return version


def _run_solc(project_root: Path, solc_binary: Path, sources: Mapping[str, str]) -> dict[str, Any]:
    """Run one standard-JSON compilation, turning every failure into ``CompilationFailed``."""
    standard_input = {
        "language": "Solidity",
        "sources": {name: {"content": text} for name, text in sources.items()},
        "settings": compiler_settings(),
    }
    try:
        output: dict[str, Any] = solcx.compile_standard(
            standard_input,
            solc_binary=solc_binary,
            base_path=project_root,
            allow_paths=[project_root, project_root / "node_modules"],
        )
    except SolcError as exc:
        records = getattr(exc, "error_dict", None)
        lines = render_diagnostics(records or [], sources, project_root)
        if not lines:
            detail = " ".join((exc.stderr_data or exc.message or "").split())[:500]
            lines = [f"solc: failed with exit code {exc.return_code}: {detail}"]
        raise CompilationFailed(lines) from exc
    except (OSError, ValueError) as exc:
        raise CompilationFailed([f"solc: {exc}"]) from exc
    return output


_DECLARATION = r"\b(?:abstract\s+)?contract\s+{}\b"
_LIBRARY = r"^\s*library\s+{}\b"


def _is_library(source_text: str, contract_name: str) -> bool:
    return re.search(_LIBRARY.format(re.escape(contract_name)), source_text, re.M) is not None


def _collect(
    output: Mapping[str, Any], sources: Mapping[str, str], version: str
) -> dict[str, bytes]:
    """Render artifacts for contracts defined in ``contracts/`` that have runtime code, and enums.json.

    Imported library code, interfaces and abstract contracts (empty bytecode), and the
    project's own libraries (their internal functions are compiled into each contract that
    uses them, so nothing deploys them) are not shipped.
    """
    artifacts: dict[str, bytes] = {ENUMS_ARTIFACT: render_enums(output, sources)}
    origins: dict[str, str] = {ENUMS_ARTIFACT: f"{SHIPPED_ARTIFACTS_DIR}/{ENUMS_ARTIFACT}.json"}
    duplicates: list[str] = []
    for source_name in sorted(output.get("contracts", {})):
        if source_name not in sources:
            continue
        for contract_name, contract in sorted(output["contracts"][source_name].items()):
            bytecode = contract.get("evm", {}).get("bytecode", {}).get("object", "")
            if not bytecode or _is_library(sources[source_name], contract_name):
                continue
            if contract_name in origins:
                duplicates.append(_duplicate_line(source_name, sources, contract_name, origins))
                continue
            origins[contract_name] = source_name
            artifacts[contract_name] = render_artifact(
                contract_name=contract_name,
                source_name=source_name,
                source_text=sources[source_name],
                output=contract,
                compiler_version=version,
            )
    if duplicates:
        raise CompilationFailed(duplicates)
    return artifacts


def _duplicate_line(
    source_name: str, sources: Mapping[str, str], contract_name: str, origins: Mapping[str, str]
) -> str:
    """Describe a contract name shipped twice, since artifacts are keyed by name alone."""
    text = sources[source_name]
    match = re.search(_DECLARATION.format(re.escape(contract_name)), text)
    line = text.count("\n", 0, match.start()) + 1 if match else 1
    return (
        f"{source_name}:{line}: DeclarationError: contract name {contract_name} "
        f"is also defined in {origins[contract_name]}; artifact names must be unique"
    )
