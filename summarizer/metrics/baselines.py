"""Extractive baselines for any dataset, to be scored with the very same metrics.

- Lead-k: the document's first k sentences (Kiwi sentences, as ROUGE-Lsum sees them).
- Greedy oracle (Nallapati et al. 2017; BertSum's `greedy_selection`, Liu & Lapata 2019): add the
  document sentence that most raises ROUGE-1 F1 + ROUGE-2 F1 against the reference, stop when no
  sentence raises it. The usual upper bound for extractive summaries.

Selected sentences are joined with newlines in document order, so ROUGE-Lsum keeps their boundaries.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence

from rouge_score import scoring

from summarizer.metrics.ngrams import ngram_counts
from summarizer.metrics.tokenizers import Tokenizer


def lead_k(sentences_per_document: Sequence[Sequence[str]], k: int = 3) -> list[str]:
    """The first `k` sentences of each document."""
    if k < 1:
        raise ValueError(f"lead-k needs k >= 1, got {k}")
    return ["\n".join(sentences[:k]) for sentences in sentences_per_document]


def _ngrams(tokens: Sequence[str], n: int) -> collections.Counter:
    return ngram_counts(tokens, n)


def _f1(candidate: collections.Counter, reference: collections.Counter) -> float:
    """rouge_score's n-gram F1 (`_score_ngrams`), on counters."""
    overlap = sum(min(count, reference[g]) for g, count in candidate.items() if g in reference)
    precision = overlap / max(sum(candidate.values()), 1)
    recall = overlap / max(sum(reference.values()), 1)
    return scoring.fmeasure(precision, recall)


def greedy_oracle_indices(
    sentence_tokens: Sequence[Sequence[str]], reference_tokens: Sequence[Sequence[str]], max_sentences: int | None = None
) -> list[int]:
    """Indices (document order) of the greedily chosen sentences; the objective is averaged over references."""
    references = [(_ngrams(ref, 1), _ngrams(ref, 2)) for ref in reference_tokens]

    def objective(tokens: list[str]) -> float:
        uni, bi = _ngrams(tokens, 1), _ngrams(tokens, 2)
        return sum(_f1(uni, r1) + _f1(bi, r2) for r1, r2 in references) / len(references)

    chosen: list[int] = []
    best = 0.0
    limit = len(sentence_tokens) if max_sentences is None else max_sentences
    while len(chosen) < limit:
        best_index, best_gain_score = None, best
        for index in range(len(sentence_tokens)):
            if index in chosen:
                continue
            order = sorted([*chosen, index])
            score = objective([tok for i in order for tok in sentence_tokens[i]])
            if score > best_gain_score:
                best_index, best_gain_score = index, score
        if best_index is None:
            break
        chosen.append(best_index)
        best = best_gain_score
    return sorted(chosen)


def greedy_oracle(
    sentences_per_document: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    tokenizer: Tokenizer,
    max_sentences: int | None = None,
) -> list[str]:
    """Oracle extractive summaries, chosen with `tokenizer`'s tokens (the scorer's first tokenizer)."""
    summaries = []
    for sentences, refs in zip(sentences_per_document, references):
        sentence_tokens = tokenizer.tokenize_many(list(sentences))
        reference_tokens = tokenizer.tokenize_many(list(refs))
        picked = greedy_oracle_indices(sentence_tokens, reference_tokens, max_sentences)
        summaries.append("\n".join(sentences[i] for i in picked))
    return summaries
