"""Time the population sweep end to end, with the command a user types, on worker processes and on Dask.

    python scripts/bench_sweep.py [--seeds 10] [--workers 2] [--one-worker] [--dask] [--fraud] [--json FILE]

Each measurement runs, in a child process and writing every output file,

    coinage sweep economy --plain --regime all --seeds N --holders 1000 --days 30 --workers W --out DIR

that is 5 regimes x N seeds (default 10: 50 runs; `--seeds 100` is the 500-run sweep) of 1,000
holders for 30 simulated days. The wall time runs from starting the command to its exit (worker
start-up, every run, the summary, report.md and the charts). Peak memory is the largest resident
set of any process of the sweep (the command or one of its workers).

--one-worker  also runs it with --workers 1, which separates the sweep's fixed cost from the per-run cost.
--dask        starts a Dask cluster on 127.0.0.1 (a scheduler, then workers of one thread each), runs the
              same sweep with --scheduler on one worker and then on two, and stops the cluster.
--fraud       also times the fraud story under all five regimes for 200 seeds (1,000 short runs), in memory.

Every runs.csv written is compared byte for byte with the first: the table must not depend on who ran it.
The 1-minute load average is printed before and after every figure: the machine may be shared. The last
lines project, from the measured per-run cost and fixed cost, the wall time of larger sweeps on N
workers; they are labelled as projections, not measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

COINAGE = str(Path(sys.executable).with_name("coinage"))
DASK = str(Path(sys.executable).with_name("dask"))
REGIMES = 5


def sweep_command(seeds: int, out: Path, *, workers: int | None = None, scheduler: str | None = None) -> list[str]:
    """The command a user types for the 5 x `seeds` population sweep into `out`."""
    command = [COINAGE, "sweep", "economy", "--plain", "--regime", "all", "--seeds", str(seeds),
               "--holders", "1000", "--days", "30", "--out", str(out)]
    if scheduler is not None:
        return command + ["--scheduler", scheduler]
    return command + ["--workers", str(workers)]


def _load() -> float:
    return os.getloadavg()[0]


def timed_sweep(label: str, command: list[str]) -> dict[str, Any]:
    """Run `command` to its end: wall seconds, peak RSS of its processes, load averages around it."""
    load_before = _load()
    peak_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    # ru_maxrss of waited-for descendants is a maximum over them; it only says something when it rose.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    shown = [Path(command[0]).name, *command[1:]]
    shown[shown.index("--out") + 1] = "DIR"
    figure = {"label": label, "command": " ".join(shown),
              "wall_s": round(wall, 1), "peak_mb": round(peak / 1024) if peak > peak_before else None,
              "load_before": round(load_before, 2), "load_after": round(_load(), 2)}
    print(f"  {label}: {wall:.1f} s (load {figure['load_before']} -> {figure['load_after']})", file=sys.stderr, flush=True)
    return figure


class LocalDask:
    """A Dask scheduler on 127.0.0.1 and workers of one thread each, started and stopped by the benchmark."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.file = directory / "scheduler.json"
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> LocalDask:
        self._start([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(self.file)])
        deadline = time.monotonic() + 60
        while not self.file.exists():
            if time.monotonic() > deadline:
                raise SystemExit("the Dask scheduler did not start within 60 s")
            time.sleep(0.2)
        return self

    @property
    def address(self) -> str:
        return str(json.loads(self.file.read_text())["address"])

    def add_worker(self) -> None:
        """One more worker process with one thread; returns once the scheduler counts it."""
        from distributed import Client

        with Client(scheduler_file=str(self.file), timeout=30) as client:  # type: ignore[no-untyped-call]
            wanted = len(client.scheduler_info()["workers"]) + 1
            self._start([DASK, "worker", "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                         "--memory-limit", "0", "--scheduler-file", str(self.file)])
            client.wait_for_workers(wanted, timeout=120)

    def _start(self, command: list[str]) -> None:
        log = open(self.directory / f"process-{len(self.processes)}.log", "wb")  # noqa: SIM115 - lives with the process
        self.processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory))

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def fraud_rows() -> list[str]:
    """The fraud story under all five regimes for 200 seeds, in memory, on 1 and 2 worker processes."""
    from coinage.sweep import plan_sweep, run_sweep

    rows = []
    for workers in (1, 2):
        load = _load()
        sweep = plan_sweep("fraud", seeds=200)
        start = time.perf_counter()
        run_sweep(sweep, workers=workers)
        wall = time.perf_counter() - start
        rows.append(f"| fraud, 5 regimes x 200 seeds (in memory) | {workers} | {sweep.size} | {wall:.1f} | "
                    f"{sweep.size / wall:.1f} | - | {load:.2f}, {_load():.2f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds per regime (default 10: 50 runs; 100: 500 runs)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the main measurement (default 2)")
    parser.add_argument("--one-worker", action="store_true", help="also run with --workers 1")
    parser.add_argument("--dask", action="store_true", help="also run on a local Dask cluster, one worker then two")
    parser.add_argument("--fraud", action="store_true", help="also time the fraud story's 1,000 short runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    runs = REGIMES * args.seeds
    figures: list[dict[str, Any]] = []
    tables: list[bytes] = []
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as scratch:
        root = Path(scratch)

        def measure(label: str, workers: int, **where: Any) -> None:
            out = root / f"out-{len(figures)}"
            command = sweep_command(args.seeds, out, **where) if where else sweep_command(args.seeds, out, workers=workers)
            figure = timed_sweep(label, command) | {"workers": workers, "runs": runs}
            figures.append(figure)
            tables.append((out / "runs.csv").read_bytes())
            shutil.rmtree(out)

        print("running:", file=sys.stderr)
        measure(f"economy, 5 regimes x {args.seeds} seeds x 1,000 holders x 30 days", args.workers)
        if args.one_worker:
            measure(f"economy, 5 regimes x {args.seeds} seeds x 1,000 holders x 30 days", 1)
        if args.dask:
            with LocalDask(root) as cluster:
                for workers in (1, 2):
                    cluster.add_worker()
                    measure(f"economy, same sweep, Dask on 127.0.0.1, {workers} worker(s) of 1 thread", workers,
                            scheduler=cluster.address)
    identical = all(table == tables[0] for table in tables)
    lines = ["| sweep | workers | runs | wall (s) | runs/s | peak memory (MB) | load average (1 min) before, after |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for f in figures:
        peak = "-" if f["peak_mb"] is None else f"{f['peak_mb']:,}"
        lines.append(f"| {f['label']} | {f['workers']} | {f['runs']} | {f['wall_s']:.1f} | {f['runs'] / f['wall_s']:.3f} | "
                     f"{peak} | {f['load_before']:.2f}, {f['load_after']:.2f} |")
    if args.fraud:
        lines += fraud_rows()
    print("\n".join(lines))
    print(f"\ncommand (main row): {figures[0]['command']}")
    print(f"runs.csv byte-identical across the {len(tables)} sweeps: {'yes' if identical else 'NO'}; "
          f"{os.cpu_count()} cores")
    result: dict[str, Any] = {"figures": figures, "runs_csv_identical": identical}
    projection = _projection(figures, runs)
    if projection:
        result["projection"] = projection
        print("\n" + "\n".join(projection["lines"]))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    if not identical:
        raise SystemExit("runs.csv differed between sweeps")


def _projection(figures: list[dict[str, Any]], runs: int) -> dict[str, Any] | None:
    """Fixed cost F and per-run cost c from two sweeps of the same runs on 1 and 2 workers: T = F + runs * c / N."""
    dask = {f["workers"]: f["wall_s"] for f in figures if "Dask" in f["label"]}
    local = {f["workers"]: f["wall_s"] for f in figures if "Dask" not in f["label"]}
    pair, where = (dask, "Dask") if {1, 2} <= dask.keys() else (local, "worker processes")
    if not {1, 2} <= pair.keys():
        return None
    one, two = pair[1], pair[2]
    per_run = 2 * (one - two) / runs  # c, from T1 - T2 = runs * c / 2
    fixed = max(0.0, one - runs * per_run)
    lines = [f"speed-up of 2 workers over 1 ({where}, measured): {one / two:.2f}x "
             f"({one:.1f} s against {two:.1f} s for {runs} runs)",
             f"model from those two measurements: wall = {fixed:.1f} s fixed + runs x {per_run:.2f} s / workers "
             "(the fixed part does not scale: start-up, summary, report and charts)",
             "PROJECTION, not measured (the model above, idle cores, one worker per core):"]
    for total in (500, 5_000):
        cells = ", ".join(f"{n} workers {_minutes(fixed + total * per_run / n)}" for n in (1, 2, 4, 8, 16, 32))
        lines.append(f"  {total:,} runs: {cells}")
    return {"where": where, "speed_up": round(one / two, 3), "per_run_s": round(per_run, 3), "fixed_s": round(fixed, 1),
            "lines": lines}


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


if __name__ == "__main__":
    main()
