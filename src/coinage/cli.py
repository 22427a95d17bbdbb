"""The `coinage` command. Errors print as one line and exit non-zero; no tracebacks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .compiler import CompilationFailed, compile_project
from .errors import CoinageError
from .tour import run_tour


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _print(text: str) -> None:
    print(text, flush=True)


def _cmd_demo(args: argparse.Namespace) -> int:
    deployment = run_tour(_print)
    _print("")
    _print(deployment.timeline.table())
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
    demo = commands.add_parser("demo", help="a guided tour: issue, transfer, freeze a fraudster, see the refusal")
    demo.set_defaults(run=_cmd_demo)
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
