"""Extractive baselines for any dataset, to be scored with the very same metrics.

- Lead-k: the document's first k sentences (Kiwi sentences, as ROUGE-Lsum sees them).
- Greedy oracle (Nallapati et al. 2017; BertSum's `greedy_selection`, Liu & Lapata 2019): add the
  document sentence that most raises ROUGE-1 F1 + ROUGE-2 F1 against the reference, stop when no
  sentence raises it. The usual upper bound for extractive summaries.

Selected sentences are joined with newlines in document order, so ROUGE-Lsum keeps their boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rouge_score.rouge_scorer import _score_ngrams

from summarizer.metrics.ngrams import ngram_counts


def lead_k(sentences_per_document: Sequence[Sequence[str]], k: int = 3) -> list[str]:
    """The first `k` sentences of each document."""
    if k < 1:
        raise ValueError(f"lead-k needs k >= 1, got {k}")
    return ["\n".join(sentences[:k]) for sentences in sentences_per_document]


def greedy_oracle_indices(
    sentence_tokens: Sequence[Sequence[str]], reference_tokens: Sequence[Sequence[str]], max_sentences: int | None = None
) -> list[int]:
    """Indices (document order) of the greedily chosen sentences; the objective is averaged over references."""
    references = [(ngram_counts(ref, 1), ngram_counts(ref, 2)) for ref in reference_tokens]

    def objective(tokens: list[str]) -> float:
        uni, bi = ngram_counts(tokens, 1), ngram_counts(tokens, 2)
        f1 = sum(_score_ngrams(r1, uni).fmeasure + _score_ngrams(r2, bi).fmeasure for r1, r2 in references)
        return f1 / len(references)

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
    tokenize_many: Callable[[list[str]], list[Sequence[str]]],
    max_sentences: int | None = None,
) -> list[str]:
    """Oracle extractive summaries, chosen on the tokens `tokenize_many` gives (called once, for every
    sentence and reference; `SummaryScorer.oracle` passes its first tokenizer through its caches)."""
    sentences = [s for doc in sentences_per_document for s in doc]
    tokens = tokenize_many([*sentences, *(r for refs in references for r in refs)])
    sentence_tokens, reference_tokens = iter(tokens[: len(sentences)]), iter(tokens[len(sentences) :])
    summaries = []
    for doc, refs in zip(sentences_per_document, references):
        doc_tokens = [next(sentence_tokens) for _ in doc]
        ref_tokens = [next(reference_tokens) for _ in refs]
        picked = greedy_oracle_indices(doc_tokens, ref_tokens, max_sentences)
        summaries.append("\n".join(doc[i] for i in picked))
    return summaries
