"""Kill a training run (SIGKILL) between and during checkpoint saves, resume it, and get exactly the
uninterrupted run's results (same seed, CPU)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

INJECT = Path(__file__).parent / "inject"  # a sitecustomize that SIGKILLs at KILL_AT=step:N / save:N
RUN = ["debug=default", "logger=none", "evaluate_untrained=false", "trainer.max_steps=12", "trainer.save_strategy=steps",
       "trainer.save_steps=4", "trainer.eval_strategy=steps", "trainer.eval_steps=4", "trainer.save_total_limit=2",
       "data.max_eval_samples=4", "data.max_test_samples=4", "sweep=none",
       "speed.length_grouped=true"]  # grouped batches (auto leaves them off on CPU) must resume exactly too
VOLATILE = ("runtime", "samples_per_second", "steps_per_second", "tokens_per_second", "mfu", "info",
            "model_preparation_time")


def run(*overrides: str, kill_at: str | None = None, cwd: Path, own_wandb_service: bool = True) -> subprocess.CompletedProcess:
    # As from a shell: each run starts its own W&B service (one inherited from this process would still hold
    # the killed run's id).
    env = {key: value for key, value in os.environ.items() if key != "WANDB_SERVICE" or not own_wandb_service}
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
    # Same losses and the same padding shares at every step: the same (length-grouped) batches, in the same order.
    logs = [[stable(json.loads(line)) for line in (d / "training_log.jsonl").read_text().splitlines()]
            for d in (uninterrupted, run_dir)]
    assert logs[1] == logs[0] and "source_padding_share" in logs[0][0]
    assert (run_dir / "predictions.jsonl").read_text() == (uninterrupted / "predictions.jsonl").read_text()


@pytest.mark.slow
def test_a_killed_decoder_only_lora_run_resumes_to_the_uninterrupted_result_in_one_wandb_run(tmp_path):
    """tiny_causal with LoRA (its checkpoints hold the adapter only) logging to W&B offline: kill, resume, and the
    figures, predictions and W&B record are those of the uninterrupted run (issue 17: resume and W&B as for seq2seq)."""
    from tests.wandb_records import find_offline_runs, read_offline_run

    causal = ["model=tiny_causal", "peft=lora", "optimizer.lr=1e-2", "model.max_target_length=16", "logger=wandb",
              "logger.mode=offline"]
    full = run(*causal, "hydra.run.dir=runs/full", cwd=tmp_path)
    assert full.returncode == 0, full.stderr[-3000:]
    killed = run(*causal, "hydra.run.dir=runs/killed", kill_at="step:6", cwd=tmp_path)
    assert killed.returncode == -9, killed.stderr[-2000:]
    run_dir, uninterrupted = tmp_path / "runs" / "killed", tmp_path / "runs" / "full"
    assert (run_dir / "checkpoints" / "checkpoint-4" / "adapter_model.safetensors").is_file()  # a LoRA checkpoint
    resumed = run(*causal, f"resume={run_dir}", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "Resuming from" in resumed.stdout + resumed.stderr
    full_figures, again = (json.loads((d / "metrics.json").read_text()) for d in (uninterrupted, run_dir))
    assert [stable(e) for e in again["during_training"]] == [stable(e) for e in full_figures["during_training"]]
    assert stable(again["final"]["test"]) == stable(full_figures["final"]["test"])
    assert (run_dir / "predictions.jsonl").read_text() == (uninterrupted / "predictions.jsonl").read_text()
    offline = find_offline_runs(run_dir)
    assert len(offline) == 2 and len({p.name.rsplit("-", 1)[-1] for p in offline}) == 1  # one W&B run, resumed
    (whole,) = find_offline_runs(uninterrupted)
    test_rouge = again["final"]["test"]["rouge1_kiwi"]
    assert read_offline_run(offline[-1]).logged("final/test/rouge1_kiwi") == [test_rouge]
    assert read_offline_run(whole).logged("final/test/rouge1_kiwi") == [test_rouge]
    assert read_offline_run(whole).config["model"]["name"] == "tiny_causal"


@pytest.mark.slow
def test_checkpoints_are_limited_but_the_best_is_kept(uninterrupted):
    kept = sorted(p.name for p in (uninterrupted / "checkpoints").iterdir())
    assert len(kept) <= 2 and "checkpoint-12" in kept
    state = json.loads((uninterrupted / "checkpoints" / "checkpoint-12" / "trainer_state.json").read_text())
    assert state["best_model_checkpoint"] and Path(state["best_model_checkpoint"]).name in kept
    assert all((uninterrupted / "checkpoints" / name / "COMPLETE").is_file() for name in kept)


def make_run(outputs: Path, stamp: str, run_name: str, *, checkpoints=(), complete=True, finished=False,
             config: dict | None = None) -> Path:
    """A run directory as a run leaves it: config.yaml, checkpoints/checkpoint-N (COMPLETE or half-written),
    metrics.json with a final test score when it finished."""
    run_dir = outputs / stamp.split("/")[0] / f"{stamp.split('/')[1]}-{run_name}"
    run_dir.mkdir(parents=True)
    (run_dir / "config.yaml").write_text(yaml.safe_dump(config or {"run_name": run_name, "seed": 42}))
    (run_dir / "checkpoints").mkdir()  # evaluate and sweep runs leave an empty one too
    for step in checkpoints:
        checkpoint = run_dir / "checkpoints" / f"checkpoint-{step}"
        checkpoint.mkdir()
        if complete:
            (checkpoint / "COMPLETE").write_text(f"step {step}\n")
    if finished:
        (run_dir / "metrics.json").write_text(json.dumps({"final": {"test": {"rougeL_kiwi": 40.0}}}))
    return run_dir


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """debug, evaluate, sweep, finished, half-written and interrupted runs of one name, and another name's."""
    monkeypatch.chdir(tmp_path)
    outputs = Path("outputs")
    name = "tiny_bart-bundled"
    made = {
        "finished": make_run(outputs, "2026-01-01/08-00-00", name, checkpoints=[4, 8], finished=True),
        "interrupted": make_run(outputs, "2026-01-01/09-00-00", name, checkpoints=[4]),
        "debug": make_run(outputs, "2026-01-01/10-00-00", name),
        "evaluate": make_run(outputs, "2026-01-01/11-00-00", name, finished=True),
        "sweep": make_run(outputs, "2026-01-01/12-00-00", name, finished=True),
        "half_written": make_run(outputs, "2026-01-01/13-00-00", name, checkpoints=[4], complete=False),
        "other_name": make_run(outputs, "2026-01-01/14-00-00", "tiny_t5-bundled", checkpoints=[4]),
        "suffix_name": make_run(outputs, "2026-01-01/15-00-00", "x-tiny_bart-bundled", checkpoints=[4]),
    }
    return name, made


