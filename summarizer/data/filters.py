"""Quality filters (`data.filters.*`): why an example is dropped, at most one reason (the first in table order, so
the report's per-filter counts add up to the examples dropped). Whole-split rules (duplicates, leakage) work on 64-bit
text hashes with numpy, the token-length rules on the tokenized lengths.
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasets import Dataset

from summarizer.data.schema import FiltersConfig
from summarizer.data.statistics import column_array
from summarizer.errors import ConfigError

EMPTY_REASONS = ("empty_document", "empty_summary")


def _document_chars(document: str, summary: str, config: FiltersConfig) -> float:
    return len(document)


def _summary_chars(document: str, summary: str, config: FiltersConfig) -> float:
    return len(summary)


def _compression(document: str, summary: str, config: FiltersConfig) -> float:
    return len(document) / len(summary)  # the summary is not empty: empties are dropped first


def _ngram_repeats(document: str, summary: str, config: FiltersConfig) -> float:
    """How often the summary's most frequent word n-gram occurs (0 when it has fewer than n words)."""
    words = summary.split()
    return max(Counter(zip(*(words[i:] for i in range(config.ngram_size)))).values(), default=0)


def _word_share(document: str, summary: str, config: FiltersConfig) -> float:
    """The most frequent word's share of the words, in the document or the summary, whichever is higher; a text
    under `token_share_min_words` words is too short to judge."""
    least, texts = max(config.token_share_min_words, 1), (document.split(), summary.split())
    return max((max(Counter(words).values()) / len(words) for words in texts if len(words) >= least), default=0.0)


# reason -> (the FiltersConfig field holding its bound, null = off; what is measured; the comparison with the
# bound that drops an example), in the order checked and reported. A new text filter is one FiltersConfig field
# (summarizer/data/schema.py) and one row here.
_TEXT_CHECKS = {
    "short_document": ("min_document_chars", _document_chars, operator.lt),
    "long_document": ("max_document_chars", _document_chars, operator.gt),
    "short_summary": ("min_summary_chars", _summary_chars, operator.lt),
    "long_summary": ("max_summary_chars", _summary_chars, operator.gt),
    "low_compression": ("min_compression_ratio", _compression, operator.lt),
    "high_compression": ("max_compression_ratio", _compression, operator.gt),
    "repeated_ngram": ("max_ngram_repeats", _ngram_repeats, operator.gt),
    "frequent_token": ("max_token_share", _word_share, operator.gt),
}
# The same for model-token lengths, measured by a column of the tokenized features.
_TOKEN_CHECKS = {
    "short_document_tokens": ("min_document_tokens", "source_length", operator.lt),
    "long_document_tokens": ("max_document_tokens", "source_length", operator.gt),
    "short_summary_tokens": ("min_summary_tokens", "target_length", operator.lt),
    "long_summary_tokens": ("max_summary_tokens", "target_length", operator.gt),
}
_FIELDS = ("document", "summary")
_DUPLICATE_KEYS = ("document", "pair")


@dataclass(frozen=True)
class TextRules:
    """The per-example rules of one FiltersConfig, checked and compiled once (picklable for num_proc)."""

    config: FiltersConfig
    checks: tuple[tuple[str, Any, Any, Any], ...] = ()  # (reason, bound, measure, comparison) of the rules on
    patterns: tuple[re.Pattern, ...] = ()

    @classmethod
    def from_config(cls, config: FiltersConfig) -> TextRules:
        validate(config)
        compiled = []
        for pattern in config.patterns:
            try:
                compiled.append(re.compile(pattern))
            except re.error as error:
                message = f"data.filters.patterns: {pattern!r} is not a valid regular expression ({error})."
                raise ConfigError(message) from None
        checks = tuple(
            (reason, getattr(config, field), measure, beyond)
            for reason, (field, measure, beyond) in _TEXT_CHECKS.items()
            if getattr(config, field) is not None
        )
        return cls(config=config, checks=checks, patterns=tuple(compiled))

    def active(self) -> tuple[str, ...]:
        """The text reasons these rules can give, in report order."""
        return tuple(reason for reason, *_ in self.checks) + (("pattern",) if self.patterns else ())


