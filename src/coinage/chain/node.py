"""Start and stop a local Anvil node, installed from npm at the version package.json pins.

    from coinage.chain import RpcChain
    from coinage.chain.node import start_anvil

    with start_anvil() as url:
        chain = RpcChain(url)
        ...

The node listens on 127.0.0.1 only, and starts like the embedded chain: genesis at `GENESIS_TIME`,
the embedded engines' hardfork (`FORK`, Cancun), a zero base fee (gas costs nothing, so derived accounts need no ether), a
block gas limit of one billion, and first-come transaction order. `RpcChain` then makes every
block 12 seconds after its parent. The chain id is Anvil's own (31337).

Nothing is downloaded here: the binary comes from ``npm ci``, which installs Anvil's Linux x86-64
package (``@foundry-rs/anvil-linux-amd64``, an optional dependency, so other platforms skip it and
may install ``@foundry-rs/anvil`` or their own platform package instead). ``COINAGE_ANVIL`` may name
another binary.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import requests

from ..errors import ChainError
from ._rules import FORK, GAS_LIMIT, GENESIS_TIME

ANVIL_PACKAGE = "@foundry-rs/anvil"
HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0

DETERMINISTIC_ARGS = (
    "--timestamp", str(GENESIS_TIME),
    "--hardfork", FORK,
    "--base-fee", "0",
    "--disable-min-priority-fee",
    "--gas-limit", str(GAS_LIMIT),
    "--order", "fifo",
    "--accounts", "1",
)
"""Anvil flags that make it start as the embedded chain does (see the module docstring)."""


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


@contextmanager
def start_anvil(
    *, port: int = 0, deterministic: bool = True, extra_args: Sequence[str] = (), binary: Path | None = None
) -> Iterator[str]:
    """Run Anvil on 127.0.0.1 for the duration of the block; yield its URL; always stop it.

    `port` 0 lets the system choose a free port. `deterministic` (the default) starts it like the
    embedded chain; False leaves Anvil's defaults (current time, a base fee, funded dev accounts).
    """
    executable = binary or find_anvil()
    args = [str(executable), "--host", HOST, "--port", str(port)]
    if deterministic:
        args += DETERMINISTIC_ARGS
    args += list(extra_args)
    with tempfile.TemporaryFile(mode="w+b") as log:
        try:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as error:
            raise AnvilFailed(f"could not run {executable}: {error.strerror or error}") from None
        try:
            url = _wait_until_listening(process, log)
            yield url
        finally:
            _stop(process)


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


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


__all__ = ["AnvilFailed", "AnvilNotInstalled", "DETERMINISTIC_ARGS", "find_anvil", "start_anvil"]