def test_resume_true_picks_the_latest_interrupted_run_of_the_same_name(runs):
    from summarizer.config import resume_run_dir
    from summarizer.training.resume import find_resumable_run, why_not_resumable

    name, made = runs
    assert find_resumable_run(name) == made["interrupted"]
    assert resume_run_dir(True, name, "fresh") == str(made["interrupted"])
    assert why_not_resumable(made["debug"]) == why_not_resumable(made["sweep"]) == "no complete checkpoint"
    assert why_not_resumable(made["finished"]).startswith("finished")
    assert why_not_resumable(made["half_written"]) == "no complete checkpoint"
    assert resume_run_dir(True, "mt5_small-bundled", "fresh") == "fresh"
    assert resume_run_dir(None, name, "fresh") == "fresh"
    assert resume_run_dir(str(made["debug"]), name, "fresh") == str(made["debug"])


def test_resume_true_with_nothing_to_continue_says_why_for_each_run_of_that_name(runs, tmp_path):
    from summarizer.errors import ConfigError
    from summarizer.training.resume import check_resumable

    name, made = runs
    (made["interrupted"] / "metrics.json").write_text(json.dumps({"final": {"test": {}}}))  # it finished after all
    with pytest.raises(ConfigError, match="no run named 'tiny_bart-bundled' under outputs/ can be continued") as error:
        check_resumable(True, tmp_path / "fresh", name, {"run_name": name}, saved=None)
    assert str(made["debug"]) + ": no complete checkpoint" in str(error.value)
    assert str(made["evaluate"]) + ": no complete checkpoint" in str(error.value)
    assert "tiny_t5" not in str(error.value)


