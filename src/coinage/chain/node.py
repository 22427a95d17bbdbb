"""Start and stop a local Anvil node, installed from npm at the version package.json pins.

    from coinage.chain import RpcChain
    from coinage.chain.node import start_anvil

    with start_anvil() as url:
        chain = RpcChain(url)
        ...

    with Anvil(accounts=3) as node:   # the process itself: node.pid, node.restart(kill=True)
        ...

The node listens on 127.0.0.1 only, and starts like the embedded chain: genesis at `GENESIS_TIME`,
the embedded engines' hardfork (`FORK`, Cancun), a zero base fee, a block gas limit of one billion,
first-come transaction order, and every block 12 seconds after its parent. The chain id is Anvil's own (31337). Anvil's
minimum priority fee stays on, so its suggested gas price is 1 gwei and a plain web3.py or
ethers.js client sends with its default fees; `RpcChain` pays that price too (its derived accounts
are given ether with `anvil_setBalance`), which changes no gas figure.

Nothing is downloaded here: the binary comes from ``npm ci``, which installs Anvil's Linux x86-64
package (``@foundry-rs/anvil-linux-amd64``, an optional dependency, so other platforms skip it and
may install ``@foundry-rs/anvil`` or their own platform package instead). ``COINAGE_ANVIL`` may name
another binary.
"""

from __future__ import annotations

import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypedDict, Unpack

import requests

from ..errors import ChainError
from ._rules import BLOCK_TIME, FORK, GAS_LIMIT, GENESIS_TIME

ANVIL_PACKAGE = "@foundry-rs/anvil"
HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0

class AnvilSettings(TypedDict, total=False):
    """What `start_anvil` and `Anvil` can set; a setting left out takes `DETERMINISTIC`'s value
    (or, with `deterministic=False`, Anvil's own default)."""

    timestamp: int
    """Genesis timestamp."""
    hardfork: str
    base_fee: int
    """Base fee per gas of the genesis block, in wei."""
    gas_limit: int
    order: str
    """Transaction order in a block: "fifo" or "fees"."""
    accounts: int
    """How many funded dev accounts (`eth_accounts`) the node has."""
    balance: int
    """Ether in each dev account."""
    chain_id: int
    block_interval: int
    """Seconds from each block to the next (0: Anvil's clock, which follows wall time and `evm_increaseTime`)."""


DETERMINISTIC: AnvilSettings = {
    "timestamp": GENESIS_TIME,
    "hardfork": FORK,
    "base_fee": 0,
    "gas_limit": GAS_LIMIT,
    "order": "fifo",
    "accounts": 1,
    "block_interval": BLOCK_TIME,
}
"""The settings that make Anvil start as the embedded chain does (see the module docstring)."""

_FLAGS = {
    "timestamp": "--timestamp",
    "hardfork": "--hardfork",
    "base_fee": "--base-fee",
    "gas_limit": "--gas-limit",
    "order": "--order",
    "accounts": "--accounts",
    "balance": "--balance",
    "chain_id": "--chain-id",
}
"""Setting -> Anvil's flag. `block_interval` has no flag: it is set over RPC."""

_OWN_FLAGS = {"--host", "--port", "-p", "-a", "--block-base-fee-per-gas", "--timestamp-interval", *_FLAGS.values()}


class AnvilNotInstalled(ChainError):
    """The Anvil binary from npm is not there: run `npm ci`."""


class AnvilFailed(ChainError):
    """Anvil was found but did not start, or stopped answering while starting."""


def find_anvil(roots: Sequence[Path] | None = None) -> Path:
    """The Anvil binary: ``COINAGE_ANVIL``, else the npm platform package, else ``node_modules/.bin/anvil``,
    under one of `roots` (default: the working directory and its parents, then this checkout's root)."""
    override = os.environ.get("COINAGE_ANVIL")
    if override:
        path = Path(override)
        if not path.is_file():
            raise AnvilNotInstalled(f"COINAGE_ANVIL={override} is not a file; unset it and run `npm ci`")
        return path
    platform_package = f"anvil-{_platform()}"
    binary = "anvil.exe" if sys.platform == "win32" else "anvil"
    if roots is None:
        here = Path.cwd().resolve()
        roots = [here, *here.parents, Path(__file__).resolve().parents[3]]  # [3]: the checkout holding src/
    for root in roots:
        modules = root / "node_modules"
        for candidate in (modules / "@foundry-rs" / platform_package / "bin" / binary, modules / ".bin" / binary):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    raise AnvilNotInstalled(
        f"Anvil is not installed: run `npm ci` in the project root (it installs {ANVIL_PACKAGE}, pinned in "
        "package.json; needs Node 20 and npm), or set COINAGE_ANVIL to an anvil binary"
    )


def _platform() -> str:
    machine = platform.machine().lower()
    arch = "arm64" if machine in ("arm64", "aarch64") else "amd64"
    system = {"darwin": "darwin", "win32": "win32"}.get(sys.platform, "linux")
    return f"{system}-{arch}"


