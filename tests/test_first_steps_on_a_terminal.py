"""A learner's first ten minutes, as they see them: the README's first steps typed into a terminal 80
columns wide, pressing a key whenever the tour asks for one.

Nothing may wrap inside a word (every word printed on a very wide terminal is also whole at 80
columns), no line may be wider than the terminal, the tour must state the question and the five
regimes before its first table, and it must end with its verdict.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from coinage.glossary import REGIME_SENTENCES
from coinage.terminal import TerminalGuide
from test_readme_commands import first_steps

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
FRAME = re.compile(r"[\s│┃┏┓┗┛┡┩└┘┳┻╇━─┼┬┴├┤╭╮╰╯]+")
PROMPT = TerminalGuide.PROMPT.strip()


def typed(command: str, cwd: Path) -> list[str]:
    """A README command as the argv this checkout runs: `coinage` and `python` from this interpreter."""
    words = shlex.split(command)
    if words[0] == "coinage":
        return [sys.executable, "-m", "coinage.cli", *words[1:]]
    if words[0] == "python":
        return [sys.executable, *(str(ROOT / w) if w.startswith("scripts/") else w for w in words[1:])]
    raise AssertionError(f"a first step this test does not know how to type: {command}")


def on_terminal(argv: list[str], *, columns: int, cwd: Path) -> tuple[str, int, int]:
    """Run `argv` on a pseudo-terminal `columns` wide, pressing a key at each prompt; (text, exit status, keys pressed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "40", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),  # the terminal is the learner's: it controls the command
    )
    os.close(slave)
    received = b""
    keys = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal (or, for an instant, is resetting its modes)
            if process.poll() is not None:
                break
            time.sleep(0.05)
            continue
        if not chunk:
            break
        received += chunk
        if ANSI.sub("", received.decode(errors="replace")).count(PROMPT) > keys:
            os.write(master, b" ")
            keys += 1
    os.close(master)
    status = process.wait(timeout=60)
    return ANSI.sub("", received.decode()).replace("\r\n", "\n").replace("\r", ""), status, keys


def words(text: str) -> set[str]:
    return {word for word in FRAME.split(text) if re.search(r"\w", word)}


def visible(text: str) -> str:
    """The text without the prompts the learner answered (each is erased once a key is pressed) and
    without the progress bar's lines, whose frames depend on timing and are redrawn in place."""
    return "\n".join(line for line in text.replace(TerminalGuide.PROMPT, "").splitlines() if "comparing" not in line)


@pytest.mark.parametrize("command", [c for c in first_steps() if not c.startswith(". ")])
def test_each_first_step_fits_80_columns_and_wraps_no_word(command: str, tmp_path: Path) -> None:
    """Every line fits 80 columns and every word printed on a 250-column terminal is whole at 80."""
    narrow, status, _ = on_terminal(typed(command, tmp_path), columns=80, cwd=tmp_path)
    assert status == 0, narrow[-3000:]
    lines = visible(narrow).splitlines()
    too_wide = [line for line in lines if len(line) > 80]
    assert not too_wide, "\n".join(too_wide)
    for leftover in tmp_path.iterdir():  # the wide run writes its own report
        if leftover.is_dir():
            for file in leftover.iterdir():
                file.unlink()
            leftover.rmdir()
    wide, status, _ = on_terminal(typed(command, tmp_path), columns=250, cwd=tmp_path)
    assert status == 0
    cut = words(visible(wide)) - words(visible(narrow))
    assert not cut, f"words cut or lost at 80 columns: {sorted(cut)[:20]}"


def test_the_tour_asks_the_question_names_the_regimes_then_ends_with_its_verdict(tmp_path: Path) -> None:
    """`coinage demo` at 80 columns: the question and the five regimes before the first table, a key per act, the verdict last."""
    assert "coinage demo" in first_steps(), "the README's first steps start the tour"
    text, status, keys = on_terminal(typed("coinage demo", tmp_path), columns=80, cwd=tmp_path)
    assert status == 0, text[-3000:]
    assert keys >= 4, "each act waits for a key on a terminal"
    flat = " ".join(visible(text).split())
    first_table = min(flat.index("┏"), flat.index("Timeline"))
    assert 0 <= flat.index("who has the ultimate right of coinage") < first_table
    for regime, sentence in REGIME_SENTENCES.items():
        assert 0 <= flat.index(f"{regime.slug}: {sentence}") < first_table, regime.slug
    verdict = flat.rindex("The verdict")
    assert verdict > flat.rindex("Act 4"), "the verdict comes last"
    assert flat.rindex("┏") > verdict, "the verdict's table is the last table"
    assert flat.rstrip().endswith("`coinage glossary` (every word).")
    last_screen = visible(text).rstrip().splitlines()[-40:]
    assert any("The verdict" in line for line in last_screen), "the verdict fits on one screen of 40 lines"
