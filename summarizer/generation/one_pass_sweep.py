"""Length-penalty sweeps in one beam-search pass (``one_pass_beam_search``), exact against separate ``generate`` calls.

Settings where that cannot hold (sampling, constrained/group beam search, time limits, ...) fall back to separate
``generate`` calls, with the encoder still run once per batch. So does a transformers release the exactness tests
have not run on (``TESTED_TRANSFORMERS``): the loop mirrors private internals that any release may change.
"""

from __future__ import annotations

import copy
import functools
import logging
import time
from dataclasses import dataclass
from typing import Any

import torch
import transformers
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from torch.nn.utils.rnn import pad_sequence
from transformers import GenerationConfig, LogitsProcessorList
from transformers.generation.utils import GenerationMixin

from summarizer.generation.one_pass_beam_search import REQUIRED_GENERATION_HELPERS, multi_penalty_beam_search

log = logging.getLogger(__name__)

PATH_ONE_PASS = "one_pass"
PATH_SEPARATE_CALLS = "separate_generate_calls"

# The transformers releases on which tests/generation/test_one_pass_sweep.py proved the one-pass loop exact. On any
# other release `decode_for_length_penalties` makes separate generate calls, unless told one_pass="force". Widen
# this only after those tests passed on the new release (`make test-latest`); tests/test_lock.py checks that the
# lock's transformers lies inside it.
TESTED_TRANSFORMERS = SpecifierSet(">=5.23.0,<=5.25.0")

ONE_PASS_MODES = ("auto", "force", "off")


@dataclass
class PenaltyOutput:
    sequences: torch.LongTensor  # as generate(..., length_penalty=lp).sequences
    sequences_scores: torch.Tensor | None  # as its .sequences_scores (None for greedy, which has none)


def _unique_penalties(length_penalties) -> list[float]:
    """Penalties as floats, duplicates (1 and 1.0) dropped, order kept; they key the result dicts."""
    penalties = list(dict.fromkeys(float(lp) for lp in length_penalties))
    if not penalties:
        raise ValueError("length_penalties must not be empty")
    return penalties


def untested_transformers(version: str | None = None) -> str | None:
    """Why the one-pass loop is not trusted on this transformers release (default: the installed one), or None."""
    version = version or transformers.__version__
    if Version(version) in TESTED_TRANSFORMERS:
        return None
    return (
        f"transformers {version} is outside the releases the one-pass sweep was proved exact on "
        f"({TESTED_TRANSFORMERS}): one generate call per penalty instead (exact by construction, slower); "
        "sweep.one_pass=force uses the one-pass loop anyway"
    )


@functools.cache
def _warn_once(reason: str) -> None:
    log.warning("Length-penalty sweep: %s.", reason)


class _ConfigView:
    """Reads config fields, with None for ones this transformers version does not have: 5.23 marks several read
    below as deprecated (low_memory, penalty_alpha, dola_layers, num_beam_groups, constraints, force_words_ids)."""

    def __init__(self, config: GenerationConfig):
        self._config = config

    def __getattr__(self, name: str):
        return getattr(self._config, name, None)


