"""The sweep notebook runs a small economy sweep top to bottom on a fresh kernel and shows the runs table, the summary and the trade-off;
it is committed with the outputs that run gives (`python scripts/run_notebooks.py` regenerates them)."""

from __future__ import annotations

from pathlib import Path

from test_notebook import _execute, _outputs

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "sweep.ipynb"


def test_sweep_notebook_runs_and_plots_the_trade_off() -> None:
    """Executed from a clean kernel, every cell succeeds and the committed outputs equal the run's; it prints the
    plan's size, shows both tables over the policy grid, and the trade-off and innocent holder-days charts."""
    nb = _execute(NOTEBOOK)
    assert _outputs(nb, "error") == []
    text = "".join(o.text for o in _outputs(nb, "stream") if o.name == "stdout")
    assert "16 runs: 2 regimes x 4 grid points x 2 seeds" in text
    rich = _outputs(nb, "display_data") + _outputs(nb, "execute_result")
    markdown = "".join(o.data.get("text/markdown", "") for o in rich)
    assert "| regime | seed | authority_error_rate | provisional_freeze_days |" in markdown
    assert "| due-process | authority_error_rate=0.5, provisional_freeze_days=7.0, fraud_rate=100.0 | 2 |" in markdown
    assert len([o for o in rich if "image/png" in o.data]) == 2
