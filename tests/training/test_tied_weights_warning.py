"""Resuming, the Trainer warns of "missing keys" for weights tied to another (stored once): silenced only then."""

from __future__ import annotations

import logging

from transformers import BartConfig, BartForConditionalGeneration

from summarizer.training.trainer import TiedWeightsAreNotMissing


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord("transformers.trainer", logging.WARNING, __file__, 1, message, None, None)


def test_only_the_warning_about_tied_weights_is_dropped():
    model = BartForConditionalGeneration(BartConfig(
        vocab_size=64, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=16, decoder_ffn_dim=16,
    ))  # fmt: skip
    hush = TiedWeightsAreNotMissing(model)
    tied = ["model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight", "lm_head.weight"]
    assert set(tied) <= hush.tied  # precondition: BART ties its embeddings and output layer
    prefix = "There were missing keys in the checkpoint model loaded: "
    assert not hush.filter(record(f"{prefix}{tied}."))
    assert hush.filter(record(f"{prefix}{[*tied, 'model.encoder.layers.0.fc1.weight']}."))  # one really missing
    assert hush.filter(record("Some other warning."))
