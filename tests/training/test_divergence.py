"""A loss that turns NaN: the run stops naming the step and the last good checkpoint, or skips the step."""

from __future__ import annotations

import functools

import pytest
import torch

from summarizer.pipeline import build_trainer, prepare
from summarizer.tracking.run_directory import RunDirectory
from summarizer.training.trainer import DivergenceError
from tests.conftest import FAST, compose_config


def trainer_whose_loss_turns_nan(tmp_path, on_training_calls: set[int], *overrides: str):
    cfg = compose_config(FAST + ["trainer.max_steps=6", "trainer.save_strategy=steps", "trainer.save_steps=2",
                                 *overrides], output_dir=tmp_path)
    prepared = prepare(cfg, RunDirectory(tmp_path))
    model = prepared.model
    original_forward, calls = model.forward, {"n": 0}

    @functools.wraps(original_forward)  # keeps the signature the Trainer reads to choose input columns
    def forward(*args, **kwargs):
        output = original_forward(*args, **kwargs)
        if model.training:
            calls["n"] += 1
            if calls["n"] in on_training_calls:
                output.logits = output.logits * float("nan")
        return output

    model.forward = forward
    return build_trainer(cfg, prepared, RunDirectory(tmp_path), report_to=[])


def test_nan_loss_stops_with_the_step_and_the_last_good_checkpoint(tmp_path):
    trainer = trainer_whose_loss_turns_nan(tmp_path, {4, 5, 6})
    with pytest.raises(DivergenceError) as error:
        trainer.train()
    message = str(error.value)
    assert "the loss at step 4 is nan" in message
    assert str(tmp_path / "checkpoints" / "checkpoint-2") in message and f"resume={tmp_path}" in message
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())  # stopped before the bad update


def test_nan_loss_skips_the_step_when_configured(tmp_path, caplog):
    trainer = trainer_whose_loss_turns_nan(tmp_path, {3}, "on_nonfinite_loss=skip")
    trainer.train()
    assert trainer.state.global_step == 6
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    assert "loss at step 3 is nan: skipping this optimizer step" in caplog.text


def test_an_unknown_action_is_refused(tmp_path):
    from hydra.errors import ConfigCompositionException

    cfg = compose_config(FAST, output_dir=tmp_path)
    assert cfg.on_nonfinite_loss.name == "stop"
    with pytest.raises(ConfigCompositionException, match="on_nonfinite_loss"):
        compose_config(FAST + ["on_nonfinite_loss=ignore"], output_dir=tmp_path)
