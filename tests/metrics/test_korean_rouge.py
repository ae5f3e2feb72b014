"""ROUGE on Korean: identical texts score 100 under every tokenizer, hand-computed overlaps pass,
and rouge_score's default tokenizer (which keeps only [a-z0-9]) can never sneak back in."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from tests.metrics.conftest import ALL_TOKENIZERS, rouge

TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
PACKAGE = Path(__file__).resolve().parents[2] / "summarizer"


def f1(overlap: float, predicted: float, reference: float) -> float:
    """F1 x100 from an overlap count and the two lengths: 2*o / (|p| + |r|)."""
    return 100.0 * 2 * overlap / (predicted + reference)


def expect(actual: dict[str, float], expected: dict[str, float]) -> None:
    for rouge_type, value in expected.items():
        assert actual[rouge_type] == pytest.approx(value, abs=1e-9), rouge_type


KOREAN = "정부는 올해 예산을 10% 늘렸다. 국회는 이를 승인했다!\n내년에는 Galaxy S24 판매가 2배 늘 전망이다."


def test_identical_korean_scores_100_under_every_tokenizer(scorer_all):
    result = scorer_all.score([KOREAN], [KOREAN])
    for tokenizer in ALL_TOKENIZERS:
        scores = rouge(result, tokenizer)
        expected_types = [t for t in TYPES if not (tokenizer == "dacon" and t == "rougeLsum")]
        assert sorted(scores) == sorted(expected_types), tokenizer
        for rouge_type in expected_types:
            assert scores[rouge_type] == pytest.approx(100.0), (tokenizer, rouge_type)


def test_guard_rouge_score_default_tokenizer_gives_identical_hangul_zero(scorer_default):
    # rouge_score's DefaultTokenizer keeps only [a-z0-9]: identical Korean scores 0. This is the bug
    # this package exists to avoid; if rouge_score ever changes, re-read this package's design.
    hangul_only = "정부는 올해 예산을 늘렸다.\n국회는 이를 승인했다."
    default = rouge_scorer.RougeScorer(list(TYPES))
    scores = default.score(hangul_only, hangul_only)
    assert all(scores[t].fmeasure == 0.0 for t in TYPES)
    ours = scorer_default.score([hangul_only], [hangul_only]).corpus
    assert all(ours[f"{t}_kiwi"] == pytest.approx(100.0) for t in TYPES)


def test_guard_no_rouge_scorer_without_our_tokenizer_in_the_code():
    """Every RougeScorer(...) in summarizer/ passes tokenizer=..., and nothing loads evaluate's 'rouge'."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "RougeScorer" and not any(k.arg == "tokenizer" for k in node.keywords):
                offenders.append(f"{path}:{node.lineno} RougeScorer without tokenizer=")
            if (
                name == "load"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value == "rouge"
            ):
                offenders.append(f"{path}:{node.lineno} evaluate.load('rouge')")
    assert offenders == []


def test_clipping_of_repeated_tokens(scorer_all):
    # char: prediction 다다다다 (4 x 다) against 다 -> unigram overlap min(4, 1) = 1; no reference bigram.
    result = scorer_all.score(["다다다다"], ["다"])
    expect(rouge(result, "char"), {"rouge1": f1(1, 4, 1), "rouge2": 0.0, "rougeL": f1(1, 4, 1)})
    # whitespace: 좋다 x3 against "좋다 정말" -> overlap min(3, 1) = 1 of 3 and 2 words; bigrams
    # (좋다 좋다) x2 vs (좋다 정말): 0; LCS = 1.
    # kiwi/mecab: 좋/다 x3 (6 morphemes) against 좋/다/정말 (3): 좋 min(3,1) + 다 min(3,1) = 2;
    # bigrams (좋,다)x3 (다,좋)x2 vs (좋,다) (다,정말): 1 of 5 and 2; LCS = 좋 다 = 2.
    result = scorer_all.score(["좋다 좋다 좋다"], ["좋다 정말"])
    expect(rouge(result, "whitespace"), {"rouge1": f1(1, 3, 2), "rouge2": 0.0, "rougeL": f1(1, 3, 2)})
    for tokenizer in ("kiwi", "mecab"):
        expect(rouge(result, tokenizer), {"rouge1": f1(2, 6, 3), "rouge2": f1(1, 5, 2), "rougeL": f1(2, 6, 3)})


