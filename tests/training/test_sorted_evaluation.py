"""Evaluation generates longest-first but scores and records in dataset order."""

from __future__ import annotations

import pytest
import torch

from summarizer.pipeline import build_trainer, prepare
from summarizer.tracking.run_directory import RunDirectory
from tests.conftest import FAST, compose_config


@pytest.fixture(scope="module")
def trainer_and_test_split(tmp_path_factory):
    out = tmp_path_factory.mktemp("sorted")
    # An untrained model ends at once or repeats one token; large random weights and a minimum length make it
    # write different garbage for each input, so a wrong order shows.
    cfg = compose_config(FAST + ["generation=greedy", "generation.min_new_tokens=8", "model.architecture.init_std=1.0"],
                         output_dir=out)
    prepared = prepare(cfg, RunDirectory(out))
    return build_trainer(cfg, prepared, RunDirectory(out)), prepared.features["test"]


def test_predictions_come_back_in_dataset_order_and_match_one_by_one_generation(trainer_and_test_split):
    trainer, split = trainer_and_test_split
    lengths = list(split["source_length"])
    assert lengths != sorted(lengths, reverse=True), "the split must not already be sorted for this test to mean anything"
    trainer.predict(split)
    scored = trainer.last_scored
    assert scored.ids == list(split["id"])
    assert scored.references == list(split["summary"])
    predictions = [record["prediction"] for record in scored.records()]
    assert len(set(predictions)) > len(split) // 2
    model, tokenizer = trainer.model, trainer.processing_class
    for position in (0, 3, len(split) - 1):
        input_ids = torch.tensor([split[position]["input_ids"]], device=model.device)
        alone = tokenizer.decode(model.generate(input_ids=input_ids)[0], skip_special_tokens=True).strip()
        assert predictions[position] == alone
