"""Ranking with intervals, the paired test between runs, scores by document length."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from summarizer.analysis import compare
from summarizer.analysis.runs import load_runs
from tests.analysis.fake_runs import write_run


def predictions_of(**runs: list[float]) -> pd.DataFrame:
    """A predictions table: run name -> per-example rougeL_kiwi (ids ex-0, ex-1, ...)."""
    rows = []
    for run, scores in runs.items():
        rows += [{"run": run, "id": f"ex-{i}", "rougeL_kiwi": s, "rouge1_kiwi": s + 1, "document_chars": 10 * (i + 1)}
                 for i, s in enumerate(scores)]
    return pd.DataFrame(rows)


def test_ranking_is_best_first_with_an_interval_around_each_mean(tmp_path):
    write_run(tmp_path / "a", ["optimizer=adamw"], [10.0, 20.0, 30.0, 40.0])
    write_run(tmp_path / "b", ["optimizer=sgd"], [50.0, 52.0, 70.0, 80.0])
    write_run(tmp_path / "c", ["optimizer=adam"], [5.0, 5.0, 5.0, 5.0])
    tables = load_runs(tmp_path)
    ranked = compare.ranking(tables.runs, tables.predictions, "rougeL_kiwi")
    assert ranked["run"].tolist() == ["optimizer=sgd", "optimizer=adamw", "optimizer=adam"]
    assert ranked.index.tolist() == [1, 2, 3]
    assert (ranked["ci_low"] <= ranked["rougeL_kiwi"]).all() and (ranked["rougeL_kiwi"] <= ranked["ci_high"]).all()
    spread = ranked.set_index("run")
    assert spread.loc["optimizer=adam", "ci_low"] == spread.loc["optimizer=adam", "ci_high"] == 5.0  # no variance
    assert spread.loc["optimizer=adamw", "ci_high"] - spread.loc["optimizer=adamw", "ci_low"] > 5  # real spread
    assert set(ranked["examples"]) == {4}


def test_ranking_prefers_the_interval_the_run_computed_itself(tmp_path):
    write_run(tmp_path / "run", [], [10.0, 20.0], metrics_extra={"rougeL_kiwi_ci_low": 1.5, "rougeL_kiwi_ci_high": 99.5})
    tables = load_runs(tmp_path / "run")
    ranked = compare.ranking(tables.runs, tables.predictions, "rougeL_kiwi")
    assert (ranked["ci_low"].item(), ranked["ci_high"].item()) == (1.5, 99.5)


def test_ranking_names_the_available_metrics_when_one_is_missing(tmp_path):
    tables = load_runs(write_run(tmp_path / "run", [], [1.0]))
    with pytest.raises(KeyError, match="rouge1_kiwi"):
        compare.ranking(tables.runs, tables.predictions, "rouge9_kiwi")


def test_a_run_compared_with_itself_shows_no_difference():
    predictions = predictions_of(a=[10.0, 30.0, 20.0, 50.0], b=[10.0, 30.0, 20.0, 50.0])
    result = compare.paired_test(predictions, "a", "b", samples=200)
    assert (result["delta"] == 0).all()
    assert (result["p_value"] == 1.0).all()
    assert not result["significant"].any()


def test_a_consistently_better_run_is_significant_and_the_pairing_is_by_id():
    rng = np.random.default_rng(0)
    a = rng.uniform(10, 60, size=40)
    predictions = predictions_of(a=list(a), b=list(a + 5.0))
    shuffled = pd.concat([predictions[predictions["run"] == "a"], predictions[predictions["run"] == "b"].sample(frac=1, random_state=1)])
    result = compare.paired_test(shuffled, "a", "b", metrics=["rougeL_kiwi"], samples=500)
    row = result.loc["rougeL_kiwi"]
    assert row["delta"] == pytest.approx(5.0)
    assert row["delta_ci_low"] == pytest.approx(5.0) and row["delta_ci_high"] == pytest.approx(5.0)  # paired: no noise
    assert row["p_value"] < 0.05 and row["significant"]
    assert row["examples"] == 40


def test_the_paired_test_uses_only_the_examples_both_runs_scored():
    predictions = predictions_of(a=[10.0, 20.0, 30.0], b=[10.0, 20.0, 30.0, 99.0])
    result = compare.paired_test(predictions, "a", "b", samples=100)
    assert set(result["examples"]) == {3}
    assert result.loc["rougeL_kiwi", "delta"] == 0
    no_overlap = predictions.assign(id=np.where(predictions["run"] == "b", "other-" + predictions["id"], predictions["id"]))
    with pytest.raises(ValueError, match="share no example ids"):
        compare.paired_test(no_overlap, "a", "b")


def test_paired_test_on_per_example_scores_matches_the_scorers_own_paired_test():
    """The notebook's test (from predictions.jsonl) and SummaryScorer.paired_test agree on ROUGE."""
    from summarizer.metrics.scorer import SummaryScorer

    scorer = SummaryScorer(rouge_types=("rouge1", "rougeL"), bleu_tokenize=None, chrf=False, diagnostics=False, seed=3)
    references = ["서울시, 청년 주거 지원에 1천200억 원 투입", "부산시, 노인 일자리 2만 개 창출", "대전 교육청, 돌봄교실 30% 확대",
                  "정부, 올해 예산 10% 증액"]
    system_a = ["서울시 청년 지원", "부산시 일자리", "교육청 돌봄교실", "정부 예산"]
    system_b = ["서울시, 청년 주거 지원에 투입", "부산시, 노인 일자리 창출", "대전 돌봄교실 확대", "올해 예산 10% 증액"]
    result_a, result_b = scorer.score(system_a, references), scorer.score(system_b, references)
    rows = [{"run": name, "id": str(i), **scores}
            for name, result in (("a", result_a), ("b", result_b)) for i, scores in enumerate(result.per_example)]
    ours = compare.paired_test(pd.DataFrame(rows), "a", "b", samples=300, seed=3)
    theirs = scorer.paired_test(result_a, result_b, samples=300)
    for metric in ("rouge1_kiwi", "rougeL_kiwi"):
        for field in ("a", "b", "delta", "delta_ci_low", "delta_ci_high", "p_value"):
            assert ours.loc[metric, field] == pytest.approx(theirs[metric][field]), (metric, field)


