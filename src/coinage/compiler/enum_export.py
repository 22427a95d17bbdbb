"""Publish the contracts' enums and sentinel constants, read from solc's AST, as JSON and as Python.

Clients outside Solidity (ethers, Python) need the enums' member order and the sentinel values to
decode what the coin returns. Reading them from the AST of the same compilation that produced the
bytecode, rather than keeping copies by hand, means they cannot drift from the contracts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from coinage.compiler.errors import CompilationFailed

ENUMS_ARTIFACT = "enums"
"""Name of the published file beside the contract artifacts (``enums.json``)."""

ENUMS_FORMAT = "coinage-enums-1"

# Internal constants are absent from the ABI; these are the ones a client meets in return values
# (a freeze's `frozenUntil` is FOREVER when it lasts until lifted), so they are published too.
PUBLISHED_CONSTANTS = ("FOREVER",)


def render_enums(output: Mapping[str, Any], sources: Mapping[str, str]) -> bytes:
    """Return the canonical JSON of every enum declared in ``sources`` and the published constants."""
    enums: dict[str, dict[str, Any]] = {}
    constants: dict[str, dict[str, Any]] = {}
    for source_name in sorted(sources):
        ast = output.get("sources", {}).get(source_name, {}).get("ast")
        if ast is None:
            raise CompilationFailed([f"{source_name}: solc returned no AST"])
        for node, contract in _walk(ast, None):
            if node.get("nodeType") == "EnumDefinition":
                enums[node["name"]] = {
                    "source": source_name,
                    "notice": _notice(node),
                    "members": [member["name"] for member in node["members"]],
                }
            elif _is_published_constant(node):
                constants[node["name"]] = {
                    "source": source_name,
                    "contract": contract,
                    "type": node["typeDescriptions"]["typeString"],
                    "value": str(_constant_value(node["value"], source_name)),
                    "notice": _notice(node),
                }
    document = {
        "_format": ENUMS_FORMAT,
        "enums": {name: enums[name] for name in sorted(enums)},
        "constants": {name: constants[name] for name in sorted(constants)},
    }
    return (json.dumps(document, indent=1) + "\n").encode("utf-8")


def _walk(node: Any, contract: str | None) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Yield every AST node with the name of the contract it sits in (None at file level)."""
    if isinstance(node, dict):
        yield node, contract
        if node.get("nodeType") == "ContractDefinition":
            contract = node["name"]
        for value in node.values():
            yield from _walk(value, contract)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, contract)


def _is_published_constant(node: Mapping[str, Any]) -> bool:
    return (
        node.get("nodeType") == "VariableDeclaration"
        and node.get("constant") is True
        and node.get("name") in PUBLISHED_CONSTANTS
    )


def _notice(node: Mapping[str, Any]) -> str:
    """The declaration's NatSpec text without its tags, on one line ('' when undocumented)."""
    documentation = node.get("documentation")
    text = documentation.get("text", "") if isinstance(documentation, dict) else ""
    return " ".join(re.sub(r"@\w+", "", text).split())


_INTEGER_TYPE = re.compile(r"(u?)int(\d*)")


def _constant_value(node: Mapping[str, Any], source_name: str) -> int:
    """Evaluate a constant's initialiser: a literal folded by solc, or ``type(uintN).max/min``.

    solc reports compile-time arithmetic as the type ``int_const N``; ``type(T).max`` it types as T,
    so that one form is evaluated here.
    """
    type_string = str(node.get("typeDescriptions", {}).get("typeString", ""))
    if type_string.startswith("int_const ") and type_string[len("int_const "):].lstrip("-").isdigit():
        return int(type_string[len("int_const "):])
    if node.get("nodeType") == "MemberAccess" and node.get("memberName") in ("max", "min"):
        call = node["expression"]
        arguments = call.get("arguments") or [{}]
        type_name = arguments[0].get("typeName", {}).get("name", "")
        match = _INTEGER_TYPE.fullmatch(type_name)
        if call.get("expression", {}).get("name") == "type" and match:
            bits = int(match.group(2) or 256)
            signed = match.group(1) == ""
            if node["memberName"] == "max":
                return (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1
            return -(1 << (bits - 1)) if signed else 0
    raise CompilationFailed([f"{source_name}: cannot evaluate the published constant's value {type_string!r}"])


def render_enums_module(enums_json: bytes) -> str:
    """Return the source of ``coinage.enums``: the published enums as IntEnums, the constants as ints."""
    document = json.loads(enums_json)
    lines = [
        '"""The contracts\' enums and sentinel constants, generated from artifacts/enums.json by',
        "`coinage compile` (do not edit: the Solidity sources are the single copy). Member order and",
        'values are the Solidity ones; names are upper snake case."""',
        "",
        "from __future__ import annotations",
        "",
        "from enum import IntEnum",
        "",
    ]
    for name, constant in document["constants"].items():
        lines += ["", f"{name} = {int(constant['value'])}", _docstring(constant["notice"])]
    lines += [
        "",
        "",
        "class _SolidityEnum(IntEnum):",
        '    """An enum declared in the contracts."""',
        "",
        "    @property",
        "    def slug(self) -> str:",
        '        """The name used on the command line: `regulator-controlled`."""',
        '        return self.name.lower().replace("_", "-")',
    ]
    for name, enum in document["enums"].items():
        lines += ["", "", f"class {name}(_SolidityEnum):", "    " + _docstring(enum["notice"]), ""]
        lines += [f"    {_upper_snake(member)} = {value}" for value, member in enumerate(enum["members"])]
    table = ", ".join(f'"{name}": {name}' for name in document["enums"])
    lines += [
        "",
        "",
        f"ENUMS: dict[str, type[IntEnum]] = {{{table}}}",
        '"""Solidity enum name -> Python enum, used to decode ABI values of `enum` type."""',
    ]
    return "\n".join(lines) + "\n"


def _docstring(text: str) -> str:
    """A docstring literal holding ``text`` (NatSpec may contain backslashes or quotes)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"""{escaped}"""'


def _upper_snake(name: str) -> str:
    """``RegulatorControlled`` -> ``REGULATOR_CONTROLLED``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()
