"""Training arguments from the config groups; bad trainer keys and unsafe precision are caught."""

from __future__ import annotations

import pytest
import torch
from transformers import GenerationConfig

from summarizer.errors import ConfigError
from summarizer.training.arguments import build_training_arguments, optimizer_cls_and_kwargs, resolve_precision


def arguments(trainer=None, **changes):
    settings = dict(
        output_dir="unused", learning_rate=1e-3, weight_decay=0.01, scheduler="linear", warmup_ratio=0.1,
        warmup_steps=0, precision="fp32", fp16_safe=True, generation_config=GenerationConfig(num_beams=2),
        report_to=[], run_name="test", objective="rougeL_kiwi",
    )
    settings.update(changes)
    return build_training_arguments(trainer or {"max_steps": 3}, **settings)


def test_groups_map_onto_training_arguments():
    args = arguments()
    assert args.learning_rate == 1e-3 and args.weight_decay == 0.01
    assert args.predict_with_generate
    assert args.generation_config.num_beams == 2
    assert args.metric_for_best_model == "rougeL_kiwi" and args.greater_is_better
    assert args.warmup_steps == pytest.approx(0.1)  # a ratio
    assert args.get_warmup_steps(1000) == 100


def test_warmup_steps_win_over_the_ratio():
    assert arguments(warmup_steps=40).get_warmup_steps(1000) == 40


def test_constant_schedule_with_warmup_becomes_constant_with_warmup():
    assert arguments(scheduler="constant", warmup_ratio=0.0).lr_scheduler_type.value == "constant"
    assert arguments(scheduler="constant", warmup_ratio=0.1).lr_scheduler_type.value == "constant_with_warmup"


def test_an_unknown_trainer_key_suggests_the_right_one():
    with pytest.raises(ConfigError, match="trainer.num_train_epoch is not .* Did you mean num_train_epochs"):
        arguments({"num_train_epoch": 3})


def test_keys_owned_by_other_groups_are_refused_under_trainer():
    with pytest.raises(ConfigError, match="trainer.learning_rate is set from another config group"):
        arguments({"learning_rate": 0.1})


def test_fp16_is_refused_for_t5_and_auto_never_picks_it():
    with pytest.raises(ConfigError, match="fp16 is unsafe"):
        resolve_precision("fp16", fp16_safe=False)
    with pytest.raises(ConfigError, match="not one of"):
        resolve_precision("fp8", fp16_safe=True)


@pytest.mark.parametrize(
    "cuda, bf16_supported, expected",
    [(False, False, (False, False)), (True, False, (False, False)), (True, True, (True, False))],
)
@pytest.mark.parametrize("fp16_safe", [True, False])
def test_auto_precision_is_bf16_on_gpus_that_support_it_else_fp32(monkeypatch, cuda, bf16_supported, expected, fp16_safe):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: bf16_supported)
    assert resolve_precision("auto", fp16_safe=fp16_safe) == expected


def test_optimizer_class_is_imported_and_lists_become_tuples():
    cls, kwargs = optimizer_cls_and_kwargs("torch.optim.AdamW", 1e-3, {"betas": [0.9, 0.98], "eps": 1e-8})
    assert cls is torch.optim.AdamW
    assert kwargs == {"lr": 1e-3, "betas": (0.9, 0.98), "eps": 1e-8}
    with pytest.raises(ConfigError, match="optimizer.cls='torch.optim.Nope'"):
        optimizer_cls_and_kwargs("torch.optim.Nope", 1e-3, {})
