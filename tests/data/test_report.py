"""The data report: counts per step, figures, the printed table, JSON, W&B, and the CLI that prints it."""

from __future__ import annotations

import json

from datasets import Dataset, DatasetDict

from summarizer import data_report, hub
from summarizer.data.loading import load_data, prepare_data
from summarizer.data.schema import DataReportConfig, FiltersConfig
from tests.conftest import compose_config
from tests.data.test_filters import BUSAN, RATE, SEOUL, SNOW


def small_report():
    raw = DatasetDict(
        {
            "train": Dataset.from_dict(
                {
                    "id": ["a", "b", "c", "d"],
                    "document": [SEOUL[0], "", SEOUL[0], BUSAN[0]],
                    "summary": [SEOUL[1], "빈 문서", SEOUL[1], BUSAN[1]],
                }
            ),
            "validation": Dataset.from_dict({"id": ["v"], "document": [SNOW[0]], "summary": [SNOW[1]]}),
            "test": Dataset.from_dict({"id": ["t"], "document": [RATE[0]], "summary": [RATE[1]]}),
        }
    )
    return prepare_data(
        raw,
        name="작은 표본",
        source="test",
        filters=FiltersConfig(min_summary_chars=18),
        report=DataReportConfig(lead_examples=0),
    )


def test_counts_before_and_after_each_step_add_up():
    splits, report = small_report()
    train = report.splits["train"]
    assert list(splits["train"]["id"]) == ["a"]
    assert train.dropped == {
        "empty_document": 1,
        "empty_summary": 0,
        "short_summary": 1,
        "low_compression": 0,
        "repeated_ngram": 0,
        "frequent_token": 0,
        "duplicate": 1,
        "leakage": 0,
    }
    steps = {row["step"]: (row["before"], row["after"]) for row in train.steps()}
    assert steps["loaded"] == (4, 4) and steps["empty_document"] == (4, 3) and steps["short_summary"] == (3, 2)
    assert steps["duplicate"] == (2, 1) and train.kept == 1
    assert train.characters["document"]["p50"] == len(SEOUL[0]) == 64
    assert abs(train.compression["p50"] - 64 / 23) < 1e-9


def test_format_prints_counts_per_split_with_unapplied_filters_marked():
    _, report = small_report()
    text = report.format()
    lines = text.splitlines()
    assert lines[0] == "Data report: 작은 표본 (test)"
    assert [
        line.split()
        for line in lines
        if line.startswith(("loaded", "- empty_document", "- short_summary", "- duplicate", "kept"))
    ] == [
        ["loaded", "4", "1", "1"],
        ["-", "empty_document", "1", "0", "0"],
        ["-", "short_summary", "1", ".", "."],
        ["-", "duplicate", "1", ".", "."],
        ["kept", "1", "1", "1"],
    ]
    assert "train document" in text and "Lead-" not in text  # no Lead-k figures were asked for


def test_to_dict_is_json_and_summary_figures_go_to_wandb():
    _, report = small_report()
    payload = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert payload["splits"]["train"]["kept"] == 1
    assert payload["settings"]["filters"]["min_summary_chars"] == 18

    class FakeRun:
        def __init__(self):
            self.summary, self.logged = {}, {}

        def log(self, values):
            self.logged.update(values)

    run = FakeRun()
    report.log_to_wandb(run)
    assert run.summary["data/train/dropped/duplicate"] == 1 and run.summary["data/validation/kept"] == 1
    table = run.logged["data/steps"]
    assert table.columns == ["step", "train", "validation", "test"]
    assert ["kept", 1, 1, 1] in table.data
    report.log_to_wandb(None)  # no tracker: nothing to do


def test_the_default_config_reports_the_bundled_sample_with_lead3():
    cfg = compose_config(
        [
            "data.max_train_samples=40",
            "data.max_eval_samples=6",
            "data.max_test_samples=6",
            "data.report.lead_examples=5",
        ]
    )
    splits, report = load_data(cfg.data)
    assert {split: len(d) for split, d in splits.items()} == {"train": 40, "validation": 6, "test": 6}
    assert report.splits["train"].loaded == 5000 and report.splits["train"].capped == 40
    assert sum(report.splits["train"].dropped.values()) == 0  # the default filters keep the clean sample
    lead = report.splits["validation"].lead
    assert lead["examples"] == 5 and 10 < lead["rouge1_kiwi"] < 90
    assert "Lead-3 ROUGE F1 (Kiwi)" in report.format()


def test_cli_prints_the_report_and_writes_json(korean_jsonl, tmp_path, capsys):
    out = tmp_path / "report.json"
    code = data_report.main(
        [
            "data=local",
            f"data.source.train={korean_jsonl}",
            "data.source.validation_ratio=0.2",
            "data.source.test_ratio=0.2",
            "data.report.lead_examples=0",
            "data.filters.drop_leakage=false",
            "--json",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert printed.startswith("Data report: local (summarizer.data.sources.local.local_files)")
    assert "model tokens (max 256 / 64)" in printed  # tiny_bart's lengths
    assert payload["splits"]["train"]["loaded"] == 18  # 30 rows, 20% + 20% cut off
    assert payload["splits"]["train"]["dropped"]["duplicate"] == 15  # the fixture repeats 3 examples
    assert payload["splits"]["train"]["tokens"]["document_truncated"] == 0.0


def test_cli_offline_hub_data_fails_fast_with_the_hub_message(monkeypatch, capsys):
    monkeypatch.setattr(hub, "_probe_hub", lambda: "ConnectError: [Errno -2] Name or service not known")
    monkeypatch.setattr(hub, "try_to_load_from_cache", lambda repo_id, filename, **kwargs: None)
    assert data_report.main(["data=naver_news", "--no-tokens"]) == 1
    error = capsys.readouterr().err
    assert "Cannot load the dataset 'daekeun-ml/naver-news-summarization-ko'" in error and "data.source.name=" in error
