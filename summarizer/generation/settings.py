"""The generation settings of a run, as one `GenerationConfig`: the model's own `generation_config`, so every
`generate` call (evaluation during training, prediction, the length-penalty sweep, a saved pipeline) decodes the same
way. Passing only `generation_max_length` / `generation_num_beams` to the Trainer, as its examples do, silently drops
the rest (length penalty, n-gram blocking, minimum length) during evaluation.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from transformers import GenerationConfig

from summarizer.errors import ConfigError

_NOT_GENERATION_FIELDS = {"name"}
# Settings that only mean something in beam search / sampling. A checkpoint's own generation config may
# carry them (bart-large-cnn ships length_penalty 2.0), and a sweep may pick greedy for a beam config; they
# are cleared when the mode is off, or strict validation (and so save_pretrained) rejects e.g. a length
# penalty or early_stopping with greedy decoding.
_BEAM_ONLY = ("length_penalty", "early_stopping")
_SAMPLING_ONLY = ("temperature", "top_p", "top_k")


def build_generation_config(
    model_defaults: GenerationConfig, settings: dict[str, Any], lengths_include_prompt: bool = False
) -> GenerationConfig:
    """The model's generation config (token ids, forced eos) overridden by the preset's non-null values.

    `lengths_include_prompt` (decoder-only models): `max_length` would count the prompt too, so the presets'
    max/min_new_tokens stay as they are instead of becoming lengths."""
    config = copy.deepcopy(model_defaults)
    overrides = {key: value for key, value in settings.items() if key not in _NOT_GENERATION_FIELDS and value is not None}
    if not lengths_include_prompt:
        _new_tokens_to_lengths(overrides)
    sequences, beams = overrides.get("num_return_sequences"), overrides.get("num_beams", config.num_beams)
    if sequences and beams and not overrides.get("do_sample") and sequences > beams:
        raise ConfigError(
            f"generation.num_return_sequences={sequences} exceeds generation.num_beams={beams}: "
            "beam search can return at most one sequence per beam."
        )
    try:
        config.update(**overrides)
        clear_unused_mode_fields(config, keep=overrides)  # a preset's own conflicting value stays, and fails below
        config.validate(strict=True)
    except ValueError as error:
        raise ConfigError(f"The generation settings do not fit together: {error}") from error
    return config


def clear_unused_mode_fields(config: GenerationConfig, keep: Iterable[str] = ()) -> None:
    """Unset, in place, the beam-only fields when `config.num_beams` is 1 and the sampling-only ones when
    `config.do_sample` is off (except those named in `keep`), so the config passes strict validation."""
    keep = set(keep)
    unused = (_BEAM_ONLY if (config.num_beams or 1) == 1 else ()) + (() if config.do_sample else _SAMPLING_ONLY)
    config.update(**{key: None for key in unused if key not in keep})


def _new_tokens_to_lengths(overrides: dict[str, Any]) -> None:
    """Express max/min_new_tokens as max/min_length (+1 for the decoder start token of encoder-decoders).

    Same lengths, but `Seq2SeqTrainer` fills an unset `max_length` with the default 20 during evaluation,
    after which every generate call warns that both are set and the saved generation_config.json says 20.
    """
    for new_tokens, length in (("max_new_tokens", "max_length"), ("min_new_tokens", "min_length")):
        if new_tokens in overrides:
            overrides[length] = overrides[new_tokens] + 1
            overrides[new_tokens] = None  # a checkpoint's own max_new_tokens would take precedence otherwise
