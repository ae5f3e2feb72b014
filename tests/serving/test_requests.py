"""The checks /v1/summarize makes before a request reaches a batch, and finding and describing the run to serve."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from fastapi import HTTPException
from transformers import BartConfig

from summarizer.errors import ConfigError, SummarizerError
from summarizer.serving.decoding import out_of_range
from summarizer.serving.loading import describe_model, latest_run
from summarizer.serving.routes import checked_texts
from summarizer.serving.schemas import SummarizeRequest
from tests.conftest import CONF

LIMITS = yaml.safe_load((CONF / "serve.yaml").read_text(encoding="utf-8"))["serve"]["decoding_limits"]


def test_out_of_range_names_each_field_and_its_range():
    errors = out_of_range({"num_beams": 9, "length_penalty": 1.2, "min_length": -1, "max_new_tokens": None}, LIMITS)
    assert [error["loc"] for error in errors] == [["body", "decoding", "num_beams"], ["body", "decoding", "min_length"]]
    assert errors[0]["msg"] == "decoding.num_beams=9 is outside the allowed range [1, 8]."


def test_every_decoding_override_has_a_configured_range():
    assert set(LIMITS) == set(SummarizeRequest.model_fields["decoding"].annotation.model_fields)


@pytest.mark.parametrize(
    ("request_body", "status"),
    [({"text": "\u3000\n"}, 422), ({"texts": ["가", "나", "다"]}, 413), ({"texts": ["가나", "가" * 11]}, 413), ({}, 422)],
)
def test_checked_texts_refuses(request_body, status):
    with pytest.raises(HTTPException) as refused:
        checked_texts(SummarizeRequest(**request_body), max_texts=2, max_chars=10)
    assert refused.value.status_code == status


def test_checked_texts_keeps_korean_as_given():
    assert checked_texts(SummarizeRequest(texts=["서울시는 ", " 부산"]), max_texts=2, max_chars=10) == ["서울시는 ", " 부산"]


def fake_run(directory, family="bart", prefix="요약: ", length=200, commit="abc123"):
    """A run directory as far as describe_model reads it (no weights: it loads none)."""
    (directory / "model").mkdir(parents=True)
    BartConfig(vocab_size=50).save_pretrained(directory / "model")
    (directory / "config.yaml").write_text(yaml.safe_dump(
        {"model": {"family": family, "source_prefix": prefix, "max_source_length": length}}), encoding="utf-8")
    (directory / "environment.json").write_text(json.dumps({"git": {"commit": commit}}), encoding="utf-8")
    return directory


def test_describe_model_reads_the_runs_settings_from_the_run_or_its_model_directory(tmp_path):
    run_dir = fake_run(tmp_path / "run")
    for given in (run_dir, run_dir / "model"):
        served = describe_model(given)
        assert (served.family, served.source_prefix, served.max_source_length) == ("bart", "요약: ", 200)
        assert served.run_dir == str(run_dir.resolve()) and served.commit == "abc123"


def test_a_model_directory_outside_a_run_uses_what_save_pretrained_wrote(tmp_path):
    BartConfig(vocab_size=50, prefix="요약: ").save_pretrained(tmp_path / "model")
    (tmp_path / "model" / "tokenizer_config.json").write_text(json.dumps({"model_max_length": 300}))
    served = describe_model(tmp_path / "model")
    assert (served.family, served.source_prefix, served.max_source_length, served.run_dir) == ("bart", "요약: ", 300, None)


def test_latest_run_is_the_newest_saved_model_and_its_absence_says_make_run(tmp_path):
    with pytest.raises(ConfigError, match="Train one first with `make run`"):
        latest_run(tmp_path)
    older, newer = fake_run(tmp_path / "2026-01-01" / "10-00-00-run"), fake_run(tmp_path / "2026-01-02" / "09-00-00-run")
    os.utime(older / "model" / "config.json", (2e9, 2e9))  # saved last, whatever its name says
    assert latest_run(tmp_path) == older
    assert latest_run(tmp_path) != newer


def test_a_wrong_model_path_fails_with_its_name(tmp_path):
    with pytest.raises(SummarizerError, match="no such directory"):
        describe_model(tmp_path / "nowhere" / "model")
