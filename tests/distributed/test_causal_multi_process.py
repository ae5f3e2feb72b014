"""tiny_causal on two CPU processes (gloo, torchrun), as test_multi_process.py does for BART: one run directory,
each evaluation example generated once (left-padded prompts gathered across ranks), the single process's losses."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from tests.conftest import REPO
from tests.distributed.test_multi_process import BIN, LAUNCHERS, RUN, launch, losses

CAUSAL_RUN = [*RUN, "model=tiny_causal", "model.max_target_length=16"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("torchrun", path=str(BIN)) is None, reason="torchrun not installed")
def test_tiny_causal_on_two_processes_matches_one_process(tmp_path):
    (tmp_path / "single").mkdir()
    (tmp_path / "ddp").mkdir()
    single = losses(launch([sys.executable, str(REPO / "run.py"), *CAUSAL_RUN, "trainer.per_device_train_batch_size=8"],
                           tmp_path / "single"))  # fmt: skip
    run_dir = launch([*LAUNCHERS["torchrun"], str(REPO / "run.py"), *CAUSAL_RUN, "trainer.per_device_train_batch_size=4"],
                     tmp_path / "ddp")  # fmt: skip
    assert (run_dir / "run-rank1.log").is_file()
    for step, (parallel, alone) in enumerate(zip(losses(run_dir), single, strict=True), start=1):
        assert parallel == pytest.approx(alone, rel=0.03), f"step {step}: {parallel} vs {alone}"
    predictions = [json.loads(line) for line in (run_dir / "predictions.jsonl").read_text().splitlines()]
    assert [p["id"] for p in predictions] == [f"ko-news-test-{i:05d}" for i in range(1, 8)]
    validation = (run_dir / "predictions_validation_final.jsonl").read_text().splitlines()
    assert len({json.loads(line)["id"] for line in validation}) == len(validation) == 7