def can_sweep_in_one_pass(generation_config: GenerationConfig, model=None) -> tuple[bool, str]:
    """False with a reason for settings that cannot be exact (sampling, constraints, group/diverse beam search, ...)
    or, given the ``model``, where generate's own rule defaults synced_gpus=True. Decoder-only models can: the loop
    counts lengths from the prompt's end as generate does (tests/generation/test_one_pass_causal.py).

    Unset (None) fields count as generate's defaults; pass the model-merged config for the model's own defaults.
    """
    from transformers.generation.utils import _get_torch_distributed_world_size, is_fsdp_managed_module
    from transformers.integrations.deepspeed import is_deepspeed_zero3_enabled

    missing = [name for name in REQUIRED_GENERATION_HELPERS if not hasattr(GenerationMixin, name)]
    if missing:
        return False, f"this transformers version lacks the beam-search helpers {missing}"
    cfg = _ConfigView(generation_config)
    unsupported = [
        (cfg.do_sample, "sampling (do_sample=True): separate calls draw different random numbers, so there is no "
         "single generate result to match"),
        (cfg.constraints is not None or cfg.force_words_ids is not None,
         "constrained beam search (constraints / force_words_ids) is a separate decoding method"),
        ((cfg.num_beam_groups or 1) > 1, "group (diverse) beam search (num_beam_groups > 1) is a separate decoding "
         "method"),
        ((cfg.penalty_alpha or 0) > 0 and (cfg.top_k or 0) > 1 and (cfg.num_beams or 1) == 1,
         "contrastive search (penalty_alpha) is a separate decoding method"),
        (cfg.dola_layers is not None, "DoLa decoding (dola_layers) is a separate decoding method"),
        (cfg.prompt_lookup_num_tokens is not None or cfg.assistant_early_exit is not None
         or cfg.use_mtp, "assisted decoding is a separate decoding method"),
        (cfg.max_time is not None, "max_time stops on wall-clock time, so no two runs need agree"),
        (cfg.stop_strings is not None, "stop_strings need a tokenizer, which this sweep does not take"),
        (bool(cfg.low_memory), "low_memory beam search is not supported by transformers 5.x"),
        (cfg.cache_implementation == "paged", "paged cache switches generate to continuous batching"),
        (model is not None and (is_deepspeed_zero3_enabled() or is_fsdp_managed_module(model))
         and _get_torch_distributed_world_size() > 1,
         "DeepSpeed ZeRO-3 / FSDP across several GPUs needs synced_gpus, which the one-pass loop does not do"),
    ]  # fmt: skip
    for applies, why in unsupported:
        if applies:
            return False, why
    if (cfg.num_beams or 1) == 1:
        return True, "greedy search (num_beams=1) does not depend on the length penalty: one generate call"
    return True, "beam search: running beams do not depend on the length penalty, one pass serves all"


def effective_generation_config(model, generation_config: GenerationConfig | None) -> GenerationConfig:
    """The config ``generate`` would use: the given one, unset fields from the model's config, then defaults.

    For inspection only: ``generate`` must get the caller's config, since it treats an unset ``max_length`` as
    "20 new tokens" but a set one as a total length.
    """
    merged, _ = model._prepare_generation_config(_config_for_call(generation_config))
    return merged


def _config_for_call(generation_config: GenerationConfig | None, **overrides) -> GenerationConfig:
    """A copy of the caller's config (unset fields left unset, as ``generate`` expects) with ``overrides``."""
    config = copy.deepcopy(generation_config) if generation_config is not None else GenerationConfig()
    for name, value in overrides.items():
        setattr(config, name, value)
    return config


def _shallow_copy_encoder_outputs(encoder_outputs):
    """``generate`` expands encoder outputs by replacing their fields in place; give each call its own holder."""
    if encoder_outputs is None:
        return None
    return type(encoder_outputs)(**dict(encoder_outputs.items()))


