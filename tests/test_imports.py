"""The package's import structure: no cycles, and the command line starts without the engines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "coinage"
ENGINE_MODULES = ("eth", "evm", "pyrevm", "web3", "eth_tester")
"""Top-level packages of the engines and the web3 client: loaded only by a chain that uses them."""


def _module_name(path: Path) -> tuple[str, list[str]]:
    """(dotted name, package parts a relative import starts from) of a source file."""
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), parts
    return ".".join(parts), parts[:-1]


def _imports(tree: ast.Module, package: list[str], modules: set[str]) -> set[str]:
    """Every coinage module `tree` imports, anywhere (functions and `if TYPE_CHECKING:` included)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import x` imports the module x
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    """Module -> the coinage modules it imports, from the source's syntax trees."""
    files = {path: _module_name(path) for path in SOURCE.rglob("*.py")}
    modules = {name for name, _ in files.values()}
    graph = {}
    for path, (name, package) in files.items():
        graph[name] = _imports(ast.parse(path.read_text()), package, modules) - {name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` (its modules, first repeated last), or None; depth-first, iterative."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path, stack = [root], [iter(sorted(graph[root]))]
        state[root] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(step) == 1:
                return path[path.index(step):] + [step]
            elif step not in state:
                state[step] = 1
                path.append(step)
                stack.append(iter(sorted(graph[step])))
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The checker below can fail: a graph with a loop through three modules is reported."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_package_has_no_import_cycle() -> None:
    """No coinage module imports, directly or through others, a module that imports it (type-only imports count)."""
    graph = import_graph()
    assert "coinage.chain._types" in graph and "coinage.errors" in graph["coinage.chain._types"]
    assert find_cycle(graph) is None


def _loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.splitlines()[-1].split())


def test_the_command_line_and_list_load_no_engine() -> None:
    """Importing coinage.cli and running `coinage list` load neither py-evm, revm nor web3."""
    listing = "import contextlib, io\nfrom coinage.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n    main(['list'])"
    for code in ("import coinage.cli", "import coinage.chain", listing):
        assert _loaded_after(code).isdisjoint(ENGINE_MODULES), code


def test_making_a_chain_loads_its_engine() -> None:
    """The engine check above can fail: building the default chain does load revm."""
    assert "pyrevm" in _loaded_after("from coinage.chain import make_chain\nmake_chain('revm')")
