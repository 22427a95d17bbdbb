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


def test_node_serves_a_coin_follows_other_clients_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """Funded holders on labelled lines; the printed web3.py client pays; its refused payment shows with the rule; Ctrl-C exits 130."""
    process = subprocess.Popen(
        [str(COINAGE), "node", "--regime", "due-process", "--port", "0", "--accounts", "2", "--poll", "0.1", "--plain"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    try:
        url = _line(process, r"^RPC URL:", deadline).split()[-1]
        coin_address = _line(process, r"^coin:", deadline).split()[1]
        assert "development keys" in _line(process, r"^accounts", deadline)
        assert _line(process, r"^  holder2 ", deadline).strip() == "holder2 (holder, 1,000.00 cHKD)", "funded by default"
        assert re.fullmatch(r"    address 0x[0-9a-fA-F]{40}\n", _line(process, r"^    address", deadline))
        assert re.fullmatch(r"    key     0x[0-9a-f]{64}\n", _line(process, r"^    key", deadline))
        _line(process, r"^a web3\.py client", deadline)
        snippet = []
        while not (line := _line(process, r".*", deadline)).startswith("a ethers.js client"):
            snippet.append(line)
        _line(process, r"^following", deadline)

        other = attach_coin(RpcChain(url), coin_address, holders=("alice", "bob", "carol", "holder1", "holder2"))
        assert other.regime.slug == "due-process"
        assert other.coin.balance_of(other.cast.holder2) == coins(1_000)
        other.coin.attest(coins(10_000), report="AUDIT-1", by=other.cast.attestor)
        other.coin.set_minter_allowance(coins(1_000), by=other.cast.regulator)
        other.coin.mint(other.cast.holder2, coins(10), by=other.cast.issuer)
        assert "holder2" in _line(process, r"\bmint\b", deadline)

        client = Path(tmp_path) / "client.py"
        client.write_text("".join(snippet))
        paid = subprocess.run([sys.executable, str(client)], capture_output=True, text=True, timeout=120)
        assert paid.returncode == 0 and "status 1" in paid.stdout and "bob holds 1010.0" in paid.stdout, paid.stderr
        assert "alice transfer: Transfer(from=alice to=bob" in _line(process, r"alice transfer", deadline)
        client.write_text("".join(snippet).replace("10 * 10**6", "10**15"))  # more than alice holds
        refused = subprocess.run([sys.executable, str(client)], capture_output=True, text=True, timeout=120)
        assert refused.returncode == 0 and "status 0" in refused.stdout, refused.stderr
        line = _line(process, r"REFUSED", deadline)
        assert "alice transfer: REFUSED ERC20InsufficientBalance: ERC20InsufficientBalance(sender=alice" in line
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert err.strip() == "coinage: interrupted"  # one line, no traceback; the node is stopped on the way out
