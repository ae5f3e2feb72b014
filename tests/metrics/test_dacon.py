"""The `dacon` variant, pinned rule by rule from the documented metric (py-rouge + MeCab, as in
seujung/KoBART-summarization's rouge_metric.py; rules numbered as in summarizer/metrics/dacon.py)."""

from __future__ import annotations

import random
import warnings

import pytest
from rouge_score import rouge_scorer

from summarizer.metrics.dacon import DaconRouge, f_measure
from summarizer.metrics.scorer import SummaryScorer


@pytest.fixture(scope="module")
def dacon() -> DaconRouge:
    return DaconRouge(("rouge1", "rouge2", "rougeL"))


@pytest.fixture(scope="module")
def scorer() -> SummaryScorer:
    return SummaryScorer(rouge_tokenizers=("dacon", "whitespace"), bleu_tokenize=None, chrf=False, diagnostics=False)


def f1(overlap, predicted, reference):
    return 2 * overlap / (predicted + reference)


def test_rule1_filter_lowercases_and_deletes_non_hangul_syllables(dacon):
    # Mecab surfaces after [^A-Za-z0-9가-힣] -> space: punctuation, Hanja and jamo are gone.
    assert dacon.preprocess("“Apple”의 漢字 ㅋㅋ 좋다!")[0] == ["apple", "의", "좋", "다"]


def test_rule1_deleted_jamo_is_warned_and_recorded(scorer):
    with pytest.warns(UserWarning, match="deleted 2 Hangul jamo"):
        result = scorer.score(["ㅋㅋ 좋아요"], ["좋아요"])
    assert result.corpus["rouge1_dacon"] == pytest.approx(100.0)  # ㅋㅋ never counted
    assert result.info["tokenizers"]["dacon"]["hangul_chars_removed_by_filter"] == "2"
    assert result.corpus["rouge1_whitespace"] < 100.0  # our tokenizers do count it


def test_no_warning_when_nothing_is_deleted(scorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scorer.score(["좋아요"], ["좋아요"])


def test_rule2_only_the_first_1000_words_count(dacon, scorer):
    prediction = "가 " * 1000 + "나"  # word 1,001 is the only one the reference has
    assert dacon.score(prediction, ["나"])["rouge1"].fmeasure == 0.0
    result = scorer.score([prediction], ["나"])
    assert result.corpus["rouge1_whitespace"] == pytest.approx(100 * f1(1, 1001, 1))


def test_rule3_mecab_surfaces_not_base_forms(dacon):
    assert dacon.preprocess("예산을 늘렸다")[0] == ["예산", "을", "늘렸", "다"]


def test_rule4_ngram_counts_and_short_predictions(dacon):
    # rouge2 of a one-morpheme prediction: n-gram count 1 - 1 = 0 -> P = 0 -> F = 0, no error.
    assert dacon.score("사과", ["사과 배"])["rouge2"].fmeasure == 0.0
    assert dacon.score("", ["사과 배"])["rouge2"].fmeasure == 0.0
    # 사과/배/사과 vs 사과/배: unigrams clipped: 사과 min(2,1) + 배 = 2 of 3 and 2.
    score = dacon.score("사과 배 사과", ["사과 배"])["rouge1"]
    assert (score.precision, score.recall) == pytest.approx((2 / 3, 1.0))


def test_rule5_rouge_l_is_summary_level_over_lines_only(dacon):
    # One line with two sentences is one "sentence": LCS(배 사과, 사과 배) = 1 of 2.
    assert dacon.score("배. 사과.", ["사과. 배."])["rougeL"].fmeasure == pytest.approx(0.5)
    # The same sentences on separate lines: union of per-line LCS = both tokens.
    assert dacon.score("배.\n사과.", ["사과. 배."])["rougeL"].fmeasure == pytest.approx(1.0)


def test_rule5_union_lcs_hits_equal_rouge_score_summary_level():
    """The reference-side clip of the original never binds, so hits equal rouge_score's on the same tokens."""
    rng = random.Random(0)
    for _ in range(300):
        ref = [[rng.choice("abc") for _ in range(rng.randint(1, 6))] for _ in range(rng.randint(1, 3))]
        hyp = [[rng.choice("abc") for _ in range(rng.randint(1, 6))] for _ in range(rng.randint(1, 3))]
        hyp_count, ref_count, hits = DaconRouge.rouge_l_counts(hyp, ref)
        expected = rouge_scorer._summary_level_lcs(ref, hyp)
        assert hits / hyp_count == pytest.approx(expected.precision)
        assert hits / ref_count == pytest.approx(expected.recall)


def test_rule6_f_measure_alpha_half_and_zero():
    assert f_measure(0.5, 0.25) == pytest.approx(0.5 * 0.25 / (0.5 * 0.5 + 0.5 * 0.25))
    assert f_measure(0.0, 1.0) == 0.0 and f_measure(1.0, 0.0) == 0.0


def test_rule7_several_references_sum_counts(dacon, scorer):
    # 사과 배 vs [사과 배, 감 귤]: counts 2+2 predicted, 2+2 reference, 2+0 overlap -> 0.5 each.
    score = dacon.score("사과 배", ["사과 배", "감 귤"])["rouge1"]
    assert (score.precision, score.recall, score.fmeasure) == pytest.approx((0.5, 0.5, 0.5))
    result = scorer.score(["사과 배"], [["사과 배", "감 귤"]])
    assert result.corpus["rouge1_dacon"] == pytest.approx(50.0)
    assert result.corpus["rouge1_whitespace"] == pytest.approx(100.0)  # ours: best reference


def test_rule8_corpus_is_mean_of_per_example_scores(scorer):
    result = scorer.score(["사과 배", "감"], ["사과 배", "귤"])
    assert result.corpus["rouge1_dacon"] == pytest.approx((100.0 + 0.0) / 2)
    assert result.corpus["rouge1_dacon_precision"] == pytest.approx(50.0)


def test_nfd_input_is_normalised_first(scorer):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "오늘 날씨가 좋다")
    assert scorer.score([nfd], ["오늘 날씨가 좋다"]).corpus["rougeL_dacon"] == pytest.approx(100.0)


def test_dacon_has_no_rouge_lsum(scorer):
    corpus = scorer.score(["사과"], ["사과"]).corpus
    assert "rougeLsum_dacon" not in corpus and "rougeLsum_whitespace" in corpus
