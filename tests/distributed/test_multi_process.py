"""Two CPU processes (gloo) through torchrun and accelerate launch: one run directory, one set of files,
every evaluation example predicted exactly once, and the true training loss (not multiplied by 2)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent
# 7 evaluation examples: not divisible by 2 processes, so padding duplicates would show.
RUN = ["debug=default", "logger=none", "evaluate_untrained=false", "trainer.max_steps=6", "trainer.logging_steps=1",
       "data.max_eval_samples=7", "data.max_test_samples=7", "sweep=none",
       # without smoothing the loss went through BART's own mean, which transformers 5 doubled on 2 ranks
       "trainer.label_smoothing_factor=0.0"]
LAUNCHERS = {
    "torchrun": [str(BIN / "torchrun"), "--nproc_per_node", "2"],
    # --cpu with 2 processes silently starts one; --multi_gpu goes through torchrun and works on CPU
    "accelerate": [str(BIN / "accelerate"), "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
                   "--mixed_precision", "no", "--dynamo_backend", "no"],
}


def launch(command: list[str], cwd: Path) -> Path:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    env.pop("SUMMARIZER_RUN_STAMP", None)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=env, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    run_dirs = [p.parent for p in (cwd / "outputs").glob("*/*/config.yaml")]
    assert len(run_dirs) == 1, f"expected one run directory, found {run_dirs}"
    return run_dirs[0]


def losses(run_dir: Path) -> list[float]:
    return [json.loads(line)["loss"] for line in (run_dir / "training_log.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def single_process_losses(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("single")
    run_dir = launch([sys.executable, str(REPO / "run.py"), *RUN, "trainer.per_device_train_batch_size=8"], cwd)
    return losses(run_dir)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("torchrun", path=str(BIN)) is None, reason="torchrun not installed")
@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
def test_two_processes_share_one_run_and_log_the_true_loss(launcher, single_process_losses, tmp_path):
    run_dir = launch([*LAUNCHERS[launcher], str(REPO / "run.py"), *RUN, "trainer.per_device_train_batch_size=4"],
                     tmp_path)
    assert (run_dir / "run.log").is_file() and (run_dir / "run-rank1.log").is_file()
    log = [json.loads(line) for line in (run_dir / "training_log.jsonl").read_text().splitlines()]
    assert [entry["step"] for entry in log] == [1, 2, 3, 4, 5, 6]  # written once, by rank 0
    assert log[0]["epoch"] == pytest.approx(8 / 64)  # 2 processes x 4 = the single process's batch of 8
    for step, (parallel, single) in enumerate(zip(losses(run_dir), single_process_losses, strict=True), start=1):
        assert parallel == pytest.approx(single, rel=0.03), f"step {step}: {parallel} vs {single}"
    predictions = [json.loads(line) for line in (run_dir / "predictions.jsonl").read_text().splitlines()]
    ids = [p["id"] for p in predictions]
    assert ids == [f"ko-news-test-{i:05d}" for i in range(1, 8)]  # each test example once, in order
    validation = [json.loads(line) for line in (run_dir / "predictions_validation_final.jsonl").read_text().splitlines()]
    assert len({p["id"] for p in validation}) == len(validation) == 7
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["final"]["test"]["info"]["num_examples"] == 7
