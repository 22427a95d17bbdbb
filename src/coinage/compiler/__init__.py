"""Compile Coinage's Solidity contracts and load the resulting artifacts.

Building needs a pinned solc (native via py-solc-x, or the Node adapter in
``tools/solc``); loading needs only the artifacts shipped in the package.
"""

from coinage.compiler.artifacts import Artifact, available_artifacts, load_artifact
from coinage.compiler.build import CompileReport, compile_project
from coinage.compiler.errors import (
    ArtifactNotFound,
    CompilationFailed,
    CompilerError,
    CompilerNotFound,
    CorruptArtifact,
)
from coinage.compiler.locate import find_compiler
from coinage.compiler.settings import EVM_VERSION, OPTIMIZER, SOLC_VERSION

__all__ = [
    "EVM_VERSION",
    "OPTIMIZER",
    "SOLC_VERSION",
    "Artifact",
    "ArtifactNotFound",
    "CompilationFailed",
    "CompileReport",
    "CompilerError",
    "CompilerNotFound",
    "CorruptArtifact",
    "available_artifacts",
    "compile_project",
    "find_compiler",
    "load_artifact",
]
