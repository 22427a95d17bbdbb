"""The differential suite's test contracts (tests/fixtures/Probes.sol), compiled with the pinned solc.

They are compiled once per test process, as `coinage compile` compiles the shipped contracts (same
compiler, same settings), and are never shipped in the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import solcx

from coinage.compiler import find_compiler
from coinage.compiler.settings import compiler_settings
from coinage.contracts.abi import ContractInterface

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "Probes.sol"


@dataclass(frozen=True)
class Compiled:
    """One test contract: its interface and creation code."""

    interface: ContractInterface
    bytecode: bytes

    def creation(self, *args: Any) -> bytes:
        """Creation code with the constructor's arguments."""
        return self.interface.encode_constructor(self.bytecode, args)


@lru_cache(maxsize=1)
def probes() -> dict[str, Compiled]:
    """Every contract of Probes.sol by name; a compiler error fails the test that asked."""
    settings = compiler_settings()
    settings["outputSelection"] = {"*": {"*": ["abi", "evm.bytecode.object"]}}
    standard = {"language": "Solidity", "sources": {SOURCE.name: {"content": SOURCE.read_text()}}, "settings": settings}
    output = solcx.compile_standard(standard, solc_binary=find_compiler(ROOT), base_path=ROOT)
    return {
        name: Compiled(ContractInterface(contract["abi"]), bytes.fromhex(contract["evm"]["bytecode"]["object"]))
        for name, contract in output["contracts"][SOURCE.name].items()
    }
