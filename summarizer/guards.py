"""Checks run before training, so that a wrong length or vocabulary fails in seconds with a reason.

Without them, a source longer than BART's learned positions or a token id beyond the embedding table
surfaces on a GPU as "CUDA error: device-side assert triggered", hours in and with no hint why.
"""

from __future__ import annotations

import logging

import pyarrow.compute as pc
from datasets import DatasetDict
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from summarizer.data.features import TruncationStats
from summarizer.errors import ConfigError
from summarizer.models.families import Family

log = logging.getLogger(__name__)


def check_lengths(model: PreTrainedModel, family: Family, max_source_length: int, max_target_length: int) -> None:
    limit = getattr(model.config, "max_position_embeddings", None)  # None for relative positions (T5)
    if limit is None or not family.hard_position_limit:
        trained = getattr(model.config, "n_positions", None)
        if trained and max_source_length > trained:
            log.warning(
                "model.max_source_length=%d exceeds the %d positions this model was trained with; relative "
                "positions allow it, but quality and memory may suffer.", max_source_length, trained,
            )
        return
    if family.decoder_only:  # prompt and summary share one context window
        lengths = (("model.max_source_length + model.max_target_length", max_source_length + max_target_length),)
        what = "positions (its context window, "
    else:
        lengths = (("model.max_source_length", max_source_length), ("model.max_target_length", max_target_length))
        what = "learned positions ("
    for field, length in lengths:
        if length > limit:
            raise ConfigError(
                f"{field}={length} exceeds the model's {limit} {what}config.max_position_embeddings). "
                f"Set {field}={limit} or less."
            )


def check_token_ids(model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, splits: DatasetDict) -> None:
    """Every id the model will see (tokenizer vocabulary, special tokens, data) fits its embedding table."""
    rows = model.get_input_embeddings().num_embeddings
    if len(tokenizer) > rows:
        raise ConfigError(
            f"The tokenizer has {len(tokenizer)} tokens but the model's embedding table has {rows} rows: "
            "the tokenizer does not belong to this model (check model.name_or_path), or call "
            "model.resize_token_embeddings(len(tokenizer)) after adding tokens."
        )
    specials = {"pad_token_id": model.config.pad_token_id, "eos_token_id": model.config.eos_token_id}
    if model.config.is_encoder_decoder:  # a decoder-only model starts from its prompt
        specials["decoder_start_token_id"] = model.config.decoder_start_token_id
    for name, token_id in specials.items():
        ids = token_id if isinstance(token_id, (list, tuple)) else [token_id]  # Llama 3 configs list several EOS
        if not ids or any(i is None or not 0 <= i < rows for i in ids):
            raise ConfigError(f"model.config.{name}={token_id} is not a valid id for an embedding table of {rows} rows.")
    for split, dataset in splits.items():
        for column in ("input_ids", "labels"):
            largest = _largest_id(dataset, column)
            if largest >= rows:
                raise ConfigError(
                    f"The {split} split's {column} contain id {largest}, beyond the embedding table ({rows} rows): "
                    "the data was tokenized with another tokenizer."
                )


def _largest_id(dataset, column: str) -> int:
    """The largest id in a list column, computed by Arrow (a Python loop over 300k rows takes seconds)."""
    values = pc.list_flatten(dataset.with_format("arrow")[column])
    largest = pc.max(values).as_py() if len(values) else None
    return -1 if largest is None else int(largest)


def format_truncation(stats: dict[str, TruncationStats], max_source_length: int, max_target_length: int) -> str:
    """One line per split: how many documents and summaries truncation cuts (logged before training)."""
    lines = [f"Truncation at model.max_source_length={max_source_length}, model.max_target_length={max_target_length}:"]
    for split, s in stats.items():
        lines.append(
            f"  {split:<10} {s.examples:>7} examples: documents cut {s.source_truncated:6.1%} "
            f"(tokens p50 {s.source_length_p50:.0f}, p95 {s.source_length_p95:.0f}, max {s.source_length_max}); "
            f"summaries cut {s.target_truncated:6.1%} (p95 {s.target_length_p95:.0f}, max {s.target_length_max})"
        )
    worst = max((s.source_truncated for s in stats.values()), default=0.0)
    if worst > 0.2:
        lines.append(
            f"  Warning: up to {worst:.0%} of documents lose their ending; raise model.max_source_length "
            "if the model allows, or expect lower recall."
        )
    return "\n".join(lines)
