"""Extractive baselines for any dataset, scored with the very same metrics: Lead-k (the first k Kiwi sentences, as
ROUGE-Lsum sees them) and the greedy oracle, the usual upper bound for extractive summaries. Selected sentences are
joined with newlines in document order, so ROUGE-Lsum keeps their boundaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rouge_score.rouge_scorer import _score_ngrams

from summarizer.metrics.rouge import ngram_counts


def lead_k(sentences_per_document: Sequence[Sequence[str]], k: int = 3) -> list[str]:
    """The first `k` sentences of each document."""
    if k < 1:
        raise ValueError(f"lead-k needs k >= 1, got {k}")
    return ["\n".join(sentences[:k]) for sentences in sentences_per_document]


def greedy_oracle_indices(
    sentence_tokens: Sequence[Sequence[str]],
    reference_tokens: Sequence[Sequence[str]],
    max_sentences: int | None = None,
) -> list[int]:
    """Indices (document order) of the greedily chosen sentences (Nallapati et al. 2017; BertSum's `greedy_selection`,
    Liu & Lapata 2019): add the sentence that most raises ROUGE-1 F1 + ROUGE-2 F1 against the references (averaged
    over them), stop when none raises it."""
    references = [(ngram_counts(ref, 1), ngram_counts(ref, 2)) for ref in reference_tokens]

    def objective(tokens: list[str]) -> float:
        uni, bi = ngram_counts(tokens, 1), ngram_counts(tokens, 2)
        f1 = sum(_score_ngrams(r1, uni).fmeasure + _score_ngrams(r2, bi).fmeasure for r1, r2 in references)
        return f1 / len(references)

    chosen: list[int] = []
    best = 0.0
    while len(chosen) < (len(sentence_tokens) if max_sentences is None else max_sentences):
        scores = {
            index: objective([tok for i in sorted([*chosen, index]) for tok in sentence_tokens[i]])
            for index in range(len(sentence_tokens))
            if index not in chosen
        }
        index = max(scores, key=scores.__getitem__, default=None)  # the first best: ties keep document order
        if index is None or scores[index] <= best:
            break
        chosen.append(index)
        best = scores[index]
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
    tokens = iter(tokenize_many([*sentences, *(r for refs in references for r in refs)]))
    doc_tokens = [[next(tokens) for _ in doc] for doc in sentences_per_document]
    ref_tokens = [[next(tokens) for _ in refs] for refs in references]
    return [
        "\n".join(doc[i] for i in greedy_oracle_indices(sentence_tokens, reference_tokens, max_sentences))
        for doc, sentence_tokens, reference_tokens in zip(sentences_per_document, doc_tokens, ref_tokens)
    ]
