"""Tests for the public surface of the `coinage` package: __all__, star import, and the README quickstart."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import re
from pathlib import Path

import coinage
from coinage import errors

README = Path(__file__).resolve().parents[1] / "README.md"

PUBLIC_MODULES = (
    "coinage.actors",
    "coinage.chain",
    "coinage.contracts",
    "coinage.deploy",
    "coinage.enums",
    "coinage.errors",
    "coinage.ledger",
    "coinage.market",
    "coinage.monetary_system",
    "coinage._regime_table",
    "coinage.units",
)


def test_every_name_in_all_exists() -> None:
    """Every name listed in coinage.__all__ is an attribute of the package."""
    assert [name for name in coinage.__all__ if not hasattr(coinage, name)] == []


def test_all_has_no_duplicates() -> None:
    """coinage.__all__ lists each name once."""
    assert len(coinage.__all__) == len(set(coinage.__all__))


def test_star_import_gives_exactly_all() -> None:
    """`from coinage import *` binds exactly the names in __all__, to the package's objects."""
    namespace: dict[str, object] = {}
    exec("from coinage import *", namespace)
    namespace.pop("__builtins__")
    assert sorted(namespace) == sorted(coinage.__all__)
    assert all(namespace[name] is getattr(coinage, name) for name in namespace)


def test_all_errors_are_exported_at_top_level() -> None:
    """Every name in coinage.errors.__all__ is also in coinage.__all__."""
    assert sorted(set(errors.__all__) - set(coinage.__all__)) == []


def test_every_public_module_exports_only_existing_names() -> None:
    """Each public module's own __all__ names only attributes that exist."""
    broken = {
        module: [n for n in getattr(importlib.import_module(module), "__all__", []) if not hasattr(importlib.import_module(module), n)]
        for module in PUBLIC_MODULES
    }
    assert {m: names for m, names in broken.items() if names} == {}


def test_every_coinage_exception_class_is_exported() -> None:
    """Every Coinage exception class defined in a public module is in coinage.__all__ (CallReverted included)."""
    found: set[str] = set()
    for module in PUBLIC_MODULES:
        for name, obj in inspect.getmembers(importlib.import_module(module), inspect.isclass):
            if issubclass(obj, errors.CoinageError) and obj.__module__.startswith("coinage."):
                found.add(obj.__name__)
    assert "CallReverted" in found
    assert sorted(found - set(coinage.__all__)) == []


def test_types_the_api_hands_out_are_exported() -> None:
    """The classes of values a user receives from the quickstart (entries, receipts, logs, events, accounts) are exported by name."""
    d = coinage.deploy_coin("regulator-controlled", holders=["alice"])
    d.coin.attest(coinage.coins(10), report="R", by=d.cast.attestor)
    d.coin.set_minter_allowance(coinage.coins(10), by=d.cast.regulator)
    tx = d.coin.mint(d.cast.alice, coinage.coins(5), by=d.cast.issuer)
    d.bank.receive(d.cast.alice, coinage.coins(1))
    values = [
        tx,
        tx.receipt,
        tx.receipt.logs[0],
        tx.events[0],
        d.cast.alice,
        d.cast.alice.account,
        d.timeline.entries[0],
        d.bank.entries[0],
        d.bank.reconcile(),
        d.chain,
        d.coin,
    ]
    unexported = sorted({type(v).__name__ for v in values} - set(coinage.__all__))
    assert unexported == []


def test_package_docstring_example_uses_exported_names() -> None:
    """The package docstring's example uses names that the package exports."""
    doc = coinage.__doc__ or ""
    used = set(re.findall(r"from coinage import ([\w, ]+)", doc)[0].replace(" ", "").split(","))
    assert used == {"deploy_coin", "coins"}
    assert used <= set(coinage.__all__)


def _quickstart() -> str:
    """The first ```python block under the '## Quickstart' heading of README.md."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Quickstart[ \t]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section is not None, "README.md has no '## Quickstart' section"
    block = re.search(r"```python\n(.*?)```", section.group(1), re.S)
    assert block is not None, "the Quickstart section has no ```python block"
    return block.group(1)


def test_readme_quickstart() -> None:
    """The README's Quickstart runs as written and prints a refused transfer (AccountFrozen) and the timeline."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(_quickstart(), str(README), "exec"), {"__name__": "__quickstart__"})
    printed = output.getvalue()
    assert "refused: AccountFrozen(account=alice, until=until lifted)" in printed
    lines = printed.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["block", "time"])
    table = [line.split() for line in lines[header + 1 :]]
    assert [(row[0], row[3], row[4], row[5]) for row in table] == [
        ("1", "issuer", "deploy", "ok"),
        ("2", "attestor", "attest", "ok"),
        ("3", "regulator", "set_minter_allowance", "ok"),
        ("4", "issuer", "mint", "ok"),
        ("5", "alice", "transfer", "ok"),
        ("6", "regulator", "freeze", "ok"),
        ("7", "alice", "transfer", "AccountFrozen"),
    ]
