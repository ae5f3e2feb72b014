"""Tokenized features: special tokens, truncation that keeps </s>, and truncation statistics."""

from __future__ import annotations

from datasets import Dataset, DatasetDict

from summarizer.data.features import tokenize_splits, truncation_stats
from summarizer.models.tokenizer_training import train_bpe_tokenizer
from tests.conftest import KOREAN_EXAMPLES


def splits() -> DatasetDict:
    rows = {key: [e[key] for e in KOREAN_EXAMPLES] for key in ("document", "summary")}
    rows["id"] = ["a", "b", "c"]
    return DatasetDict({"train": Dataset.from_dict(rows)})


def tokenizer(add_bos=True):
    return train_bpe_tokenizer([e["document"] for e in KOREAN_EXAMPLES] * 10, 500, add_bos, 512)


def test_sources_keep_special_tokens_and_labels_end_with_eos_without_bos():
    tok = tokenizer()
    features, stats = tokenize_splits(splits(), tok, "", max_source_length=512, max_target_length=64)
    row = features["train"][0]
    assert row["input_ids"][0] == tok.bos_token_id and row["input_ids"][-1] == tok.eos_token_id
    assert row["labels"][-1] == tok.eos_token_id and row["labels"][0] != tok.bos_token_id
    assert tok.decode(row["labels"], skip_special_tokens=True) == KOREAN_EXAMPLES[0]["summary"]
    assert stats["train"].source_truncated == 0.0
    assert features["train"].column_names[:3] == ["document", "summary", "id"]  # raw text stays for scoring


def test_truncation_cuts_text_not_the_closing_token_and_is_counted():
    tok = tokenizer()
    features, stats = tokenize_splits(splits(), tok, "요약: ", max_source_length=8, max_target_length=4)
    for row in features["train"]:
        assert len(row["input_ids"]) == 8 == len(row["attention_mask"])
        assert row["input_ids"][-1] == tok.eos_token_id
        assert len(row["labels"]) <= 4 and row["labels"][-1] == tok.eos_token_id
    assert stats["train"].source_truncated == 1.0
    assert stats["train"].source_length_max > 8


def test_source_prefix_is_tokenized_in_front():
    tok = tokenizer(add_bos=False)
    with_prefix, _ = tokenize_splits(splits(), tok, "요약: ", 512, 64)
    without, _ = tokenize_splits(splits(), tok, "", 512, 64)
    assert len(with_prefix["train"][0]["input_ids"]) > len(without["train"][0]["input_ids"])
    assert tok.decode(with_prefix["train"][0]["input_ids"], skip_special_tokens=True).startswith("요약:")


def test_truncation_statistics_read_a_selected_view_not_the_whole_table():
    tok = tokenizer()
    features, _ = tokenize_splits(splits(), tok, "", max_source_length=512, max_target_length=64)
    longest = max(range(3), key=lambda i: features["train"][i]["source_length"])
    others = features["train"].select([i for i in range(3) if i != longest])
    stats = truncation_stats(others, 512, 64)
    assert stats.examples == 2
    assert stats.source_length_max == max(others["source_length"]) < features["train"][longest]["source_length"]