@pytest.mark.parametrize("which", ["debug", "evaluate", "finished", "half_written"])
def test_resuming_a_run_that_cannot_be_continued_is_refused_before_anything_is_written(runs, which):
    from summarizer.errors import ConfigError
    from summarizer.training.resume import check_resumable

    name, made = runs
    before = {p: p.read_bytes() for p in made[which].rglob("*") if p.is_file()}
    with pytest.raises(ConfigError, match="cannot be continued"):
        check_resumable(str(made[which]), made[which], name, {"run_name": name, "seed": 42},
                        saved={"run_name": name, "seed": 42})
    assert {p: p.read_bytes() for p in made[which].rglob("*") if p.is_file()} == before


def test_only_resume_safe_keys_may_change():
    from summarizer.training.resume import config_changes

    saved = {"seed": 42, "optimizer": {"lr": 5e-4}, "trainer": {"max_steps": 100, "dataloader_num_workers": 0},
             "logger": {"backend": "wandb"}, "resume": None, "sweep": {"length_penalties": [1.0]}}
    safe = {**saved, "logger": {"backend": "none"}, "resume": True, "sweep": {"length_penalties": [0.8, 1.2]},
            "trainer": {"max_steps": 100, "dataloader_num_workers": 2}}
    assert config_changes(saved, safe) == []
    changed = {**safe, "optimizer": {"lr": 1e-3}, "trainer": {"max_steps": 4}}
    assert config_changes(saved, changed) == ["optimizer.lr: 0.0005 -> 0.001", "trainer.max_steps: 100 -> 4"]


def test_a_changed_config_is_refused_naming_both_runs(runs):
    from summarizer.errors import ConfigError
    from summarizer.training.resume import check_resumable

    name, made = runs
    with pytest.raises(ConfigError) as error:
        check_resumable(True, made["interrupted"], name, {"run_name": name, "seed": 1},
                        saved={"run_name": name, "seed": 42})
    assert str(made["interrupted"]) in str(error.value) and "seed: 42 -> 1" in str(error.value)


def test_resuming_in_a_mode_that_does_not_train_is_refused(tmp_path):
    from summarizer.errors import ConfigError
    from summarizer.pipeline import check_resume
    from tests.conftest import compose_config

    cfg = compose_config(["mode=evaluate", "model.name_or_path=somewhere", "resume=true"], output_dir=tmp_path)
    with pytest.raises(ConfigError, match="does not train"):
        check_resume(cfg)


def test_the_wandb_run_of_a_resumed_run_is_found_by_its_directory(tmp_path):
    from summarizer.tracking.wandb_run import previous_run_id

    assert previous_run_id(tmp_path) is None
    for name in ("offline-run-20260101_090000-first111", "offline-run-20260102_090000-again222", "latest-run"):
        (tmp_path / "wandb" / name).mkdir(parents=True)
    assert previous_run_id(tmp_path) == "again222"


