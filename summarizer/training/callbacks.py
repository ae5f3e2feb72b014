"""Trainer callbacks of the pipeline."""

from __future__ import annotations

from pathlib import Path

from transformers import TrainerCallback

from summarizer.tracking.run_directory import RunDirectory
from summarizer.training.resume import COMPLETE_MARKER


class RecordTraining(TrainerCallback):
    """Append every training log entry (loss, learning rate, gradient norm) to training_log.jsonl, so the training
    curve is in the run directory, not only in W&B, and each evaluation made while training (not the ones before or
    after) to metrics.json."""

    def __init__(self, run_dir: RunDirectory):
        self.run_dir = run_dir
        self.training = False

    def on_train_begin(self, args, state, control, **kwargs):
        self.training = True

    def on_train_end(self, args, state, control, **kwargs):
        self.training = False

    def on_log(self, args, state, control, logs=None, **kwargs):
        if state.is_world_process_zero and logs and "loss" in logs:
            self.run_dir.append_jsonl("training_log.jsonl", {"step": state.global_step, "epoch": state.epoch, **logs})

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        if self.training and state.is_world_process_zero and metrics:
            self.run_dir.append_evaluation({"step": state.global_step, "epoch": state.epoch, **metrics})


class MarkCompleteCheckpoints(TrainerCallback):
    """Write checkpoint-N/COMPLETE once the Trainer has finished saving checkpoint-N (see resume.py)."""

    def on_save(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            checkpoint = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            if checkpoint.is_dir():
                (checkpoint / COMPLETE_MARKER).write_text(f"step {state.global_step}\n")