def test_two_best_are_runner_up_then_best():
    ranked = pd.DataFrame({"run": ["x", "y", "z"], "m": [3.0, 2.0, 1.0]})
    assert compare.two_best(ranked) == ("y", "x")
    assert compare.two_best(ranked.head(1)) is None


def test_scores_by_length_share_bucket_edges_across_runs_and_average_within_them():
    predictions = predictions_of(a=[0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0], b=[5.0] * 8)
    table = compare.scores_by_length(predictions, "rougeL_kiwi", buckets=2)
    assert table["bucket"].nunique() == 2
    assert table.groupby("run")["bucket"].apply(list).to_dict()["a"] == table.groupby("run")["bucket"].apply(list).to_dict()["b"]
    a = table[table["run"] == "a"]
    assert a["rougeL_kiwi"].tolist() == [15.0, 55.0]  # shortest four documents, then the longest four
    assert a["examples"].tolist() == [4, 4]


def test_scores_by_length_with_equal_lengths_is_one_bucket():
    predictions = predictions_of(a=[1.0, 3.0]).assign(document_chars=50)
    table = compare.scores_by_length(predictions, "rougeL_kiwi")
    assert len(table) == 1 and table["rougeL_kiwi"].item() == 2.0


def test_default_metric_is_the_shared_objective():
    assert compare.default_metric(pd.DataFrame({"objective": ["rouge1_kiwi", "rouge1_kiwi"]})) == "rouge1_kiwi"
    assert compare.default_metric(pd.DataFrame({"objective": ["rouge1_kiwi", "bleu_char"]})) == "rougeL_kiwi"


def test_headline_table_keeps_settings_and_f1_figures_only():
    runs = pd.DataFrame({"run": ["a"], "path": ["/x"], "objective": ["rougeL_kiwi"], "optimizer": ["adamw"],
                         "best_length_penalty": [1.2], "test/rougeL_kiwi": [40.0], "test/rougeL_kiwi_precision": [41.0],
                         "test/bleu_char": [20.0], "test/runtime": [3.0], "validation/chrf": [50.0],
                         "test/rougeL_kiwi_ci_low": [39.0], "test/rdass": [0.5], "test/rdass_ci_high": [0.6],
                         "test/rep_3gram_rate": [0.1], "test/rougeL_kiwi_recall": [38.0]})
    table = compare.headline_table(runs)
    assert table.index.tolist() == ["a"]
    assert table.columns.tolist() == ["optimizer", "best_length_penalty", "test/rougeL_kiwi", "test/bleu_char", "validation/chrf",
                                      "test/rdass"]


def test_comparable_metrics_are_per_example_rouge_f1_only():
    predictions = pd.DataFrame(columns=["run", "id", "rouge1_kiwi", "rougeL_kiwi_precision", "rougeL_kiwi_recall", "rougeL_mecab",
                                        "rep_3gram_rate", "pred_len_chars", "document_chars"])
    assert compare.comparable_metrics(predictions) == ["rouge1_kiwi", "rougeL_mecab"]


def test_rescored_paired_test_adds_corpus_bleu_and_chrf(tmp_path):
    """Re-scoring with the runs' own scorer gives what per-example scores cannot: BLEU and chrF."""
    better = write_run(tmp_path / "better", [], [1.0, 1.0, 1.0])
    worse = write_run(tmp_path / "worse", [], [0.0, 0.0, 0.0])
    records = (worse / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    emptied = [json.dumps({**json.loads(line), "prediction": "무관한 문장"}, ensure_ascii=False) for line in records]
    (worse / "predictions.jsonl").write_text("\n".join(emptied) + "\n", encoding="utf-8")
    result = compare.rescored_paired_test(worse, better, samples=200)
    assert {"bleu_char", "chrf", "rougeL_kiwi"} <= set(result.index)
    assert (result["delta"] > 0).all() and (result["examples"] == 3).all()


def test_rescored_paired_test_reads_runs_recorded_with_a_setting_the_scorer_no_longer_takes(tmp_path):
    """Runs from before the metrics worker process was removed carry `metrics.side_process` in config.yaml."""
    runs = [write_run(tmp_path / name, [], scores) for name, scores in (("a", [0.0, 0.0]), ("b", [1.0, 1.0]))]
    config = runs[0] / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("metrics:\n", "metrics:\n  side_process: auto\n", 1),
                      encoding="utf-8")
    assert "side_process: auto" in config.read_text(encoding="utf-8")
    result = compare.rescored_paired_test(*runs, samples=50)
    assert "rougeL_kiwi" in result.index and (result["examples"] == 2).all()
