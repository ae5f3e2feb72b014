"""The command line: create, report and export on two run directories; every bad input exits 1 with a message."""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest

from summarizer.human_eval.__main__ import main
from summarizer.human_eval.store import Store
from summarizer.human_eval.study import paired_examples, sample
from tests.analysis.fake_runs import write_run


def test_create_stores_the_shared_examples_with_both_summaries_and_scores(two_runs, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'he.db'}"
    assert main(["create", "--name", "ab", "--runs", *map(str, two_runs), "--n", "4", "--seed", "1", "--db", url]) == 0
    assert "4 of 6 shared test examples (stratified:document_chars sampling, seed 1)" in capsys.readouterr().out
    store = Store(url)
    study = store.study("ab")
    assert (study["system_a"], study["system_b"]) == ("optimizer=adamw", "optimizer=sgd")  # the analysis' run labels
    assert study["path_a"] == str(two_runs[0].resolve())
    examples = store.examples("ab")
    assert len({e["id"] for e in examples}) == 4
    first = json.loads((two_runs[1] / "predictions.jsonl").read_text(encoding="utf-8").splitlines()[int(examples[0]["id"][-2:])])
    assert examples[0]["summary_b"] == first["prediction"] and examples[0]["document"] == first["document"]
    assert examples[0]["scores_b"]["rougeL_kiwi"] == first["scores"]["rougeL_kiwi"]


def test_stratified_sampling_covers_every_length_bucket_and_random_is_seeded(two_runs):
    _, examples = paired_examples(*two_runs)
    assert len(examples) == 6 and examples["document_chars"].nunique() == 4  # precondition: four document lengths
    chosen, how = sample(examples, 4, seed=0, sampling="stratified")
    assert how == "stratified:document_chars" and len(chosen) == 4
    ranks = examples["document_chars"].rank(method="first")
    buckets = pd.qcut(ranks, 4, labels=False)
    assert sorted(buckets[chosen.index]) == [0, 1, 2, 3]  # one example from each length quartile
    a, _ = sample(examples, 3, seed=5, sampling="random")
    b, _ = sample(examples, 3, seed=5, sampling="random")
    assert list(a["id"]) == list(b["id"])
    assert sample(examples, 50, seed=0, sampling="random")[1] == "all"


def _exit_message(argv, capsys) -> str:
    assert main(argv) == 1
    return capsys.readouterr().err


def test_runs_without_common_test_ids_are_refused(two_runs, tmp_path, capsys):
    other = write_run(tmp_path / "other", [], [0.5])
    lines = (other / "predictions.jsonl").read_text(encoding="utf-8").replace('"ex-00"', '"other-00"')
    (other / "predictions.jsonl").write_text(lines, encoding="utf-8")
    err = _exit_message(["create", "--name", "x", "--runs", str(two_runs[0]), str(other), "--db", f"sqlite:///{tmp_path}/he.db"], capsys)
    assert "have no test example id in common (6 and 1 examples)" in err and "same test split" in err


def test_a_run_without_predictions_is_named(two_runs, tmp_path, capsys):
    bare = tmp_path / "bare"
    shutil.copytree(two_runs[0], bare)
    (bare / "predictions.jsonl").unlink()
    err = _exit_message(["create", "--name", "x", "--runs", str(two_runs[0]), str(bare), "--db", f"sqlite:///{tmp_path}/he.db"], capsys)
    assert f"{bare} has no predictions.jsonl" in err


