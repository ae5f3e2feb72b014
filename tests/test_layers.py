"""The layer contract (pyproject.toml, [tool.importlinter]) holds, and it catches an import that points up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the `summarizer` package under `root`, with the repository's contract."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", str(REPO / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_every_import_points_down():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_that_points_up_breaks_the_contract(tmp_path):
    shutil.copytree(REPO / "summarizer", tmp_path / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    text_module = tmp_path / "summarizer" / "metrics" / "text.py"
    text_module.write_text(text_module.read_text(encoding="utf-8") + "\n\ndef _late():\n    import summarizer.pipeline\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "summarizer.metrics.text -> summarizer.pipeline" in result.stdout, result.stdout
