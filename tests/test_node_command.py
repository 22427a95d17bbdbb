"""`coinage node`: a served sandbox that prints how to join it and follows what any client does."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from coinage.attach import attach_coin
from coinage.chain import RpcChain
from coinage.units import coins

COINAGE = Path(sys.executable).with_name("coinage")
ROOT = Path(__file__).resolve().parent.parent


class Output:
    """A process's standard output, read line by line on a thread, so a line that never comes fails the test at its deadline
    instead of blocking a readline for ever."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._seen: list[str] = []
        stdout = process.stdout

        def read() -> None:
            for line in stdout:
                self._lines.put(line)
            self._lines.put(None)  # end of output: the process closed it or exited

        threading.Thread(target=read, daemon=True).start()

    def line(self, pattern: str, deadline: float) -> str:
        """The next line of output matching `pattern`, read before `deadline` (time.monotonic())."""
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} before the deadline; last lines: {self._seen[-5:]}") from None
            if line is None:
                self._lines.put(None)  # every later call sees the end too
                raise AssertionError(f"output ended without a line matching {pattern!r}; last lines: {self._seen[-5:]}")
            self._seen.append(line)
            if re.search(pattern, line):
                return line


def _node_client(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` as pasted into `node` in the project's directory, where `npm ci` put ethers."""
    node = shutil.which("node")
    assert node is not None, "Node is not on PATH: install Node 20 and run `npm ci`"
    return subprocess.run([node, "-"], input=code, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_node_serves_a_coin_follows_other_clients_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """Funded holders on labelled lines; the printed web3.py and ethers.js clients pay; their refused payments show with the rule; Ctrl-C exits 130."""
    process = subprocess.Popen(
        [str(COINAGE), "node", "--regime", "due-process", "--port", "0", "--accounts", "2", "--poll", "0.1", "--plain"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 180
    output = Output(process)
    try:
        url = output.line(r"^RPC URL:", deadline).split()[-1]
        coin_address = output.line(r"^coin:", deadline).split()[1]
        assert "development keys" in output.line(r"^accounts", deadline)
        assert output.line(r"^  holder2 ", deadline).strip() == "holder2 (holder, 1,000.00 cHKD)", "funded by default"
        assert re.fullmatch(r"    address 0x[0-9a-fA-F]{40}\n", output.line(r"^    address", deadline))
        assert re.fullmatch(r"    key     0x[0-9a-f]{64}\n", output.line(r"^    key", deadline))
        output.line(r"^a web3\.py client", deadline)
        snippet = []
        while not (line := output.line(r".*", deadline)).startswith("a ethers.js client"):
            snippet.append(line)
        ethers = []
        while not (line := output.line(r".*", deadline)).startswith("following"):
            ethers.append(line)

        other = attach_coin(RpcChain(url), coin_address, holders=("alice", "bob", "carol", "holder1", "holder2"))
        assert other.regime.slug == "due-process"
        assert other.coin.balance_of(other.cast.holder2) == coins(1_000)
        other.coin.attest(coins(10_000), report="AUDIT-1", by=other.cast.attestor)
        other.coin.set_minter_allowance(coins(1_000), by=other.cast.regulator)
        other.coin.mint(other.cast.holder2, coins(10), by=other.cast.issuer)
        assert "holder2" in output.line(r"\bmint\b", deadline)

        client = Path(tmp_path) / "client.py"
        client.write_text("".join(snippet))
        paid = subprocess.run([sys.executable, str(client)], capture_output=True, text=True, timeout=120)
        assert paid.returncode == 0 and "status 1" in paid.stdout and "bob holds 1010.0" in paid.stdout, paid.stderr
        assert "alice transfer: Transfer(from=alice to=bob" in output.line(r"alice transfer", deadline)
        client.write_text("".join(snippet).replace("10 * 10**6", "10**15"))  # more than alice holds
        refused = subprocess.run([sys.executable, str(client)], capture_output=True, text=True, timeout=120)
        assert refused.returncode == 0 and "status 0" in refused.stdout, refused.stderr
        line = output.line(r"REFUSED", deadline)
        assert "alice transfer: REFUSED ERC20InsufficientBalance: ERC20InsufficientBalance(sender=alice" in line

        paid = _node_client("".join(ethers))
        assert paid.returncode == 0 and "status 1" in paid.stdout and "bob holds 1020" in paid.stdout, paid.stderr
        assert "alice transfer: Transfer(from=alice to=bob" in output.line(r"alice transfer", deadline)
        refused = _node_client("".join(ethers).replace("10_000_000n", "10n ** 15n"))
        assert refused.returncode == 0 and "status 0" in refused.stdout, refused.stderr
        line = output.line(r"REFUSED", deadline)
        assert "alice transfer: REFUSED ERC20InsufficientBalance: ERC20InsufficientBalance(sender=alice" in line
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        assert process.stderr is not None
        err = process.stderr.read()
    finally:
        if process.poll() is None:  # a failed step: stop the node as Ctrl-C does, so it stops its Anvil too
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 130
    assert err.strip() == "coinage: interrupted"  # one line, no traceback; the node is stopped on the way out
