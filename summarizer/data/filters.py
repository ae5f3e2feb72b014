"""Quality filters (`data.filters.*`): why an example is dropped, decided once per example.

Per-example rules (`drop_reason`) run inside the cleaning `datasets.map` pass; the rules that need the
whole split (exact duplicates, leakage into validation/test) work on 64-bit text hashes with numpy, and
the token-length rules on the tokenized lengths. Each example gets at most one reason, the first in
`REASONS` order, so the report's per-filter counts add up to the examples dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from summarizer.data.schema import FiltersConfig
from summarizer.errors import ConfigError

# Every reason an example can be dropped for, in the order they are checked and reported.
EMPTY_REASONS = ("empty_document", "empty_summary")
TEXT_REASONS = (
    "short_document", "long_document", "short_summary", "long_summary",
    "low_compression", "high_compression", "repeated_ngram", "frequent_token", "pattern",
)
SPLIT_REASONS = ("duplicate", "leakage")
TOKEN_REASONS = ("short_document_tokens", "long_document_tokens", "short_summary_tokens", "long_summary_tokens")
REASONS = EMPTY_REASONS + TEXT_REASONS + SPLIT_REASONS + TOKEN_REASONS
_FIELDS = ("document", "summary")
_DUPLICATE_KEYS = ("document", "pair")


@dataclass(frozen=True)
class TextRules:
    """The per-example rules of one FiltersConfig, checked and compiled once (picklable for num_proc)."""

    min_document_chars: int | None = None
    max_document_chars: int | None = None
    min_summary_chars: int | None = None
    max_summary_chars: int | None = None
    min_compression_ratio: float | None = None
    max_compression_ratio: float | None = None
    ngram_size: int = 3
    max_ngram_repeats: int | None = None
    max_token_share: float | None = None
    token_share_min_words: int = 20
    patterns: tuple[re.Pattern, ...] = ()
    pattern_fields: tuple[str, ...] = _FIELDS

    @classmethod
    def from_config(cls, config: FiltersConfig) -> TextRules:
        validate(config)
        compiled = []
        for pattern in config.patterns:
            try:
                compiled.append(re.compile(pattern))
            except re.error as error:
                raise ConfigError(f"data.filters.patterns: {pattern!r} is not a valid regular expression ({error}).") from None
        return cls(
            min_document_chars=config.min_document_chars,
            max_document_chars=config.max_document_chars,
            min_summary_chars=config.min_summary_chars,
            max_summary_chars=config.max_summary_chars,
            min_compression_ratio=config.min_compression_ratio,
            max_compression_ratio=config.max_compression_ratio,
            ngram_size=config.ngram_size,
            max_ngram_repeats=config.max_ngram_repeats,
            max_token_share=config.max_token_share,
            token_share_min_words=config.token_share_min_words,
            patterns=tuple(compiled),
            pattern_fields=tuple(config.pattern_fields),
        )

    def active(self) -> tuple[str, ...]:
        """The text reasons these rules can give, in report order."""
        on = {
            "short_document": self.min_document_chars is not None,
            "long_document": self.max_document_chars is not None,
            "short_summary": self.min_summary_chars is not None,
            "long_summary": self.max_summary_chars is not None,
            "low_compression": self.min_compression_ratio is not None,
            "high_compression": self.max_compression_ratio is not None,
            "repeated_ngram": self.max_ngram_repeats is not None,
            "frequent_token": self.max_token_share is not None,
            "pattern": bool(self.patterns),
        }
        return tuple(reason for reason in TEXT_REASONS if on[reason])


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
    doc_chars, sum_chars = len(document), len(summary)
    if rules.min_document_chars is not None and doc_chars < rules.min_document_chars:
        return "short_document"
    if rules.max_document_chars is not None and doc_chars > rules.max_document_chars:
        return "long_document"
    if rules.min_summary_chars is not None and sum_chars < rules.min_summary_chars:
        return "short_summary"
    if rules.max_summary_chars is not None and sum_chars > rules.max_summary_chars:
        return "long_summary"
    ratio = doc_chars / sum_chars
    if rules.min_compression_ratio is not None and ratio < rules.min_compression_ratio:
        return "low_compression"
    if rules.max_compression_ratio is not None and ratio > rules.max_compression_ratio:
        return "high_compression"
    if rules.max_ngram_repeats is not None and max_ngram_count(summary.split(), rules.ngram_size) > rules.max_ngram_repeats:
        return "repeated_ngram"
    if rules.max_token_share is not None and any(
        top_word_share(text.split(), rules.token_share_min_words) > rules.max_token_share for text in (document, summary)
    ):
        return "frequent_token"
    if rules.patterns:
        texts = {"document": document, "summary": summary}
        if any(pattern.search(texts[field]) for pattern in rules.patterns for field in rules.pattern_fields):
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
