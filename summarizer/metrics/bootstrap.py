"""Seeded bootstrap: 95% intervals for every corpus figure, and a paired test of two systems.

Both draw examples with replacement (Efron's percentile bootstrap; Koehn 2004), every figure of a run on the same
resamples. The paired test is sacrebleu's `paired_bs` (Moses' bootstrap-hypothesis-difference-significance.pl):
with d_b = |B_b - A_b| on resample b and d = |B - A| on the data, p = (#{d_b - mean(d_b) >= d} + 1) / (n + 1).
One deliberate change: sacrebleu counts `>`, which gives a system compared with itself (d = 0, every d_b = 0)
p = 1/(n + 1), "significant"; with `>=` it gets p = 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import numpy as np

from summarizer.metrics.corpus_score import CorpusScore

CONFIDENCE = 0.95
_PERCENTILES = [(1.0 - CONFIDENCE) / 2 * 100, 100 - (1.0 - CONFIDENCE) / 2 * 100]
_CHUNK = 128  # resamples per batch: bounds memory at 128 x examples


def _resamples(size: int, samples: int, seed: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(counts, indices) batches of `samples` resamples of `size` examples, seeded."""
    rng = np.random.default_rng(seed)
    for done in range(0, samples, _CHUNK):
        indices = rng.integers(0, size, size=(min(_CHUNK, samples - done), size))
        counts = np.stack([np.bincount(row, minlength=size) for row in indices]).astype(np.float64)
        yield counts, indices


def _check_sizes(figures: Iterable[CorpusScore]) -> int:
    sizes = {fig.size for fig in figures}
    if len(sizes) != 1:
        raise ValueError(f"scores cover different numbers of examples: {sorted(sizes)}")
    return sizes.pop()


def confidence_intervals(scores: Mapping[str, CorpusScore], samples: int, seed: int) -> dict[str, tuple[float, float]]:
    """Percentile 95% interval of each figure over `samples` seeded resamples."""
    if not scores or samples <= 0:
        return {}
    size = _check_sizes(scores.values())
    # Means (most scores) share one matrix product per batch: resample counts @ (examples x scores).
    means = [name for name, fig in scores.items() if fig.kind == "mean"]
    others = [name for name in scores if name not in means]
    stacked = CorpusScore("mean", np.stack([scores[name].data for name in means], axis=1)) if means else None
    draws: dict[str, list[np.ndarray]] = {name: [] for name in scores}
    for counts, indices in _resamples(size, samples, seed):
        if stacked is not None:
            batch = stacked.resampled(counts, indices)  # (resamples, scores): CorpusScore's mean works column-wise
            for column, name in enumerate(means):
                draws[name].append(batch[:, column])
        for name in others:
            draws[name].append(scores[name].resampled(counts, indices))
    intervals = {}
    for name, parts in draws.items():
        values = np.concatenate(parts)
        low, high = (np.nan, np.nan) if np.all(np.isnan(values)) else np.nanpercentile(values, _PERCENTILES)
        intervals[name] = (float(low), float(high))
    return intervals


def paired_test(
    figures_a: Mapping[str, CorpusScore], figures_b: Mapping[str, CorpusScore], samples: int, seed: int
) -> dict[str, dict[str, float]]:
    """For every comparable figure both systems have: A, B, B - A, its 95% interval and the p-value."""
    names = [n for n, fig in figures_a.items() if fig.comparable and n in figures_b]
    if not names:
        return {}
    size = _check_sizes([*(figures_a[n] for n in names), *(figures_b[n] for n in names)])
    deltas: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for counts, indices in _resamples(size, samples, seed):
        for name in names:
            deltas[name].append(figures_b[name].resampled(counts, indices) - figures_a[name].resampled(counts, indices))
    results = {}
    for name in names:
        a, b = figures_a[name].value(), figures_b[name].value()
        sample_deltas = np.concatenate(deltas[name])
        spread = np.abs(sample_deltas)
        p_value = (int(np.sum(spread - spread.mean() >= abs(b - a))) + 1) / (len(spread) + 1)
        low, high = np.percentile(sample_deltas, _PERCENTILES)
        results[name] = dict(a=a, b=b, delta=b - a, delta_ci_low=float(low), delta_ci_high=float(high), p_value=p_value)
    return results
