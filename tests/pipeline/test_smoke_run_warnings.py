"""A smoke run (debug=default: 4 steps) summarises nothing yet; it must say so rather than print 0.00 silently."""

from __future__ import annotations

import json
import logging

from summarizer.pipeline import run
from tests.conftest import FAST, compose_config


def test_mostly_empty_predictions_warn_and_say_why(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="summarizer.pipeline"):
        run(compose_config(FAST + ["logger=none", "sweep=none"], output_dir=tmp_path))
    share = json.loads((tmp_path / "metrics.json").read_text())["final"]["test"]["empty_pred_share"]
    assert share > 0.5  # precondition: 4 steps have taught the model only to stop at once
    warnings = [r.getMessage() for r in caplog.records if "of the predictions are empty" in r.getMessage()]
    assert any(w.startswith("final test:") and "debug=default" in w for w in warnings), warnings
    headline = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("final test: "))
    assert f"({round(share * 8)} blank predictions, each scored 0)" in headline  # the run log counts them too
