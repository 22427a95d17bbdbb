"""Sweeps: the plan, the runs table (the same bytes however it runs), resume, the summary and the report."""

from __future__ import annotations

import json
import math
import statistics
import os
from pathlib import Path

import pytest

from coinage.errors import InvalidInput, UnknownName
from coinage.experiments import EXPERIMENTS, Experiment, Parameter, RunSpec, outcome_metrics
from coinage.metrics import METRICS, Value, definitions
from coinage.scenarios import run_scenario
from coinage.sweep import LOG_NAME, MAX_RUNS, TABLE_NAME, RunLog, estimate, format_estimate, plan_sweep, run_sweep
from coinage.sweep import runner

SMALL = {"regimes": ["issuer-controlled", "due-process"], "seeds": 3}
"""A small grid of the fraud story: two regimes, three seeds, six runs of a tenth of a second each."""


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The runs table of the small grid, run inline in this process."""
    out = tmp_path_factory.mktemp("inline")
    run_sweep(plan_sweep("fraud", **SMALL), out=out, workers=1)  # type: ignore[arg-type]
    return (out / TABLE_NAME).read_bytes()


class ToyExperiment(Experiment):
    """A model small enough to compute by hand: recovery rises with `accuracy`, harm with `freeze_days`."""

    def run(self, spec: RunSpec) -> dict[str, Value]:
        stolen = 100 * (spec.seed + 1)
        return {"stolen": stolen, "recovered": stolen * float(spec.params["accuracy"]), "innocent_frozen_days": int(spec.params["freeze_days"])}


TOY = ToyExperiment(
    "toy",
    "A toy with two parameters",
    EXPERIMENTS["fraud"].regimes[:2],
    (
        Parameter("accuracy", float, 0.9, "", "share of freezes that hit the guilty", minimum=0.0, maximum=1.0, source="illustrative"),
        Parameter("freeze_days", int, 3, "days", "how long a provisional freeze lasts", minimum=1, maximum=30, source="illustrative"),
    ),
    ("stolen", "recovered", "innocent_frozen_days"),
    (10, 10, 1000),
    (1, 1, 30),
)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Experiment:
    """The toy experiment, registered for the duration of one test."""
    monkeypatch.setitem(EXPERIMENTS, "toy", TOY)
    return TOY


def test_table_is_the_same_with_two_workers(reference: bytes, tmp_path: Path) -> None:
    """Two worker processes, finishing runs in any order, write the same runs table byte for byte as one."""
    run_sweep(plan_sweep("fraud", **SMALL), out=tmp_path, workers=2)  # type: ignore[arg-type]
    assert (tmp_path / TABLE_NAME).read_bytes() == reference


def test_sweep_files_follow_the_umask(tmp_path: Path) -> None:
    """The sweep's report files get the umask's mode, as compare's do, not tempfile's 0600."""
    run_sweep(plan_sweep("fraud", regimes=["permissionless"], seeds=1), out=tmp_path, workers=1)
    umask = os.umask(0)
    os.umask(umask)
    written = [p for p in tmp_path.iterdir() if p.name != LOG_NAME]
    assert written and all(p.stat().st_mode & 0o777 == 0o666 & ~umask for p in written)


def test_table_rows_are_the_stories_own_figures(reference: bytes) -> None:
    """Each row holds exactly the figures of `run_scenario` for its regime and seed, in canonical order."""
    lines = reference.decode().splitlines()
    assert lines[0] == "experiment,regime,seed,holders,days,stolen,recovered,recovered_share,lost,frozen_peak,innocent_hit,innocent_frozen,innocent_frozen_days,hours_to_act,blocks_to_act,hours_to_recover,could_act_alone,control_gas"
    assert [tuple(line.split(",")[1:3]) for line in lines[1:]] == [
        (regime, str(seed)) for regime in ("issuer-controlled", "due-process") for seed in range(3)
    ]
    due_process_seed_1 = dict(zip(lines[0].split(","), lines[5].split(",")))
    story = outcome_metrics(run_scenario("fraud", "due-process", seed=1))
    assert {key: due_process_seed_1[key] for key in story} == {key: "" if v is None else str(v) for key, v in story.items()}


def test_resume_skips_finished_runs_and_gives_the_same_table(reference: bytes, tmp_path: Path) -> None:
    """A sweep whose first runs are already logged (and whose log ends in a torn line) runs only the rest."""
    run_sweep(plan_sweep("fraud", regimes=["issuer-controlled"], seeds=2), out=tmp_path, workers=1)
    with open(tmp_path / LOG_NAME, "ab") as log:
        log.write(b'{"key": "half a line')  # what a crash in the middle of a write would leave
    calls: list[tuple[int, int]] = []
    result = run_sweep(plan_sweep("fraud", **SMALL), out=tmp_path, workers=1, progress=lambda d, t: calls.append((d, t)))  # type: ignore[arg-type]
    assert result.skipped == 2
    assert calls[0] == (2, 6) and calls[-1] == (6, 6) and len(calls) == 5
    assert (tmp_path / TABLE_NAME).read_bytes() == reference
    assert all(json.loads(line) for line in (tmp_path / LOG_NAME).read_text().splitlines())


def test_nothing_runs_when_out_is_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An --out that cannot be a directory fails with OSError naming it, before any run starts."""
    ran: list[RunSpec] = []
    monkeypatch.setattr(runner, "run_experiment", lambda spec: ran.append(spec) or {})
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(OSError, match="cannot write the sweep into"):
        run_sweep(plan_sweep("fraud", seeds=2), out=tmp_path / "file" / "out", workers=1)
    assert ran == []


