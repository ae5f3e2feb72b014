"""A loss that turns NaN: the run stops naming the step and the last good checkpoint, or skips the step."""

from __future__ import annotations

import functools

import pytest
import torch

from summarizer.config import NonFiniteLoss
from summarizer.pipeline import build_trainer, prepare
from summarizer.tracking.run_directory import RunDirectory
from summarizer.training.trainer import NONFINITE_LOSS_ACTIONS, DivergenceError, SummarizationTrainer
from tests.conftest import FAST, compose_config


def trainer_whose_loss_turns_nan(tmp_path, on_training_calls: set[int], *overrides: str):
    """The trainer, and the parameters as they were at the start of each training forward call (by call number)."""
    cfg = compose_config(FAST + ["trainer.max_steps=6", "trainer.save_strategy=steps", "trainer.save_steps=2",
                                 *overrides], output_dir=tmp_path)
    prepared = prepare(cfg, RunDirectory(tmp_path))
    model = prepared.model
    original_forward, calls, parameters_before = model.forward, {"n": 0}, {}

    @functools.wraps(original_forward)  # keeps the signature the Trainer reads to choose input columns
    def forward(*args, **kwargs):
        if model.training:
            calls["n"] += 1
            parameters_before[calls["n"]] = {name: p.detach().clone() for name, p in model.named_parameters()}
        output = original_forward(*args, **kwargs)
        if model.training and calls["n"] in on_training_calls:
            output.logits = output.logits * float("nan")
        return output

    model.forward = forward
    return build_trainer(cfg, prepared, RunDirectory(tmp_path)), parameters_before


def same_parameters(first: dict, second: dict) -> bool:
    return first.keys() == second.keys() and all(torch.equal(first[name], second[name]) for name in first)


MODELS = pytest.mark.parametrize("model", ["tiny_bart", "tiny_causal"])  # the guard works for decoder-only too


@MODELS
def test_nan_loss_stops_with_the_step_and_the_last_good_checkpoint(tmp_path, model):
    trainer, parameters_before = trainer_whose_loss_turns_nan(tmp_path, {4, 5, 6}, f"model={model}")
    with pytest.raises(DivergenceError) as error:
        trainer.train()
    message = str(error.value)
    assert "the loss at step 4 is nan" in message
    assert str(tmp_path / "checkpoints" / "checkpoint-2") in message and f"resume={tmp_path}" in message
    assert sorted(parameters_before) == [1, 2, 3, 4], "it stops at the first NaN loss"
    assert not same_parameters(parameters_before[3], parameters_before[4]), "the good steps did train"
    after = {name: p.detach() for name, p in trainer.model.named_parameters()}
    assert same_parameters(after, parameters_before[4]), "stopped before the bad update: nothing changed since step 3"


@MODELS
def test_nan_loss_skips_the_step_when_configured(tmp_path, caplog, model):
    trainer, parameters_before = trainer_whose_loss_turns_nan(tmp_path, {3}, "on_nonfinite_loss=skip", f"model={model}")
    trainer.train()
    assert trainer.state.global_step == 6
    assert all(torch.isfinite(p).all() for p in trainer.model.parameters())
    assert same_parameters(parameters_before[3], parameters_before[4]), "step 3's update was skipped"
    assert not same_parameters(parameters_before[4], parameters_before[5]), "and the next step trained"
    assert "loss at step 3 is nan: skipping this optimizer step" in caplog.text


def test_an_unknown_action_is_refused(tmp_path):
    from hydra.errors import ConfigCompositionException

    cfg = compose_config(FAST, output_dir=tmp_path)
    assert cfg.on_nonfinite_loss.name == "stop"
    with pytest.raises(ConfigCompositionException, match="on_nonfinite_loss"):
        compose_config(FAST + ["on_nonfinite_loss=ignore"], output_dir=tmp_path)
    with pytest.raises(ValueError, match=r"on_nonfinite_loss='ignore' is not one of \('stop', 'skip'\)"):
        SummarizationTrainer(scorer=None, on_nonfinite_loss="ignore")
    assert tuple(action.name for action in NonFiniteLoss) == NONFINITE_LOSS_ACTIONS  # the config's names, the trainer's
