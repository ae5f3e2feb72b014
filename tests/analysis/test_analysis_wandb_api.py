"""The W&B public-API loader: a clear message offline, the local tables' shape online."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from summarizer.analysis.wandb_api import WandbUnavailable, load_wandb_runs, wandb_api


def test_without_a_login_it_says_to_use_the_run_directories(tmp_path, monkeypatch):
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    monkeypatch.setenv("NETRC", str(tmp_path / "netrc"))
    with pytest.raises(WandbUnavailable, match="load_runs"):
        wandb_api()


class FakeRun(SimpleNamespace):
    def scan_history(self):
        return self.rows


class FakeApi:
    def __init__(self, runs):
        self.fetched = runs
        self.calls = []

    def runs(self, project, filters=None):
        self.calls.append((project, filters))
        return self.fetched


def test_runs_become_the_same_tables_as_local_runs():
    run = FakeRun(
        name="lr=3e-4", id="abc", state="finished", url="https://example/abc",
        config={"model": {"name": "tiny_bart"}, "objective": "rougeL_kiwi", "optimizer": {"lr": 3e-4}, "_wandb": {}},
        summary={"final/test/rougeL_kiwi": 41.5, "final/validation/rougeL_kiwi": 40.0, "final/test/predictions": {"_type": "table"}},
        rows=[{"train/loss": 5.0, "train/global_step": 1, "train/epoch": 0.1},
              {"eval/rougeL_kiwi": 30.0, "eval/loss": 4.0, "train/global_step": 2},
              {"train/final_test_rougeL_kiwi": 41.5, "train/global_step": 2}],
    )
    api = FakeApi([run])
    tables = load_wandb_runs("me/korean-summarization", filters={"group": "g"}, api=api)
    assert api.calls == [("me/korean-summarization", {"group": "g"})]
    row = tables["runs"].iloc[0]
    assert (row["run"], row["model"], row["test/rougeL_kiwi"], row["validation/rougeL_kiwi"]) == ("lr=3e-4", "tiny_bart", 41.5, 40.0)
    assert "test/predictions" not in tables["runs"]
    assert tables["configs"].iloc[0]["optimizer.lr"] == 3e-4 and "_wandb" not in tables["configs"]
    curves = tables["curves"]
    assert curves[["source", "metric", "step", "value"]].values.tolist() == [
        ["train", "loss", 1, 5.0], ["eval", "rougeL_kiwi", 2, 30.0], ["eval", "loss", 2, 4.0]]


def test_an_unreachable_project_raises_the_same_clear_error():
    class Broken:
        def runs(self, project, filters=None):
            raise ConnectionError("no route to host")

    with pytest.raises(WandbUnavailable, match="no route to host"):
        load_wandb_runs("me/p", api=Broken())
