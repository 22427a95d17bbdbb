"""The `coinage` command. Errors print as one line and exit non-zero; no tracebacks.

Each subcommand is one `_add_*` function that declares its options and names the function that runs
it; `SUBCOMMANDS` lists them in `--help` order. The heavy modules (the chain, the compiler) are
imported inside the command that needs them, so that `--help`, `--version`, a bad option or a Ctrl-C
during start-up are answered at once and in one line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .cli_classroom import add_classroom
from .cli_episode import add_episode
from .cli_sweep import add_params, add_sweep, whole_number
from .errors import CoinageError, InvalidInput, UnknownName
from .seeds import check_seed

if TYPE_CHECKING:
    from .chain import Chain
    from .designs import Design
    from .enums import Regime
    from .scenarios import Scenario
    from .terminal import Terminal

def seed(text: str) -> int:
    """A seed given on the command line, checked against the one seed range."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not {text!r}") from None
    try:
        return check_seed(value)
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _wrap_lines(text: str) -> str:
    """Each line of `text` wrapped between words to the terminal's width, continuations indented under it.

    Help epilogs keep their own line breaks (RawDescriptionHelpFormatter), so without this a long
    line would be broken by the terminal in the middle of a word.
    """
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size((80, 24)).columns - 2, 40)
    lines = []
    for line in text.splitlines():
        indent = " " * (len(line) - len(line.lstrip(" ")))
        wrapped = textwrap.wrap(line, width, subsequent_indent=indent + "    ", break_long_words=False, break_on_hyphens=False)
        lines += wrapped or [""]
    return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """One-line errors, and no abbreviated options: `--regim` is a typo, not `--regime`.

    `epilog_from` computes the epilog when help is shown, so text that needs heavy imports costs nothing otherwise.
    """

    def __init__(self, *args: Any, epilog_from: Callable[[], str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self._epilog_from = epilog_from

    def format_help(self) -> str:
        if self._epilog_from is not None:
            self.epilog = _wrap_lines(self._epilog_from())
        if self.description and isinstance(self.formatter_class, type) and issubclass(self.formatter_class, argparse.RawDescriptionHelpFormatter):
            self.description = _wrap_lines(self.description)
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[Parser]
    """Where each `_add_*` function adds its subcommand."""


def _output_options(*, on_root: bool) -> Parser:
    """--plain and --wide, accepted before the subcommand and after it.

    On the subcommands their default is SUPPRESS, so a flag given before the subcommand is not reset.
    """
    options = Parser(add_help=False)
    default: object = False if on_root else argparse.SUPPRESS
    options.add_argument("--plain", action="store_true", default=default, help="plain text: no colour, no progress bar, tables as Markdown")
    options.add_argument("--wide", action="store_true", default=default, help="print tables whole, however wide the terminal")
    return options


def _node_options() -> Parser:
    node = Parser(add_help=False)
    node.add_argument("--rpc", metavar="URL", help="run on this JSON-RPC node instead of the embedded chain")
    # The names are not imported from coinage.chain.ENGINES here: that would load the EVM before
    # `--help` can answer. An unknown name is refused by `make_chain`, which lists the engines.
    node.add_argument("--engine", help="the embedded chain's EVM: revm (the default, fast) or py-evm (the reference)")
    return node


def _chain(args: argparse.Namespace) -> Chain | None:
    """The node named by --rpc (connected now, so a dead URL fails before anything runs), or None.

    An unknown --engine is refused here too, before anything runs.
    """
    from .chain import RpcChain, check_engine

    if args.rpc and args.engine:
        args.parser.error("--engine chooses the embedded chain's engine; it does not apply with --rpc")
    if args.rpc:
        return RpcChain(args.rpc)
    check_engine(args.engine)
    return None


# --- demo -----------------------------------------------------------------------------------------


def demo_regime(scenario: Scenario) -> tuple[Regime, str]:
    """The regime a scenario's demo runs under when none is asked for, and why.

    A story named after a regime (the sovereign coin) is about that regime; every other story is
    told about a Hong Kong licensed coin, where the regulator holds the powers.
    """
    from .enums import Regime

    for regime in scenario.regimes:
        if regime.slug == scenario.name:
            return regime, "the regime this story is about"
    if Regime.REGULATOR_CONTROLLED in scenario.regimes:
        return Regime.REGULATOR_CONTROLLED, "Hong Kong's licensing regime"
    return scenario.regimes[0], "the first regime this story applies to"


def _add_demo(commands: Commands, parents: list[Parser]) -> None:
    demo = commands.add_parser(
        "demo",
        parents=[*parents, _node_options()],
        help="the guided tour: the question, five answers, acts on chain, a verdict; or one scenario told step by step",
        description="With no SCENARIO: the guided tour. It asks who holds the right of coinage, names the five "
        "regimes, runs a coin and a theft on chain, then the same stories under every regime, and ends with a "
        "verdict on one screen (`coinage compare` prints every figure). On a terminal each act waits for a key. "
        "With a SCENARIO: that story, narrated step by step.",
    )
    demo.add_argument("scenario", nargs="?", help="a scenario name (see `coinage list`)")
    demo.add_argument("--regime", help="control regime (default: the one the scenario is about, named in the first line)")
    demo.add_argument("--coin", default="coinage", help="coin design: coinage (default; --regime applies), usdc or erc3643")
    demo.add_argument("--seed", type=seed, help="seed for every random choice (default: 0)")
    demo.add_argument("--json", action="store_true", help="print the outcome as JSON instead of the story")
    demo.add_argument("--no-pause", action="store_true", help="run the tour through without waiting for a key (a pipe never waits)")
    demo.set_defaults(run=_run_demo, parser=demo)


def _run_demo(args: argparse.Namespace, term: Terminal) -> int:
    if args.scenario is None:
        return _run_tour(args, term)
    if args.no_pause:
        args.parser.error("--no-pause is for the tour, without a SCENARIO (a scenario never waits)")
    from .deploy import parse_regime
    from .designs import COINAGE, parse_design
    from .scenarios import StreamNarrator, get_scenario, run_scenario
    from .units import DECIMALS

    scenario = get_scenario(args.scenario)
    design = parse_design(args.coin)
    if design is not COINAGE:
        return _run_peer_demo(args, term, scenario, design)
    if args.regime is not None:
        regime, why = parse_regime(args.regime), "chosen with --regime"
        if regime not in scenario.regimes:  # refused before the story's first line is printed
            choices = ", ".join(r.slug for r in scenario.regimes)
            raise InvalidInput(f"scenario {scenario.name!r} does not apply under {regime.slug}; it applies to: {choices}")
    else:
        regime, why = demo_regime(scenario)
        why += "; --regime R for another"
    chosen_seed = 0 if args.seed is None else args.seed
    chain = _chain(args)  # a dead node or an unknown engine is refused before the story's first line
    if args.json:
        outcome = run_scenario(scenario.name, regime, seed=chosen_seed, chain=chain, engine=args.engine)
        term.say(json.dumps({"decimals": DECIMALS, **outcome.to_dict()}, indent=1))
        return 0
    term.say(f"{scenario.title} | regime: {regime.slug} ({why}) | seed {chosen_seed}")
    run_scenario(
        scenario.name, regime, seed=chosen_seed, narrator=StreamNarrator(sys.stdout, width=term.width), chain=chain,
        engine=args.engine,
    )
    return 0


def _run_peer_demo(args: argparse.Namespace, term: Terminal, scenario: Scenario, design: Design) -> int:
    """A story on a real coin's contracts; its own roles decide, so no regime is chosen."""
    from .scenarios import StreamNarrator, run_scenario
    from .units import DECIMALS

    if args.regime is not None:
        args.parser.error(f"--regime applies to --coin coinage; {design.label} is governed by its own roles")
    if design.slug not in scenario.peers:
        applies = ", ".join(scenario.peers) or "no real coin"
        raise InvalidInput(f"scenario {scenario.name!r} does not apply to {design.label}; it applies to: {applies}")
    chosen_seed = 0 if args.seed is None else args.seed
    chain = _chain(args)
    if args.json:
        outcome = run_scenario(scenario.name, coin=design.slug, seed=chosen_seed, chain=chain, engine=args.engine)
        term.say(json.dumps({"decimals": DECIMALS, **outcome.to_dict()}, indent=1))
        return 0
    term.say(f"{scenario.title} | coin: {design.label} | seed {chosen_seed}")
    narrator = StreamNarrator(sys.stdout, width=term.width)
    run_scenario(scenario.name, coin=design.slug, seed=chosen_seed, narrator=narrator, chain=chain, engine=args.engine)
    return 0


def _run_tour(args: argparse.Namespace, term: Terminal) -> int:
    if args.coin != "coinage":
        args.parser.error("--coin needs a SCENARIO (the tour always runs the regulator-controlled coin)")
    for flag, given in (("--regime", args.regime is not None), ("--seed", args.seed is not None), ("--json", args.json)):
        if given:
            args.parser.error(f"{flag} needs a SCENARIO (the tour always runs the regulator-controlled coin)")
    from .chain import make_chain
    from .terminal import TerminalGuide
    from .tour import run_tour

    chain = _chain(args)
    run_tour(
        TerminalGuide(term, pause=not args.no_pause),
        chain=chain if chain is not None else make_chain(args.engine),
        engine=args.engine,
    )
    return 0


# --- list -----------------------------------------------------------------------------------------


def _add_list(commands: Commands, parents: list[Parser]) -> None:
    list_ = commands.add_parser("list", parents=parents, help="the scenarios, coin designs and regimes, one line each")
    list_.set_defaults(run=_run_list)


def _run_list(args: argparse.Namespace, term: Terminal) -> int:
    from .designs import DESIGNS
    from .glossary import REGIME_SENTENCES
    from .scenarios import SCENARIOS

    term.say("scenarios:")
    for scenario in SCENARIOS.values():
        term.say(f"  {scenario.name:<14} {scenario.summary}")
    term.say("coins (--coin):")
    for design in DESIGNS.values():
        term.say(f"  {design.slug:<21} {design.summary}")
    term.say("regimes (--regime, for --coin coinage: the five answers to who holds the right of coinage):")
    for regime, sentence in REGIME_SENTENCES.items():
        term.say(f"  {regime.slug:<21} {sentence}")
    return 0


# --- glossary -------------------------------------------------------------------------------------


def _add_glossary(commands: Commands, parents: list[Parser]) -> None:
    glossary = commands.add_parser("glossary", parents=parents, help="every Ethereum and policy word Coinage prints, in one line each")
    glossary.add_argument("term", nargs="*", help="only these terms (default: all)")
    glossary.set_defaults(run=_run_glossary)


def _run_glossary(args: argparse.Namespace, term: Terminal) -> int:
    from .glossary import GLOSSARY, explain

    terms = [" ".join(args.term)] if args.term else list(GLOSSARY)
    for name in terms:
        term.say(f"{name}: {explain(name)}")
    return 0


# --- compare --------------------------------------------------------------------------------------


def _column_definitions() -> str:
    from .report import column_definitions

    return "One table per scenario; what each column measures:\n" + "\n".join(f"  {line}" for line in column_definitions())


def _add_compare(commands: Commands, parents: list[Parser]) -> None:
    compare_ = commands.add_parser(
        "compare",
        parents=[*parents, _node_options()],
        help="every scenario under every regime: a table per scenario, a report, charts",
        description="Every scenario (or those named) under every regime it applies to (or those named), with one seed.",
        epilog_from=_column_definitions,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare_.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    compare_.add_argument("--regime", action="append", help="only this regime of Coinage's coin (repeatable)")
    compare_.add_argument(
        "--coin", action="append", help="only this coin design: coinage, usdc or erc3643 (repeatable; default: every design)"
    )
    compare_.add_argument("--seed", type=seed, default=0, help="seed for every random choice (default: 0)")
    compare_.add_argument(
        "--seeds", type=whole_number(1), default=1, metavar="N", help="seeds SEED to SEED+N-1 per cell: means and 95%% intervals (default: 1); over seeds, Coinage's regimes unless --coin is given"
    )
    compare_.add_argument("--out", metavar="DIR", help="write report.md, outcomes.json and PNG charts into DIR (checked before any run)")
    compare_.add_argument("--json", action="store_true", help="print the outcomes as JSON (amounts in base units; see decimals)")
    compare_.set_defaults(run=_run_compare, parser=compare_)


def _run_compare(args: argparse.Namespace, term: Terminal) -> int:
    if args.seeds > 1:
        return _compare_seeds(args, term)
    from .report import check_out_dir, write_report
    from .scenarios import compare

    out = check_out_dir(args.out) if args.out is not None else None
    if args.coin is None and args.regime is None:
        _note_left_out()
    with term.progress("comparing") as progress:
        comparison = compare(
            args.scenario, args.regime, seed=args.seed, progress=progress, chain=_chain(args), engine=args.engine,
            coins=args.coin,
        )
    if args.json:
        term.say(json.dumps(comparison.to_dict(), indent=1))
    else:
        term.comparison(comparison)
    for path in write_report(comparison, out) if out is not None else []:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _note_left_out() -> None:
    """Say, on stderr, which real coin a default comparison leaves out because it is not installed."""
    from .designs import PEERS, TREX_INSTALL, installed

    for design in PEERS:
        if not installed(design):
            print(f"note: {design.label} left out: {TREX_INSTALL}", file=sys.stderr)


def _compare_seeds(args: argparse.Namespace, term: Terminal) -> int:
    from .report import SEEDED_COLUMNS, seeded_markdown, seeded_rows
    from .sweep import compare_seeds

    for option in ("rpc", "out", "engine"):
        if getattr(args, option) is not None:
            args.parser.error(f"--{option} works with one seed; for many, `coinage sweep SCENARIO --seeds N --out DIR` writes the report")
    with term.progress("comparing") as progress:
        comparison = compare_seeds(
            args.scenario, args.regime, seeds=args.seeds, seed=args.seed, progress=progress, coins=args.coin
        )
    if args.json:
        term.say(json.dumps(comparison.to_dict(), indent=1))
    else:
        from .experiments.registry import SCRIPTED_METRICS
        from .metrics import METRICS
        from .sweep import interval_note

        numeric = [False, False, True, *(METRICS[key].numeric for key in SCRIPTED_METRICS)]
        term.table(SEEDED_COLUMNS, seeded_rows(comparison), numeric, keys=2, markdown=seeded_markdown(comparison))
        term.say("\n" + interval_note(len(comparison.seeds)))
    return 0


# --- compile --------------------------------------------------------------------------------------


def _add_compile(commands: Commands, parents: list[Parser]) -> None:
    compile_ = commands.add_parser("compile", parents=parents, help="compile contracts/ (cached by content hash) and ship the artifacts")
    compile_.add_argument("--force", action="store_true", help="recompile even if nothing changed")
    compile_.add_argument("--project", default=".", help="project root holding contracts/ (default: .)")
    compile_.set_defaults(run=_run_compile)


def _run_compile(args: argparse.Namespace, term: Terminal) -> int:
    from .compiler import compile_project

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


def _coins_amount(text: str) -> int:
    """An amount of coins on the command line (`1000`, `1_000`, `12.50`), in base units."""
    from decimal import Decimal, InvalidOperation

    from .units import UNIT

    try:
        value = Decimal(text.replace("_", "").replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"an amount of coins such as 1000 or 12.50, not {text!r}") from None
    if not value.is_finite() or value < 0 or value > 10**12 or (value * UNIT) != int(value * UNIT):
        raise argparse.ArgumentTypeError(f"an amount from 0 to 1,000,000,000,000 coins with at most 6 decimals, not {text!r}")
    return int(value * UNIT)


def _accounts(text: str) -> int:
    """A number of extra holders: a whole number from 0 to 1000."""
    if not text.isdigit() or int(text) > 1000:
        raise argparse.ArgumentTypeError(f"--accounts takes a whole number from 0 to 1000, not {text!r}")
    return int(text)


def _add_node(commands: Commands, parents: list[Parser]) -> None:
    node = commands.add_parser("node", parents=parents, help="serve a sandbox: Anvil on 127.0.0.1 with a coin and its funded cast")
    node.add_argument("--regime", help="control regime of --coin coinage (default: regulator-controlled)")
    node.add_argument("--coin", default="coinage", help="coin design: coinage (default), usdc or erc3643")
    node.add_argument("--accounts", type=_accounts, default=0, metavar="N", help="add N funded holders, holder1..holderN")
    node.add_argument(
        "--fund", type=_coins_amount, default=None, metavar="COINS",
        help="each holder's opening balance in coins, issued against attested fiat (default: 1,000; 0: none)",
    )
    node.add_argument("--port", type=int, default=8545, help="port on 127.0.0.1 (default: 8545; 0: any free port)")
    node.add_argument("--poll", type=float, default=1.0, help="seconds between reads of the coin's logs (default: 1)")
    node.set_defaults(run=_run_node)


def _run_node(args: argparse.Namespace, term: Terminal) -> int:
    """Serve until Ctrl-C, which `main` turns into one line and exit status 130 (the node stops on the way)."""
    from .deploy import DEFAULT_HOLDERS
    from .designs import COINAGE
    from .sandbox import DEFAULT_FUND, serve_sandbox
    from .units import format_coins

    holders = [*DEFAULT_HOLDERS, *(f"holder{i}" for i in range(1, args.accounts + 1))]
    fund = DEFAULT_FUND if args.fund is None else args.fund
    with serve_sandbox(args.regime, port=args.port, holders=holders, coin=args.coin, fund=fund) as sandbox:
        d = sandbox.deployment
        symbol = d.coin.symbol()
        term.say(f"RPC URL:   {sandbox.url}")
        term.say(f"chain id:  {sandbox.chain_id}")
        term.say(f"coin:      {d.coin.address} ({symbol}, {d.regime.slug if d.design is COINAGE else d.design.label}, 6 decimals)")
        term.say(f"artifact:  {sandbox.artifact}")
        term.say("accounts: development keys, keccak(\"coinage/NAME\"); never use them on a real chain")
        for p in sandbox.participants():
            balance = d.coin.balance_of(p.address)
            held = f", {format_coins(balance)} {symbol}" if balance else ""
            term.say(f"  {p.name} ({p.role}{held})")
            term.say(f"    address {p.address}")
            term.say(f"    key     {p.key}")
        for client, code in sandbox.snippets().items():
            term.say(f"a {client} client paying bob 10 {symbol} from alice (copy, paste, run):")
            term.say(code.rstrip())
        term.say("following every transaction to the coin, refused ones with their rule; Ctrl-C stops the node")
        for entry in sandbox.follow(poll_seconds=args.poll):
            outcome = "" if entry.outcome == "ok" else f"REFUSED {entry.outcome}: "
            term.say(f"  block {entry.block} {entry.actor} {entry.action}: {outcome}{entry.details}")
    return 0


# --- the command ----------------------------------------------------------------------------------

SUBCOMMANDS: tuple[Callable[[Commands, list[Parser]], None], ...] = (
    _add_demo,
    _add_list,
    _add_glossary,
    _add_compare,
    _add_compile,
    add_sweep,
    add_params,
    add_episode,
    _add_node,
    add_classroom,
)
"""Each adds one subcommand (given the parent parsers every subcommand shares); `--help` lists them in this order."""


def _version() -> str:
    try:
        return metadata.version("coinage")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="coinage",
        description="A fiat-backed stablecoin under five control regimes, on an embedded Ethereum chain.",
        parents=[_output_options(on_root=True)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add in SUBCOMMANDS:
        add(commands, [_output_options(on_root=False)])
    return parser


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "demo"])
    from .compiler import CompilationFailed
    from .terminal import Terminal

    try:
        return int(args.run(args, Terminal(plain=args.plain, wide=args.wide)))
    except CompilationFailed as failure:
        for line in failure.diagnostics:
            print(line, file=sys.stderr)
        return 1
    except (CoinageError, OSError) as error:
        if isinstance(error, BrokenPipeError):
            raise
        print(f"coinage: error: {_describe(error)}", file=sys.stderr)
        return 2 if isinstance(error, UnknownName) else 1  # an unknown name is bad usage, like a bad option


def _describe(error: Exception) -> str:
    """An error in words: an OSError without its "[Errno N]" prefix, naming the file if it has one."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    return str(error)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (130 after Ctrl-C, 0 when the reader closed the pipe)."""
    try:
        status = _run(argv)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        print("coinage: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (`| head`) has what it wanted. Point stdout at /dev/null so that the flush at exit
        # does not fail again (the recipe in Python's documentation for SIGPIPE).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
