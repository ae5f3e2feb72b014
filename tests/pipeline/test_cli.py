"""`python run.py` as a user runs it: Hydra's run directory, and the offline Hub message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from tests.conftest import REPO


def run_cli(*overrides: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "run.py", *overrides], cwd=REPO, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "HF_HUB_OFFLINE": "0", **(env or {})}, check=False,
    )


def test_run_py_debug_writes_its_hydra_run_directory(tmp_path):
    result = run_cli("debug=default", "data.max_eval_samples=4", "data.max_test_samples=4", "evaluate_untrained=false",
                     f"hydra.run.dir={tmp_path}/run")
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert "rouge1_kiwi" in metrics["final"]["test"]
    assert (tmp_path / "run" / ".hydra" / "overrides.yaml").is_file()
    assert (tmp_path / "run" / "run.log").is_file()
    # `python -m summarizer.data_report` prints the very report the run wrote
    cli = subprocess.run([sys.executable, "-m", "summarizer.data_report", "debug=default", "data.max_eval_samples=4",
                          "data.max_test_samples=4"], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert cli.returncode == 0, cli.stderr[-2000:]
    assert cli.stdout == (tmp_path / "run" / "data_report.txt").read_text(encoding="utf-8")


def test_kobart_offline_fails_fast_with_the_projects_message_and_no_traceback(tmp_path):
    started = time.monotonic()
    result = run_cli("model=kobart", "logger=none", f"hydra.run.dir={tmp_path}/run", timeout=120)
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    if "Hub" not in output and result.returncode == 0:
        import pytest

        pytest.skip("the Hub is reachable from this machine")
    assert result.returncode == 1
    assert elapsed < 30
    assert "gogamza/kobart-base-v2" in output
    assert "model.name_or_path=" in output and "HF_HUB_OFFLINE=1" in output
    assert "Traceback" not in output


def test_config_mistakes_stop_with_one_line_and_mark_the_run_directory_failed(tmp_path):
    for n, (override, message) in enumerate([("+model.max_source_lenght=10", "Did you mean model.max_source_length"),
                                            ("model.learning_rate=???", "model.learning_rate has no value (???)")]):
        run_dir = tmp_path / str(n)
        result = run_cli(override, "logger=none", f"hydra.run.dir={run_dir}", timeout=120)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and message in output and "Traceback" not in output, output[-2000:]
        assert message in (run_dir / "error.txt").read_text()  # the directory says it failed, and why
        assert not (run_dir / "config.yaml").exists()  # nothing of a run was recorded
