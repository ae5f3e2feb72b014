"""One tracked debug run (W&B offline, untrained pass on): the run directory, the W&B files and the saved
model hold what they promise."""

from __future__ import annotations

import json

import pytest
from transformers import pipeline

from summarizer.pipeline import run
from summarizer.tracking.wandb_offline import find_offline_runs, read_offline_run
from tests.conftest import FAST, compose_config


@pytest.fixture(scope="module")
def tracked_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("tracked") / "run"
    cfg = compose_config(
        FAST + ["logger=wandb", "logger.mode=offline", "evaluate_untrained=true", "trainer.logging_steps=1"],
        output_dir=run_dir,
    )
    assert cfg.logger.backend == "wandb"  # the command line wins over the debug preset's logger
    objective = run(cfg)
    return objective, run_dir


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_directory_holds_config_environment_metrics_predictions_and_model(tracked_run):
    objective, run_dir = tracked_run
    for name in ("config.yaml", "environment.json", "metrics.json", "data_report.json", "model_summary.txt",
                 "predictions.jsonl", "predictions_validation_final.jsonl", "predictions_test_untrained.jsonl"):
        assert (run_dir / name).is_file(), name
    environment = json.loads((run_dir / "environment.json").read_text())
    assert len(environment["git"]["commit"] or "") == 40 and isinstance(environment["git"]["dirty"], bool)
    assert environment["packages"]["transformers"]
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert objective == metrics["final"]["validation"]["rougeL_kiwi"]
    assert "kiwipiepy" in json.dumps(metrics["final"]["test"]["info"])
    predictions = read_jsonl(run_dir / "predictions.jsonl")
    assert len(predictions) == 8
    assert set(predictions[0]) >= {"id", "document", "reference", "prediction", "scores"}
    assert predictions[0]["scores"]["rouge1_kiwi"] >= 0
    assert json.loads((run_dir / "data_report.json").read_text())["counts"]["test"]["kept"] == 8


def test_learning_check_pairs_untrained_and_trained_test_figures(tracked_run):
    _, run_dir = tracked_run
    metrics = json.loads((run_dir / "metrics.json").read_text())
    check = metrics["learning_check"]["rouge1_kiwi"]
    assert check == {"untrained": metrics["untrained"]["test"]["rouge1_kiwi"],
                     "trained": metrics["final"]["test"]["rouge1_kiwi"]}


def test_wandb_offline_files_hold_config_curves_metrics_and_predictions_table(tracked_run):
    _, run_dir = tracked_run
    (offline,) = find_offline_runs(run_dir)
    record = read_offline_run(offline)
    assert record.config["model"]["name"] == "tiny_bart"  # the Hydra config
    assert len(record.logged("train/loss")) >= 2  # the Trainer's curve, through its WandbCallback
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert record.logged("final/test/rouge1_kiwi") == [metrics["final"]["test"]["rouge1_kiwi"]]
    assert record.logged("untrained/test/rouge1_kiwi") == [metrics["untrained"]["test"]["rouge1_kiwi"]]
    assert record.logged("final/validation/bleu_char") == [metrics["final"]["validation"]["bleu_char"]]
    table = record.table("final/test/predictions")
    assert table["columns"][:4] == ["id", "document", "reference", "prediction"]
    assert [row[3] for row in table["data"]] == [p["prediction"] for p in read_jsonl(run_dir / "predictions.jsonl")]
    assert any("\uac00" <= ch <= "\ud7a3" for row in table["data"] for ch in row[2])  # Hangul survived


def test_saved_model_summarizes_through_transformers_pipeline_as_the_run_did(tracked_run):
    _, run_dir = tracked_run
    summarizer = pipeline("summarization", model=str(run_dir / "model"), trust_remote_code=True)
    predictions = read_jsonl(run_dir / "predictions.jsonl")[:3]
    outputs = summarizer([p["document"] for p in predictions])
    assert [output["summary_text"] for output in outputs] == [p["prediction"] for p in predictions]
