"""From two real tiny runs to the report: create a study, rate through the HTTP API with a known pattern, and
check the report's win rate, interval, sign test, flag rate and kappa against values worked out by hand."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from summarizer.human_eval.__main__ import main
from summarizer.human_eval.store import Store
from summarizer.pipeline import run
from tests.conftest import FAST, compose_config
from tests.human_eval.conftest import LiveServer

# Preferences in system terms for the 8 test examples FAST keeps, and the examples kim flags A as repetitive.
PATTERN = {"kim": ["B", "B", "B", "A", "tie", "B", "A", "B"], "lee": ["B", "A", "B", "A", "tie", "B", "B", "B"]}
KIM_REPETITION_A = {0, 1, 2, 3}


@pytest.fixture(scope="module")
def tiny_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("human_eval_runs")
    runs = []
    for name, steps in (("a", 2), ("b", 4)):
        overrides = [f"trainer.max_steps={steps}", "generation.max_new_tokens=16", "sweep.enabled=false"]
        run(compose_config(FAST + overrides, output_dir=root / name))
        runs.append(root / name)
    return runs


@pytest.mark.slow  # two real tiny runs (~20 s on 2 cores)
def test_a_study_from_two_real_runs_rated_over_http(tiny_runs, tmp_path):
    db = f"sqlite:///{tmp_path / 'he.db'}"
    assert main(["create", "--name", "tiny", "--runs", *map(str, tiny_runs), "--n", "100", "--db", db]) == 0
    store = Store(db)
    examples = store.examples("tiny")
    assert len(examples) == 8  # precondition: both runs predicted the same 8 test examples
    order = [e["id"] for e in examples]

    with LiveServer(store) as server:
        api = f"{server.url}/api/studies/tiny"
        for annotator in PATTERN:
            httpx.post(f"{api}/annotators", json={"annotator": annotator}).raise_for_status()
        left = store.assignments("tiny")
        for annotator, preferences in PATTERN.items():
            for index, wanted in enumerate(preferences):
                item = httpx.get(f"{api}/next", params={"annotator": annotator}).json()["item"]
                assert item["example_id"] == order[index]  # served in study order
                side_of = {left[annotator, item["example_id"]]: "left"}
                side_of[next(s for s in "AB" if s not in side_of)] = "right"
                flags = ["repetition"] if annotator == "kim" and index in KIM_REPETITION_A else []
                body = {"annotator": annotator, "example_id": item["example_id"],
                        "preference": "tie" if wanted == "tie" else side_of[wanted], "comment": f"{annotator} {index}",
                        f"flags_{side_of['A']}": flags}
                assert httpx.post(f"{api}/ratings", json=body).json()["status"] == "recorded"

    assert main(["report", "--name", "tiny", "--db", db, "--out", str(tmp_path), "--samples", "20000"]) == 0
    report = json.loads((tmp_path / "human_eval_tiny.json").read_text(encoding="utf-8"))

    # By hand: per annotator B 5, A 2, tie 1 -> B 10, A 4, ties 2; win rate 10 / 14 (ties left out).
    assert report["counts"] == {"A": 4, "B": 10, "tie": 2, "ratings": 16, "examples": 8, "annotators": 2}
    assert report["win_rate"]["win_rate"] == pytest.approx(10 / 14)
    # Interval by hand: resample the examples with a decisive rating, ratio of summed B votes to decisive votes.
    b = np.array([(k == "B") + (ell == "B") for k, ell in zip(*PATTERN.values())], float)
    d = np.array([(k != "tie") + (ell != "tie") for k, ell in zip(*PATTERN.values())], float)
    b, d = b[d > 0], d[d > 0]
    draws = np.random.default_rng(7).integers(0, len(b), size=(20_000, len(b)))
    low, high = np.percentile(b[draws].sum(axis=1) / d[draws].sum(axis=1), [2.5, 97.5])
    assert report["win_rate"]["ci_low"] == pytest.approx(low, abs=0.03)
    assert report["win_rate"]["ci_high"] == pytest.approx(high, abs=0.03)
    # Examples won: B on 0, 2, 5, 7; A on 3; tied 1, 4, 6. Two-sided binomial p for 4 of 5: 2 * 6 / 32.
    assert report["sign_test"] == {"b_examples": 4, "a_examples": 1, "tied_examples": 3, "p_value": pytest.approx(0.375)}
    # Cohen's kappa: 6 of 8 agree; marginals A 2, B 5, tie 1 for both: chance (4 + 25 + 1) / 64.
    assert report["agreement"]["cohen_kappa"] == pytest.approx((6 / 8 - 30 / 64) / (1 - 30 / 64))
    repetition_a = next(r for r in report["flags"] if r["flag"] == "repetition" and r["system"] == "A")
    assert (repetition_a["count"], repetition_a["ratings"]) == (4, 16)
    assert {row["metric"] for row in report["metric_agreement"]} >= {"rougeL_kiwi"}
    assert "| 10 | 4 | 2 | 71.4% |" in (tmp_path / "human_eval_tiny.md").read_text(encoding="utf-8")
