"""Whole runs, in-process, on a few examples: every model, optimizer, schedule and generation choice runs."""

from __future__ import annotations

import json

import pytest

from summarizer.pipeline import run
from tests.conftest import FAST, compose_config


def run_with(overrides: list[str], tmp_path):
    run_dir = tmp_path / "run"
    return run(compose_config(FAST + overrides, output_dir=run_dir)), run_dir


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("model", ["tiny_t5", "transformer_base"])
def test_other_models_run(model, tmp_path):
    overrides = [f"model={model}"]
    if model == "transformer_base":  # 45M parameters: one step on a few short examples keeps it to seconds
        overrides += ["trainer.max_steps=1", "model.max_target_length=16", "model.tokenizer_vocab_size=2000",
                      "data.max_train_samples=8"]
    objective, run_dir = run_with(overrides, tmp_path)
    assert 0 <= objective <= 100
    config = json.loads((run_dir / "model" / "config.json").read_text())
    assert config["model_type"] == ("t5" if model == "tiny_t5" else "bart")
    if model == "transformer_base":
        assert (config["d_model"], config["encoder_layers"], config["encoder_attention_heads"]) == (512, 6, 8)


# Each run exercises one optimizer, one schedule and one generation preset, so that 6 runs cover every choice.
CHOICES = [
    ("adamw", "linear", "beam4"),
    ("adam", "cosine", "greedy"),
    ("adafactor", "constant", "bertsum"),
    ("sgd", "linear", "sampling"),
    ("rmsprop", "cosine", "beam4"),
    ("adagrad", "constant", "greedy"),
]


@pytest.mark.parametrize(("optimizer", "scheduler", "generation"), CHOICES, ids=["-".join(c) for c in CHOICES])
def test_every_optimizer_schedule_and_generation_choice_runs(optimizer, scheduler, generation, tmp_path):
    overrides = [f"optimizer={optimizer}", f"scheduler={scheduler}", f"generation={generation}", "trainer.max_steps=2"]
    objective, run_dir = run_with(overrides, tmp_path)
    assert 0 <= objective <= 100
    cfg = compose_config(overrides)
    saved = json.loads((run_dir / "model" / "generation_config.json").read_text())
    assert saved.get("num_beams", 1) == cfg.generation.num_beams
    if cfg.generation.num_beams > 1:  # the sweep's best penalty replaced the preset's
        assert saved["length_penalty"] == json.loads((run_dir / "sweep.json").read_text())["best"]["length_penalty"]
    else:
        assert saved.get("length_penalty") is None
    assert saved.get("no_repeat_ngram_size", 0) == cfg.generation.no_repeat_ngram_size
    assert saved.get("do_sample", False) == cfg.generation.do_sample
    predictions = read_jsonl(run_dir / "predictions.jsonl")
    if cfg.generation.num_return_sequences > 1:
        assert all(len(p["candidates"]) == cfg.generation.num_return_sequences for p in predictions)
