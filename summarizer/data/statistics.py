"""Figures of the data report: length percentiles, compression, the Lead-k baseline's ROUGE. Lengths come as numpy
arrays straight from Arrow columns (`column_array`): `list(dataset[column])` walks a lazy Column row by row (~7 s
for 300k values in datasets 5), Arrow takes milliseconds.
"""

from __future__ import annotations

import numpy as np
from datasets import Dataset

PERCENTILES = (5, 25, 50, 75, 95, 99)
LEAD_ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def column_array(dataset: Dataset, column: str) -> np.ndarray:
    """A column as a numpy array, through Arrow (honours a `select`ed view)."""
    return dataset.with_format("arrow")[column].to_numpy(zero_copy_only=False)


def describe(values: np.ndarray) -> dict[str, float]:
    """Mean, min, percentiles and max of a length (or ratio) distribution; empty input gives {}."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return {}
    out = {"mean": float(values.mean()), "min": float(values.min())}
    out.update({f"p{q}": float(v) for q, v in zip(PERCENTILES, np.percentile(values, PERCENTILES))})
    out["max"] = float(values.max())
    return out


def spread_indices(size: int, count: int) -> np.ndarray:
    """Up to `count` indices evenly spread over range(size): a deterministic sample of the whole split."""
    return np.unique(np.linspace(0, size - 1, num=min(size, count)).round().astype(int))


_SCORERS: dict = {}  # per sentence_boundaries


def lead_rouge(documents: list[str], summaries: list[str], k: int, sentence_boundaries: str = "kiwi") -> dict[str, float]:
    """ROUGE F1 x100 (Kiwi morphemes) of each document's first k sentences (Kiwi's, or the source's lines with
    `sentence_boundaries="newlines"`) against its summary, by the project's own scorer: it compares directly with a
    model's validation ROUGE (a model below Lead-3 has not yet learned more than copying the lead)."""
    from summarizer.metrics.baselines import lead_k
    from summarizer.metrics.scorer import SummaryScorer

    if sentence_boundaries not in _SCORERS:  # Kiwi's model loads once per process
        _SCORERS[sentence_boundaries] = SummaryScorer(
            rouge_tokenizers=("kiwi",),
            rouge_types=LEAD_ROUGE_TYPES,
            bleu_tokenize=None,
            chrf=False,
            diagnostics=False,
            sentence_boundaries=sentence_boundaries,
        )
    scorer = _SCORERS[sentence_boundaries]
    corpus = scorer.score(lead_k(scorer.sentences(documents), k), summaries).corpus
    return {f"{name}_kiwi": round(float(corpus[f"{name}_kiwi"]), 2) for name in LEAD_ROUGE_TYPES}
