"""The length-penalty sweep: decode a split for every penalty (optionally crossed with beam counts and
n-gram blocking), score every setting with the run's metrics, and pick the best by one metric.

Decoding goes through `decode_for_length_penalties` (one beam-search pass per batch serves all penalties exactly),
texts through `decode_summaries`, the decode the trainer uses too, so the sweep chooses on exactly the text the final
predictions will be; outputs that several settings share (greedy gives every penalty the same) are scored once.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import asdict, dataclass, field
from typing import Any

from datasets import Dataset
from transformers import GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase

from summarizer.errors import ConfigError
from summarizer.generation.decoding import decode_summaries
from summarizer.generation.one_pass_sweep import decode_for_length_penalties
from summarizer.generation.settings import clear_unused_mode_fields


@dataclass(frozen=True)
class SweepSetting:
    length_penalty: float
    num_beams: int
    no_repeat_ngram_size: int

    def label(self) -> str:
        return f"beams={self.num_beams},no_repeat={self.no_repeat_ngram_size}"


@dataclass
class SweepRow:
    setting: SweepSetting
    metrics: dict[str, float]
    mean_length_tokens: float
    predictions: list[str] = field(repr=False)

    def flat(self) -> dict[str, Any]:
        """One table row: the setting, the mean generated length, every metric."""
        return {**asdict(self.setting), "mean_length_tokens": self.mean_length_tokens, **self.metrics}


@dataclass
class SweepResult:
    metric: str
    rows: list[SweepRow]
    decoding: list[dict]  # one info dict per decoded (num_beams, no_repeat_ngram_size) combination

    @property
    def best(self) -> SweepRow:
        """The row with the highest `metric`; the first in sweep order on ties."""
        return max(self.rows, key=lambda row: row.metrics[self.metric])

    def table(self) -> list[dict[str, Any]]:
        return [row.flat() for row in self.rows]


def sweep_length_penalties(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    split: Dataset,
    generation_config: GenerationConfig,
    scorer,
    *,
    length_penalties: list[float],
    metric: str,
    num_beams: list[int] | None = None,
    no_repeat_ngram_sizes: list[int] | None = None,
    batch_size: int = 64,
    device=None,
    one_pass: str = "auto",
) -> SweepResult:
    """Score every setting on `split` (tokenized, with its raw `document`/`summary` columns).

    `one_pass` (sweep.one_pass: auto | force | off) chooses between one beam-search pass for all penalties and a
    `generate` call per penalty (see `decode_for_length_penalties`); the results are the same.
    """
    if not length_penalties:
        raise ConfigError("sweep.length_penalties is empty; give at least one value or use sweep=none.")
    beam_counts = num_beams or [generation_config.num_beams or 1]
    blockings = no_repeat_ngram_sizes or [generation_config.no_repeat_ngram_size or 0]
    features = [{"input_ids": ids} for ids in split["input_ids"]]
    references, documents = list(split["summary"]), list(split["document"])
    per_example = generation_config.num_return_sequences or 1
    rows, decoding = [], []
    scored: dict[tuple, tuple[dict[str, float], float, list[str]]] = {}  # by the sequences scored
    for beams, blocking in itertools.product(beam_counts, blockings):
        config = copy.deepcopy(generation_config)
        config.update(num_beams=beams, no_repeat_ngram_size=blocking)
        clear_unused_mode_fields(config)  # greedy: no length penalty, and one result serves every penalty
        sequences, info = decode_for_length_penalties(
            model, features, config, length_penalties, batch_size=batch_size,
            pad_token_id=tokenizer.pad_token_id, device=device, one_pass=one_pass,
        )
        decoding.append({"num_beams": beams, "no_repeat_ngram_size": blocking, **info})
        for penalty, token_lists in sequences.items():
            firsts = token_lists[::per_example]  # the best of each example's candidates
            key = tuple(map(tuple, firsts))
            if key not in scored:  # the scorer is deterministic: equal sequences get equal figures
                scored[key] = _score_sequences(tokenizer, firsts, scorer, references, documents, metric)
            metrics, mean_length, predictions = scored[key]
            rows.append(SweepRow(SweepSetting(penalty, beams, blocking), dict(metrics), mean_length, list(predictions)))
    return SweepResult(metric, rows, decoding)


def _score_sequences(tokenizer, sequences, scorer, references, documents, metric):
    """(corpus metrics, mean generated length in tokens, predictions) of one setting's sequences."""
    predictions = decode_summaries(tokenizer, sequences)
    score = scorer.score(predictions, references, documents)
    if metric not in score.corpus:
        raise ConfigError(f"sweep.metric={metric!r} is not among the computed metrics: {sorted(score.corpus)}.")
    lengths = [len(tokenizer.convert_ids_to_tokens(ids, skip_special_tokens=True)) for ids in sequences]
    return dict(score.corpus), sum(lengths) / max(len(lengths), 1), predictions


def apply_setting(generation_config: GenerationConfig, setting: SweepSetting) -> None:
    """Make `setting` the generation config's own (what the saved model and the test split then use).

    Greedy (num_beams=1) winning over a beam-search config also unsets its beam-only fields (length_penalty,
    early_stopping), which strict validation, and so `save_pretrained`, would reject.
    """
    generation_config.update(num_beams=setting.num_beams, no_repeat_ngram_size=setting.no_repeat_ngram_size)
    if setting.num_beams > 1:
        generation_config.update(length_penalty=setting.length_penalty)
    clear_unused_mode_fields(generation_config)
