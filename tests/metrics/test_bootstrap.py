"""Seeded bootstrap intervals and the paired test between two systems."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sacrebleu.metrics import BLEU

from summarizer.metrics.bootstrap import confidence_intervals, paired_test
from summarizer.metrics.corpus_score import CorpusScore
from summarizer.metrics.scorer import SummaryScorer


def test_constant_values_have_a_degenerate_interval():
    low, high = confidence_intervals({"x": CorpusScore("mean", np.full(30, 7.0))}, 200, seed=0)["x"]
    assert low == high == 7.0


def test_interval_width_matches_the_normal_approximation():
    values = np.random.default_rng(0).normal(50, 10, size=400)
    low, high = confidence_intervals({"x": CorpusScore("mean", values)}, 2000, seed=1)["x"]
    expected_half_width = 1.96 * values.std(ddof=1) / math.sqrt(len(values))  # ~0.98
    assert low < values.mean() < high
    assert (high - low) / 2 == pytest.approx(expected_half_width, rel=0.15)


def test_same_seed_same_interval_other_seed_other_interval():
    figures = {"x": CorpusScore("mean", np.random.default_rng(0).normal(size=100))}
    assert confidence_intervals(figures, 300, seed=5) == confidence_intervals(figures, 300, seed=5)
    assert confidence_intervals(figures, 300, seed=5) != confidence_intervals(figures, 300, seed=6)


def test_resampled_figures_equal_the_figure_of_the_resampled_data():
    rng = np.random.default_rng(3)
    indices = rng.integers(0, 6, size=(1, 6))
    counts = np.bincount(indices[0], minlength=6)[None, :].astype(float)
    values = np.array([1.0, 5.0, 2.0, np.nan, 9.0, 4.0])
    picked = values[indices[0]]
    assert CorpusScore("median", values).resampled(counts, indices)[0] == np.median(picked)
    assert CorpusScore("mean", values).resampled(counts, indices)[0] == pytest.approx(np.nanmean(picked))
    # BLEU from summed sufficient statistics equals sacrebleu on the resampled corpus itself.
    preds = ["가 나 다 라", "마 바 사", "가 나", "아 자 차 카 타", "파 하", "가 다 라 마"]
    refs = ["가 나 다 마", "마 바 사 아", "가 나 다", "아 자 차 타", "파 하 가", "가 나 라 마"]
    bleu = BLEU()
    stats = np.asarray(bleu._extract_corpus_statistics(preds, [refs]), dtype=float)
    figure = CorpusScore("stats", stats, lambda s: float(bleu._compute_score_from_stats(s).score))
    expected = BLEU().corpus_score([preds[i] for i in indices[0]], [[refs[i] for i in indices[0]]]).score
    assert figure.resampled(counts, indices)[0] == pytest.approx(expected)


def test_paired_test_identical_systems_is_not_significant():
    fig = {"rouge1": CorpusScore("mean", np.random.default_rng(0).uniform(0, 100, 50), comparable=True)}
    result = paired_test(fig, fig, 500, seed=0)["rouge1"]
    assert result["delta"] == 0.0 and result["p_value"] == 1.0


def test_paired_test_detects_a_consistent_improvement_and_not_noise():
    rng = np.random.default_rng(1)
    a = rng.uniform(20, 60, 80)
    better = {"r": CorpusScore("mean", a + 2.0, comparable=True)}
    noise = rng.normal(0, 5, 80)
    noisy = {"r": CorpusScore("mean", a + noise - noise.mean(), comparable=True)}  # same mean, only noise
    base = {"r": CorpusScore("mean", a, comparable=True)}
    improved = paired_test(base, better, 1000, seed=0)["r"]
    assert improved["delta"] == pytest.approx(2.0)
    assert improved["p_value"] <= 0.002 and improved["delta_ci_low"] == pytest.approx(2.0)
    shuffled = paired_test(base, noisy, 1000, seed=0)["r"]
    assert shuffled["delta"] == pytest.approx(0.0, abs=1e-9)
    assert shuffled["delta_ci_low"] < 0 < shuffled["delta_ci_high"] and shuffled["p_value"] > 0.05


def test_scorer_adds_an_interval_to_every_corpus_figure():
    scorer = SummaryScorer(rouge_tokenizers=("kiwi", "dacon"), bootstrap_samples=100, seed=0)
    preds = ["정부는 예산을 늘렸다.", "국회가 승인했다.", "", "비가 온다"]
    refs = ["정부가 예산을 늘렸다.", "국회는 예산을 승인했다.", "정답", "내일 비가 온다"]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = scorer.score(preds, refs, sources=refs).corpus
    figures = [k for k in corpus if not k.endswith(("_ci_low", "_ci_high"))]
    for name in figures:
        assert f"{name}_ci_low" in corpus and f"{name}_ci_high" in corpus, name
        low, high = corpus[f"{name}_ci_low"], corpus[f"{name}_ci_high"]
        assert math.isnan(low) or low <= high, name
    again = scorer.score(preds, refs, sources=refs).corpus
    assert again == corpus  # seeded: the same numbers every call