def generate_for_length_penalties(
    model,
    input_ids: torch.LongTensor,
    attention_mask: torch.Tensor | None,
    generation_config: GenerationConfig | None,
    length_penalties,
    encoder_outputs=None,
    logits_processor: LogitsProcessorList | None = None,
) -> dict[float, PenaltyOutput]:
    """One beam-search pass that returns, for each penalty, exactly what model.generate(..., length_penalty=lp) returns.

    Keys are ``float(lp)``. ``encoder_outputs`` (to reuse one encoder run) and ``logits_processor`` go to ``generate``.
    Raises ``ValueError`` for what ``can_sweep_in_one_pass`` rejects, but does not check ``TESTED_TRANSFORMERS``: the
    exactness tests call it on any release.
    """
    penalties = _unique_penalties(length_penalties)
    effective = effective_generation_config(model, generation_config)
    supported, reason = can_sweep_in_one_pass(effective, model)
    if not supported:
        raise ValueError(f"cannot sweep length penalties in one pass: {reason}")
    model_kwargs: dict[str, Any] = {"attention_mask": attention_mask, "logits_processor": logits_processor}
    if encoder_outputs is not None:
        model_kwargs["encoder_outputs"] = _shallow_copy_encoder_outputs(encoder_outputs)
    config = _config_for_call(generation_config, return_dict_in_generate=False)
    if effective.num_beams == 1:
        sequences = model.generate(input_ids, generation_config=config, **model_kwargs)
        return {lp: PenaltyOutput(sequences=sequences, sequences_scores=None) for lp in penalties}
    per_penalty = model.generate(
        input_ids,
        generation_config=config,
        custom_generate=multi_penalty_beam_search,
        length_penalties=tuple(penalties),
        **model_kwargs,
    )
    return {lp: PenaltyOutput(*per_penalty[lp]) for lp in penalties}


def _separate_generate_calls(model, input_ids, attention_mask, config, penalties, encoder_outputs, logits_processor):
    """The fallback: one ``generate`` per penalty, all reusing one encoder run."""
    outputs = {}
    for lp in penalties:
        outputs[lp] = model.generate(
            input_ids,
            attention_mask=attention_mask,
            generation_config=_config_for_call(config, length_penalty=lp, return_dict_in_generate=False),
            encoder_outputs=_shallow_copy_encoder_outputs(encoder_outputs),
            logits_processor=logits_processor,
        )
    return outputs


