"""Lead-k and the greedy oracle; the Korean ROUGE as a local `evaluate` module."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from summarizer.metrics.baselines import greedy_oracle, greedy_oracle_indices, lead_k
from summarizer.metrics.scorer import SummaryScorer
from summarizer.metrics.tokenizers import Eojeol

MODULE = Path(__file__).resolve().parents[2] / "summarizer" / "metrics" / "korean_rouge"


def test_lead_k_takes_the_first_sentences():
    assert lead_k([["a", "b", "c", "d"], ["x"]], k=3) == ["a\nb\nc", "x"]
    with pytest.raises(ValueError):
        lead_k([["a"]], k=0)


def test_greedy_oracle_hand_example():
    # Reference [a b c d] (bigrams ab bc cd); objective = R1 F1 + R2 F1.
    # Step 1: [a b] -> 2*2/(2+4) + 2*1/(1+3) = 0.667 + 0.5; [x y] -> 0; [c d] ties with [a b], first kept.
    # Step 2: [a b x y] -> 0.5 + 0.333 (worse); [a b c d] -> 1 + 1: added. Step 3: [x y] only lowers it.
    sentences = [["a", "b"], ["x", "y"], ["c", "d"]]
    assert greedy_oracle_indices(sentences, [["a", "b", "c", "d"]]) == [0, 2]
    # A sentence that lowers the objective is never added; nothing useful -> empty summary.
    assert greedy_oracle_indices([["x"], ["y"]], [["a"]]) == []
    assert greedy_oracle_indices(sentences, [["a", "b", "c", "d"]], max_sentences=1) == [0]


def test_greedy_oracle_beats_lead_on_the_same_metrics():
    scorer = SummaryScorer(rouge_tokenizers=("kiwi",), bleu_tokenize=None, chrf=False, diagnostics=False)
    docs = ["첫 문장은 관계없다. 둘째 문장도 다르다. 정부는 예산을 늘렸다."]
    refs = ["정부는 예산을 늘렸다."]
    sentences = scorer.sentences(docs)
    assert sentences == [["첫 문장은 관계없다.", "둘째 문장도 다르다.", "정부는 예산을 늘렸다."]]
    oracle = scorer.oracle(docs, refs)
    assert oracle == ["정부는 예산을 늘렸다."]
    # NFD input (macOS files) picks the same sentences: the oracle normalises like `score` does.
    nfd = [unicodedata.normalize("NFD", t) for t in docs], [unicodedata.normalize("NFD", r) for r in refs]
    assert scorer.oracle(*nfd) == oracle
    assert scorer.score(oracle, refs).corpus["rouge1_kiwi"] == pytest.approx(100.0)
    assert scorer.score(lead_k(sentences, 1), refs).corpus["rouge1_kiwi"] < 100.0


def test_oracle_uses_the_given_tokenizer():
    eojeol = Eojeol()
    picked = greedy_oracle([["사과 배.", "감 귤."]], [["감 귤"]], lambda texts: [eojeol.tokenize(t) for t in texts])
    assert picked == ["감 귤."]


@pytest.mark.slow  # importing evaluate (datasets, pyarrow, pandas) alone takes ~4 s
def test_evaluate_load_of_the_local_module(monkeypatch):
    evaluate = pytest.importorskip("evaluate")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    rouge = evaluate.load(str(MODULE))
    same = "정부는 올해 예산을 늘렸다. 국회가 이를 승인했다."
    scores = rouge.compute(predictions=[same, "사과 배"], references=[same, "사과 감"], tokenizer="whitespace")
    # whitespace: 100 and (사과 shared: 1 of 2 and 2 -> 50) -> mean 75
    assert scores["rouge1_whitespace"] == pytest.approx(75.0)
    per_example = rouge.compute(predictions=[same], references=[[same, "다른 정답"]], use_aggregator=False)
    assert per_example == {f"{t}_kiwi": [pytest.approx(100.0)] for t in ("rouge1", "rouge2", "rougeL", "rougeLsum")}
