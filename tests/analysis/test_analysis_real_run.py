"""The analysis on a real run directory, made in-process by the pipeline (a few seconds)."""

from __future__ import annotations

import pytest

from summarizer.analysis import data
from summarizer.analysis.compare import default_metric
from summarizer.analysis.run_figures import save_run_figures
from summarizer.analysis.runs import load_runs
from summarizer.pipeline import run
from tests.conftest import FAST, compose_config


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("analysis") / "run"
    overrides = ["trainer.max_steps=2", "trainer.eval_strategy=steps", "trainer.eval_steps=2", "generation.max_new_tokens=16"]
    run(compose_config(FAST + overrides, output_dir=run_dir))
    return run_dir


def test_every_table_of_a_real_run_is_filled(real_run):
    tables = load_runs(real_run)
    objective = default_metric(tables.runs)
    assert tables.runs["objective"].tolist() == [objective]  # the run's own objective, not the fallback
    assert f"test/{objective}" in tables.runs and f"validation/{objective}" in tables.runs
    assert len(tables.predictions) == 8 and objective in tables.predictions  # FAST keeps 8 test examples
    assert tables.sweep["is_best"].sum() == 1
    assert tables.runs["best_length_penalty"].item() == tables.sweep.loc[tables.sweep["is_best"], "length_penalty"].item()
    assert set(tables.curves["source"]) == {"train", "eval"}
    assert {"loss", objective} <= set(tables.curves.query("source == 'eval'")["metric"])


def test_run_figures_of_a_real_run(real_run):
    names = {path.name for path in save_run_figures(real_run)}
    assert {"length_penalty_sweep.png", "curves.png", "lengths.png", "data_steps.png"} <= names


def test_rebuilt_examples_truncate_exactly_as_the_run_reported(real_run):
    examples = data.load_examples(real_run)
    assert examples.attrs["source"] == "the run's data config"
    recomputed = data.truncated_share(examples, data.configured_lengths(real_run))
    reported = data.truncation_summary(data.read_data_report(real_run))
    for split in reported.index:
        assert recomputed.loc[split, "documents_cut"] == pytest.approx(reported.loc[split, "documents_cut"])
        assert recomputed.loc[split, "summaries_cut"] == pytest.approx(reported.loc[split, "summaries_cut"])
