"""BLEU and chrF are sacrebleu's own numbers, named with their tokenizer, from metric objects built once."""

from __future__ import annotations

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF

from summarizer.metrics.bleu import resolve_bleu_tokenize
from summarizer.metrics.scorer import SummaryScorer

PREDICTIONS = ["정부는 올해 예산을 10% 늘렸다.", "", "국회는 이를 승인했다고 밝혔다.", "내일은 비가 온다"]
REFERENCES = ["정부가 올해 예산을 늘렸다.", "빈 예측의 정답", "국회는 예산안을 승인했다.", "내일은 비가 오겠다"]


@pytest.mark.parametrize("tokenize", ["char", "13a", "ko-mecab"])
def test_bleu_equals_sacrebleu_corpus_score(tokenize):
    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize=tokenize, chrf=False, diagnostics=False)
    result = scorer.score(PREDICTIONS, REFERENCES)
    key = "bleu_" + tokenize.replace("-", "_")
    expected = BLEU(tokenize=tokenize).corpus_score(PREDICTIONS, [REFERENCES])
    assert result.corpus[key] == pytest.approx(expected.score, abs=1e-9)
    assert f"tok:{tokenize}" in result.info["sacrebleu_signatures"][key]


def test_chrf_and_chrf_plus_plus_equal_sacrebleu():
    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize=None, chrf=True, diagnostics=False)
    corpus = scorer.score(PREDICTIONS, REFERENCES).corpus
    assert corpus["chrf"] == pytest.approx(CHRF().corpus_score(PREDICTIONS, [REFERENCES]).score, abs=1e-9)
    assert corpus["chrf_pp"] == pytest.approx(
        CHRF(word_order=2).corpus_score(PREDICTIONS, [REFERENCES]).score, abs=1e-9
    )
    assert "bleu_char" not in corpus


def test_several_references_of_varying_number():
    references = [[r, r + " 추가"] if i % 2 else [r] for i, r in enumerate(REFERENCES)]
    streams = [[refs[0] for refs in references], [refs[1] if len(refs) > 1 else None for refs in references]]
    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize="char", diagnostics=False)
    corpus = scorer.score(PREDICTIONS, references).corpus
    assert corpus["bleu_char"] == pytest.approx(BLEU(tokenize="char").corpus_score(PREDICTIONS, streams).score)
    assert corpus["chrf"] == pytest.approx(CHRF().corpus_score(PREDICTIONS, streams).score)
    assert corpus["chrf_pp"] == pytest.approx(CHRF(word_order=2).corpus_score(PREDICTIONS, streams).score)


def test_auto_picks_ko_mecab_when_installed():
    assert resolve_bleu_tokenize("auto") == "ko-mecab"
    assert resolve_bleu_tokenize(None) is None


def test_unknown_tokenizer_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown sacrebleu tokenizer 'spaces'"):
        SummaryScorer(bleu_tokenize="spaces")


def test_metric_objects_are_built_once(monkeypatch):
    built = []
    for cls in (sacrebleu.metrics.bleu.BLEU, sacrebleu.metrics.chrf.CHRF):
        original = cls.__init__
        monkeypatch.setattr(
            cls, "__init__", lambda self, *a, _o=original, **k: (built.append(type(self)), _o(self, *a, **k))[1]
        )
    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize="char", diagnostics=False)
    assert len(built) == 3  # BLEU, chrF, chrF++
    for _ in range(3):
        scorer.score(PREDICTIONS, REFERENCES)
    assert len(built) == 3


