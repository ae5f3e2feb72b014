"""Quality filters (`data.filters.*`): why an example is dropped, decided once per example.

Per-example rules (`drop_reason`) run inside the cleaning `datasets.map` pass; the rules that need the
whole split (exact duplicates, leakage into validation/test) work on 64-bit text hashes with numpy, and
the token-length rules on the tokenized lengths. Each example gets at most one reason, the first in
`REASONS` order, so the report's per-filter counts add up to the examples dropped.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from summarizer.data.schema import FiltersConfig
from summarizer.errors import ConfigError

EMPTY_REASONS = ("empty_document", "empty_summary")


# --- per-example text rules: each is a FiltersConfig bound and a test, in the table below ---------------------
def _short_document(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return len(document) < bound


def _long_document(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return len(document) > bound


def _short_summary(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return len(summary) < bound


def _long_summary(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return len(summary) > bound


def _low_compression(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return len(document) / len(summary) < bound  # the summary is not empty: empties are dropped first


def _high_compression(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return len(document) / len(summary) > bound


def _repeated_ngram(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return max_ngram_count(summary.split(), config.ngram_size) > bound


def _frequent_token(document: str, summary: str, bound, config: FiltersConfig) -> bool:
    return any(top_word_share(text.split(), config.token_share_min_words) > bound for text in (document, summary))


# reason -> (the FiltersConfig field holding its bound, null = off; the test that drops an example), in order.
# A new text filter is one FiltersConfig field (summarizer/data/schema.py) and one row here.
_TEXT_CHECKS: dict[str, tuple[str, Callable[[str, str, Any, FiltersConfig], bool]]] = {
    "short_document": ("min_document_chars", _short_document),
    "long_document": ("max_document_chars", _long_document),
    "short_summary": ("min_summary_chars", _short_summary),
    "long_summary": ("max_summary_chars", _long_summary),
    "low_compression": ("min_compression_ratio", _low_compression),
    "high_compression": ("max_compression_ratio", _high_compression),
    "repeated_ngram": ("max_ngram_repeats", _repeated_ngram),
    "frequent_token": ("max_token_share", _frequent_token),
}
# Every reason an example can be dropped for, in the order they are checked and reported.
TEXT_REASONS = (*_TEXT_CHECKS, "pattern")
SPLIT_REASONS = ("duplicate", "leakage")
TOKEN_REASONS = ("short_document_tokens", "long_document_tokens", "short_summary_tokens", "long_summary_tokens")
REASONS = EMPTY_REASONS + TEXT_REASONS + SPLIT_REASONS + TOKEN_REASONS
_FIELDS = ("document", "summary")
_DUPLICATE_KEYS = ("document", "pair")


@dataclass(frozen=True)
class TextRules:
    """The per-example rules of one FiltersConfig, checked and compiled once (picklable for num_proc)."""

    config: FiltersConfig
    checks: tuple[tuple[str, Any, Callable[[str, str, Any, FiltersConfig], bool]], ...] = ()  # the rules switched on
    patterns: tuple[re.Pattern, ...] = ()

    @classmethod
    def from_config(cls, config: FiltersConfig) -> TextRules:
        """Every setting validated (`validate`), the switched-on rules and compiled patterns."""
        validate(config)
        compiled = []
        for pattern in config.patterns:
            try:
                compiled.append(re.compile(pattern))
            except re.error as error:
                raise ConfigError(f"data.filters.patterns: {pattern!r} is not a valid regular expression ({error}).") from None
        checks = tuple((reason, getattr(config, field), test) for reason, (field, test) in _TEXT_CHECKS.items()
                       if getattr(config, field) is not None)
        return cls(config=copy.deepcopy(config), checks=checks, patterns=tuple(compiled))

    def active(self) -> tuple[str, ...]:
        """The text reasons these rules can give, in report order."""
        return tuple(reason for reason, _, _ in self.checks) + (("pattern",) if self.patterns else ())


def validate(config: FiltersConfig) -> None:
    """Settings that cannot work fail before any data is read."""
    for low, high in (("min_document_chars", "max_document_chars"), ("min_summary_chars", "max_summary_chars"),
                      ("min_compression_ratio", "max_compression_ratio"), ("min_document_tokens", "max_document_tokens"),
                      ("min_summary_tokens", "max_summary_tokens")):
        a, b = getattr(config, low), getattr(config, high)
        if a is not None and b is not None and a > b:
            raise ConfigError(f"data.filters.{low}={a} is above data.filters.{high}={b}: every example would be dropped.")
    if config.ngram_size < 1:
        raise ConfigError(f"data.filters.ngram_size must be >= 1, got {config.ngram_size}.")
    if config.max_token_share is not None and not 0 < config.max_token_share <= 1:
        raise ConfigError(f"data.filters.max_token_share must be in (0, 1], got {config.max_token_share}.")
    unknown = [f for f in config.pattern_fields if f not in _FIELDS]
    if unknown:
        raise ConfigError(f"data.filters.pattern_fields: {unknown} are not fields; use {list(_FIELDS)}.")
    if config.duplicate_key not in _DUPLICATE_KEYS:
        raise ConfigError(f"data.filters.duplicate_key={config.duplicate_key!r}: choose one of {list(_DUPLICATE_KEYS)}.")
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
    for reason, bound, test in rules.checks:
        if test(document, summary, bound, rules.config):
            return reason
    if rules.patterns:
        texts = {"document": document, "summary": summary}
        if any(pattern.search(texts[field]) for pattern in rules.patterns for field in rules.config.pattern_fields):
            return "pattern"
    return ""


def max_ngram_count(words: list[str], n: int) -> int:
    """How often the most frequent word n-gram occurs (0 when the text is shorter than n words)."""
    if len(words) < n:
        return 0
    return max(Counter(zip(*(words[i:] for i in range(n)))).values())


def top_word_share(words: list[str], min_words: int) -> float:
    """The most frequent word's share of the words; 0 for texts under `min_words` words (too short to judge)."""
    if len(words) < max(min_words, 1):
        return 0.0
    return max(Counter(words).values()) / len(words)


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


def token_reasons(source_lengths: np.ndarray, target_lengths: np.ndarray, config: FiltersConfig) -> np.ndarray:
    """Per example: the token-length reason it is dropped for, or ""."""
    reasons = np.full(len(source_lengths), "", dtype=object)
    checks = (
        ("short_document_tokens", source_lengths, config.min_document_tokens, np.less),
        ("long_document_tokens", source_lengths, config.max_document_tokens, np.greater),
        ("short_summary_tokens", target_lengths, config.min_summary_tokens, np.less),
        ("long_summary_tokens", target_lengths, config.max_summary_tokens, np.greater),
    )
    for reason, lengths, bound, beyond in checks:
        if bound is not None:
            reasons[(reasons == "") & beyond(lengths, bound)] = reason
    return reasons


def active_token_reasons(config: FiltersConfig) -> tuple[str, ...]:
    bounds = (config.min_document_tokens, config.max_document_tokens, config.min_summary_tokens, config.max_summary_tokens)
    return tuple(reason for reason, bound in zip(TOKEN_REASONS, bounds) if bound is not None)
