"""The default run, end to end, exactly as `make run` starts it (slow: ~2 minutes on 2 CPU cores)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.wandb_records import find_offline_runs, read_offline_run


@pytest.mark.slow
def test_default_run_learns_and_records_everything(tmp_path):
    run_dir = tmp_path / "default"
    result = subprocess.run(
        [sys.executable, "run.py", f"hydra.run.dir={run_dir}"], cwd=REPO, capture_output=True, text=True,
        timeout=900, env={**os.environ, "WANDB_MODE": "offline"}, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads((run_dir / "metrics.json").read_text())
    untrained, trained = metrics["untrained"]["test"]["rouge1_kiwi"], metrics["final"]["test"]["rouge1_kiwi"]
    assert trained >= 30, trained
    assert trained >= 2 * untrained, (untrained, trained)
    assert metrics["learning_check"]["rouge1_kiwi"] == {"untrained": untrained, "trained": trained}
    assert "Test split, untrained -> trained" in result.stdout
    assert len(metrics["during_training"]) >= 2  # an evaluation curve
    sweep = json.loads((run_dir / "sweep.json").read_text())
    assert [row["length_penalty"] for row in sweep["rows"]] == [0.6, 0.8, 1.0, 1.2, 1.5, 2.0]
    saved = json.loads((run_dir / "model" / "generation_config.json").read_text())
    assert saved["length_penalty"] == sweep["best"]["length_penalty"]
    record = read_offline_run(find_offline_runs(run_dir)[0])
    assert record.logged("final/test/rouge1_kiwi") == [trained]
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    assert peak_gib < 4, f"peak memory {peak_gib:.1f} GiB"
