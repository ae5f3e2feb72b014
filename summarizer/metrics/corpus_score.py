"""Corpus scores defined from per-example data, so a score and its bootstrap share one definition. Bootstrap
resamples come as example counts (how often each example was drawn), which turns every reduction but the median into
one matrix product."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

Kind = Literal["mean", "median", "ratio", "sum", "stats"]


@dataclass(frozen=True)
class CorpusScore:
    """One corpus score: the mean of per-example values (ROUGE, RDASS, shares), their median, a ratio of sums (length
    ratio), a sum (counts) or sacrebleu statistics (BLEU, chrF). `data` is (examples,) for mean/median/sum,
    (examples, 2) numerator and denominator for ratio, (examples, k) statistics for stats. NaN marks examples a mean
    skips (e.g. the novel-bigram ratio of a one-token prediction)."""

    kind: Kind
    data: np.ndarray
    score_from_sums: Callable[[np.ndarray], float] | None = None  # stats only: summed statistics -> the score
    comparable: bool = False  # offered to the paired test between two systems

    @property
    def size(self) -> int:
        return int(self.data.shape[0])

    def value(self) -> float:
        return float(self.resampled(np.ones((1, self.size)), np.arange(self.size)[None, :])[0])

    def resampled(self, counts: np.ndarray, indices: np.ndarray) -> np.ndarray:
        """The figure on each resample: `counts` (resamples, examples) draws per example,
        `indices` (resamples, examples) the drawn examples (only the median needs them)."""
        data = self.data
        if self.kind == "median":
            return np.median(data[indices], axis=1)
        if self.kind == "mean":
            valid = ~np.isnan(data)
            total = counts @ np.where(valid, data, 0.0)
            seen = counts @ valid.astype(np.float64)
            return np.where(seen > 0, total / np.maximum(seen, 1e-300), np.nan)  # the maximum: no 0/0 warning
        sums = counts @ data
        if self.kind == "sum":
            return sums
        if self.kind == "ratio":
            positive = sums[:, 1] > 0
            return np.where(positive, sums[:, 0] / np.where(positive, sums[:, 1], 1.0), np.nan)
        return np.array([self.score_from_sums(row) for row in sums])
