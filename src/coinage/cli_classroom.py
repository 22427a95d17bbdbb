"""`coinage classroom`: serve the classroom web app until Ctrl-C.

`cli.py` lists `add_classroom` among its subcommands; the app lives in `coinage.web`, imported only
when the command runs, so `--help` loads neither the web framework nor the chain.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .terminal import Terminal

LOOPBACK = "127.0.0.1"


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a whole number from 0 to 65535, not {text!r}")
    return int(text)


def add_classroom(commands: Any, parents: list[Any]) -> None:
    """Add the `classroom` subcommand."""
    classroom = commands.add_parser(
        "classroom",
        parents=parents,
        help="serve a class in the browser: roles, wallets, a live board, regimes side by side",
        description="Serve the classroom on 127.0.0.1 (or --host): students join with a name and a short code, each "
        "gets a role and a funded wallet, every action is a real transaction on the coin, and a live board shows the "
        "class's ledger, timeline and metrics. The teacher can replay the class under another regime or on another "
        "coin and show both outcomes side by side. Prints the teacher's URL (keep it: it carries the teacher's key).",
        epilog="Binding to another address than 127.0.0.1 lets anyone who can reach it join with the code and read the "
        "board; the server holds every participant's key. Use it on a classroom network you trust.",
    )
    classroom.add_argument("--coin", default="coinage", help="the coin the class plays: coinage (Coinage's contract under "
                           "--regime), usdc or erc3643 (the real coin's contracts under their own roles; a power the "
                           "coin lacks shows as lacking, with what follows) (default: coinage)")
    classroom.add_argument("--regime", help="Coinage's control regime to start under (default: regulator-controlled; "
                           "not with a real --coin)")
    classroom.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0: any free port)")
    classroom.add_argument("--host", default=LOOPBACK, help="address to listen on (default: 127.0.0.1, this computer only)")
    classroom.add_argument("--rpc", metavar="URL", help="play on this JSON-RPC node instead of the embedded chain")
    classroom.add_argument("--engine", help="the embedded chain's EVM: revm (the default) or py-evm")
    classroom.set_defaults(run=_run_classroom, parser=classroom)


def _run_classroom(args: argparse.Namespace, term: Terminal) -> int:
    import socket

    import uvicorn

    from .chain import RpcChain, check_engine
    from .web.app import create_app
    from .web.classroom import Classroom

    if args.rpc and args.engine:
        args.parser.error("--engine chooses the embedded chain's engine; it does not apply with --rpc")
    check_engine(args.engine)
    chain = RpcChain(args.rpc) if args.rpc else None
    room = Classroom.open(args.regime, coin=args.coin, chain=chain, engine=args.engine)
    # Bind first, so the printed URL carries the real port (with --port 0) and a busy port fails in one line.
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(128)  # from here a browser's connection waits in the backlog until the app is up
    port = listener.getsockname()[1]
    shown = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    base = f"http://{shown}:{port}"
    term.say(f"coin:        {room.live.coin.name()} {room.live.setting}")
    term.say(f"join code:   {room.code}")
    term.say(f"students:    {base}/?code={room.code}")
    term.say(f"board:       {base}/board")
    term.say(f"teacher:     {base}/teacher?key={room.teacher_key}")
    if args.host != LOOPBACK:
        term.say(f"warning: listening on {args.host}: anyone who can reach it can join with the code; the server holds every key")
    term.say("Ctrl-C stops the class (export its history first: the teacher's page has the links)")
    config = uvicorn.Config(create_app(room), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])
    return 0


__all__ = ["add_classroom"]
