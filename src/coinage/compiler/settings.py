"""The single source of truth for how contracts are compiled.

Every value here feeds the build cache key, so changing any of them forces a
rebuild and the shipped artifacts always record the settings that produced them.
"""

from __future__ import annotations

from typing import Any, Final

SOLC_VERSION: Final = "0.8.37"

# Both embedded engines run Cancun (coinage.chain.FORK): revm 8, behind pyrevm, has no Prague,
# and solc 0.8.37 would otherwise target Osaka. tests/test_engine.py checks the two agree.
EVM_VERSION: Final = "cancun"

OPTIMIZER: Final[dict[str, Any]] = {"enabled": True, "runs": 200}

# Native solc and the Node adapter must agree on source unit names, or the
# metadata hash embedded in the bytecode would differ between them. Mapping
# package imports onto node_modules under the base path achieves that.
REMAPPINGS: Final[tuple[str, ...]] = ("@openzeppelin/=node_modules/@openzeppelin/",)

OUTPUT_SELECTION: Final[tuple[str, ...]] = (
    "abi",
    "devdoc",
    "evm.bytecode.linkReferences",
    "evm.bytecode.object",
    "evm.deployedBytecode.immutableReferences",
    "evm.deployedBytecode.linkReferences",
    "evm.deployedBytecode.object",
    "evm.methodIdentifiers",
    "metadata",
    "storageLayout",
    "userdoc",
)

CONTRACTS_DIR: Final = "contracts"
CACHE_DIR: Final = ".coinage-cache"
SHIPPED_ARTIFACTS_DIR: Final = "src/coinage/artifacts"
GENERATED_ENUMS_MODULE: Final = "src/coinage/enums.py"


def compiler_settings() -> dict[str, Any]:
    """Return the standard-JSON ``settings`` object, freshly built so callers may mutate it."""
    return {
        "evmVersion": EVM_VERSION,
        "optimizer": dict(OPTIMIZER),
        "remappings": list(REMAPPINGS),
        # The source-level AST ("") is where the enums and constants published in enums.json are read.
        "outputSelection": {"*": {"*": list(OUTPUT_SELECTION), "": ["ast"]}},
    }
