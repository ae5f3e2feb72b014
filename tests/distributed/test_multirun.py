"""Hydra multirun: every job in its own directory, a summary row per job, failures recorded, not fatal."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from tests.conftest import REPO

QUICK = ["debug=default", "logger=none", "evaluate_untrained=false", "data.max_eval_samples=4",
         "data.max_test_samples=4", "trainer.max_steps=2"]


def multirun(sweep_dir, *overrides) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "run.py"), "-m", *QUICK, *overrides, f"hydra.sweep.dir={sweep_dir}"],
                          cwd=REPO, capture_output=True, text=True, timeout=600, check=False)


def summary_rows(sweep_dir) -> list[dict]:
    with (sweep_dir / "summary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_a_2x2_grid_gives_four_jobs_and_a_summary_row_each(tmp_path):
    result = multirun(tmp_path, "optimizer=adamw,adafactor", "optimizer.lr=1e-4,3e-4")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = summary_rows(tmp_path)
    assert [row["job"] for row in rows] == ["0", "1", "2", "3"]
    grid = {(o.split("optimizer=")[1].split()[0], float(o.split("optimizer.lr=")[1].split()[0]))
            for o in (r["overrides"] for r in rows)}
    assert grid == {("adamw", 1e-4), ("adamw", 3e-4), ("adafactor", 1e-4), ("adafactor", 3e-4)}
    for row in rows:
        assert row["status"] == "completed"
        assert float(row["validation_rougeL_kiwi"]) >= 0 and row["best_length_penalty"] in ("0.8", "1.2")
        assert (tmp_path / row["job"] / "metrics.json").is_file() and row["run_dir"] == str(tmp_path / row["job"])
    assert (tmp_path / "summary.md").read_text().count("| completed |") == 4


@pytest.mark.slow
def test_a_failing_job_is_a_row_with_its_error_and_the_others_survive(tmp_path):
    result = multirun(tmp_path, "model.max_source_length=4096,128")
    assert result.returncode == 1  # the sweep reports the failure...
    failed, completed = summary_rows(tmp_path)
    assert failed["status"] == "failed" and "model.max_source_length=4096 exceeds" in failed["error"]
    assert completed["status"] == "completed" and completed["test_rouge1_kiwi"] != ""  # ...after finishing the rest
    assert (tmp_path / "0" / "error.txt").is_file()


@pytest.mark.slow
def test_an_optuna_study_of_three_trials_is_stored_in_sqlite_and_summarised(tmp_path):
    import optuna

    result = subprocess.run([sys.executable, str(REPO / "run.py"), "hparams_search=optuna", "hydra.sweeper.n_trials=3", *QUICK],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    (sweep_dir,) = [p.parent for p in (tmp_path / "multirun").glob("*/*/summary.csv")]
    rows = summary_rows(sweep_dir)
    assert len(rows) == 3 and all(row["status"] == "completed" for row in rows)
    assert all("optimizer.lr=" in row["overrides"] and "generation.num_beams=" in row["overrides"] for row in rows)
    study = optuna.load_study(study_name="tiny_bart-ko_news_sample-rougeL_kiwi",
                              storage=f"sqlite:///{tmp_path / 'multirun' / 'optuna.db'}")
    assert len(study.trials) == 3
    assert study.best_value == pytest.approx(max(float(row["validation_rougeL_kiwi"]) for row in rows))


def test_the_slurm_launcher_config_composes():
    from hydra import compose, initialize_config_dir

    from tests.conftest import CONF

    with initialize_config_dir(str(CONF), version_base="1.3"):
        cfg = compose("config", overrides=["hydra/launcher=slurm", "hydra.launcher.partition=gpu"], return_hydra_config=True)
    assert cfg.hydra.launcher._target_.endswith("SlurmLauncher")
    assert cfg.hydra.launcher.partition == "gpu" and cfg.hydra.launcher.gpus_per_node == 1


@pytest.mark.slow
def test_a_multirun_gets_comparison_figures(tmp_path):
    result = multirun(tmp_path, "optimizer=adamw,adafactor")
    assert result.returncode == 0, result.stderr[-3000:]
    figures = {path.name for path in (tmp_path / "figures").glob("*.png")}
    assert {"ranking.png", "length_penalty_sweep.png"} <= figures
    assert (tmp_path / "0" / "figures").is_dir() and any((tmp_path / "0" / "figures").glob("*.png"))
