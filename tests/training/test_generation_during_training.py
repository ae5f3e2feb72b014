"""The known trap: during evaluation inside training, the Trainer passes only max length and beams to
generate. Here every generation setting of the preset must reach generate, in training and after: read from
generate's arguments, and seen in what it returns (minimum length, no repeated trigram)."""

from __future__ import annotations

import pytest
import torch

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
    trainer = build_trainer(cfg, prepared, RunDirectory(tmp_path))
    seen, outputs = [], []
    original = type(prepared.model).generate

    def spy(model, *args, **kwargs):
        config = kwargs.get("generation_config") or model.generation_config
        effective = {key: kwargs.get(key, getattr(config, key)) for key in
                     ("num_beams", "length_penalty", "no_repeat_ngram_size", "min_length", "max_length", "early_stopping")}
        seen.append(effective)
        output = original(model, *args, **kwargs)
        outputs.extend(output.tolist())
        return output

    monkeypatch.setattr(type(prepared.model), "generate", spy)
    if when == "evaluation during training":
        trainer.train()
    else:
        trainer.predict(prepared.features["test"])
    assert seen, "generate was never called"
    for effective in seen:
        assert effective == {"num_beams": 4, "length_penalty": 2.0, "no_repeat_ngram_size": 3, "min_length": 11,
                             "max_length": cfg.model.max_target_length + 1, "early_stopping": True}
    eos = prepared.model.generation_config.eos_token_id
    generated = [until_eos(row, eos) for row in outputs]
    assert all(len(row) >= 11 for row in generated), "min_length=11 did not reach generate"
    assert not any(repeated_trigrams(row) for row in generated), "no_repeat_ngram_size=3 did not reach generate"
    # The precondition of that last check: without the setting this model does repeat trigrams.
    monkeypatch.undo()
    plain = prepared.model.generate(
        torch.tensor([prepared.features["test"][0]["input_ids"]]), num_beams=4, no_repeat_ngram_size=0, min_length=11
    )
    assert repeated_trigrams(until_eos(plain[0].tolist(), eos)), "the model must repeat itself for the check to bite"


def until_eos(row: list[int], eos: int) -> list[int]:
    """The tokens up to the first EOS after the decoder start (the padding of shorter rows cut)."""
    return row[: row.index(eos, 1) + 1] if eos in row[1:] else row


def repeated_trigrams(row: list[int]) -> bool:
    trigrams = [tuple(row[i : i + 3]) for i in range(len(row) - 2)]
    return len(trigrams) != len(set(trigrams))
