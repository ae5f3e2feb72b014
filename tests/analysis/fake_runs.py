"""Run directories with chosen contents, written through the pipeline's own RunDirectory writer, so tests
know every number the analysis should find (a real tiny run scores ~0 everywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from summarizer.tracking.run_directory import RunDirectory

DOCUMENTS = [
    "서울시는 21일 청년 주거 지원 사업에 1천200억 원을 투입한다고 밝혔다.",
    "부산시는 3일 노인 일자리 2만 개를 새로 만든다고 발표했다. 사업은 다음 달부터 시작된다.",
    "대전시 교육청은 내년부터 초등학교 돌봄교실을 30% 늘리기로 했다. 맞벌이 가정의 요구가 컸다. 교육청은 예산도 늘린다.",
    "정부는 올해 예산을 10% 늘렸다고 밝혔다.",
]
REFERENCES = ["서울시, 청년 주거 지원에 1천200억 원", "부산시, 노인 일자리 2만 개", "대전 돌봄교실 30% 확대", "정부 예산 10% 증액"]


def write_run(
    path: Path,
    overrides: list[str],
    rouge: list[float],
    *,
    objective: str = "rougeL_kiwi",
    sweep: list[dict] | None = None,
    training_log: list[dict] | None = None,
    evaluations: list[dict] | None = None,
    metrics_extra: dict | None = None,
) -> Path:
    """A run whose test examples i score rougeL_kiwi = rouge1_kiwi = rouge[i]; the final test figure is their mean."""
    run = RunDirectory(path)
    config = real_config(path)
    config.objective = objective
    run.write_config(config)  # as the pipeline writes it
    (path / ".hydra").mkdir(exist_ok=True)
    (path / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides), encoding="utf-8")
    records = []
    for index, score in enumerate(rouge):
        document = DOCUMENTS[index % len(DOCUMENTS)]
        records.append({
            "id": f"ex-{index:02d}",
            "document": document,
            "reference": REFERENCES[index % len(REFERENCES)],
            "prediction": document.split(".")[0][:20],
            "scores": {"rouge1_kiwi": score, "rougeL_kiwi": score, "rougeL_kiwi_precision": score,
                       "rep_3gram_rate": 0.0, "pred_len_chars": 10.0, "ref_len_chars": 12.0},
        })
    run.write_jsonl("predictions.jsonl", records)
    mean = sum(rouge) / len(rouge)
    run.record_metrics("final", "test", {"rouge1_kiwi": mean, "rougeL_kiwi": mean, "bleu_char": mean / 2,
                                         "generation": {"num_beams": 4}, **(metrics_extra or {})})
    run.record_metrics("final", "validation", {"rouge1_kiwi": mean + 1, "rougeL_kiwi": mean + 1})
    for evaluation in evaluations or []:
        run.append_evaluation(evaluation)
    if sweep:
        best = max(sweep, key=lambda row: row[objective])
        run.write_csv("sweep.csv", sweep)
        run.write_json("sweep.json", {"metric": objective, "best": best, "rows": sweep})
        run.record_metrics("sweep", "validation", {"metric": objective, "best": best})
    if training_log:
        run.write_jsonl("training_log.jsonl", training_log)
    run.write_json("data_report.json", {"splits": {"train": {
        "loaded": 10, "kept": 7,
        "steps": [{"step": "loaded", "before": 10, "after": 10, "dropped": 0},
                  {"step": "max_samples", "before": 10, "after": 8, "dropped": 2},
                  {"step": "empty_document", "before": 8, "after": 7, "dropped": 1}],
        "tokens": {"max_source_length": 128, "max_target_length": 32, "document_truncated": 0.25, "summary_truncated": 0.0,
                   "document": {"p50": 90.0, "p95": 130.0, "max": 140.0}, "summary": {"p50": 16.0}},
    }}})
    return path


def real_config(path: Path):
    """The config of `run.py debug=default` (caps 8 / 4 / 4) with its run directory at `path`."""
    from tests.conftest import compose_config

    caps = ["data.max_train_samples=8", "data.max_eval_samples=4", "data.max_test_samples=4"]
    return compose_config(["debug=default", *caps], output_dir=path)


def sweep_rows(values: dict[float, float], num_beams: int = 4) -> list[dict]:
    """Sweep rows: length penalty -> rougeL_kiwi (mean length grows with the penalty)."""
    return [{"length_penalty": lp, "num_beams": num_beams, "no_repeat_ngram_size": 0, "mean_length_tokens": 10 * lp,
             "rougeL_kiwi": score, "rouge1_kiwi": score + 5} for lp, score in values.items()]


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
