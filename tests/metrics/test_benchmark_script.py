"""The metrics benchmark still runs (its full 5,000-pair run is documented in benchmarks/RESULTS.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_benchmark_runs_on_a_small_sample():
    out = subprocess.run(
        [sys.executable, "benchmarks/bench_metrics.py", "--pairs", "60", "--sources"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert "| **total** |" in out and "tokenize_kiwi" in out and "rouge1_dacon" in out


def test_generated_pairs_are_reproducible():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_metrics import make_pairs
    finally:
        sys.path.pop(0)
    assert make_pairs(20, seed=3) == make_pairs(20, seed=3)
    assert make_pairs(20, seed=3) != make_pairs(20, seed=4)
