"""Tokenize (document, summary) pairs into model inputs (prompts for decoder-only models), and measure what
truncation cuts. Raw columns stay in the dataset: the Trainer drops them before the forward pass, and the metrics
read the full, untruncated reference from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from datasets import Dataset, DatasetDict
from transformers import PreTrainedTokenizerBase

from summarizer.data.caching import cached_map
from summarizer.data.statistics import column_array
from summarizer.errors import ConfigError

IGNORE_INDEX = -100  # the label the loss skips (torch's cross-entropy default, the Trainer's padding)


@dataclass(frozen=True)
class TruncationStats:
    examples: int
    source_truncated: float  # share of documents longer than max_source_length
    target_truncated: float
    source_length_p50: float
    source_length_p95: float
    source_length_max: int
    target_length_p50: float
    target_length_p95: float
    target_length_max: int


def truncation_stats(features: Dataset, max_source_length: int, max_target_length: int) -> TruncationStats:
    """The statistics of the tokenized `source_length` / `target_length` columns (of a `select`ed view too)."""
    source, target = column_array(features, "source_length"), column_array(features, "target_length")
    if len(source) == 0:
        return TruncationStats(0, 0.0, 0.0, 0.0, 0.0, 0, 0.0, 0.0, 0)
    return TruncationStats(
        examples=len(source),
        source_truncated=float(np.mean(source > max_source_length)),
        target_truncated=float(np.mean(target > max_target_length)),
        source_length_p50=float(np.percentile(source, 50)),
        source_length_p95=float(np.percentile(source, 95)),
        source_length_max=int(source.max()),
        target_length_p50=float(np.percentile(target, 50)),
        target_length_p95=float(np.percentile(target, 95)),
        target_length_max=int(target.max()),
    )


def tokenize_batch(
    batch: dict[str, list],
    tokenizer: PreTrainedTokenizerBase,
    source_prefix: str,
    max_source_length: int,
    max_target_length: int,
    code: str = "",  # unused: the source digest, for the cache key (summarizer.data.caching)
) -> dict[str, list]:
    """Sources as `tokenizer(prefix + document)`, which carries the family's special tokens (see
    summarizer.models.build.ensure_source_template); labels are the summary's tokens plus </s>."""
    sources = tokenizer([source_prefix + document for document in batch["document"]])["input_ids"]
    targets = tokenizer(batch["summary"], add_special_tokens=False)["input_ids"]
    return {
        "input_ids": [_truncate_keeping_last(ids, max_source_length) for ids in sources],
        "attention_mask": [[1] * min(len(ids), max_source_length) for ids in sources],
        "labels": [ids[: max_target_length - 1] + [tokenizer.eos_token_id] for ids in targets],
        "source_length": [len(ids) for ids in sources],
        "target_length": [len(ids) + 1 for ids in targets],
    }


def tokenize_prompt_batch(
    batch: dict[str, list],
    tokenizer: PreTrainedTokenizerBase,
    prefix_ids: list[int],
    suffix_ids: list[int],
    max_source_length: int,
    max_target_length: int,
    with_answer: bool,
    code: str = "",  # unused: the source digest, for the cache key (summarizer.data.caching)
) -> dict[str, list]:
    """Prompts for a decoder-only model: prefix + document (cut to what fits in `max_source_length`) + suffix.
    `with_answer` (the training split): input_ids = prompt + summary + EOS, labels masked over the prompt.
    Otherwise input_ids = the prompt alone (generation continues it) and labels = summary + EOS (not aligned with
    the input; the evaluation loop only needs them to exist). `source_length` counts the whole prompt before the
    cut (instruction and template included), so the data report and the token filters see what the model reads.
    """
    room = max_source_length - len(prefix_ids) - len(suffix_ids)
    if room < 1:
        raise ConfigError(f"model.max_source_length={max_source_length} leaves no room for the document after the "
                          f"{len(prefix_ids) + len(suffix_ids)} tokens of the prompt's instruction and template.")
    documents = tokenizer(batch["document"], add_special_tokens=False)["input_ids"]
    targets = tokenizer(batch["summary"], add_special_tokens=False)["input_ids"]
    prompts = [prefix_ids + document[:room] + suffix_ids for document in documents]
    answers = [target[: max_target_length - 1] + [tokenizer.eos_token_id] for target in targets]
    inputs = [prompt + answer for prompt, answer in zip(prompts, answers)] if with_answer else prompts
    return {
        "input_ids": inputs,
        "attention_mask": [[1] * len(ids) for ids in inputs],
        "labels": [[IGNORE_INDEX] * len(p) + a for p, a in zip(prompts, answers)] if with_answer else answers,
        "source_length": [len(prefix_ids) + len(document) + len(suffix_ids) for document in documents],
        "target_length": [len(target) + 1 for target in targets],
    }


def _truncate_keeping_last(ids: list[int], max_length: int) -> list[int]:
    """Cut the text, not the closing special token: `<s> ... </s>` stays well formed."""
    return ids if len(ids) <= max_length else ids[: max_length - 1] + ids[-1:]


def tokenize_splits(
    splits: DatasetDict,
    tokenizer: PreTrainedTokenizerBase,
    source_prefix: str,
    max_source_length: int,
    max_target_length: int,
    num_proc: int | None = None,
    prompt: dict | None = None,
) -> tuple[DatasetDict, dict[str, TruncationStats]]:
    """Tokenized splits (cached) and their truncation statistics; with `prompt` (a decoder-only model's), as prompts."""
    settings = dict(tokenizer=tokenizer, max_source_length=max_source_length, max_target_length=max_target_length)
    tokenized = DatasetDict()
    for split, dataset in splits.items():
        if prompt is None:
            function, extra = tokenize_batch, {"source_prefix": source_prefix}
        else:
            function = tokenize_prompt_batch
            extra = {"prefix_ids": list(prompt["prefix_ids"]), "suffix_ids": list(prompt["suffix_ids"]),
                     "with_answer": split == "train"}  # the split trained on; the others are generated from
        tokenized[split] = cached_map(
            dataset, function, batched=True, fn_kwargs={**settings, **extra}, num_proc=num_proc,
            desc=f"tokenize {split}",
        )
    stats = {split: truncation_stats(d, max_source_length, max_target_length) for split, d in tokenized.items()}
    return tokenized, stats