def test_reference_cache_follows_the_references(monkeypatch):
    """References are read once while they stay the same; new references are read again."""
    read = []
    for cls in (sacrebleu.metrics.bleu.BLEU, sacrebleu.metrics.chrf.CHRF):
        original = cls._cache_references
        monkeypatch.setattr(
            cls,
            "_cache_references",
            lambda self, refs, _o=original: (read.append(type(self).__name__), _o(self, refs))[1],
        )
    scorer = SummaryScorer(
        rouge_tokenizers=("whitespace",), rouge_types=("rouge1",), bleu_tokenize="char", diagnostics=False
    )
    other_refs = [r + " 추가 문장" for r in REFERENCES]
    expected_reads = [["BLEU", "CHRF"], [], ["BLEU", "CHRF"]]  # chrF++ is read; chrF reuses its statistics
    for (preds, refs), reads in zip(
        [(PREDICTIONS, REFERENCES), (PREDICTIONS[::-1], REFERENCES), (PREDICTIONS, other_refs)], expected_reads
    ):
        read.clear()
        corpus = scorer.score(preds, refs).corpus
        assert read == reads
        assert corpus["bleu_char"] == pytest.approx(BLEU(tokenize="char").corpus_score(preds, [refs]).score)
        assert corpus["chrf_pp"] == pytest.approx(CHRF(word_order=2).corpus_score(preds, [refs]).score)


def test_individual_and_cumulative_bleu_orders_by_hand_on_korean():
    """Issue 14.4: BLEU-n individual = brevity penalty x the n-gram precision alone; cumulative = x the geometric
    mean of precisions 1..n. Characters (spaces dropped): 정부가올해예산을늘렸다 (11) against 정부가올해예산을크게늘렸다 (13)."""
    import math

    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize="char", chrf=False, diagnostics=False)
    corpus = scorer.score(["정부가 올해 예산을 늘렸다"], ["정부가 올해 예산을 크게 늘렸다"]).corpus
    bp = math.exp(1 - 13 / 11)
    precision = {1: 11 / 11, 2: 9 / 10, 3: 7 / 9, 4: 5 / 8}  # 을늘 / 산을늘, 을늘렸 / ... have no match in the reference
    for n, p in precision.items():
        assert corpus[f"bleu_char_individual_{n}"] == pytest.approx(100 * bp * p)
    for n in (1, 2, 3):
        assert corpus[f"bleu_char_cumulative_{n}"] == pytest.approx(100 * bp * math.prod(precision[k] for k in range(1, n + 1)) ** (1 / n))
    assert corpus["bleu_char"] == pytest.approx(100 * bp * math.prod(precision.values()) ** (1 / 4))  # cumulative 4


@pytest.mark.parametrize("tokenize", ["char", "ko-mecab"])
def test_bleu_orders_agree_with_sacrebleus_own_precisions(tokenize):
    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize=tokenize, chrf=False, diagnostics=False)
    corpus = scorer.score(PREDICTIONS, REFERENCES).corpus
    key = "bleu_" + tokenize.replace("-", "_")
    expected = BLEU(tokenize=tokenize).corpus_score(PREDICTIONS, [REFERENCES])
    assert all(p > 0 for p in expected.precisions)  # precondition: no order smoothed
    for n in range(1, 5):
        assert corpus[f"{key}_individual_{n}"] == pytest.approx(expected.bp * expected.precisions[n - 1])
        cumulative = BLEU(tokenize=tokenize, max_ngram_order=n).corpus_score(PREDICTIONS, [REFERENCES]).score
        assert corpus.get(f"{key}_cumulative_{n}", corpus[key]) == pytest.approx(cumulative)


def test_an_order_without_any_match_is_0_alone_and_smoothed_in_the_cumulative_score():
    """가나다라 against 가다나라 (characters): every unigram matches, no bigram does."""
    import math

    scorer = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize="char", chrf=False, diagnostics=False)
    corpus = scorer.score(["가나 다라"], ["가다 나라"]).corpus
    assert corpus["bleu_char_individual_1"] == pytest.approx(100.0)
    assert corpus["bleu_char_individual_2"] == 0.0  # no 2-gram in common
    # sacrebleu's exp smoothing: the first order without matches counts as 1 / (2 * its n-gram total) = 1/6
    assert corpus["bleu_char_cumulative_2"] == pytest.approx(100 * math.sqrt(1.0 * (1 / 6)))
    expected = BLEU(tokenize="char", max_ngram_order=2).corpus_score(["가나 다라"], [["가다 나라"]]).score
    assert corpus["bleu_char_cumulative_2"] == pytest.approx(expected)
