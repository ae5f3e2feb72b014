"""Kill a training run (SIGKILL) between and during checkpoint saves, resume it, and get exactly the
uninterrupted run's results (same seed, CPU)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

INJECT = Path(__file__).parent / "inject"  # a sitecustomize that SIGKILLs at KILL_AT=step:N / save:N
RUN = ["debug=default", "logger=none", "evaluate_untrained=false", "trainer.max_steps=12", "trainer.save_strategy=steps",
       "trainer.save_steps=4", "trainer.eval_strategy=steps", "trainer.eval_steps=4", "trainer.save_total_limit=2",
       "data.max_eval_samples=4", "data.max_test_samples=4", "sweep=none"]
VOLATILE = ("runtime", "samples_per_second", "steps_per_second", "info", "model_preparation_time")


def run(*overrides: str, kill_at: str | None = None, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if kill_at:
        env.update(PYTHONPATH=str(INJECT), KILL_AT=kill_at)
    return subprocess.run([sys.executable, str(REPO / "run.py"), *RUN, *overrides], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def stable(figures: dict) -> dict:
    return {key: value for key, value in figures.items() if not key.endswith(VOLATILE) and key not in VOLATILE}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("full")
    result = run("hydra.run.dir=runs/full", cwd=cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    return cwd / "runs" / "full"


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["step:6", "save:8"], ids=["between-saves", "during-a-save"])
def test_a_killed_run_resumes_to_the_uninterrupted_result(kill_at, uninterrupted, tmp_path):
    killed = run("hydra.run.dir=runs/killed", kill_at=kill_at, cwd=tmp_path)
    assert killed.returncode == -9, killed.stderr[-2000:]  # SIGKILL
    run_dir = tmp_path / "runs" / "killed"
    if kill_at.startswith("save"):
        assert (run_dir / "checkpoints" / "checkpoint-8" / "model.safetensors").exists()
        assert not (run_dir / "checkpoints" / "checkpoint-8" / "optimizer.pt").exists()  # half-written
    resumed = run(f"resume={run_dir}", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    if kill_at.startswith("save"):
        assert "checkpoint-8 was left half-written" in resumed.stdout + resumed.stderr
        assert (run_dir / "checkpoints" / "incomplete-checkpoint-8").is_dir()
    assert "Resuming from" in resumed.stdout + resumed.stderr and "checkpoint-4" in resumed.stdout + resumed.stderr
    full, again = (json.loads((d / "metrics.json").read_text()) for d in (uninterrupted, run_dir))
    assert [stable(e) for e in again["during_training"]] == [stable(e) for e in full["during_training"]]
    for split in ("validation", "test"):
        assert stable(again["final"][split]) == stable(full["final"][split])
    assert (run_dir / "training_log.jsonl").read_text() == (uninterrupted / "training_log.jsonl").read_text()
    assert (run_dir / "predictions.jsonl").read_text() == (uninterrupted / "predictions.jsonl").read_text()


@pytest.mark.slow
def test_checkpoints_are_limited_but_the_best_is_kept(uninterrupted):
    kept = sorted(p.name for p in (uninterrupted / "checkpoints").iterdir())
    assert len(kept) <= 2 and "checkpoint-12" in kept
    state = json.loads((uninterrupted / "checkpoints" / "checkpoint-12" / "trainer_state.json").read_text())
    assert state["best_model_checkpoint"] and Path(state["best_model_checkpoint"]).name in kept
    assert all((uninterrupted / "checkpoints" / name / "COMPLETE").is_file() for name in kept)


def test_resuming_a_directory_without_checkpoints_is_a_clear_error(tmp_path):
    from summarizer.errors import ConfigError
    from summarizer.training.resume import checkpoint_to_resume

    with pytest.raises(ConfigError, match="has no checkpoints/ directory"):
        checkpoint_to_resume(str(tmp_path), tmp_path)
    assert checkpoint_to_resume(None, tmp_path) is None


def test_resume_true_picks_the_latest_run_of_the_same_name_with_checkpoints(tmp_path, monkeypatch):
    import time

    from summarizer.config import resume_run_dir

    monkeypatch.chdir(tmp_path)
    older = tmp_path / "outputs" / "2026-01-01" / "10-00-00-tiny_bart-news" / "checkpoints"
    newer = tmp_path / "outputs" / "2026-01-02" / "09-00-00-tiny_bart-news" / "checkpoints"
    other = tmp_path / "outputs" / "2026-01-03" / "09-00-00-tiny_t5-news" / "checkpoints"
    for directory in (older, newer, other):
        directory.mkdir(parents=True)
        time.sleep(0.01)
    assert resume_run_dir(True, "tiny_bart-news", "fresh") == str(newer.parent.relative_to(tmp_path))
    assert resume_run_dir(True, "mt5_small-news", "fresh") == "fresh"
    assert resume_run_dir(None, "tiny_bart-news", "fresh") == "fresh"