def validate(config: FiltersConfig) -> None:
    """Settings that cannot work fail before any data is read."""
    bounds = [field for field, _, _ in (*_TEXT_CHECKS.values(), *_TOKEN_CHECKS.values())]
    for low in (field for field in bounds if field.startswith("min_")):
        high = "max_" + low.removeprefix("min_")
        a, b = getattr(config, low), getattr(config, high)
        if a is not None and b is not None and a > b:
            message = f"data.filters.{low}={a} is above data.filters.{high}={b}: every example would be dropped."
            raise ConfigError(message)
    if config.ngram_size < 1:
        raise ConfigError(f"data.filters.ngram_size must be >= 1, got {config.ngram_size}.")
    if config.max_token_share is not None and not 0 < config.max_token_share <= 1:
        raise ConfigError(f"data.filters.max_token_share must be in (0, 1], got {config.max_token_share}.")
    unknown = [f for f in config.pattern_fields if f not in _FIELDS]
    if unknown:
        raise ConfigError(f"data.filters.pattern_fields: {unknown} are not fields; use {list(_FIELDS)}.")
    if config.duplicate_key not in _DUPLICATE_KEYS:
        message = f"data.filters.duplicate_key={config.duplicate_key!r}: choose one of {list(_DUPLICATE_KEYS)}."
        raise ConfigError(message)
    unknown = [s for s in config.apply_to if s not in ("train", "validation", "test")]
    if unknown:
        raise ConfigError(f"data.filters.apply_to: {unknown} are not splits; use train, validation, test.")


def drop_reason(document: str, summary: str, rules: TextRules | None) -> str:
    """Why this (cleaned) example is dropped, or "" to keep it. `rules=None`: only empties are dropped."""
    if not document.strip():
        return "empty_document"
    if not summary.strip():
        return "empty_summary"
    if rules is None:
        return ""
    for reason, bound, measure, beyond in rules.checks:
        if beyond(measure(document, summary, rules.config), bound):
            return reason
    if rules.patterns:
        texts = {"document": document, "summary": summary}
        if any(pattern.search(texts[field]) for pattern in rules.patterns for field in rules.config.pattern_fields):
            return "pattern"
    return ""


def text_hash(*parts: str) -> int:
    """A 64-bit hash of the text(s), as a signed int for an int64 column."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def mark_duplicates(hashes: np.ndarray, reasons: np.ndarray) -> None:
    """Set "duplicate" on every kept example whose hash an earlier kept example has (in place)."""
    alive = np.flatnonzero(reasons == "")
    if len(alive) == 0:
        return
    _, first = np.unique(hashes[alive], return_index=True)
    repeated = np.ones(len(alive), dtype=bool)
    repeated[first] = False
    reasons[alive[repeated]] = "duplicate"


def mark_leakage(hashes: np.ndarray, reasons: np.ndarray, held_out: np.ndarray) -> None:
    """Set "leakage" on every kept example whose document hash is among the held-out (evaluation) ones."""
    alive = np.flatnonzero(reasons == "")
    if len(alive) and len(held_out):
        reasons[alive[np.isin(hashes[alive], held_out)]] = "leakage"


def token_reasons(features: Dataset, config: FiltersConfig) -> np.ndarray:
    """Per example of the tokenized features: the token-length reason it is dropped for, or ""."""
    reasons = np.full(len(features), "", dtype=object)
    for reason, (field, column, beyond) in _TOKEN_CHECKS.items():
        if getattr(config, field) is not None:
            reasons[(reasons == "") & beyond(column_array(features, column), getattr(config, field))] = reason
    return reasons


def active_token_reasons(config: FiltersConfig) -> tuple[str, ...]:
    return tuple(reason for reason, (field, _, _) in _TOKEN_CHECKS.items() if getattr(config, field) is not None)
