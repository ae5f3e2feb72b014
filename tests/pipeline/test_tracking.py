"""One tracked debug run (W&B offline, untrained pass on): the run directory, the W&B files and the saved
model hold what they promise."""

from __future__ import annotations

import hashlib
import json

import pytest
from transformers import pipeline

from summarizer.pipeline import run
from tests.conftest import FAST, REPO, compose_config
from tests.wandb_records import find_offline_runs, read_offline_run


@pytest.fixture(scope="module")
def tracked_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("tracked") / "run"
    cfg = compose_config(
        FAST + ["logger=wandb", "logger.mode=offline", "evaluate_untrained=true", "trainer.logging_steps=1",
                # enough steps for non-empty summaries, so the pipeline comparison below means something
                "trainer.max_steps=60", "data.max_train_samples=480"],
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
    lock = REPO / "requirements-lock.txt"
    assert environment["lock"]["sha256"] == hashlib.sha256(lock.read_bytes()).hexdigest()
    assert isinstance(environment["lock"]["matches_installed"], bool)
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert objective == metrics["final"]["validation"]["rougeL_kiwi"]
    # Validation and test are scored with the setting the length-penalty sweep chose.
    best = metrics["sweep"]["validation"]["best"]
    for split in ("validation", "test"):
        assert metrics["final"][split]["generation"]["length_penalty"] == best["length_penalty"]
    assert metrics["final"]["validation"]["rougeL_kiwi"] == pytest.approx(best["rougeL_kiwi"])
    assert "kiwipiepy" in json.dumps(metrics["final"]["test"]["info"])
    predictions = read_jsonl(run_dir / "predictions.jsonl")
    assert len(predictions) == 8
    assert set(predictions[0]) >= {"id", "document", "reference", "prediction", "scores"}
    assert predictions[0]["scores"]["rouge1_kiwi"] >= 0
    # faithfulness: what each prediction states that its document lacks, counted in the scores and in metrics.json
    assert all(set(p["unsupported"]) == {"numbers", "names"} for p in predictions)
    assert [len(p["unsupported"]["numbers"]) for p in predictions] == [p["scores"]["unsupported_numbers"] for p in predictions]
    assert 0 <= metrics["final"]["test"]["unsupported_numbers_share"] <= 1
    cost = metrics["training"]["train"]  # what training cost, for the run tables (parameters as model_summary.txt)
    total = int((run_dir / "model_summary.txt").read_text().splitlines()[-1].split()[3].replace(",", ""))
    assert cost["parameters"] == cost["trainable_parameters"] == total
    assert cost["real_tokens_per_second"] > 0 and 0 <= cost["source_padding_share"] < 1 and cost["peak_memory_gb"] > 0.1
    assert json.loads((run_dir / "data_report.json").read_text())["splits"]["test"]["kept"] == 8


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
    assert len(record.logged("train/loss")) >= 2  # the Trainer curve, through its WandbCallback  # the Trainer's curve, through its WandbCallback
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert record.logged("final/test/rouge1_kiwi") == [metrics["final"]["test"]["rouge1_kiwi"]]
    assert record.logged("untrained/test/rouge1_kiwi") == [metrics["untrained"]["test"]["rouge1_kiwi"]]
    assert record.logged("final/validation/bleu_char") == [metrics["final"]["validation"]["bleu_char"]]
    table = record.table("final/test/predictions")
    assert table["columns"][:4] == ["id", "document", "reference", "prediction"]
    assert [row[3] for row in table["data"]] == [p["prediction"] for p in read_jsonl(run_dir / "predictions.jsonl")]
    assert table["columns"][4] == "unsupported"  # what each prediction states that its document lacks, readable
    assert any("\uac00" <= ch <= "\ud7a3" for row in table["data"] for ch in row[2])  # Hangul survived


def test_throughput_is_logged_at_every_step_to_the_run_directory_and_wandb(tracked_run):
    _, run_dir = tracked_run
    log = read_jsonl(run_dir / "training_log.jsonl")
    assert len(log) == 60  # trainer.logging_steps=1
    for entry in log:
        assert entry["real_tokens_per_second"] > 0 and entry["samples_per_second"] > 0
        assert 0 <= entry["source_padding_share"] < 1 and 0 <= entry["target_padding_share"] < 1
        assert "mfu" not in entry  # CPU: no peak FLOP/s to divide by
    record = read_offline_run(find_offline_runs(run_dir)[0])
    for key in ("real_tokens_per_second", "source_padding_share", "target_padding_share"):
        assert record.logged(f"train/{key}") == [entry[key] for entry in log]


def test_saved_model_summarizes_through_transformers_pipeline_as_the_run_did(tracked_run):
    _, run_dir = tracked_run
    summarizer = pipeline("summarization", model=str(run_dir / "model"), trust_remote_code=True)
    predictions = read_jsonl(run_dir / "predictions.jsonl")[:3]
    outputs = summarizer([p["document"] for p in predictions])
    assert [output["summary_text"] for output in outputs] == [p["prediction"] for p in predictions]


def test_sweep_table_best_setting_saved_model_and_test_split_agree(tracked_run):
    objective, run_dir = tracked_run
    sweep = json.loads((run_dir / "sweep.json").read_text())
    rows = sweep["rows"]
    assert [row["length_penalty"] for row in rows] == [0.8, 1.2]  # the debug preset's penalties
    best = max(rows, key=lambda row: row["rougeL_kiwi"])
    assert sweep["best"] == best
    assert objective == best["rougeL_kiwi"]  # what a Hydra sweeper optimises
    saved = json.loads((run_dir / "model" / "generation_config.json").read_text())
    assert saved["length_penalty"] == best["length_penalty"]
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["final"]["test"]["generation"]["length_penalty"] == best["length_penalty"]
    assert (run_dir / "sweep.csv").read_text().splitlines()[0].startswith("length_penalty,num_beams,no_repeat_ngram_size")
    predictions = read_jsonl(run_dir / "sweep_predictions.jsonl")
    assert len(predictions) == 2 * 8 and {"length_penalty", "id", "prediction"} <= set(predictions[0])
    assert sweep["decoding"][0]["path"] == "one_pass"


def test_sweep_is_logged_to_wandb_as_a_table_and_charts(tracked_run):
    _, run_dir = tracked_run
    record = read_offline_run(find_offline_runs(run_dir)[0])
    table = record.table("sweep/table")
    assert [row[0] for row in table["data"]] == [0.8, 1.2]
    rows = json.loads((run_dir / "sweep.json").read_text())["rows"]
    chart = record.table("sweep/rougeL_kiwi_table")  # a line chart is stored as the table behind it
    assert chart["columns"] == ["step", "lineKey", "lineVal"]  # x, series, y
    assert chart["data"] == [[row["length_penalty"], "beams=4,no_repeat=0", row["rougeL_kiwi"]] for row in rows]
    assert record.table("sweep/mean_length_tokens_table")["data"]


def test_decode_only_sweep_of_a_saved_run_leaves_its_model_untouched(tracked_run, tmp_path):
    _, run_dir = tracked_run
    saved = (run_dir / "model" / "generation_config.json").read_text()
    cfg = compose_config(FAST + ["mode=sweep", f"model.name_or_path={run_dir}", "sweep.length_penalties=[0.5,1.0,2.0]",
                                 "sweep.num_beams=[1,2]"], output_dir=tmp_path / "sweep")
    objective = run(cfg)
    rows = json.loads((tmp_path / "sweep" / "sweep.json").read_text())["rows"]
    assert [(r["num_beams"], r["length_penalty"]) for r in rows] == [(1, 0.5), (1, 1.0), (1, 2.0), (2, 0.5), (2, 1.0), (2, 2.0)]
    assert objective == max(r["rougeL_kiwi"] for r in rows)
    assert (tmp_path / "sweep" / "best_generation_config.json").is_file()
    assert (run_dir / "model" / "generation_config.json").read_text() == saved
    assert not (tmp_path / "sweep" / "model").exists()


def test_decode_only_modes_need_a_saved_model(tmp_path):
    from summarizer.errors import ConfigError

    with pytest.raises(ConfigError, match="mode=evaluate scores a saved model"):
        run(compose_config(FAST + ["mode=evaluate"], output_dir=tmp_path))


def test_the_tracked_run_produced_real_summaries(tracked_run):
    """Guards the comparisons above against passing on empty strings."""
    _, run_dir = tracked_run
    assert all(p["prediction"] for p in read_jsonl(run_dir / "predictions.jsonl"))


@pytest.mark.parametrize(
    ("given", "expected"),
    [([], {}), (["generation.length_penalty=0.5"], {"length_penalty": 0.5}),
     (["generation=greedy"], {"num_beams": 1})],  # a preset given replaces the saved settings it names
    ids=["as-saved", "one-key-given", "preset-given"],
)
def test_evaluate_decodes_as_the_saved_model_unless_the_command_line_says_otherwise(tracked_run, tmp_path, given,
                                                                                     expected):
    import subprocess
    import sys

    _, run_dir = tracked_run
    saved = json.loads((run_dir / "model" / "generation_config.json").read_text())
    assert saved["length_penalty"] != 1.0  # precondition: the sweep chose other than the beam4 preset's 1.0
    result = subprocess.run(
        [sys.executable, "run.py", *FAST, "logger=none", "mode=evaluate", f"model.name_or_path={run_dir / 'model'}",
         f"hydra.run.dir={tmp_path}/evaluate", *given],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    decoded = json.loads((tmp_path / "evaluate" / "metrics.json").read_text())["final"]["test"]["generation"]
    want = {"length_penalty": saved["length_penalty"], "num_beams": saved["num_beams"]} if "num_beams" not in expected else {}
    want.update(expected)
    assert {key: decoded[key] for key in want} == want
    assert ("as saved" in (tmp_path / "evaluate" / "run.log").read_text()) == (not given)


def test_readme_lists_every_file_and_folder_a_run_directory_holds(tracked_run):
    import fnmatch
    import re

    _, run_dir = tracked_run
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The run directory", 1)[1].split("\n## ", 1)[0]
    documented = [re.sub(r"<[^>]+>", "*", name).rstrip("/") for name in re.findall(r"`([^`]+)`", table)]
    held = sorted(path.name for path in run_dir.iterdir())
    assert {"checkpoints", "model", "wandb", "predictions.jsonl"} <= set(held)  # precondition: a full run's files
    assert [name for name in held if not any(fnmatch.fnmatch(name, pattern) for pattern in documented)] == []


def test_readme_says_how_to_use_the_virtual_environment_and_that_the_corpus_is_synthetic():
    opening = (REPO / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "source .venv/bin/activate" in opening and "ModuleNotFoundError" in opening
    assert "**synthetic**" in opening
