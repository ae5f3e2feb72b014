"""Diagnostics, hand-computed: lengths, empties, novelty against the document, repetition, distinct-n."""

from __future__ import annotations

import math

import pytest

from summarizer.metrics.diagnostics import distinct_ratio, novel_ratio, repeated_ratio
from summarizer.metrics.scorer import SummaryScorer


def test_novel_ratio_counts_distinct_ngrams_missing_from_the_document():
    source = {("a",), ("b",), ("c",)}
    assert novel_ratio(["a", "b", "x", "x"], source, 1) == pytest.approx(1 / 3)  # {a, b, x}: x is new
    bigrams = {("a", "b"), ("b", "c")}
    assert novel_ratio(["a", "b", "c", "d"], bigrams, 2) == pytest.approx(1 / 3)  # (c, d) is new
    assert math.isnan(novel_ratio(["a"], bigrams, 2))


def test_repetition_and_distinct_n():
    loop = ["다"] * 5  # trigrams (다,다,다) x3: 2 of 3 repeat an earlier one
    assert repeated_ratio(loop) == pytest.approx(2 / 3)
    assert repeated_ratio(["a", "b", "c", "d"]) == 0.0
    assert repeated_ratio(["a", "b"]) == 0.0  # no trigram, nothing repeated
    assert distinct_ratio(["a", "b", "a", "c"], 1) == pytest.approx(3 / 4)
    assert distinct_ratio(["a", "b", "a", "b"], 2) == pytest.approx(2 / 3)  # (a,b) (b,a) (a,b)
    assert math.isnan(distinct_ratio([], 1))


@pytest.fixture(scope="module")
def result():
    scorer = SummaryScorer(rouge_tokenizers=("kiwi",), bleu_tokenize=None, chrf=False)
    predictions = ["사과 배 귤", "", "다다다다다 사과"]
    references = ["사과 배", "포도 귤 밤 대추", ["사과", "사과 배 귤 밤"]]
    sources = ["사과 배 귤 밤", "문서", "사과 밤"]
    return scorer.score(predictions, references, sources)


def test_lengths_and_ratios(result):
    corpus = result.corpus
    # morphemes (kiwi): [사과 배 귤] 3, [] 0, [다 다 다 다 다 사과] 6; references 2, 4, mean(1, 4) = 2.5
    assert corpus["pred_len_morphs_mean"] == pytest.approx(9 / 3)
    assert corpus["pred_len_morphs_median"] == 3.0
    assert corpus["ref_len_morphs_mean"] == pytest.approx((2 + 4 + 2.5) / 3)
    assert corpus["len_ratio_morphs"] == pytest.approx(9 / 8.5)
    # non-space characters: 4, 0, 7; references 3, 6, mean(2, 5) = 3.5
    assert corpus["pred_len_chars_mean"] == pytest.approx(11 / 3)
    assert corpus["pred_len_chars_median"] == 4.0
    assert corpus["len_ratio_chars"] == pytest.approx(11 / 12.5)


def test_empty_repetition_and_novelty(result):
    corpus = result.corpus
    assert corpus["empty_pred_count"] == 1.0 and corpus["empty_pred_share"] == pytest.approx(1 / 3)
    # trigrams of 다x5 + 사과: (다,다,다)x3 (다,다,사과): 2 of 4 repeat; others have none.
    assert result.per_example[2]["rep_3gram_rate"] == pytest.approx(2 / 4)
    assert corpus["rep_3gram_rate"] == pytest.approx((0 + 0 + 0.5) / 3)
    assert corpus["rep_3gram_pred_share"] == pytest.approx(1 / 3)
    # novel unigrams: {사과 배 귤} all in doc 1 -> 0; empty -> undefined (skipped); {다, 사과} vs doc 3: 다 new -> 1/2
    assert math.isnan(result.per_example[1]["novel_1gram_ratio"])
    assert corpus["novel_1gram_ratio"] == pytest.approx((0 + 0.5) / 2)
    # distinct-1: 3/3 and 2/6 (empty skipped)
    assert corpus["distinct_1"] == pytest.approx((1 + 2 / 6) / 2)


def test_no_sources_no_novelty():
    scorer = SummaryScorer(rouge_tokenizers=("kiwi",), bleu_tokenize=None, chrf=False)
    corpus = scorer.score(["사과"], ["사과"]).corpus
    assert "novel_1gram_ratio" not in corpus and "pred_len_chars_mean" in corpus
