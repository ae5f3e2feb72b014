"""Decoder-only (causal LM) models: the model, and the tokenizer settings generation with prompts needs.

What differs from the seq2seq family lives here and in summarizer.models.prompt: a checkpoint from
AutoModelForCausalLM, a pad token (many decoder-only tokenizers have none), left padding (a batch of prompts must end
where generation starts), and EOS ids that include the tokenizer's end of turn, the token every training summary ends
with. A model built from an architecture comes from summarizer.models.build.model_from_architecture.
"""

from __future__ import annotations

import logging
from typing import Any

import torch
from transformers import AutoModelForCausalLM, PreTrainedModel, PreTrainedTokenizerBase

from summarizer.hub import ResolvedModel

log = logging.getLogger(__name__)


def prepare_tokenizer(tokenizer: PreTrainedTokenizerBase) -> None:
    """Left padding, and a pad token: the tokenizer's own, else its EOS (padding is masked, so sharing the id is
    harmless: labels are built explicitly, never from the pad id)."""
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
        log.info("The tokenizer has no pad token: padding with its EOS token %r.", tokenizer.eos_token)


def load_pretrained(resolved: ResolvedModel, quantize_4bit: bool) -> PreTrainedModel:
    """The checkpoint; with `quantize_4bit`, its linear layers in NF4 through bitsandbytes (QLoRA)."""
    kwargs: dict[str, Any] = {"local_files_only": resolved.local_files_only}
    if quantize_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        )  # fmt: skip
        kwargs["dtype"] = torch.bfloat16
    return AutoModelForCausalLM.from_pretrained(resolved.path, **kwargs)


def set_special_ids(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> None:
    """Pad id in config and generation config; the tokenizer's EOS among the ids that end generation (chat models
    end a turn with a token their generation config may not list)."""
    model.config.pad_token_id = tokenizer.pad_token_id
    generation = model.generation_config
    generation.pad_token_id = tokenizer.pad_token_id
    eos = generation.eos_token_id
    eos = [] if eos is None else list(eos) if isinstance(eos, (list, tuple)) else [eos]
    if tokenizer.eos_token_id not in eos:
        eos.append(tokenizer.eos_token_id)
    generation.eos_token_id = eos[0] if len(eos) == 1 else eos
