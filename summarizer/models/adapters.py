"""Parameter-efficient fine-tuning through the peft library: LoRA, and QLoRA (LoRA on a 4-bit base model).

`peft=none` leaves the model alone. The saved model directory gets the adapter (`adapter/`) and, with
`peft.merge_on_save=true`, the merged model in its usual place, which loads without peft like any other.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

import torch
from torch import nn

from summarizer.errors import ConfigError

log = logging.getLogger(__name__)

METHODS = ("none", "lora", "qlora")
ADAPTER_DIR = "adapter"


def check_method_possible(method: str) -> None:
    """QLoRA needs CUDA and bitsandbytes: say so before any data or weight is loaded."""
    if method not in METHODS:
        raise ConfigError(f"peft.method={method!r} is not one of {METHODS}.")
    if method != "qlora":
        return
    if not torch.cuda.is_available():
        raise ConfigError(
            "peft=qlora quantizes the model to 4 bits with bitsandbytes, which needs a CUDA GPU; this machine has "
            "none. Use peft=lora (same adapters, unquantized base model) or run on a GPU."
        )
    if importlib.util.find_spec("bitsandbytes") is None:
        raise ConfigError("peft=qlora needs bitsandbytes (CUDA only, not in the lock): pip install 'bitsandbytes>=0.45'.")


def apply_adapters(
    model: nn.Module,
    *,
    method: str,
    r: int,
    alpha: int,
    dropout: float,
    target_modules: Any,
    decoder_only: bool,
    gradient_checkpointing: bool = False,
) -> nn.Module:
    """The model with trainable LoRA adapters on `target_modules` and everything else frozen; unchanged for `none`."""
    check_method_possible(method)
    if method == "none":
        return model
    from peft import LoraConfig, TaskType, get_peft_model, prepare_model_for_kbit_training

    if method == "qlora":
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing)
    elif gradient_checkpointing:  # frozen embeddings give checkpointed blocks inputs without gradients
        model.enable_input_require_grads()
    config = LoraConfig(
        r=r, lora_alpha=alpha, lora_dropout=dropout,
        target_modules=target_modules if isinstance(target_modules, str) else list(target_modules),
        task_type=TaskType.CAUSAL_LM if decoder_only else TaskType.SEQ_2_SEQ_LM,
    )  # fmt: skip
    return get_peft_model(model, config)


def has_adapters(model: nn.Module) -> bool:
    from peft import PeftModel

    return isinstance(model, PeftModel)


def base_model(model: nn.Module) -> nn.Module:
    """The transformers model inside a peft wrapper (with the adapter layers in it), or the model itself.

    Settings such as `generation_config` must be set on this one: an attribute set on the wrapper shadows it."""
    return model.get_base_model() if has_adapters(model) else model


def save_adapter(model: nn.Module, model_dir: Path) -> None:
    """The adapter alone (adapter_config.json + weights), loadable with peft onto the base model."""
    model.save_pretrained(str(Path(model_dir) / ADAPTER_DIR))


def merge_adapters(model: nn.Module) -> nn.Module:
    """The base model with the adapters folded into its weights: a plain transformers model again."""
    merged = model.merge_and_unload()
    log.info("Merged the LoRA adapters into the base model's weights.")
    return merged
