"""Guards that turn device-side asserts into messages before training starts."""

from __future__ import annotations

import pytest
from datasets import Dataset, DatasetDict
from transformers import BartConfig, BartForConditionalGeneration, T5Config, T5ForConditionalGeneration

from summarizer import guards
from summarizer.data.features import TruncationStats
from summarizer.errors import ConfigError
from summarizer.models.families import get_family
from summarizer.models.tokenizer_training import train_bpe_tokenizer
from tests.conftest import KOREAN_EXAMPLES


def tiny_bart(vocab_size=400, positions=64):
    config = BartConfig(vocab_size=vocab_size, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=positions)
    return BartForConditionalGeneration(config)


def test_source_longer_than_learned_positions_names_the_field_and_the_limit():
    with pytest.raises(ConfigError, match=r"model.max_source_length=100 exceeds the model's 64 learned positions"):
        guards.check_lengths(tiny_bart(), get_family("bart"), max_source_length=100, max_target_length=32)
    with pytest.raises(ConfigError, match="model.max_target_length=65"):
        guards.check_lengths(tiny_bart(), get_family("bart"), max_source_length=64, max_target_length=65)
    guards.check_lengths(tiny_bart(), get_family("bart"), max_source_length=64, max_target_length=64)


def tiny_t5(**extra):
    return T5ForConditionalGeneration(
        T5Config(vocab_size=100, d_model=16, d_ff=32, num_layers=1, num_heads=2, d_kv=8, **extra)
    )


def test_relative_positions_only_warn_beyond_the_length_the_checkpoint_was_trained_with(caplog):
    """T5 checkpoints state their training length as config.n_positions (KE-T5: 512); relative positions allow
    more, so the guard warns instead of failing. A model built from a config states none: nothing to say."""
    with caplog.at_level("WARNING", logger=guards.__name__):
        guards.check_lengths(tiny_t5(n_positions=512), get_family("t5"), max_source_length=4096, max_target_length=512)
    assert "model.max_source_length=4096 exceeds the 512 positions this model was trained with" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger=guards.__name__):
        guards.check_lengths(tiny_t5(n_positions=512), get_family("t5"), max_source_length=512, max_target_length=64)
        guards.check_lengths(tiny_t5(), get_family("t5"), max_source_length=4096, max_target_length=512)
    assert not caplog.records


def splits_with(ids: list[int]) -> DatasetDict:
    return DatasetDict({"train": Dataset.from_dict({"input_ids": [ids], "labels": [ids]})})


def test_token_ids_beyond_the_embedding_table_are_caught():
    tokenizer = train_bpe_tokenizer([e["document"] for e in KOREAN_EXAMPLES] * 5, 500, True, 64)
    model = tiny_bart(vocab_size=len(tokenizer))
    guards.check_token_ids(model, tokenizer, splits_with([0, 5, len(tokenizer) - 1]))
    with pytest.raises(ConfigError, match=f"contain id {len(tokenizer)}"):
        guards.check_token_ids(model, tokenizer, splits_with([0, len(tokenizer)]))
    small = tiny_bart(vocab_size=len(tokenizer) - 10)
    with pytest.raises(ConfigError, match="does not belong to this model"):
        guards.check_token_ids(small, tokenizer, splits_with([0]))


def test_truncation_report_states_the_share_cut_and_warns_when_large():
    stats = {"train": TruncationStats(100, 0.25, 0.01, 300, 600, 900, 30, 60, 80)}
    report = guards.format_truncation(stats, 512, 64)
    assert "documents cut  25.0%" in report
    assert "summaries cut   1.0%" in report
    assert "Warning" in report
    calm = guards.format_truncation({"train": TruncationStats(100, 0.0, 0.0, 300, 400, 500, 30, 60, 60)}, 512, 64)
    assert "Warning" not in calm