class Anvil:
    """A local Anvil process: started on entering, stopped (by its PID) on leaving, also on failure.

        with Anvil(accounts=3) as node:
            RpcChain(node.url)

    `port` 0 lets the system choose a free port; `restart()` starts a fresh node on the same one.
    `block_interval` (12 s when deterministic) is set with `anvil_setBlockTimestampInterval`; Anvil
    then ignores `evm_increaseTime` while `evm_setNextBlockTimestamp` still works. `extra_args` are
    passed on, except a flag a setting sets (Anvil exits on a repeated flag): that raises `ValueError`.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        deterministic: bool = True,
        extra_args: Sequence[str] = (),
        binary: Path | None = None,
        **settings: Unpack[AnvilSettings],
    ) -> None:
        unknown = set(settings) - set(AnvilSettings.__annotations__)
        if unknown:
            raise TypeError(f"Anvil has no setting {', '.join(sorted(unknown))}")
        chosen: dict[str, Any] = {**(DETERMINISTIC if deterministic else {}), **settings}
        self.port = port
        self.block_interval: int | None = chosen.pop("block_interval", None)
        self._options = [part for key, value in chosen.items() for part in (_FLAGS[key], str(value))]
        self._options += _checked_extra_args(extra_args)
        self._binary = binary
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.url = ""

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("this Anvil is not running")
        return self._process.pid

    def start(self) -> str:
        """Start the process and wait until it answers; return its URL."""
        executable = self._binary or find_anvil()
        args = [str(executable), "--host", HOST, "--port", str(self.port), *self._options]
        self._log = tempfile.TemporaryFile(mode="w+b")
        try:
            self._process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as error:
            self.stop()
            raise AnvilFailed(f"could not run {executable}: {error.strerror or error}") from None
        try:
            self.url = _wait_until_listening(self._process, self._log)
            self.port = int(self.url.rsplit(":", 1)[1])
            if self.block_interval:
                _post(self.url, "anvil_setBlockTimestampInterval", [self.block_interval])
        except BaseException:
            self.stop()
            raise
        return self.url

    def stop(self, *, kill: bool = False) -> None:
        """Stop the process (SIGKILL with `kill`, as a crash would), and wait for it to exit."""
        if self._process is not None:
            _stop(self._process, kill=kill)
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self, *, kill: bool = False) -> str:
        """Stop the node and start a new one with the same settings on the same port."""
        self.stop(kill=kill)
        return self.start()

    def __enter__(self) -> Anvil:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@contextmanager
def start_anvil(
    *, port: int = 0, deterministic: bool = True, extra_args: Sequence[str] = (), binary: Path | None = None,
    **settings: Unpack[AnvilSettings],
) -> Iterator[str]:
    """Run Anvil on 127.0.0.1 for the duration of the block; yield its URL; always stop it.

    `start_anvil(accounts=10, base_fee=1)`: the settings are `AnvilSettings`; see `Anvil`.
    """
    with Anvil(port=port, deterministic=deterministic, extra_args=extra_args, binary=binary, **settings) as node:
        yield node.url


def _checked_extra_args(extra_args: Sequence[str]) -> list[str]:
    for arg in extra_args:
        flag = arg.split("=", 1)[0]
        if flag in _OWN_FLAGS:
            keyword = next((key for key, own in _FLAGS.items() if own == flag), None)
            hint = f"pass {keyword}= to start_anvil instead" if keyword else "start_anvil sets it"
            raise ValueError(f"extra_args repeats {flag}, which Anvil refuses twice: {hint}")
    return list(extra_args)


def _post(url: str, method: str, params: list[Any]) -> Any:
    """One JSON-RPC request to a node being set up; its error is the start's failure."""
    reply = requests.post(url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": params}, timeout=5).json()
    if "error" in reply:
        raise AnvilFailed(f"anvil refused {method}: {reply['error'].get('message', reply['error'])}")
    return reply.get("result")


def _wait_until_listening(process: subprocess.Popen[bytes], log: IO[bytes]) -> str:
    """Wait for Anvil's 'Listening on host:port' line, then for an answer to eth_chainId."""
    deadline = time.monotonic() + START_TIMEOUT
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AnvilFailed(f"anvil exited with code {process.returncode}: {_tail(log)}")
        if url is None:
            match = re.search(rb"Listening on ([0-9.]+):(\d+)", _read(log))
            if match:
                url = f"http://{match.group(1).decode()}:{int(match.group(2))}"
        if url is not None:
            try:
                response = requests.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
                                         timeout=1)
                if response.ok and "result" in response.json():
                    # Anvil logs every request to stdout; from here on nobody reads it.
                    requests.post(url, json={"jsonrpc": "2.0", "id": 2, "method": "anvil_setLoggingEnabled",
                                             "params": [False]}, timeout=1)
                    return url
            except (requests.RequestException, ValueError):
                pass
        time.sleep(0.02)
    raise AnvilFailed(f"anvil did not answer within {START_TIMEOUT:g} s: {_tail(log)}")


def _read(log: IO[bytes]) -> bytes:
    log.seek(0)
    data = log.read()
    log.seek(0, os.SEEK_END)
    return data


def _tail(log: IO[bytes]) -> str:
    lines = [line.strip() for line in _read(log).decode(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def _stop(process: subprocess.Popen[bytes], *, kill: bool = False) -> None:
    if process.poll() is not None:
        return
    if kill:
        process.kill()
        process.wait()
        return
    if hasattr(signal, "SIGCONT"):  # a stopped process acts on SIGTERM only once it runs again
        process.send_signal(signal.SIGCONT)
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


__all__ = ["Anvil", "AnvilFailed", "AnvilNotInstalled", "AnvilSettings", "DETERMINISTIC", "find_anvil", "start_anvil"]
