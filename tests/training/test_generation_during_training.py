"""The known trap: during evaluation inside training, the Trainer passes only max length and beams to
generate. Here every generation setting of the preset must reach generate, in training and after."""

from __future__ import annotations

import pytest

from summarizer.pipeline import build_trainer, prepare
from summarizer.tracking.run_directory import RunDirectory
from tests.conftest import FAST, compose_config


@pytest.mark.parametrize("when", ["evaluation during training", "prediction after training"])
def test_bertsum_settings_reach_generate(when, tmp_path, monkeypatch):
    cfg = compose_config(
        FAST + ["generation=bertsum", "trainer.max_steps=2", "trainer.eval_strategy=steps", "trainer.eval_steps=1"],
        output_dir=tmp_path,
    )
    prepared = prepare(cfg, RunDirectory(tmp_path))
    trainer = build_trainer(cfg, prepared, RunDirectory(tmp_path), report_to=[])
    seen = []
    original = type(prepared.model).generate

    def spy(model, *args, **kwargs):
        config = kwargs.get("generation_config") or model.generation_config
        effective = {key: kwargs.get(key, getattr(config, key)) for key in
                     ("num_beams", "length_penalty", "no_repeat_ngram_size", "min_length", "max_length", "early_stopping")}
        seen.append(effective)
        return original(model, *args, **kwargs)

    monkeypatch.setattr(type(prepared.model), "generate", spy)
    if when == "evaluation during training":
        trainer.train()
    else:
        trainer.predict(prepared.features["test"])
    assert seen, "generate was never called"
    for effective in seen:
        assert effective == {"num_beams": 4, "length_penalty": 2.0, "no_repeat_ngram_size": 3, "min_length": 11,
                             "max_length": cfg.model.max_target_length + 1, "early_stopping": True}