@pytest.mark.parametrize(
    "tokenizer, expected",
    [
        # 오늘/날씨/가/좋/다 either way: spacing does not change morphemes or characters.
        ("kiwi", {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0, "rougeLsum": 100.0}),
        ("mecab", {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0, "rougeLsum": 100.0}),
        ("char", {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0, "rougeLsum": 100.0}),
        ("dacon", {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0}),
        # eojeol [오늘, 날씨가, 좋다] vs [오늘날씨가, 좋다]: 1 shared word (좋다), no shared bigram.
        ("whitespace", {"rouge1": f1(1, 3, 2), "rouge2": 0.0, "rougeL": f1(1, 3, 2), "rougeLsum": f1(1, 3, 2)}),
    ],
)
def test_spacing_difference(scorer_all, tokenizer, expected):
    result = scorer_all.score(["오늘 날씨가 좋다"], ["오늘날씨가 좋다"])
    expect(rouge(result, tokenizer), expected)


@pytest.mark.parametrize(
    "tokenizer, expected",
    [
        # 예산/을/늘리/었/다 vs 예산/을/늘리/ᆫ다: 3 shared of 5 and 4; bigrams (예산,을) (을,늘리): 2 of 4 and 3.
        ("kiwi", {"rouge1": f1(3, 5, 4), "rouge2": f1(2, 4, 3), "rougeL": f1(3, 5, 4)}),
        # 예산/을/늘렸/다 vs 예산/을/늘린다 (surface forms): 2 of 4 and 3; bigram (예산,을): 1 of 3 and 2.
        ("mecab", {"rouge1": f1(2, 4, 3), "rouge2": f1(1, 3, 2), "rougeL": f1(2, 4, 3)}),
        # 예산을늘렸다 vs 예산을늘린다: 5 of 6 characters; bigrams 예산 산을 을늘: 3 of 5.
        ("char", {"rouge1": f1(5, 6, 6), "rouge2": f1(3, 5, 5), "rougeL": f1(5, 6, 6)}),
        ("whitespace", {"rouge1": f1(1, 2, 2), "rouge2": 0.0, "rougeL": f1(1, 2, 2)}),
    ],
)
def test_inflected_verb(scorer_all, tokenizer, expected):
    result = scorer_all.score(["예산을 늘렸다"], ["예산을 늘린다"])
    expect(rouge(result, tokenizer), expected)


@pytest.mark.parametrize(
    "tokenizer, expected",
    [
        # [삼성전자 galaxy s24 출시 2024년] vs [갤럭시 s24 출시는 2024년]: s24 and 2024년 shared.
        ("whitespace", {"rouge1": f1(2, 5, 4), "rouge2": 0.0, "rougeL": f1(2, 5, 4)}),
        # [삼성전자 galaxy s 24 출시 2024 년] vs [갤럭시 s 24 출시 는 2024 년]: s 24 출시 2024 년 shared;
        # bigrams (s,24) (24,출시) (2024,년) shared of 6 each; LCS s 24 출시 2024 년.
        ("kiwi", {"rouge1": f1(5, 7, 7), "rouge2": f1(3, 6, 6), "rougeL": f1(5, 7, 7)}),
        ("mecab", {"rouge1": f1(5, 7, 7), "rouge2": f1(3, 6, 6), "rougeL": f1(5, 7, 7)}),
        # 20 vs 14 characters; shared s 2 2 2 4 4 출 시 0 년 = 10; bigrams s2 24 24 4출 출시 20 02 4년 = 8
        # of 19 and 13; LCS s24출시2024년 = 10.
        ("char", {"rouge1": f1(10, 20, 14), "rouge2": f1(8, 19, 13), "rougeL": f1(10, 20, 14)}),
    ],
)
def test_mixed_hangul_latin_digits(scorer_all, tokenizer, expected):
    result = scorer_all.score(["삼성전자 Galaxy S24 출시 2024년"], ["갤럭시 S24 출시는 2024년"])
    expect(rouge(result, tokenizer), expected)


def test_nfd_input_scores_like_nfc(scorer_all):
    nfc = "오늘 날씨가 좋다. 내일은 비가 온다."
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    result = scorer_all.score([nfd, nfc], [nfc, nfd])
    for tokenizer in ALL_TOKENIZERS:
        for example in (0, 1):
            assert all(v == pytest.approx(100.0) for v in rouge(result, tokenizer, example).values()), tokenizer


