"""`coinage sweep` and `coinage params` from the shell: a Dask cluster, Ctrl-C and resume, one-line errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coinage.experiments import EXPERIMENTS
from coinage.metrics import definitions
from coinage.sweep import LOG_NAME, TABLE_NAME, plan_sweep, run_sweep
from coinage.sweep.runner import connect

BIN = Path(sys.executable).parent
SMALL = ["fraud", "--regime", "issuer-controlled", "--regime", "due-process", "--seeds", "3"]


def coinage(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coinage.cli", *args], capture_output=True, text=True, timeout=timeout)


def _one_line_error(result: subprocess.CompletedProcess[str], text: str) -> None:
    unknown_name = result.stderr.startswith("coinage: error: unknown ") or "has no parameter" in result.stderr  # bad usage
    assert result.returncode == (2 if unknown_name else 1), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("coinage: error: ") and text in result.stderr, result.stderr


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Dask scheduler and one worker on 127.0.0.1, started from this virtualenv and stopped by PID."""
    scheduler_file = tmp_path_factory.mktemp("dask") / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", scheduler_file], **quiet
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        worker = subprocess.Popen(
            [BIN / "dask", "worker", "--scheduler-file", scheduler_file, "--nthreads", "1", "--no-nanny",
             "--no-dashboard", "--host", "127.0.0.1"],
            **quiet,
        )
        address = json.loads(scheduler_file.read_text())["address"]
        client = connect(address)
        client.wait_for_workers(1, timeout=60)
        client.close()
        yield address
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


def test_table_is_the_same_on_a_dask_cluster(dask_cluster: str, tmp_path: Path) -> None:
    """`--scheduler` on a local Dask cluster writes the same runs table, byte for byte, as one local worker."""
    run_sweep(plan_sweep("fraud", regimes=["issuer-controlled", "due-process"], seeds=3), out=tmp_path / "inline", workers=1)
    result = coinage("sweep", *SMALL, "--scheduler", dask_cluster, "--out", str(tmp_path / "dask"), "--plain")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dask" / TABLE_NAME).read_bytes() == (tmp_path / "inline" / TABLE_NAME).read_bytes()
    assert "| due-process | defaults | 3 |" in result.stdout


def test_ctrl_c_keeps_finished_runs_and_the_rerun_finishes(tmp_path: Path) -> None:
    """SIGINT mid-sweep exits 130 with only complete rows logged and no table; the same command then runs only the rest."""
    args = ["sweep", "fraud", "--regime", "regulator-controlled", "--seeds", "20", "--workers", "2", "--out", str(tmp_path), "--plain"]
    sweep = subprocess.Popen([sys.executable, "-m", "coinage.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log = tmp_path / LOG_NAME
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not log.exists() or log.read_text().count("\n") < 2):
        time.sleep(0.05)
    sweep.send_signal(signal.SIGINT)
    _, stderr = sweep.communicate(timeout=60)
    assert sweep.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted: " in stderr
    kept = log.read_text()
    assert kept.endswith("\n") and 2 <= kept.count("\n") < 20
    assert all(json.loads(line)["row"]["seed"] in range(20) for line in kept.splitlines())
    assert not (tmp_path / TABLE_NAME).exists()

    rerun = coinage(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {kept.count(chr(10))} runs already finished" in rerun.stderr
    seeds = [line.split(",")[2] for line in (tmp_path / TABLE_NAME).read_text().splitlines()[1:]]
    assert seeds == [str(seed) for seed in range(20)]


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["fraud", "--set", "freeze_days=1,3"], "fraud has no parameter 'freeze_days'"),
        (["fraud", "--holders", "9"], "holders is fixed at 5 for this experiment, not 9"),
        (["fraud", "--seeds", "20001"], "the sweep holds 100,005 runs, more than 100,000; pass --yes"),
        (["fraud", "--regime", "martial-law"], "martial-law"),
        (["sovereign", "--regime", "due-process"], "does not apply under due-process"),
        (["no-such-story"], "unknown experiment 'no-such-story'"),
        (["fraud", "--scheduler", "tcp://127.0.0.1:9"], "no Dask scheduler answered at tcp://127.0.0.1:9 within 3 s"),
        (["fraud", "--scheduler", "carrier-pigeon://x"], "is not a Dask scheduler address"),
    ],
)
def test_bad_input_is_one_line(args: list[str], text: str) -> None:
    """Each bad argument gets one line on stderr, exit status 1, and no traceback."""
    _one_line_error(coinage("sweep", *args), text)


def test_unwritable_out_is_one_line(tmp_path: Path) -> None:
    """An --out below a regular file is refused in one line and leaves nothing behind."""
    (tmp_path / "file").write_text("")
    _one_line_error(coinage("sweep", "fraud", "--out", str(tmp_path / "file" / "out")), "cannot write the sweep into")


def test_params_and_help_list_every_parameter_and_metric() -> None:
    """`coinage params` lists every experiment and every parameter with its meaning and source, within 80
    columns; `coinage sweep --help` adds every metric's definition."""
    params = coinage("params")
    helptext = coinage("sweep", "--help")
    assert params.returncode == 0 and helptext.returncode == 0
    assert max(len(line) for line in params.stdout.splitlines()) <= 80
    flat = " ".join(params.stdout.split())
    help_words = " ".join(helptext.stdout.split())  # help is wrapped between words to the terminal's width
    for experiment in EXPERIMENTS.values():
        assert f"{experiment.name}: {experiment.title}" in flat
        assert f"{experiment.name}: {experiment.title}" in help_words
        for parameter in experiment.parameters:
            block = f"{parameter.heading()} {parameter.description} source: {parameter.citation}"
            assert " ".join(block.split()) in flat
    for line in definitions():
        assert " ".join(line.split()) in help_words
    _one_line_error(coinage("params", "nothing"), "unknown experiment 'nothing'")


def test_compare_with_seeds_prints_intervals() -> None:
    """`coinage compare --seeds 2` prints one row per cell with its run count; --rpc and --out are refused with it."""
    result = coinage("compare", "--seeds", "2", "--scenario", "fraud", "--regime", "issuer-controlled", "--plain")
    assert result.returncode == 0, result.stderr
    assert "| fraud | issuer-controlled | 2 | " in result.stdout and " [" in result.stdout
    assert "percentile bootstrap over runs" in result.stdout and "Warning: 2 runs per cell" in result.stdout
    refused = coinage("compare", "--seeds", "2", "--out", "anywhere")
    assert refused.returncode == 2 and "coinage sweep SCENARIO --seeds N --out DIR" in refused.stderr
