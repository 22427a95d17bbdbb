"""The `coinage` command. Errors print as one line and exit non-zero; no tracebacks."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .compiler import CompilationFailed, compile_project
from .enums import Regime
from .errors import CoinageError
from .report import compare, write_report
from .scenarios import SCENARIOS, StreamNarrator, run_scenario
from .tour import run_tour


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _print(text: str) -> None:
    print(text, flush=True)


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.scenario is None:
        deployment = run_tour(_print)
        _print("")
        _print(deployment.timeline.table())
        _print("")
        _print("Every scenario under every regime it applies to:")
        _print(compare().to_markdown())
        return 0
    narrator = None if args.json else StreamNarrator(sys.stdout)
    outcome = run_scenario(args.scenario, args.regime, seed=args.seed, narrator=narrator)
    _print(json.dumps(outcome.to_dict(), indent=1) if args.json else f"\nOutcome: {outcome.story_verdict}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    _print("scenarios:")
    for scenario in SCENARIOS.values():
        _print(f"  {scenario.name:<14} {scenario.summary}")
    _print("regimes:")
    for regime in Regime:
        _print(f"  {regime.slug}")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} runs", end="" if done < total else "\n", file=sys.stderr, flush=True)

    comparison = compare(args.scenario or None, args.regime or None, seed=args.seed, progress=progress)
    if args.json:
        _print(json.dumps(comparison.to_dict(), indent=1))
    else:
        _print(comparison.to_markdown())
    if args.out is not None:
        for path in write_report(comparison, args.out):
            print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_compile(args: argparse.Namespace) -> int:
    report = compile_project(Path(args.project), force=args.force)
    if report.cache_hit:
        _print(f"nothing changed; using cached artifacts ({report.cache_key[:12]})")
        return 0
    for label, names in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        if names:
            _print(f"{label}: {', '.join(names)}")
    if not (report.added or report.changed or report.removed):
        _print("recompiled; artifacts identical to those shipped")
    _print(f"compiled in {report.elapsed_seconds:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coinage",
        description="A fiat-backed stablecoin under five control regimes, on an embedded Ethereum chain.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    demo = commands.add_parser(
        "demo", help="a scenario told step by step; with no scenario, the tour ending with the comparison table"
    )
    demo.add_argument("scenario", nargs="?", help="a scenario name (see `coinage list`)")
    demo.add_argument("--regime", default="regulator-controlled", help="control regime (default: regulator-controlled)")
    demo.add_argument("--seed", type=int, default=0, help="seed for every random choice (default: 0)")
    demo.add_argument("--json", action="store_true", help="print the outcome as JSON instead of the story")
    demo.set_defaults(run=_cmd_demo)
    list_ = commands.add_parser("list", help="the scenarios and regimes, one line each")
    list_.set_defaults(run=_cmd_list)
    compare_ = commands.add_parser("compare", help="every scenario under every regime: one table, a report, charts")
    compare_.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    compare_.add_argument("--regime", action="append", help="only this regime (repeatable)")
    compare_.add_argument("--seed", type=int, default=0, help="seed for every random choice (default: 0)")
    compare_.add_argument("--out", type=Path, help="write report.md, outcomes.json and PNG charts here")
    compare_.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    compare_.set_defaults(run=_cmd_compare)
    compile_ = commands.add_parser("compile", help="compile contracts/ (cached by content hash) and ship the artifacts")
    compile_.add_argument("--force", action="store_true", help="recompile even if nothing changed")
    compile_.add_argument("--project", default=".", help="project root holding contracts/ (default: .)")
    compile_.set_defaults(run=_cmd_compile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        args = parser.parse_args(["demo"])
    try:
        return int(args.run(args))
    except CompilationFailed as failure:
        for line in failure.diagnostics:
            print(line, file=sys.stderr)
        return 1
    except (CoinageError, OSError) as error:
        print(f"coinage: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