def test_grid_is_checked_before_anything_runs(toy: Experiment) -> None:
    """Unknown parameters, values outside a domain, repeated --set, bad sizes and huge grids are refused in one line."""
    with pytest.raises(UnknownName, match="toy has no parameter 'acuracy'; its parameters: accuracy, freeze_days"):
        plan_sweep("toy", settings=["acuracy=0.5"])
    with pytest.raises(InvalidInput, match="accuracy lies in 0 to 1, not 1.5"):
        plan_sweep("toy", settings=["accuracy=0.5,1.5"])
    with pytest.raises(InvalidInput, match="freeze_days is a whole number"):
        plan_sweep("toy", settings=["freeze_days=2.5"])
    with pytest.raises(InvalidInput, match="given twice"):
        plan_sweep("toy", settings=["accuracy=0.5", "accuracy=0.7"])
    with pytest.raises(InvalidInput, match="--set takes name=value1,value2"):
        plan_sweep("toy", settings=["accuracy"])
    with pytest.raises(InvalidInput, match="holders is between 10 and 1,000, not 5"):
        plan_sweep("toy", holders=5)
    with pytest.raises(InvalidInput, match="does not apply under sovereign"):
        plan_sweep("toy", regimes=["sovereign"])
    huge = plan_sweep("toy", seeds=MAX_RUNS // 2 + 1, allow_large=True)
    assert huge.size == 2 * (MAX_RUNS // 2 + 1)
    with pytest.raises(InvalidInput, match=r"holds 100,002 runs, more than 100,000; pass --yes"):
        plan_sweep("toy", seeds=MAX_RUNS // 2 + 1)


def test_grid_order_and_summary_by_hand(toy: Experiment, tmp_path: Path) -> None:
    """A 2 x 2 grid over two regimes and three seeds: 24 rows in canonical order, means as computed by hand, intervals within the runs' range."""
    plan = plan_sweep("toy", seeds=3, seed=10, settings=["accuracy=1,0.5", "freeze_days=1,7"])
    result = run_sweep(plan, out=tmp_path, workers=1)
    rows = result.rows
    assert len(rows) == 24 and [row["seed"] for row in rows[:3]] == [10, 11, 12]
    assert [(row["accuracy"], row["freeze_days"]) for row in rows[:12:3]] == [(1.0, 1), (1.0, 7), (0.5, 1), (0.5, 7)]
    cell = result.summary.cells[2]  # first regime, accuracy 0.5, freeze_days 1
    assert cell.label() == "accuracy=0.5, freeze_days=1" and cell.runs == 3
    recovered = cell.estimates["recovered"]
    assert recovered is not None
    # stolen is 1100, 1200, 1300; half of it comes back: 550, 600, 650; mean 600. A bootstrap mean of three
    # runs is one of the ten means of three draws, so the interval's ends lie between 550 and 650.
    assert recovered.mean == pytest.approx(600)
    assert 550 <= recovered.low < 600 < recovered.high <= 650
    days = cell.estimates["innocent_frozen_days"]
    assert days is not None and (days.mean, days.half_width) == (1, 0)

    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["grid"] == {"accuracy": [1.0, 0.5], "freeze_days": [1, 7]}
    assert summary["cells"][2]["metrics"]["recovered"]["mean"] == pytest.approx(600)
    report = (tmp_path / "report.md").read_text()
    for line in definitions(toy.metrics):
        assert line in report
    for parameter in toy.parameters:
        assert parameter.describe() in report
    for name in ("trade-off.png", "metric-recovered.png", "metric-stolen.png", "metric-innocent_frozen_days.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG"), name
        assert f"]({name})" in report


def test_intervals_never_leave_the_metrics_domain() -> None:
    """Skewed runs near zero give an interval that stays at or above zero (a t interval would go below), the same on every call."""
    runs = [0.0] * 8 + [1000.0, 0.0]
    interval = estimate(runs, METRICS["stolen"].domain)
    assert interval is not None and interval.low >= 0 and interval.high <= 1000
    assert interval.mean - 1.96 * statistics.stdev(runs) / math.sqrt(len(runs)) < 0, "the case a symmetric interval gets wrong"
    assert estimate(runs, METRICS["stolen"].domain) == interval == estimate(list(reversed(runs)), METRICS["stolen"].domain)
    shares = estimate([1.0, 1.0, 1.0, 0.0, 1.0], METRICS["recovered_share"].domain)
    assert shares is not None and 0 <= shares.low <= shares.high <= 1
    assert format_estimate("stolen", interval).endswith("]") and "±" not in format_estimate("stolen", interval)


def test_estimate_of_one_run_and_of_none() -> None:
    """One run has a zero-width interval; no runs have no estimate."""
    one = estimate([4.0])
    assert one is not None and (one.mean, one.low, one.high) == (4.0, 4.0, 4.0)
    assert estimate([]) is None


def test_run_log_reopens_what_it_wrote(tmp_path: Path) -> None:
    """Every appended run is read back as the same row by the next RunLog on the directory."""
    spec = EXPERIMENTS["fraud"].spec("sovereign", seed=7)
    with RunLog(tmp_path) as log:
        row = log.append(spec, {"recovered": 5, "blocks_to_act": None, "could_act_alone": "central_bank"})
    with RunLog(tmp_path) as again:
        assert list(again.finished.values()) == [row]


def test_corrupt_log_is_one_clear_error(tmp_path: Path) -> None:
    """A complete but unreadable line in the log is refused, naming the file and line, not silently dropped."""
    (tmp_path / LOG_NAME).write_text('{"key": "a", "row": {}}\nnot json\n')
    with pytest.raises(InvalidInput, match=rf"{LOG_NAME}:2 is not a finished run"):
        RunLog(tmp_path)


def test_compare_over_seeds_averages_each_cell() -> None:
    """`compare_seeds` gives, per scenario and regime, the mean of the scripted runs' own figures over the seeds."""
    from coinage.report import seeded_markdown
    from coinage.sweep import compare_seeds

    comparison = compare_seeds("fraud", ["due-process", "sovereign"], seeds=2, seed=4, workers=1)
    assert [(name, cell.regime.slug, cell.runs) for name, cell in comparison.cells] == [("fraud", "due-process", 2), ("fraud", "sovereign", 2)]
    outcomes = [run_scenario("fraud", "due-process", seed=seed) for seed in (4, 5)]
    recovered = comparison.cells[0][1].estimates["recovered"]
    assert recovered is not None and recovered.mean == sum(o.funds_recovered for o in outcomes) / 2
    assert comparison.cells[0][1].actors["could_act_alone"] == "nobody"
    assert seeded_markdown(comparison).splitlines()[2].startswith("| fraud | due-process | 2 | ")


def test_method_doc_example_is_the_tools_output() -> None:
    """The example table in docs/method.md is what `coinage sweep fraud --seeds 5` prints today."""
    from coinage.sweep import summary_markdown

    doc = (Path(__file__).resolve().parent.parent / "docs" / "method.md").read_text()
    quoted = doc.split("<!-- sweep-example:start -->\n", 1)[1].split("<!-- sweep-example:end -->", 1)[0]
    assert quoted == summary_markdown(run_sweep(plan_sweep("fraud", seeds=5), workers=2).summary)


def test_regimes_all_or_none_mean_every_regime_the_experiment_applies_to() -> None:
    """`--regime all` and no --regime both give the experiment's regimes, in the contract's order; named ones keep that order too."""
    every = tuple(sorted(EXPERIMENTS["sovereign"].regimes))
    assert plan_sweep("sovereign").regimes == plan_sweep("sovereign", regimes=["all"]).regimes == every
    assert [r.slug for r in every] == ["regulator-controlled", "sovereign"]
    assert [r.slug for r in plan_sweep("fraud", regimes=["sovereign", "permissionless"]).regimes] == ["permissionless", "sovereign"]
