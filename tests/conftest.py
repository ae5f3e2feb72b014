"""Shared fixtures: composing the real configs, and small Korean data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import DictConfig, open_dict

from summarizer.config import register_configs

REPO = Path(__file__).resolve().parents[1]
CONF = REPO / "conf"

os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("WANDB_SILENT", "true")
register_configs()


def compose_config(overrides: list[str], output_dir: Path | None = None) -> DictConfig:
    """The config `python run.py <overrides>` would run with; the run directory pointed at output_dir."""
    with initialize_config_dir(str(CONF), version_base="1.3"):
        cfg = compose("config", overrides=overrides)
    if output_dir is not None:
        with open_dict(cfg):
            cfg.paths.output_dir = str(output_dir)
    return cfg


# Every test run uses these: a handful of steps and examples, no tracker, no untrained pass.
FAST = ["debug=default", "evaluate_untrained=false", "data.max_eval_samples=8", "data.max_test_samples=8"]


KOREAN_EXAMPLES = [
    {
        "document": "서울시는 21일 청년 주거 지원 사업에 1천200억 원을 투입한다고 밝혔다. 시 관계자는 \"주거비 부담을 덜겠다\"고 말했다.",
        "summary": "서울시, 청년 주거 지원에 1천200억 원 투입",
    },
    {
        "document": "부산시는 3일 노인 일자리 2만 개를 새로 만든다고 발표했다. 사업은 다음 달부터 시작된다.",
        "summary": "부산시, 노인 일자리 2만 개 창출",
    },
    {
        "document": "대전시 교육청은 내년부터 초등학교 돌봄교실을 30% 늘리기로 했다. 맞벌이 가정의 요구가 컸다.",
        "summary": "대전 교육청, 돌봄교실 30% 확대",
    },
]


@pytest.fixture
def korean_jsonl(tmp_path: Path) -> Path:
    """A small JSONL file in the generic local layout (document, summary), 30 rows."""
    file = tmp_path / "news.jsonl"
    with file.open("w", encoding="utf-8") as handle:
        for index in range(30):
            handle.write(json.dumps(KOREAN_EXAMPLES[index % 3], ensure_ascii=False) + "\n")
    return file
