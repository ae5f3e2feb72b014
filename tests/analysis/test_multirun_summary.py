"""The multirun summary callback without running a sweep: rows as the analysis tables read the jobs, the
failure count recorded before anything optional, and files replaced whole."""

from __future__ import annotations

import csv
import json
import threading

import pytest
import yaml
from omegaconf import OmegaConf

from summarizer.analysis import multirun_summary
from summarizer.analysis.multirun_summary import (
    FailedJobs,
    MultirunSummary,
    collect_jobs,
    job_row,
    record_job_failure,
    write_summary,
)
from summarizer.analysis.runs import load_runs
from tests.analysis.fake_runs import sweep_rows, write_run


@pytest.fixture
def sweep(tmp_path):
    """Job 0 swept (best penalty 1.2), job 1 did not, job 2 failed, job 3 died before the pipeline wrote anything."""
    root = tmp_path / "multirun"
    write_run(root / "0", ["optimizer=adamw", "run_name='실험 1'"], [10.0, 20.0], sweep=sweep_rows({0.8: 20.0, 1.2: 24.0}))
    write_run(root / "1", ["optimizer=sgd", "run_name='실험 2'"], [30.0, 50.0])
    write_run(root / "2", ["optimizer=adafactor", "run_name='실험 3'"], [0.0])
    record_job_failure(root / "2", ValueError("model.max_source_length=4096 exceeds 1024"))
    hydra = root / "3" / ".hydra"
    hydra.mkdir(parents=True)
    (hydra / "overrides.yaml").write_text(yaml.safe_dump(["optimizer=nadam"]), encoding="utf-8")
    (hydra / "config.yaml").write_text(yaml.safe_dump({"objective": "rouge1_kiwi"}), encoding="utf-8")
    return root


def end_multirun(cfg) -> list[str]:
    """The jobs `on_multirun_end` reports failed, ending the process with status 1 ([] when none failed)."""
    try:
        MultirunSummary().on_multirun_end(cfg)
    except FailedJobs as ended:
        assert ended.code == 1
        return ended.jobs
    return []


def config(sweep_dir, backend="none"):
    return OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep_dir)}}, "logger": {"backend": backend}})


def read_csv(file) -> list[dict]:
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rows_agree_with_the_analysis_runs_table(sweep):
    rows = {row["job"]: row for row in collect_jobs(sweep)}
    assert [row["status"] for row in rows.values()] == ["completed", "completed", "failed", "incomplete"]
    runs = load_runs(sweep).runs.set_index("optimizer")
    for job, optimizer in (("0", "adamw"), ("1", "sgd")):
        assert rows[job]["test_rouge1_kiwi"] == runs.loc[optimizer, "test/rouge1_kiwi"]
        assert rows[job]["test_bleu_char"] == runs.loc[optimizer, "test/bleu_char"]
        assert rows[job]["run_dir"] == runs.loc[optimizer, "path"] == str(sweep / job)
    assert rows["0"]["best_length_penalty"] == runs.loc["adamw", "best_length_penalty"] == 1.2
    assert rows["1"]["best_length_penalty"] is None
    # the objective as the job returned it to the sweeper: at the sweep's best setting, else final validation
    assert rows["0"]["validation_rougeL_kiwi"] == 24.0
    assert rows["1"]["validation_rougeL_kiwi"] == runs.loc["sgd", "validation/rougeL_kiwi"] == 41.0
    assert rows["0"]["overrides"] == "optimizer=adamw run_name='실험 1'"  # as typed
    assert rows["2"]["error"] == "ValueError: model.max_source_length=4096 exceeds 1024"
    assert rows["3"]["validation_rouge1_kiwi"] is None  # its objective from Hydra's copy of the config
    assert rows["3"]["test_rouge1_kiwi"] is None and rows["3"]["overrides"] == "optimizer=nadam"


def test_failed_jobs_are_counted_even_when_every_optional_step_fails(sweep, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(multirun_summary, "_comparison_figures", broken)
    monkeypatch.setattr(multirun_summary, "log_summary_to_wandb", broken)
    monkeypatch.setattr(multirun_summary, "write_summary", broken)
    assert end_multirun(config(sweep, backend="wandb")) == ["2"]  # and nothing else was raised
    failures = [record.getMessage() for record in caplog.records if record.exc_info]
    assert len(failures) == 3 and all("failed; the jobs' results are unaffected" in message for message in failures)


def test_the_multirun_end_writes_the_summary_and_figures(sweep):
    assert end_multirun(config(sweep)) == ["2"]
    rows = read_csv(sweep / "summary.csv")
    assert [row["job"] for row in rows] == ["0", "1", "2", "3"]
    assert rows[0]["overrides"] == "optimizer=adamw run_name='실험 1'" and rows[0]["test_rouge1_kiwi"] == "15.0"
    assert list(rows[0]) == ["job", "overrides", "status", "error", "validation_rougeL_kiwi", "best_length_penalty",
                             "test_rouge1_kiwi", "test_rouge2_kiwi", "test_rougeL_kiwi", "test_rougeLsum_kiwi", "test_bleu_char",
                             "test_chrf", "run_dir", "validation_rouge1_kiwi"]  # every job's objective has its column
    markdown = (sweep / "summary.md").read_text(encoding="utf-8")
    assert markdown.count("| completed |") == 2 and "| failed |" in markdown and "실험 1" in markdown
    assert (sweep / "figures" / "ranking.png").is_file()
    assert not list(sweep.glob(".*partial"))


def test_a_job_whose_files_cannot_be_read_is_a_failed_row(sweep):
    (sweep / "1" / "metrics.json").write_text("{not json", encoding="utf-8")
    assert end_multirun(config(sweep)) == ["1", "2"]
    row = read_csv(sweep / "summary.csv")[1]
    assert row["status"] == "failed" and "unreadable job files" in row["error"] and "JSONDecodeError" in row["error"]


def test_jobs_ending_together_rewrite_the_summary_whole(sweep):
    rows = collect_jobs(sweep)
    errors: list[BaseException] = []

    def rewrite():
        try:
            for _ in range(30):
                write_summary(sweep, rows)
        except BaseException as error:  # collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=rewrite) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [row["job"] for row in read_csv(sweep / "summary.csv")] == ["0", "1", "2", "3"]
    assert not list(sweep.glob(".*partial"))


def test_a_job_row_reads_a_job_without_a_sweep_or_metrics(tmp_path):
    run = write_run(tmp_path / "7", ["seed=1"], [2.0, 4.0], objective="rouge1_kiwi")
    row = job_row(run)
    assert row["validation_rouge1_kiwi"] == 4.0 and "validation_rougeL_kiwi" not in row
    (run / "metrics.json").unlink()
    row = job_row(run)
    assert row["status"] == "incomplete" and row["validation_rouge1_kiwi"] is None and row["test_rouge1_kiwi"] is None
    assert json.loads(json.dumps(row)) == row  # plain values, ready for W&B's table
