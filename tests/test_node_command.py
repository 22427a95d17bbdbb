"""`coinage node`: a served sandbox that prints how to join it and follows what any client does."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from coinage.attach import attach_coin
from coinage.chain import RpcChain
from coinage.units import coins

COINAGE = Path(sys.executable).with_name("coinage")


def _line(process: subprocess.Popen[str], pattern: str, deadline: float) -> str:
    """The first line of output matching `pattern`, read before `deadline`."""
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r}")


def test_node_serves_a_coin_follows_other_clients_and_stops_on_ctrl_c() -> None:
    """The printed URL and coin address let another client act; its transfer is printed; Ctrl-C exits 130 in one line."""
    process = subprocess.Popen(
        [str(COINAGE), "node", "--regime", "due-process", "--port", "0", "--accounts", "2", "--poll", "0.1", "--plain"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    try:
        url = _line(process, r"^RPC URL:", deadline).split()[-1]
        coin_address = _line(process, r"^coin:", deadline).split()[1]
        assert "development keys" in _line(process, r"^accounts", deadline)
        holder2 = _line(process, r"^\s+holder2\s", deadline).split()
        assert holder2[1] == "holder" and holder2[3].startswith("0x") and len(holder2[3]) == 66
        _line(process, r"^following", deadline)

        other = attach_coin(RpcChain(url), coin_address, holders=("alice", "bob", "carol", "holder1", "holder2"))
        assert other.regime.slug == "due-process"
        other.coin.attest(coins(1_000), report="AUDIT-1", by=other.cast.attestor)
        other.coin.set_minter_allowance(coins(1_000), by=other.cast.regulator)
        other.coin.mint(other.cast.holder2, coins(10), by=other.cast.issuer)
        assert "holder2" in _line(process, r"\bmint\b", deadline)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert err.strip() == "coinage: interrupted"  # one line, no traceback; the node is stopped on the way out
