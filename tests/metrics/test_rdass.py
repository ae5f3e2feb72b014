"""RDASS = (cos(p, r) + cos(p, d)) / 2, each term checked on its own."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
import pytest

from summarizer.metrics.rdass import rdass_columns
from summarizer.metrics.scorer import SummaryScorer


class FixedEncoder:
    """Hand-chosen embeddings, so every cosine below can be computed on paper."""

    vectors: ClassVar[dict[str, list[float]]] = {
        "예측": [1.0, 0.0, 0.0],
        "정답": [1.0, 1.0, 0.0],  # cos with 예측 = 1/sqrt(2)
        "다른 정답": [0.0, 0.0, 1.0],  # cos with 예측 = 0
        "문서": [3.0, 0.0, 4.0],  # cos with 예측 = 3/5
        "": [5.0, 5.0, 5.0],
    }

    def encode(self, texts):
        return np.array([self.vectors[t] for t in texts], dtype=np.float32)

    def describe(self):
        return {"encoder": "fixed", "pooling": "none", "max_length": "0"}


def test_both_terms_and_their_mean_by_hand():
    cols = rdass_columns(FixedEncoder(), ["예측"], [["정답"]], ["문서"], "max")
    assert cols["rdass_pr"][0] == pytest.approx(1 / math.sqrt(2))
    assert cols["rdass_pd"][0] == pytest.approx(3 / 5)
    assert cols["rdass"][0] == pytest.approx((1 / math.sqrt(2) + 3 / 5) / 2)


def test_several_references_blank_predictions_and_no_documents():
    assert rdass_columns(FixedEncoder(), ["예측"], [["정답", "다른 정답"]], None, "max")["rdass_pr"][
        0
    ] == pytest.approx(1 / math.sqrt(2))
    mean = rdass_columns(FixedEncoder(), ["예측"], [["정답", "다른 정답"]], None, "mean")
    assert mean["rdass_pr"][0] == pytest.approx((1 / math.sqrt(2) + 0) / 2)
    assert set(mean) == {"rdass_pr"}  # without documents there is no s(p, d) and so no RDASS
    blank = rdass_columns(FixedEncoder(), [""], [["정답"]], ["문서"], "max")
    assert blank["rdass_pr"][0] == blank["rdass_pd"][0] == blank["rdass"][0] == 0.0



def rdass_only_scorer(encoder: str) -> SummaryScorer:
    """RDASS beside the cheapest ROUGE, nothing else."""
    return SummaryScorer(rouge_tokenizers=("char",), rouge_types=("rouge1",), bleu_tokenize=None, chrf=False,
                         diagnostics=False, rdass_encoder=encoder)

def test_scorer_reports_rdass_and_its_terms():
    scorer = rdass_only_scorer("fixed")
    scorer._encoder = FixedEncoder()
    result = scorer.score(["예측"], ["정답"], ["문서"])
    assert result.corpus["rdass_pr"] == pytest.approx(1 / math.sqrt(2))
    assert result.corpus["rdass_pd"] == pytest.approx(0.6)
    assert result.info["rdass"]["encoder"] == "fixed"


@pytest.mark.slow
def test_a_small_local_encoder_end_to_end(tmp_path):
    """A tiny BERT saved locally stands in for the Hub's Korean Sentence-BERT."""
    import torch
    from transformers import AutoModel, AutoTokenizer, BertConfig, BertModel, BertTokenizer

    texts = [
        "정부는 예산을 늘렸다",
        "정부가 예산을 늘렸다",
        "국회는 내일 승인한다",
        "정부는 올해 예산을 늘렸다고 밝혔다",
    ]
    chars = sorted({c for t in texts for c in t if not c.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *(f"##{c}" for c in chars)]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    BertTokenizer(str(tmp_path / "vocab.txt"), do_lower_case=False).save_pretrained(tmp_path)  # vocab file, v4 and v5
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(tmp_path)

    scorer = rdass_only_scorer(str(tmp_path))
    pred, ref, _other, doc = texts
    result = scorer.score([pred, pred, ""], [ref, pred, ref], [doc, pred, doc])

    # Independent computation: mean of the last hidden states over real tokens, then cosine.
    tokenizer, model = AutoTokenizer.from_pretrained(tmp_path), AutoModel.from_pretrained(tmp_path).eval()

    def embed(text):
        batch = tokenizer([text], return_tensors="pt")
        assert (batch["input_ids"] != tokenizer.unk_token_id).all()
        with torch.no_grad():
            return model(**batch).last_hidden_state[0].mean(0).numpy()

    def cos(a, b):
        return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))

    p, r, d = embed(pred), embed(ref), embed(doc)
    first = result.per_example[0]
    assert first["rdass_pr"] == pytest.approx(cos(p, r), abs=1e-5)
    assert first["rdass_pd"] == pytest.approx(cos(p, d), abs=1e-5)
    assert first["rdass"] == pytest.approx((cos(p, r) + cos(p, d)) / 2, abs=1e-5)
    second = result.per_example[1]  # prediction = reference = document
    assert second["rdass_pr"] == pytest.approx(1.0, abs=1e-5) and second["rdass_pd"] == pytest.approx(1.0, abs=1e-5)
    assert result.per_example[2]["rdass"] == 0.0  # blank prediction
    assert result.info["rdass"]["pooling"] == "mean"