def test_a_truncated_predictions_file_is_named_with_its_line(two_runs, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(two_runs[1], broken)
    lines = (broken / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    (broken / "predictions.jsonl").write_text("\n".join(lines[:2] + [lines[2][:30]]) + "\n", encoding="utf-8")
    err = _exit_message(["create", "--name", "x", "--runs", str(two_runs[0]), str(broken), "--db", f"sqlite:///{tmp_path}/he.db"], capsys)
    assert f"{broken / 'predictions.jsonl'}, line 3: not valid JSON" in err


def test_the_same_run_twice_and_bad_numbers_are_refused(two_runs, tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/he.db"
    assert "both systems are the same run" in _exit_message(["create", "--name", "x", "--runs", str(two_runs[0]), str(two_runs[0]), "--db", db], capsys)
    assert "--n must be at least 1" in _exit_message(["create", "--name", "x", "--runs", *map(str, two_runs), "--n", "0", "--db", db], capsys)


def test_unknown_study_in_report_and_export(tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/he.db"
    assert "no study named 'nope'" in _exit_message(["report", "--name", "nope", "--db", db], capsys)
    assert "no study named 'nope'" in _exit_message(["export", "--name", "nope", "--db", db, "--out", str(tmp_path / "x.csv")], capsys)


def test_an_unreachable_database_is_named_on_the_command_line(tmp_path, capsys):
    err = _exit_message(["report", "--name", "x", "--db", "postgresql://u:pw@127.0.0.1:1/db"], capsys)
    assert "postgresql://u:***@127.0.0.1:1/db is unreachable" in err and ":pw@" not in err


def test_report_before_any_rating_says_how_to_rate(two_runs, tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/he.db"
    main(["create", "--name", "ab", "--runs", *map(str, two_runs), "--db", db])
    assert "has no ratings yet" in _exit_message(["report", "--name", "ab", "--db", db], capsys)
    assert "at least 100 resamples" in _exit_message(["report", "--name", "ab", "--db", db, "--samples", "5"], capsys)


def test_report_and_export_files(two_runs, tmp_path, capsys):
    db = f"sqlite:///{tmp_path}/he.db"
    main(["create", "--name", "ab", "--runs", *map(str, two_runs), "--db", db])
    store = Store(db)
    for annotator in ("kim", "lee"):
        store.join("ab", annotator)
        for item in store.items("ab", annotator):
            store.submit("ab", annotator, item.example_id, "tie" if item.position == 0 else "left", ["repetition"], [], "의견")
    capsys.readouterr()
    assert main(["report", "--name", "ab", "--db", db, "--out", str(tmp_path / "report"), "--samples", "500"]) == 0
    printed = capsys.readouterr().out
    assert "| optimizer=adamw | optimizer=sgd |" in printed
    report = json.loads((tmp_path / "report" / "human_eval_ab.json").read_text(encoding="utf-8"))
    assert report["counts"]["ratings"] == 12 and report["counts"]["tie"] == 2
    assert report["agreement"]["annotators"] == ["kim", "lee"]
    assert [row["metric"] for row in report["metric_agreement"]] == ["rouge1_kiwi", "rougeL_kiwi"]  # scores, not diagnostics
    markdown = (tmp_path / "report" / "human_eval_ab.md").read_text(encoding="utf-8")
    assert "## Flags per system" in markdown and "반복 (repetition)" in markdown and "ties excluded" in markdown
    assert (tmp_path / "report" / "human_eval_ab.png").stat().st_size > 10_000

    assert main(["export", "--name", "ab", "--db", db, "--out", str(tmp_path / "ratings.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "ratings.csv").open(encoding="utf-8")))
    assert len(rows) == 12 and rows[0]["comment"] == "의견" and {"repetition_A", "repetition_B"} <= set(rows[0])
    assert main(["export", "--name", "ab", "--db", db, "--out", str(tmp_path / "ratings.jsonl")]) == 0
    records = [json.loads(line) for line in (tmp_path / "ratings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["example_id"] for r in records] == [r["example_id"] for r in rows]
    assert records[0]["repetition_A"] in (True, False)
    assert "writes .csv or .jsonl" in _exit_message(["export", "--name", "ab", "--db", db, "--out", str(tmp_path / "x.xlsx")], capsys)


@pytest.mark.parametrize("argv", [["create", "--name", "x"], ["report"]])
def test_missing_arguments_are_argparse_errors(argv):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