@pytest.mark.parametrize("empty", ["", "   ", "\n"])
def test_empty_prediction_scores_zero_and_is_counted(scorer_all, empty):
    result = scorer_all.score([empty, "오늘 날씨"], ["오늘 날씨", "오늘 날씨"])
    for tokenizer in ALL_TOKENIZERS:
        assert all(v == 0.0 for v in rouge(result, tokenizer, 0).values()), tokenizer
        assert all(v == pytest.approx(100.0) for v in rouge(result, tokenizer, 1).values()), tokenizer
    assert result.corpus["empty_pred_count"] == 1.0
    assert result.corpus["empty_pred_share"] == 0.5
    assert result.corpus["rouge1_kiwi"] == pytest.approx(50.0)


def test_rouge_lsum_unions_lcs_over_sentences(scorer_all):
    # Reference 사과 배; prediction lines 배 / 사과. Summary level: each prediction sentence's LCS
    # with the reference ({배}, {사과}) unite to both tokens: 2 of 2 -> 100. Sentence level over the
    # flat sequences (배 사과 vs 사과 배): LCS 1 of 2 -> 50. Characters: 3 of 3 vs LCS 2 of 3.
    result = scorer_all.score(["배\n사과"], ["사과 배"])
    for tokenizer in ("kiwi", "mecab", "whitespace"):
        expect(rouge(result, tokenizer), {"rougeL": f1(1, 2, 2), "rougeLsum": 100.0})
    expect(rouge(result, "char"), {"rougeL": f1(2, 3, 3), "rougeLsum": 100.0})
    # dacon's rouge-l is itself summary-level over lines.
    expect(rouge(result, "dacon"), {"rougeL": 100.0})


def test_rouge_lsum_lin_2004_example(scorer_all):
    # Lin (2004), section 3.2: r = w1..w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5; union LCS
    # {w1 w2} + {w1 w3 w5} = 4 hits of 5 reference and 10 prediction tokens.
    reference = "사과 배 감 귤 밤"
    prediction = "사과 배 호두 잣 대추\n사과 감 대추 땅콩 밤"
    result = scorer_all.score([prediction], [reference])
    for tokenizer in ("kiwi", "mecab", "whitespace"):
        expect(rouge(result, tokenizer), {"rougeLsum": f1(4, 10, 5)})


def test_several_references_max_or_mean():
    from summarizer.metrics.scorer import SummaryScorer

    refs = [["사과 배", "감 귤"]]
    best = SummaryScorer(rouge_tokenizers=("whitespace",), bleu_tokenize=None, chrf=False, diagnostics=False)
    mean = SummaryScorer(
        rouge_tokenizers=("whitespace",), bleu_tokenize=None, chrf=False, diagnostics=False, multi_reference="mean"
    )
    assert best.score(["사과 배"], refs).corpus["rouge1_whitespace"] == pytest.approx(100.0)
    assert mean.score(["사과 배"], refs).corpus["rouge1_whitespace"] == pytest.approx(50.0)  # (100 + 0) / 2


def test_a_final_period_changes_no_tokenizer_but_the_explicit_char_punct():
    """Issue 14.2: one punctuation rule; `char` counted the "." that nearly every Korean summary ends with."""
    from summarizer.metrics.scorer import SummaryScorer

    tokenizers = ("kiwi", "mecab", "char", "whitespace", "char_punct")
    scorer = SummaryScorer(rouge_tokenizers=tokenizers, bleu_tokenize=None, chrf=False, diagnostics=False)
    with_period = scorer.score(["자연어처리는 재미있다."], ["자연어 처리는 재미 있다"])
    without = scorer.score(["자연어처리는 재미있다"], ["자연어 처리는 재미 있다"])
    for tokenizer in tokenizers[:-1]:
        assert rouge(with_period, tokenizer) == rouge(without, tokenizer), tokenizer
    assert rouge(without, "char")["rouge1"] == pytest.approx(100.0)  # 10 letters each, all shared
    assert rouge(with_period, "char_punct")["rouge1"] == pytest.approx(f1(10, 11, 10))  # 95.24: the period counted
