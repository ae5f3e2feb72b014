"""Shared scorers: Kiwi's model loads once per test session (about a second)."""

from __future__ import annotations

import pytest

from summarizer.metrics.scorer import SummaryScorer

ALL_TOKENIZERS = ("kiwi", "mecab", "char", "whitespace", "dacon")


@pytest.fixture(scope="session")
def scorer_all() -> SummaryScorer:
    """Every ROUGE tokenizer, BLEU on characters, chrF, diagnostics; no bootstrap."""
    return SummaryScorer(rouge_tokenizers=ALL_TOKENIZERS, bleu_tokenize="char")


@pytest.fixture(scope="session")
def scorer_default() -> SummaryScorer:
    """Exactly conf/metrics/default.yaml's settings."""
    return SummaryScorer()


def rouge(result, tokenizer: str, example: int = 0) -> dict[str, float]:
    """ROUGE F1 (x100) of one example under one tokenizer, keyed by type."""
    row = result.per_example[example]
    suffix = f"_{tokenizer}"
    return {k[: -len(suffix)]: v for k, v in row.items() if k.endswith(suffix) and k.startswith("rouge")}
