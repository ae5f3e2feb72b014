"""The length-penalty sweep: the setting it picks can be saved, it decodes text as the trainer does, and outputs
shared by several settings (greedy search) are scored once."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import torch
from datasets import Dataset
from omegaconf import OmegaConf
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig, PreTrainedTokenizerFast

import summarizer.generation.sweep as sweep_module
from summarizer.generation.decoding import decode_summaries
from summarizer.generation.one_pass_sweep import PATH_ONE_PASS, PATH_SEPARATE_CALLS
from summarizer.generation.settings import build_generation_config
from summarizer.generation.sweep import SweepSetting, apply_setting, sweep_length_penalties
from summarizer.training.trainer import SummarizationTrainer

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


MODEL_DEFAULTS = GenerationConfig(decoder_start_token_id=2, eos_token_id=2, pad_token_id=1, forced_eos_token_id=2)
PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁요약", "▁.", "▁끝", "▁서울시"] + [f"▁말{i}" for i in range(32)]


def beam4_config() -> GenerationConfig:
    """The beam4 preset as build_generation_config makes it: length_penalty 1.0, early_stopping true."""
    settings = OmegaConf.to_container(OmegaConf.load("conf/generation/beam4.yaml"))
    settings["max_new_tokens"] = 64
    config = build_generation_config(MODEL_DEFAULTS, settings)
    assert config.num_beams == 4 and config.early_stopping is True and config.length_penalty == 1.0
    return config


def test_greedy_winning_over_a_beam_config_can_be_validated_and_saved(tmp_path):
    saved = beam4_config()
    saved.save_pretrained(tmp_path / "model")
    config = GenerationConfig.from_pretrained(tmp_path / "model")  # as the pipeline's save_generation_config does
    apply_setting(config, SweepSetting(length_penalty=2.0, num_beams=1, no_repeat_ngram_size=3))
    config.validate(strict=True)
    config.save_pretrained(tmp_path / "model")
    reloaded = GenerationConfig.from_pretrained(tmp_path / "model")
    assert (reloaded.num_beams, reloaded.no_repeat_ngram_size) == (1, 3)
    assert reloaded.length_penalty is None and reloaded.early_stopping is None
    assert reloaded.max_length == 65 and reloaded.eos_token_id == 2


def test_a_beam_winner_keeps_its_penalty_and_the_beam_settings(tmp_path):
    config = beam4_config()
    apply_setting(config, SweepSetting(length_penalty=1.5, num_beams=2, no_repeat_ngram_size=0))
    config.validate(strict=True)
    config.save_pretrained(tmp_path)
    reloaded = GenerationConfig.from_pretrained(tmp_path)
    assert (reloaded.num_beams, reloaded.length_penalty, reloaded.early_stopping) == (2, 1.5, True)


# --- decoding and scoring -------------------------------------------------------------------------------------------


def unigram_tokenizer() -> PreTrainedTokenizerFast:
    """A Unigram (SentencePiece-style, as mT5 / KE-T5) tokenizer that, like some Hub tokenizer configs, asks for
    clean_up_tokenization_spaces: left to itself it decodes "요약 . 끝" as "요약. 끝"."""
    backend = Tokenizer(models.Unigram([(piece, 0.0 if i < 4 else -1.0) for i, piece in enumerate(PIECES)], unk_id=3))
    backend.pre_tokenizer = pre_tokenizers.Metaspace()
    backend.decoder = decoders.Metaspace()
    return PreTrainedTokenizerFast(
        tokenizer_object=backend, bos_token="<s>", pad_token="<pad>", eos_token="</s>", unk_token="<unk>",
        clean_up_tokenization_spaces=True,
    )  # fmt: skip


class CountingScorer:
    def __init__(self):
        self.calls = 0

    def score(self, predictions, references, documents):
        self.calls += 1
        return SimpleNamespace(corpus={"chars": sum(map(len, predictions)) / len(predictions)})


def split(n: int = 4) -> Dataset:
    generator = torch.Generator().manual_seed(0)
    lengths = [5, 9, 3, 7, 6, 4][:n]
    return Dataset.from_dict({
        "input_ids": [torch.randint(4, len(PIECES), (k,), generator=generator).tolist() for k in lengths],
        "summary": ["요약 . 끝"] * n,
        "document": ["서울시 요약 . 끝"] * n,
    })  # fmt: skip


def test_the_sweep_decodes_exactly_as_the_trainer_does(monkeypatch):
    tokenizer = unigram_tokenizer()
    sequence = [2, *tokenizer("요약 . 끝")["input_ids"], 2]  # decoder start, 요약 . 끝, EOS

    def decode_stub(model, features, config, length_penalties, **kwargs):
        return {float(lp): [list(sequence) for _ in features] for lp in length_penalties}, {}

    monkeypatch.setattr(sweep_module, "decode_for_length_penalties", decode_stub)
    result = sweep_length_penalties(
        None, tokenizer, split(2), GenerationConfig(num_beams=2), CountingScorer(), length_penalties=[1.0], metric="chars"
    )
    trainer_view = SimpleNamespace(processing_class=tokenizer)
    from_trainer = SummarizationTrainer.decode(trainer_view, np.array([sequence + [-100], sequence + [-100]]))
    assert result.rows[0].predictions == from_trainer == ["요약 . 끝", "요약 . 끝"]
    assert tokenizer.batch_decode([sequence], skip_special_tokens=True) == ["요약. 끝"], "the test must tell them apart"
    assert decode_summaries(tokenizer, [[-100, *sequence]]) == ["요약 . 끝"]


@pytest.fixture(scope="module")
def tiny_bart():
    torch.manual_seed(0)
    model = BartForConditionalGeneration(
        BartConfig(
            vocab_size=len(PIECES), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
            decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=64,
            init_std=0.5,
        )  # fmt: skip
    )
    return model.eval()


def test_greedy_is_decoded_and_scored_once_for_every_penalty(tiny_bart):
    scorer = CountingScorer()
    config = GenerationConfig(num_beams=4, length_penalty=1.0, early_stopping=True, max_new_tokens=8)
    result = sweep_length_penalties(
        tiny_bart, unigram_tokenizer(), split(), config, scorer, length_penalties=[0.5, 1.0, 2.0], metric="chars",
        num_beams=[1], batch_size=2,
    )  # fmt: skip
    assert scorer.calls == 1
    assert [row.setting.length_penalty for row in result.rows] == [0.5, 1.0, 2.0]
    first = result.rows[0]
    assert all(row.predictions == first.predictions and row.metrics == first.metrics for row in result.rows)
    assert all(row.mean_length_tokens == first.mean_length_tokens > 0 for row in result.rows)
    assert result.rows[1].metrics is not first.metrics  # each row its own dict
    assert result.decoding[0]["path"] == PATH_ONE_PASS and "greedy" in result.decoding[0]["reason"]


def test_separate_generate_calls_on_request_give_the_same_rows(tiny_bart):
    def run(one_pass: str):
        return sweep_length_penalties(
            tiny_bart, unigram_tokenizer(), split(), GenerationConfig(max_new_tokens=8), CountingScorer(),
            length_penalties=[0.0, 2.0], metric="chars", num_beams=[1, 2], batch_size=3, one_pass=one_pass,
        )  # fmt: skip

    together, separate = run("auto"), run("off")
    assert [row.flat() for row in separate.rows] == [row.flat() for row in together.rows]
    assert [row.predictions for row in separate.rows] == [row.predictions for row in together.rows]
    assert [info["path"] for info in together.decoding] == [PATH_ONE_PASS] * 2
    assert [info["path"] for info in separate.decoding] == [PATH_SEPARATE_CALLS] * 2
    assert all("one_pass=off" in info["reason"] for info in separate.decoding)
