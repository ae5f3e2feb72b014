"""The run directory's writers: whole files only, one CSV convention."""

from __future__ import annotations

import csv
import multiprocessing
import os

import pandas as pd
import pytest

from summarizer.tracking.run_directory import RunDirectory


def test_csv_columns_are_every_rows_keys_in_utf8_without_a_byte_order_mark(tmp_path):
    run = RunDirectory(tmp_path)
    run.write_csv("table.csv", [{"job": "0", "overrides": "run_name='실험 1'"}, {"job": "1", "extra": 2.5}])
    raw = (tmp_path / "table.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0] == b"job,overrides,extra"
    with (tmp_path / "table.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [{"job": "0", "overrides": "run_name='실험 1'", "extra": ""}, {"job": "1", "overrides": "", "extra": "2.5"}]
    assert pd.read_csv(tmp_path / "table.csv")["overrides"].tolist()[0] == "run_name='실험 1'"
    run.write_csv("empty.csv", [])
    assert not (tmp_path / "empty.csv").exists()


def _write_many(path: str, marker: str) -> None:
    run = RunDirectory(path)
    for _ in range(40):
        run.write_text("shared.txt", marker * 50_000)


def test_processes_writing_one_file_at_once_each_leave_a_whole_file(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(tmp_path), marker)) for marker in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]  # no writer lost its partial file to the other
    text = (tmp_path / "shared.txt").read_text(encoding="utf-8")
    assert text in ("a" * 50_000 + "\n", "b" * 50_000 + "\n")
    assert sorted(os.listdir(tmp_path)) == ["shared.txt"]


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_changed_one(tmp_path, monkeypatch):
    run = RunDirectory(tmp_path)
    run.write_json("metrics.json", {"final": 1})

    def refuse(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        run.write_json("metrics.json", {"final": 2})
    assert sorted(os.listdir(tmp_path)) == ["metrics.json"] and run.read_metrics() == {"final": 1}
