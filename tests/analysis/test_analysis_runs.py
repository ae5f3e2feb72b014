"""Run and multirun directories into tables: jobs found by their files, overrides as columns, every figure."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from summarizer.analysis.compare import default_metric
from summarizer.analysis.runs import (
    find_run_dirs,
    load_runs,
    read_overrides,
    run_labels,
)
from tests.analysis.fake_runs import sweep_rows, write_run


@pytest.fixture
def multirun(tmp_path):
    """Three jobs in oddly named directories (no naming scheme assumed), job 10 after job 2."""
    root = tmp_path / "sweep"
    write_run(root / "2", ["debug=default", "optimizer=adamw", "optimizer.lr=3e-4"], [10.0, 20.0, 30.0, 40.0],
              sweep=sweep_rows({0.8: 20.0, 1.2: 24.0}),
              training_log=[{"step": 1, "epoch": 0.5, "loss": 9.0, "learning_rate": 0.001},
                            {"step": 2, "epoch": 1.0, "loss": 7.5, "learning_rate": 0.0}],
              evaluations=[{"step": 2, "epoch": 1.0, "eval_loss": 8.0, "eval_rougeL_kiwi": 11.0}])
    write_run(root / "10", ["debug=default", "optimizer=adafactor", "optimizer.lr=1e-3"], [50.0, 50.0, 60.0, 60.0],
              sweep=sweep_rows({0.8: 30.0, 1.2: 26.0}))
    write_run(root / "weird name, with=signs", ["debug=default", "optimizer=sgd", "optimizer.lr=1e-3"], [0.0, 0.0, 0.0, 0.0])
    (root / "multirun.yaml").write_text("hydra: {}\n")
    # Files a run keeps that hold their own metrics.json must not count as runs.
    (root / "2" / "checkpoints" / "checkpoint-2").mkdir(parents=True)
    (root / "2" / "checkpoints" / "checkpoint-2" / "metrics.json").write_text("{}")
    return root


def test_jobs_are_found_by_their_metrics_file_in_natural_order(multirun):
    found = find_run_dirs(multirun)
    assert [path.name for path in found] == ["2", "10", "weird name, with=signs"]
    assert find_run_dirs(multirun / "10") == [(multirun / "10").resolve()]


def test_a_missing_directory_or_one_without_runs_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such run"):
        find_run_dirs(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no run directory"):
        load_runs(tmp_path / "empty")


def test_overrides_are_parsed_as_hydra_reads_them(tmp_path):
    typed = ["optimizer.lr=3e-4", "+trainer.fp16=true", "~sweep", "model=tiny_t5", "tags=[a,b]", "run_name='실험 1'",
             "++generation.num_beams=4", "logger=none", "data.source.train=null", "hydra/launcher@hydra.launcher=slurm",
             "optimizer.lr_scheduler=${oops", "notes=a\\,b"]
    run = write_run(tmp_path / "run", typed, [1.0])
    overrides = read_overrides(run)
    assert overrides["optimizer.lr"] == pytest.approx(3e-4)
    assert overrides["trainer.fp16"] is True
    assert overrides["sweep"] is None
    assert overrides["model"] == "tiny_t5"
    assert overrides["tags"] == ["a", "b"]
    assert overrides["run_name"] == "실험 1"  # quotes are syntax, not part of the value
    assert overrides["generation.num_beams"] == 4
    assert overrides["logger"] == "none"  # the group choice "none", not null
    assert overrides["data.source.train"] is None
    assert overrides["hydra/launcher@hydra.launcher"] == "slurm"
    assert overrides["optimizer.lr_scheduler"] == "${oops"  # not Hydra's grammar: the text as typed
    assert overrides["notes"] == "a,b"  # an escaped comma is a comma, not a sweep
    assert list(overrides) == ["optimizer.lr", "trainer.fp16", "sweep", "model", "tags", "run_name", "generation.num_beams",
                               "logger", "data.source.train", "hydra/launcher@hydra.launcher", "optimizer.lr_scheduler", "notes"]
    as_typed = read_overrides(run, parse=False)
    assert as_typed["tags"] == "[a,b]" and as_typed["run_name"] == "'실험 1'" and as_typed["optimizer.lr"] == "3e-4"
    assert as_typed["sweep"] is None


def test_a_sweep_in_the_overrides_stays_text(tmp_path):
    run = write_run(tmp_path / "run", ["optimizer.lr=1e-4,3e-4", "seed=range(1,3)"], [1.0])
    assert read_overrides(run) == {"optimizer.lr": "1e-4,3e-4", "seed": "range(1,3)"}


def test_labels_name_only_the_overrides_that_differ(multirun, tmp_path):
    labels = run_labels(find_run_dirs(multirun))
    # as typed on the command line, in the order given there
    assert sorted(labels.values()) == ["optimizer=adafactor,optimizer.lr=1e-3", "optimizer=adamw,optimizer.lr=3e-4",
                                       "optimizer=sgd,optimizer.lr=1e-3"]
    lone = write_run(tmp_path / "2026-11-22_10-00-00-tiny_bart", [], [1.0])
    assert run_labels([lone]) == {lone: "2026-11-22_10-00-00-tiny_bart"}
    job = write_run(tmp_path / "1", ["debug=default", "optimizer=adafactor"], [1.0])
    assert run_labels([job]) == {job: "debug=default,optimizer=adafactor"}  # more telling than "1"


def test_identical_labels_from_two_multiruns_are_told_apart(tmp_path):
    first = write_run(tmp_path / "a" / "0", ["optimizer=adamw"], [1.0])
    second = write_run(tmp_path / "b" / "0", ["optimizer=adamw"], [2.0])
    third = write_run(tmp_path / "b" / "1", ["optimizer=sgd"], [2.0])
    labels = run_labels([first, second, third])
    assert len(set(labels.values())) == 3
    assert labels[third] == "optimizer=sgd"


def test_runs_table_has_overrides_final_figures_and_the_chosen_penalty(multirun):
    runs = load_runs(multirun).runs.set_index("optimizer")
    assert runs.loc["adamw", "test/rougeL_kiwi"] == pytest.approx(25.0)  # mean of 10, 20, 30, 40
    assert runs.loc["adafactor", "validation/rougeL_kiwi"] == pytest.approx(56.0)
    assert runs.loc["adafactor", "optimizer.lr"] == pytest.approx(1e-3)
    assert runs.loc["adamw", "best_length_penalty"] == 1.2
    assert runs.loc["adafactor", "best_length_penalty"] == 0.8
    assert pd.isna(runs.loc["sgd", "best_length_penalty"])  # it did not sweep
    assert "test/generation" not in runs.columns  # only numbers become columns
    assert set(runs["objective"]) == {"rougeL_kiwi"}


def test_metrics_table_is_long_and_complete(multirun):
    metrics = load_runs(multirun).metrics
    adamw = metrics[metrics["run"].str.startswith("optimizer=adamw")]
    assert set(adamw["split"]) == {"test", "validation"}
    assert adamw.query("split == 'test' and metric == 'bleu_char'")["value"].item() == pytest.approx(12.5)


def test_sweep_table_stacks_every_runs_sweep_and_marks_the_best(multirun):
    sweep = load_runs(multirun).sweep
    assert len(sweep) == 4  # two runs swept two penalties; the third did not sweep
    best = sweep[sweep["is_best"]].set_index("run")["length_penalty"].to_dict()
    assert best == {"optimizer=adamw,optimizer.lr=3e-4": 1.2, "optimizer=adafactor,optimizer.lr=1e-3": 0.8}


def test_curves_come_from_the_training_log_and_the_evaluations_during_training(multirun):
    curves = load_runs(multirun).curves
    train = curves[(curves["source"] == "train") & (curves["metric"] == "loss")]
    assert train["value"].tolist() == [9.0, 7.5]
    assert train["step"].tolist() == [1, 2]
    evaluation = curves[curves["source"] == "eval"].set_index("metric")["value"]
    assert evaluation["rougeL_kiwi"] == 11.0 and evaluation["loss"] == 8.0


def test_training_curve_falls_back_to_the_last_checkpoints_trainer_state(tmp_path):
    run = write_run(tmp_path / "run", [], [1.0])
    for step, loss in ((2, 5.0), (10, 3.0)):
        state = run / "checkpoints" / f"checkpoint-{step}" / "trainer_state.json"
        state.parent.mkdir(parents=True)
        history = [{"step": s, "loss": loss + s / 100} for s in range(1, step + 1)] + [{"step": step, "eval_loss": 1.0}]
        state.write_text(json.dumps({"log_history": history}))
    train = load_runs(run).curves.query("source == 'train' and metric == 'loss'")
    assert train["step"].tolist() == list(range(1, 11))  # checkpoint-10, not checkpoint-2 (natural order)


def test_predictions_have_per_example_scores_as_columns_and_lengths_without_spaces(multirun):
    predictions = load_runs(multirun).predictions
    assert len(predictions) == 12
    adamw = predictions[predictions["run"].str.startswith("optimizer=adamw")]
    assert adamw["rougeL_kiwi"].tolist() == [10.0, 20.0, 30.0, 40.0]
    first = adamw.iloc[0]
    assert first["document_chars"] == len(first["document"].replace(" ", ""))
    # the scorer's own lengths are kept, not measured again (fake_runs writes 10 and 12)
    assert adamw["pred_len_chars"].tolist() == [10.0] * 4 and adamw["ref_len_chars"].tolist() == [12.0] * 4
    assert "prediction_chars" not in predictions and "reference_chars" not in predictions


def test_lengths_are_measured_like_the_scorer_when_the_run_scored_without_diagnostics(tmp_path):
    run = write_run(tmp_path / "run", [], [1.0, 2.0, 3.0])
    records = [json.loads(line) for line in (run / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    records[0].update(prediction="서울시 청년  주거\n지원", reference=["서울시 청년", "청년 주거 지원 확대"])
    records[1]["prediction"] = None
    for record in records[:2]:
        record["scores"] = {"rougeL_kiwi": record["scores"]["rougeL_kiwi"]}  # as scored with metrics.diagnostics=false
    (run / "predictions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    predictions = load_runs(run).predictions
    assert predictions["pred_len_chars"].tolist() == [9, 0, 10.0]  # the third kept its score (fake_runs: 10)
    assert predictions["ref_len_chars"].iloc[0] == pytest.approx((5 + 8) / 2)  # the mean over references, as the scorer
    assert predictions["ref_len_chars"].iloc[1] == len(records[1]["reference"].replace(" ", ""))
    assert predictions["ref_len_chars"].iloc[2] == 12.0


def test_configs_are_flattened_to_dotted_columns(multirun):
    tables = load_runs(multirun)
    assert tables.configs["optimizer.lr"].tolist() == [0.002] * 3
    assert tables.configs["objective"].tolist() == ["rougeL_kiwi"] * 3
    assert default_metric(tables.runs) == "rougeL_kiwi"
    assert default_metric(load_runs(multirun, write_run(multirun.parent / "other", [], [1.0], objective="rouge1_kiwi")).runs,
                          fallback="none shared") == "none shared"  # two objectives: the runs share none
    assert set(tables.paths) == set(tables.runs["run"])
