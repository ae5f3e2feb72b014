"""Building models from configs, family quirks, freezing and the parameter summary."""

from __future__ import annotations

import pytest
from omegaconf import OmegaConf
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

from summarizer.errors import ConfigError
from summarizer.models.build import build_model_and_tokenizer, ensure_source_template
from summarizer.models.families import get_family
from summarizer.models.summary import format_summary, parameters_by_block
from tests.conftest import KOREAN_EXAMPLES, compose_config


def build(preset: str, **changes):
    cfg = compose_config([f"model={preset}"]).model
    settings = dict(
        family=cfg.family,
        name_or_path=cfg.name_or_path,
        architecture=OmegaConf.to_container(cfg.architecture),
        tokenizer_vocab_size=cfg.tokenizer_vocab_size,
        source_prefix=cfg.source_prefix,
        max_source_length=cfg.max_source_length,
        training_texts=lambda: [e["document"] + " " + e["summary"] for e in KOREAN_EXAMPLES] * 10,
    )
    settings.update(changes)
    return build_model_and_tokenizer(**settings)


@pytest.mark.parametrize("preset", ["tiny_bart", "tiny_t5"])
def test_from_scratch_models_size_their_vocabulary_from_the_trained_tokenizer(preset):
    model, tokenizer = build(preset)
    assert model.get_input_embeddings().num_embeddings == len(tokenizer)
    assert model.config.pad_token_id == tokenizer.pad_token_id
    assert model.config.eos_token_id == tokenizer.eos_token_id


def test_a_saved_tokenizer_is_reused_only_with_the_settings_it_was_trained_with(tmp_path):
    """A rerun in the same run directory must not hand a BART vocabulary (and its <s> source start) to T5."""
    calls = []

    def texts():
        calls.append(1)
        return [e["document"] + " " + e["summary"] for e in KOREAN_EXAMPLES] * 10

    _, bart = build("tiny_bart", tokenizer_dir=tmp_path, training_texts=texts)
    _, again = build("tiny_bart", tokenizer_dir=tmp_path, training_texts=texts)
    assert len(calls) == 1 and again.get_vocab() == bart.get_vocab()  # same settings: loaded, not retrained
    _, t5 = build("tiny_t5", tokenizer_dir=tmp_path, training_texts=texts)
    assert len(calls) == 2  # other family: trained anew
    first_token = {name: tok.convert_ids_to_tokens(tok("서울시").input_ids)[0] for name, tok in (("bart", bart), ("t5", t5))}
    assert first_token["bart"] == bart.bos_token and first_token["t5"] != bart.bos_token  # T5 sources have no <s>


def test_family_decides_the_decoder_start_token():
    bart, bart_tokenizer = build("tiny_bart")
    t5, t5_tokenizer = build("tiny_t5")
    assert bart.config.decoder_start_token_id == bart_tokenizer.eos_token_id
    assert t5.config.decoder_start_token_id == t5_tokenizer.pad_token_id


def test_source_prefix_is_stored_where_pipelines_read_it():
    model, _ = build("tiny_t5")
    assert model.config.prefix == "summarize: "


def test_transformer_base_is_the_classic_base_size():
    cfg = compose_config(["model=transformer_base"]).model.architecture
    assert (cfg.d_model, cfg.encoder_attention_heads, cfg.encoder_layers, cfg.decoder_layers) == (512, 8, 6, 6)
    assert cfg.encoder_ffn_dim == 2048


def test_freezing_embeddings_and_encoder_shows_in_the_summary():
    model, _ = build("tiny_bart", freeze_embeddings=True, freeze_encoder=True)
    rows = {row.block: row for row in parameters_by_block(model)}
    assert rows["shared"].trainable == 0 and rows["shared"].total > 0
    assert rows["encoder"].trainable == 0
    assert rows["decoder"].trainable > 0
    # decoder positions are embeddings too
    assert not model.get_decoder().embed_positions.weight.requires_grad
    text = format_summary(model, "tiny")
    total = sum(p.numel() for p in model.parameters())
    assert f"{total:,}" in text.splitlines()[-1]


def test_parameter_summary_counts_every_parameter_once():
    model, _ = build("tiny_t5")
    rows = parameters_by_block(model)
    assert sum(row.total for row in rows) == sum(p.numel() for p in model.parameters())
    assert {"shared", "encoder", "decoder"} <= {row.block for row in rows}


def bare_tokenizer() -> PreTrainedTokenizerFast:
    """Like KoBART's: a fast tokenizer that adds no special tokens to what it encodes."""
    vocab = {"<s>": 0, "</s>": 1, "<pad>": 2, "<unk>": 3, "가": 4, "나": 5}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=backend, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>")


def test_kobart_quirk_sources_get_bos_and_eos_installed_on_the_tokenizer(tmp_path):
    tokenizer = bare_tokenizer()
    assert tokenizer("가 나")["input_ids"] == [4, 5]
    ensure_source_template(tokenizer, get_family("bart"))
    assert tokenizer("가 나")["input_ids"] == [0, 4, 5, 1]
    assert tokenizer("가 나", add_special_tokens=False)["input_ids"] == [4, 5]
    tokenizer.save_pretrained(tmp_path)
    assert PreTrainedTokenizerFast.from_pretrained(tmp_path)("가 나")["input_ids"] == [0, 4, 5, 1]


def test_t5_quirk_sources_get_only_eos():
    tokenizer = bare_tokenizer()
    ensure_source_template(tokenizer, get_family("t5"))
    assert tokenizer("가 나")["input_ids"] == [4, 5, 1]


def test_unknown_family_is_a_clear_error():
    with pytest.raises(ConfigError, match="model.family='gpt'"):
        get_family("gpt")
