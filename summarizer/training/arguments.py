"""`Seq2SeqTrainingArguments` from the trainer, optimizer, scheduler and model config groups."""

from __future__ import annotations

import dataclasses
import difflib
import inspect
from typing import Any

import torch
from hydra.utils import get_class
from transformers import GenerationConfig, Seq2SeqTrainingArguments

from summarizer.errors import ConfigError

# Set by the pipeline from other config groups; setting them under `trainer` would be silently overridden.
_OWNED_BY_PIPELINE = {
    "output_dir", "learning_rate", "weight_decay", "lr_scheduler_type", "warmup_steps", "bf16", "fp16",
    "predict_with_generate", "generation_config", "report_to", "run_name", "metric_for_best_model", "greater_is_better",
}


def build_training_arguments(
    trainer: dict[str, Any],
    *,
    output_dir: str,
    learning_rate: float,
    weight_decay: float,
    scheduler: str,
    warmup_ratio: float,
    warmup_steps: int,
    precision: str,
    fp16_safe: bool,
    generation_config: GenerationConfig,
    report_to: list[str],
    run_name: str,
    objective: str,
) -> Seq2SeqTrainingArguments:
    check_trainer_keys(trainer)
    bf16, fp16 = resolve_precision(precision, fp16_safe)
    # Without an accelerator, torchrun / accelerate launch processes only form one data-parallel run when the
    # Trainer is told it is on CPU; otherwise each process silently trains alone (transformers 5.23).
    trainer = {"use_cpu": not torch.accelerator.is_available(), **trainer}
    # Trainer convention: a float below 1 is a share of all steps, an integer is a count.
    warmup = warmup_steps if warmup_steps > 0 else warmup_ratio
    if scheduler == "constant" and warmup > 0:
        scheduler = "constant_with_warmup"
    return Seq2SeqTrainingArguments(
        **trainer,
        output_dir=output_dir,
        learning_rate=learning_rate,
        weight_decay=weight_decay,
        lr_scheduler_type=scheduler,
        warmup_steps=warmup,
        bf16=bf16,
        fp16=fp16,
        predict_with_generate=True,
        generation_config=generation_config,
        report_to=report_to,
        run_name=run_name,
        metric_for_best_model=objective,
        greater_is_better=True,
    )


def optimizer_cls_and_kwargs(cls: str, lr: float, kwargs: dict[str, Any], fused: bool = False) -> tuple[type, dict[str, Any]]:
    """What `Trainer(optimizer_cls_and_kwargs=...)` takes; the Trainer adds the weight-decay grouping. `fused`: ask
    for the optimizer's fused kernel (one launch for all parameters) when it has one and kwargs do not say."""
    try:
        optimizer_cls = get_class(cls)
    except Exception as error:
        raise ConfigError(f"optimizer.cls={cls!r} cannot be imported: {error}") from error
    settings = {key: tuple(value) if isinstance(value, list) else value for key, value in kwargs.items()}
    if fused and "fused" in inspect.signature(optimizer_cls).parameters:
        settings.setdefault("fused", True)
    return optimizer_cls, {"lr": lr, **settings}


def resolve_precision(precision: str, fp16_safe: bool) -> tuple[bool, bool]:
    """(bf16, fp16). `auto` is bf16 on GPUs that support it, else fp32, and never fp16."""
    if precision == "auto":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported(), False
    if precision == "fp16" and not fp16_safe:
        raise ConfigError(
            "model.precision=fp16 is unsafe for this model family (T5 activations overflow fp16 and the loss "
            "turns NaN). Use model.precision=bf16 on a GPU that supports it, or fp32."
        )
    if precision not in ("fp32", "bf16", "fp16"):
        raise ConfigError(f"model.precision={precision!r} is not one of auto, fp32, bf16, fp16.")
    return precision == "bf16", precision == "fp16"


def check_trainer_keys(trainer: dict[str, Any]) -> None:
    valid = {field.name for field in dataclasses.fields(Seq2SeqTrainingArguments)}
    for key in trainer:
        if key in _OWNED_BY_PIPELINE:
            raise ConfigError(f"trainer.{key} is set from another config group; see summarizer/training/arguments.py.")
        if key not in valid:
            near = difflib.get_close_matches(key, sorted(valid), n=3)
            hint = f" Did you mean {', '.join(near)}?" if near else ""
            raise ConfigError(f"trainer.{key} is not a Seq2SeqTrainingArguments field.{hint}")
