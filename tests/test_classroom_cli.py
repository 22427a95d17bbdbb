"""`coinage classroom` from the command line: what it prints, where it listens, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

from classroom_server import ROOT, classroom_server


def test_classroom_listens_on_loopback_and_prints_the_urls() -> None:
    """By default the classroom binds 127.0.0.1, prints a six-character join code and serves the join page and the board."""
    with classroom_server("--regime", "due-process") as served:
        assert served.base.startswith("http://127.0.0.1:")
        assert len(served.code) == 6 and served.code.isalnum() and served.code.isupper()
        with urllib.request.urlopen(f"{served.base}/?code={served.code}", timeout=30) as page:
            assert "sandbox" in page.read().decode()
        with urllib.request.urlopen(f"{served.base}/api/board", timeout=30) as board:
            assert b'"regime": "due-process"' in board.read()


def _coinage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coinage.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_classroom_help_warns_about_opening_the_host() -> None:
    """`coinage classroom --help` names the loopback default and what --host opens."""
    result = _coinage("classroom", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "127.0.0.1" in text and "anyone who can reach it" in text


def test_classroom_refuses_bad_options_in_one_line() -> None:
    """An unknown regime, an unknown coin, a regime for a real coin or a bad port is refused in one line, without a traceback."""
    bad = ((["--regime", "anarchy"], 2), (["--coin", "usdt"], 2), (["--coin", "usdc", "--regime", "due-process"], 1),
           (["--port", "70000"], 2))
    for args, status in bad:
        result = _coinage("classroom", *args)
        assert result.returncode == status, result
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_classroom_plays_a_real_coin() -> None:
    """`--coin usdc` serves a class on USDC's own contracts, and the board says so."""
    with classroom_server("--coin", "usdc") as served:
        with urllib.request.urlopen(f"{served.base}/api/board", timeout=30) as reply:
            board = json.loads(reply.read())
        assert board["design"] == "usdc" and board["coin"]["symbol"] == "USDC"
        assert board["powers"]["SEIZE"].startswith("nobody: USDC")