@pytest.mark.slow
def test_resume_true_continues_the_interrupted_run_not_a_later_debug_run(tmp_path):
    wandb = ["logger=wandb", "logger.mode=offline"]
    killed = run(*wandb, kill_at="step:6", cwd=tmp_path)
    assert killed.returncode == -9, killed.stderr[-2000:]
    (interrupted,) = [p for p in (tmp_path / "outputs").glob("*/*") if (p / "checkpoints").is_dir()]
    debug = subprocess.run([sys.executable, str(REPO / "run.py"), "debug=default", "data.max_eval_samples=4",
                            "data.max_test_samples=4", "sweep=none"], cwd=tmp_path, capture_output=True, text=True,
                           timeout=600, check=False)
    assert debug.returncode == 0, debug.stderr[-2000:]
    (debug_dir,) = [p for p in (tmp_path / "outputs").glob("*/*") if p != interrupted]
    debug_files = {p: p.read_bytes() for p in debug_dir.rglob("*") if p.is_file()}
    overrides = (interrupted / ".hydra" / "overrides.yaml").read_text()

    refused = run(*wandb, "resume=true", "optimizer.lr=1e-3", cwd=tmp_path)
    said = refused.stdout + refused.stderr
    where = interrupted.name
    assert refused.returncode == 1 and where in said and "optimizer.lr: 0.002 -> 0.001" in said
    assert "Traceback" not in said and not (interrupted / "error.txt").exists()

    resumed = run(*wandb, "resume=true", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    said = resumed.stdout + resumed.stderr
    assert "Resuming from" in said and where in said
    assert "There were missing keys" not in said  # the tied embeddings are not missing
    assert {p: p.read_bytes() for p in debug_dir.rglob("*") if p.is_file()} == debug_files
    assert (interrupted / ".hydra" / "overrides.yaml").read_text() == overrides  # its own record stays
    assert list(interrupted.glob(".hydra-resumed-*/overrides.yaml"))
    assert "test" in json.loads((interrupted / "metrics.json").read_text())["final"]
    wandb_runs = sorted((interrupted / "wandb").glob("offline-run-*"))
    assert len(wandb_runs) == 2 and len({p.name.rsplit("-", 1)[-1] for p in wandb_runs}) == 1  # one W&B run


def test_the_interrupt_message_says_what_is_kept_and_the_command_that_continues(tmp_path):
    from summarizer.training.resume import interrupted_message

    run_dir = make_run(tmp_path, "2026-01-01/09-00-00", "tiny_bart-bundled", checkpoints=[4, 8])
    (run_dir / "metrics.json").write_text("{}")
    message = interrupted_message(run_dir, ["optimizer.lr=1e-3", "resume=true", "tags=[a b]"])
    assert message == (f"Interrupted; {run_dir} keeps checkpoint-8 (step 8), metrics.json. Continue with: "
                       f"python run.py optimizer.lr=1e-3 'tags=[a b]' resume={run_dir}")
    bare = make_run(tmp_path, "2026-01-01/10-00-00", "tiny_bart-bundled", checkpoints=[4], complete=False)
    assert "Nothing to resume" in interrupted_message(bare, [])


@pytest.mark.slow
def test_ctrl_c_prints_one_line_whose_command_continues_the_run(tmp_path):
    interrupted = run("hydra.run.dir=runs/interrupted", kill_at="interrupt:6", cwd=tmp_path)
    assert interrupted.returncode == 130, interrupted.stderr[-2000:]
    assert "Traceback" not in interrupted.stderr and "KeyboardInterrupt" not in interrupted.stderr
    (line,) = [line for line in interrupted.stderr.splitlines() if line.startswith("Interrupted")]
    run_dir = tmp_path / "runs" / "interrupted"
    assert f"{run_dir} keeps checkpoint-4 (step 4)" in line
    command = shlex.split(line.split("Continue with: ")[1])
    assert command[:2] == ["python", "run.py"] and command[-1] == f"resume={run_dir}"
    resumed = subprocess.run([sys.executable, str(REPO / "run.py"), *command[2:]], cwd=tmp_path, capture_output=True,
                             text=True, timeout=600, check=False)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "test" in json.loads((run_dir / "metrics.json").read_text())["final"]


@pytest.mark.slow
def test_a_resumed_run_whose_wandb_id_is_still_held_logs_to_a_new_wandb_run(tmp_path):
    """Runs sharing one W&B service (launched from a process that uses W&B): the killed run's id stays "in use"
    there; the resumed run must train on, with a new W&B run and a warning."""
    import wandb

    wandb.init(mode="offline", dir=str(tmp_path)).finish()  # this process's service, which the runs inherit
    assert os.environ.get("WANDB_SERVICE")  # precondition: the runs below share it
    wandb_on = ["logger=wandb", "logger.mode=offline", "hydra.run.dir=runs/shared"]
    killed = run(*wandb_on, kill_at="step:6", cwd=tmp_path, own_wandb_service=False)
    assert killed.returncode == -9, killed.stderr[-2000:]
    resumed = run(*wandb_on, f"resume={tmp_path / 'runs' / 'shared'}", cwd=tmp_path, own_wandb_service=False)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    said = resumed.stdout + resumed.stderr
    assert "Cannot continue W&B run" in said and "logging to a new W&B run" in said
    assert "test" in json.loads((tmp_path / "runs" / "shared" / "metrics.json").read_text())["final"]
