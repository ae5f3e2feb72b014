"""The data notebook's tables: both data_report.json layouts, the run's examples rebuilt from its config."""

from __future__ import annotations

import json

import pytest
import yaml
from datasets import Dataset, DatasetDict

from summarizer.analysis import data
from tests.analysis.fake_runs import DOCUMENTS, REFERENCES, write_run


def test_filter_counts_read_the_step_by_step_data_report():
    """The layout written by summarizer.data.report.DataReport.to_dict()."""
    from summarizer.data.loading import prepare_data

    documents = [*DOCUMENTS, DOCUMENTS[0], ""]  # a duplicate and an empty document in train
    summaries = [*REFERENCES, REFERENCES[0], "빈 문서"]
    split = {"id": [str(i) for i in range(len(documents))], "document": documents, "summary": summaries}
    raw = DatasetDict({name: Dataset.from_dict(split) for name in ("train", "validation", "test")})
    _, report = prepare_data(raw, filters={"drop_leakage": False}, report={"lead_examples": 0})
    counts = data.filter_counts(json.loads(json.dumps(report.to_dict())))
    train = counts[counts["split"] == "train"].set_index("step")
    assert train.loc["loaded", "examples"] == 6
    assert train.loc["kept", "examples"] == 4
    assert train["dropped"].sum() == 2
    assert train["dropped"].drop(["loaded", "kept"]).gt(0).sum() == 2  # two different steps removed one each
    assert set(counts["split"]) == {"train", "validation", "test"}


def test_truncation_summary_reads_the_reports_token_figures():
    report = {"splits": {"test": {"tokens": {"document_truncated": 0.25, "summary_truncated": 0.5,
                                             "document": {"p50": 100.0, "p95": 150.0, "max": 160.0}, "summary": {"p50": 20.0}}}}}
    row = data.truncation_summary(report).loc["test"]
    assert (row["documents_cut"], row["summaries_cut"], row["document_tokens_p50"]) == (0.25, 0.5, 100.0)


def test_examples_are_rebuilt_from_the_runs_data_config_with_its_caps(tmp_path):
    run = write_run(tmp_path / "run", [], [1.0])
    examples = data.load_examples(run, tokenize=False)
    assert examples.attrs["source"] == "the run's data config"
    sizes = examples.groupby("split").size().to_dict()
    assert sizes["train"] <= 8 and sizes["validation"] <= 4 and sizes["test"] <= 4  # the run's caps
    first = examples.iloc[0]
    assert first["document_chars"] == len(first["document"])
    assert first["compression_ratio"] == pytest.approx(len(first["document"]) / len(first["summary"]))
    assert "source_tokens" not in examples


def test_examples_fall_back_to_the_prediction_files_when_the_source_is_gone(tmp_path):
    run = write_run(tmp_path / "run", [], [1.0, 2.0, 3.0])
    config = yaml.safe_load((run / "config.yaml").read_text())
    config["data"]["source"] = {"_target_": "nowhere.to.be_found"}
    (run / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    examples = data.load_examples(run)
    assert examples.attrs["source"].startswith("prediction files")
    assert examples["split"].tolist() == ["test"] * 3
    assert examples["summary"].tolist() == REFERENCES[:3]
    assert "source_tokens" not in examples  # the fake run saved no tokenizer


def test_configured_lengths_come_from_the_config(tmp_path):
    run = write_run(tmp_path / "run", [], [1.0])
    assert data.configured_lengths(run) == {"max_source_length": 128, "max_target_length": 32}
