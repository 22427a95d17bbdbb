"""Start and stop a local Anvil node, installed from npm at the version package.json pins.

    from coinage.chain import RpcChain
    from coinage.chain.node import start_anvil

    with start_anvil() as url:
        chain = RpcChain(url)
        ...

The node listens on 127.0.0.1 only, and starts like the embedded chain: genesis at `GENESIS_TIME`,
the Prague hardfork, a zero base fee, a block gas limit of one billion, first-come transaction
order, and every block 12 seconds after its parent. The chain id is Anvil's own (31337). Anvil's
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
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import requests

from ..errors import ChainError
from .embedded import BLOCK_TIME, GAS_LIMIT, GENESIS_TIME

ANVIL_PACKAGE = "@foundry-rs/anvil"
HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0

DETERMINISTIC: dict[str, int | str] = {
    "timestamp": GENESIS_TIME,
    "hardfork": "prague",
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
"""Keyword of `start_anvil` -> Anvil's flag. `block_interval` has no flag: it is set over RPC."""

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


@contextmanager
def start_anvil(
    *,
    port: int = 0,
    deterministic: bool = True,
    timestamp: int | None = None,
    hardfork: str | None = None,
    base_fee: int | None = None,
    gas_limit: int | None = None,
    order: str | None = None,
    accounts: int | None = None,
    balance: int | None = None,
    chain_id: int | None = None,
    block_interval: int | None = None,
    extra_args: Sequence[str] = (),
    binary: Path | None = None,
) -> Iterator[str]:
    """Run Anvil on 127.0.0.1 for the duration of the block; yield its URL; always stop it.

    `port` 0 lets the system choose a free port. Every keyword left at None takes its value from
    `DETERMINISTIC` when `deterministic` (the default), so the node starts like the embedded chain;
    with `deterministic=False` Anvil's own default (current time, a base fee, ten funded dev
    accounts). `block_interval` makes every block that many seconds after its parent
    (`anvil_setBlockTimestampInterval`; Anvil then ignores `evm_increaseTime`, while
    `evm_setNextBlockTimestamp` still works). `extra_args` are passed on, except a flag one of
    the keywords sets (Anvil exits on a repeated flag): that raises `ValueError`.
    """
    given: dict[str, int | str | None] = {
        "timestamp": timestamp, "hardfork": hardfork, "base_fee": base_fee, "gas_limit": gas_limit,
        "order": order, "accounts": accounts, "balance": balance, "chain_id": chain_id,
        "block_interval": block_interval,
    }
    settings = {key: value if value is not None else (DETERMINISTIC.get(key) if deterministic else None)
                for key, value in given.items()}
    executable = binary or find_anvil()
    args = [str(executable), "--host", HOST, "--port", str(port)]
    for key, flag in _FLAGS.items():
        if settings[key] is not None:
            args += [flag, str(settings[key])]
    args += _checked_extra_args(extra_args)
    with tempfile.TemporaryFile(mode="w+b") as log:
        try:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as error:
            raise AnvilFailed(f"could not run {executable}: {error.strerror or error}") from None
        try:
            url = _wait_until_listening(process, log)
            if settings["block_interval"] is not None:
                _post(url, "anvil_setBlockTimestampInterval", [settings["block_interval"]])
            yield url
        finally:
            _stop(process)


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


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


__all__ = ["AnvilFailed", "AnvilNotInstalled", "DETERMINISTIC", "find_anvil", "start_anvil"]
