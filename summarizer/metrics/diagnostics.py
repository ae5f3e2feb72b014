"""Per-run diagnostics: how long, how empty, how abstractive and how repetitive predictions are.

Morpheme counts use one morpheme tokenizer (recorded in `info`); characters are non-space characters of the NFC text.
Novelty (See et al. 2017; Narayan et al. 2018), repetition ("다 다 다 다" loops) and distinct-n (Li et al. 2016) are
shares of a prediction's n-grams, defined below.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summarizer.metrics.corpus_score import CorpusScore
from summarizer.metrics.rouge import ngrams
from summarizer.metrics.text import is_blank, non_space_length

NOVEL_ORDERS = (1, 2, 3)
REPEAT_ORDER = 3
DISTINCT_ORDERS = (1, 2)


def novel_ratio(pred: Sequence[str], source_ngrams: set, n: int) -> float:
    """Share of the prediction's distinct n-grams not in the document; NaN without n-grams."""
    grams = set(ngrams(pred, n))
    return len(grams - source_ngrams) / len(grams) if grams else float("nan")


def repeated_ratio(pred: Sequence[str], n: int = REPEAT_ORDER) -> float:
    """Share of n-gram occurrences repeating an earlier one in the prediction; 0 when there is no n-gram."""
    grams = list(ngrams(pred, n))
    return (len(grams) - len(set(grams))) / len(grams) if grams else 0.0


def distinct_ratio(pred: Sequence[str], n: int) -> float:
    """Distinct n-grams / n-grams; NaN without n-grams."""
    grams = list(ngrams(pred, n))
    return len(set(grams)) / len(grams) if grams else float("nan")


def per_example(
    predictions: Sequence[str],
    references: Sequence[Sequence[str]],
    pred_morphs: Sequence[Sequence[str]],
    ref_morphs: Sequence[Sequence[Sequence[str]]],
    source_morphs: Sequence[Sequence[str]] | None,
) -> dict[str, np.ndarray]:
    """Per-example diagnostic values; reference lengths are averaged over an example's references."""
    columns: dict[str, list[float]] = {
        "pred_len_morphs": [len(m) for m in pred_morphs],
        "pred_len_chars": [non_space_length(p) for p in predictions],
        "ref_len_morphs": [float(np.mean([len(m) for m in refs])) for refs in ref_morphs],
        "ref_len_chars": [float(np.mean([non_space_length(r) for r in refs])) for refs in references],
        "empty_pred": [1.0 if is_blank(p) else 0.0 for p in predictions],
        f"rep_{REPEAT_ORDER}gram_rate": [repeated_ratio(m) for m in pred_morphs],
    }
    for n in DISTINCT_ORDERS:
        columns[f"distinct_{n}"] = [distinct_ratio(m, n) for m in pred_morphs]
    for n in NOVEL_ORDERS if source_morphs is not None else ():
        columns[f"novel_{n}gram_ratio"] = [
            novel_ratio(p, set(ngrams(s, n)), n) for p, s in zip(pred_morphs, source_morphs)
        ]
    return {name: np.asarray(values, dtype=np.float64) for name, values in columns.items()}


def corpus_scores(columns: dict[str, np.ndarray]) -> dict[str, CorpusScore]:
    """Corpus figures named as they appear in `ScoreResult.corpus`."""

    def ratio(unit: str) -> CorpusScore:  # of totals (as BLEU's length ratio), so long examples weigh by their length
        return CorpusScore("ratio", np.stack([columns[f"pred_len_{unit}"], columns[f"ref_len_{unit}"]], axis=1))

    repeats = columns[f"rep_{REPEAT_ORDER}gram_rate"]
    out = {
        "pred_len_morphs_mean": CorpusScore("mean", columns["pred_len_morphs"]),
        "pred_len_morphs_median": CorpusScore("median", columns["pred_len_morphs"]),
        "pred_len_chars_mean": CorpusScore("mean", columns["pred_len_chars"]),
        "pred_len_chars_median": CorpusScore("median", columns["pred_len_chars"]),
        "ref_len_morphs_mean": CorpusScore("mean", columns["ref_len_morphs"]),
        "ref_len_chars_mean": CorpusScore("mean", columns["ref_len_chars"]),
        "len_ratio_morphs": ratio("morphs"),
        "len_ratio_chars": ratio("chars"),
        "empty_pred_count": CorpusScore("sum", columns["empty_pred"]),
        "empty_pred_share": CorpusScore("mean", columns["empty_pred"]),
        f"rep_{REPEAT_ORDER}gram_rate": CorpusScore("mean", repeats),
        f"rep_{REPEAT_ORDER}gram_pred_share": CorpusScore("mean", (repeats > 0).astype(np.float64)),
    }
    for name in [*(f"distinct_{n}" for n in DISTINCT_ORDERS), *(f"novel_{n}gram_ratio" for n in NOVEL_ORDERS)]:
        if name in columns:  # novelty only with documents
            out[name] = CorpusScore("mean", columns[name])
    return out
