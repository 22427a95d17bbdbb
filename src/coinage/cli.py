"""The `coinage` command. Errors print as one line and exit non-zero; no tracebacks."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .chain import Chain, RpcChain
from .cli_sweep import add_sweep_commands, whole_number
from .compiler import CompilationFailed, compile_project
from .enums import Regime
from .errors import CoinageError
from .report import compare, compare_seeds, write_report
from .scenarios import SCENARIOS, StreamNarrator, run_scenario
from .terminal import Terminal
from .tour import run_tour


MAX_SEED = 2**64 - 1


def _seed(text: str) -> int:
    """A seed is a whole number from 0 to 2**64 - 1 (negative seeds would alias positive ones)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not {text!r}") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed lies between 0 and 2**64 - 1, not {text}")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _chain(args: argparse.Namespace) -> Chain | None:
    """The node named by --rpc (connected now, so a dead URL fails before anything runs), or None."""
    return RpcChain(args.rpc) if args.rpc else None


def _cmd_demo(args: argparse.Namespace, term: Terminal) -> int:
    if args.scenario is None:
        if args.json:
            args.parser.error("--json needs a SCENARIO")
        chain = _chain(args)
        deployment = run_tour(term.say, chain=chain)
        term.say("")
        term.timeline(deployment.timeline)
        term.say("")
        term.say("Every scenario under every regime it applies to:")
        with term.progress("comparing") as progress:
            comparison = compare(progress=progress, chain=chain)
        term.comparison(comparison)
        return 0
    narrator = None if args.json else StreamNarrator(sys.stdout)
    outcome = run_scenario(args.scenario, args.regime, seed=args.seed, narrator=narrator, chain=_chain(args))
    term.say(json.dumps(outcome.to_dict(), indent=1) if args.json else f"\nOutcome: {outcome.story_verdict}")
    return 0


def _cmd_list(args: argparse.Namespace, term: Terminal) -> int:
    term.say("scenarios:")
    for scenario in SCENARIOS.values():
        term.say(f"  {scenario.name:<14} {scenario.summary}")
    term.say("regimes:")
    for regime in Regime:
        term.say(f"  {regime.slug}")
    return 0


def _cmd_compare(args: argparse.Namespace, term: Terminal) -> int:
    if args.seeds > 1:
        return _compare_seeds(args, term)
    with term.progress("comparing") as progress:
        comparison = compare(
            args.scenario or None, args.regime or None, seed=args.seed, progress=progress, chain=_chain(args)
        )
    # The report first: if --out cannot be written, nothing at all is printed but the error.
    written = write_report(comparison, args.out) if args.out is not None else []
    if args.json:
        term.say(json.dumps(comparison.to_dict(), indent=1))
    else:
        term.comparison(comparison)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _compare_seeds(args: argparse.Namespace, term: Terminal) -> int:
    for option in ("rpc", "out"):
        if getattr(args, option) is not None:
            args.parser.error(f"--{option} runs one seed; for many, `coinage sweep SCENARIO --seeds N --out DIR` writes the report")
    with term.progress("comparing") as progress:
        comparison = compare_seeds(args.scenario or None, args.regime or None, seeds=args.seeds, seed=args.seed, progress=progress)
    term.say(json.dumps(comparison.to_dict(), indent=1) if args.json else comparison.to_markdown())
    return 0


def _cmd_compile(args: argparse.Namespace, term: Terminal) -> int:
    report = compile_project(Path(args.project), force=args.force)
    if report.cache_hit:
        term.say(f"nothing changed; using cached artifacts ({report.cache_key[:12]})")
        return 0
    for label, names in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        if names:
            term.say(f"{label}: {', '.join(names)}")
    if not (report.added or report.changed or report.removed):
        term.say("recompiled; artifacts identical to those shipped")
    term.say(f"compiled in {report.elapsed_seconds:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coinage",
        description="A fiat-backed stablecoin under five control regimes, on an embedded Ethereum chain.",
    )
    common = _Parser(add_help=False)
    common.add_argument("--plain", action="store_true", help="plain text: no colour, tables as Markdown")
    node = _Parser(add_help=False)
    node.add_argument("--rpc", metavar="URL", help="run on this JSON-RPC node instead of the embedded chain")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    demo = commands.add_parser(
        "demo", parents=[common, node], help="a scenario told step by step; with no scenario, the tour ending with the comparison table"
    )
    demo.add_argument("scenario", nargs="?", help="a scenario name (see `coinage list`)")
    demo.add_argument("--regime", default="regulator-controlled", help="control regime (default: regulator-controlled)")
    demo.add_argument("--seed", type=_seed, default=0, help="seed for every random choice (default: 0)")
    demo.add_argument("--json", action="store_true", help="print the outcome as JSON instead of the story")
    demo.set_defaults(run=_cmd_demo, parser=demo)
    list_ = commands.add_parser("list", parents=[common], help="the scenarios and regimes, one line each")
    list_.set_defaults(run=_cmd_list)
    compare_ = commands.add_parser("compare", parents=[common, node], help="every scenario under every regime: one table, a report, charts")
    compare_.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    compare_.add_argument("--regime", action="append", help="only this regime (repeatable)")
    compare_.add_argument("--seed", type=_seed, default=0, help="seed for every random choice (default: 0)")
    compare_.add_argument(
        "--seeds", type=whole_number(1), default=1, metavar="N", help="seeds SEED to SEED+N-1 per cell: means and 95%% intervals (default: 1)"
    )
    compare_.add_argument("--out", type=Path, help="write report.md, outcomes.json and PNG charts here")
    compare_.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    compare_.set_defaults(run=_cmd_compare, parser=compare_)
    compile_ = commands.add_parser("compile", parents=[common], help="compile contracts/ (cached by content hash) and ship the artifacts")
    compile_.add_argument("--force", action="store_true", help="recompile even if nothing changed")
    compile_.add_argument("--project", default=".", help="project root holding contracts/ (default: .)")
    compile_.set_defaults(run=_cmd_compile)
    add_sweep_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        args = parser.parse_args(["demo"])
    try:
        return int(args.run(args, Terminal(plain=getattr(args, "plain", False))))
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