def _pad_batch(features: list[dict], pad_token_id: int, device, left: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """The features' ``input_ids`` padded to the longest, and their attention mask: on the right for an encoder's
    inputs, on the left (``left``) for a decoder-only model's prompts, which generation continues."""
    rows = [torch.tensor(list(feature["input_ids"]), dtype=torch.long) for feature in features]
    side = "left" if left else "right"
    input_ids = pad_sequence(rows, batch_first=True, padding_value=pad_token_id, padding_side=side)
    attention_mask = pad_sequence([torch.ones_like(row) for row in rows], batch_first=True, padding_side=side)
    return input_ids.to(device), attention_mask.to(device)


def _strip_batch_padding(row: list[int], eos_token_ids: set[int], decoder_prompt_len: int) -> list[int]:
    """Drop what follows the first generated EOS: only the padding ``generate`` adds to match the batch's longest."""
    for position in range(decoder_prompt_len, len(row)):
        if row[position] in eos_token_ids:
            return row[: position + 1]
    return row


def _eos_token_ids(config: GenerationConfig) -> set[int]:
    eos = config.eos_token_id
    if eos is None:
        return set()
    return set(eos) if isinstance(eos, (list, tuple)) else {int(eos)}


def _source_length_order(features: list[dict]) -> list[int]:
    """Longest sources first (stable), so batches pad little and a memory problem shows on the first batch."""
    return sorted(range(len(features)), key=lambda index: -len(features[index]["input_ids"]))


def decode_for_length_penalties(
    model,
    features: list[dict],
    generation_config: GenerationConfig | None,
    length_penalties,
    batch_size: int,
    pad_token_id: int,
    device=None,
    one_pass: str = "auto",
    logits_processor: LogitsProcessorList | None = None,
) -> tuple[dict[float, list[list[int]]], dict]:
    """Decode a whole split: batches sorted by source length, the encoder run once per batch, then one pass for all
    penalties or a generate call per penalty. ``one_pass``: "auto" takes one pass where it is exact on a tested
    transformers release (warning once on an untested one), "force" also on an untested one, "off" never.

    Returns ``({float(lp): token lists}, info)``: lists in feature order (``num_return_sequences`` consecutive ones per
    feature), each a row of ``generate``'s ``sequences`` (decoder start and special tokens included) without the batch
    padding after its first EOS; ``info`` says which path was taken, why, and the timing. ``logits_processor`` goes
    to every ``generate`` call; ``device`` is where inputs go (default: the model's); the model is not moved.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    encoder_decoder = model.config.is_encoder_decoder
    started = time.perf_counter()
    penalties = _unique_penalties(length_penalties)
    config = effective_generation_config(model, generation_config)  # for inspection; generate gets the caller's
    use_one_pass, reason = _choose_path(model, config, one_pass)
    device = torch.device(device) if device is not None else model.device
    eos_ids = _eos_token_ids(config)
    n_return = config.num_return_sequences or 1
    order = _source_length_order(features)
    per_feature: dict[float, list[list[list[int]] | None]] = {lp: [None] * len(features) for lp in penalties}
    seconds_encoder = 0.0
    was_training = model.training
    model.eval()
    try:
        for start in range(0, len(order), batch_size):
            indices = order[start : start + batch_size]
            input_ids, attention_mask = _pad_batch(
                [features[i] for i in indices], pad_token_id, device, left=not encoder_decoder
            )
            encoder_outputs = None
            if encoder_decoder:
                encoder_started = time.perf_counter()
                with torch.no_grad():
                    encoder_outputs = model.get_encoder()(
                        input_ids=input_ids, attention_mask=attention_mask, return_dict=True
                    )
                seconds_encoder += time.perf_counter() - encoder_started
            if use_one_pass:
                outputs = generate_for_length_penalties(
                    model, input_ids, attention_mask, generation_config, penalties, encoder_outputs=encoder_outputs,
                    logits_processor=logits_processor,
                )  # fmt: skip
                sequences = {lp: output.sequences for lp, output in outputs.items()}
            else:
                sequences = _separate_generate_calls(
                    model, input_ids, attention_mask, generation_config, penalties, encoder_outputs, logits_processor
                )
            # A decoder-only model's rows start with the (left-padded) prompt: only what follows it is returned.
            prompt_width = 1 if encoder_decoder else input_ids.shape[-1]
            keep_from = 0 if encoder_decoder else prompt_width
            for lp, batch_sequences in sequences.items():
                rows = batch_sequences.tolist()
                for position, index in enumerate(indices):
                    chunk = rows[position * n_return : (position + 1) * n_return]
                    per_feature[lp][index] = [_strip_batch_padding(row, eos_ids, prompt_width)[keep_from:] for row in chunk]
    finally:
        model.train(was_training)
    seconds_total = time.perf_counter() - started
    results = {lp: [row for rows in per_feature[lp] for row in rows] for lp in penalties}
    info = {
        "path": PATH_ONE_PASS if use_one_pass else PATH_SEPARATE_CALLS,
        "reason": reason,
        "length_penalties": penalties,
        "num_features": len(features),
        "num_batches": (len(features) + batch_size - 1) // batch_size,
        "batch_size": batch_size,
        "sorted_by_source_length": True,
        "device": str(device),
        "seconds_total": seconds_total,
        "seconds_encoder": seconds_encoder,
        "seconds_decoding": seconds_total - seconds_encoder,
    }
    return results, info


def _choose_path(model, config: GenerationConfig, one_pass: str) -> tuple[bool, str]:
    """(one pass?, why) for ``decode_for_length_penalties``."""
    if one_pass not in ONE_PASS_MODES:
        raise ValueError(f"one_pass={one_pass!r} is not one of {ONE_PASS_MODES}")
    if one_pass == "off":
        return False, "sweep.one_pass=off: one generate call per penalty, as asked"
    supported, reason = can_sweep_in_one_pass(config, model)
    if not supported:
        return False, reason
    untested = untested_transformers()
    if untested and one_pass == "auto":
        _warn_once(untested)
        return False, untested
    if untested:
        return True, (
            f"sweep.one_pass=force: one pass on transformers {transformers.__version__}, outside the releases it "
            f"was proved exact on ({TESTED_TRANSFORMERS}); {reason}"
        )
    return True, reason
