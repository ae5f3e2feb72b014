"""Every public Korean summarization layout loads from its fixture to the same (id, document, summary) splits.

Fixtures (tests/data/fixtures/) are tiny files in each layout, with Korean news text written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import DatasetDict

from summarizer.data.sources.aihub_news import aihub_news
from summarizer.data.sources.aihub_report import aihub_report
from summarizer.data.sources.common import COLUMNS, SPLITS
from summarizer.data.sources.hub import hub_dataset
from summarizer.data.sources.local import kobart_tsv
from summarizer.data.sources.sci_news import sci_news
from summarizer.errors import DataError
from tests.conftest import compose_config

FIXTURES = Path(__file__).parent / "fixtures"

SEOUL_SENTENCES = [
    "서울시는 22일 내년부터 청년 월세 지원 대상을 2만 명으로 늘린다고 밝혔다.",
    "지원 금액은 월 최대 20만 원이며 최장 12개월 동안 지급된다.",
    "시는 이를 위해 예산 480억 원을 편성했다.",
    "신청은 내년 1월부터 서울주거포털에서 받는다.",
]
SEOUL_TEXT = " ".join(SEOUL_SENTENCES)  # free-text layouts (a passage, a TSV cell, a Hub column)
SEOUL_DOCUMENT = "\n".join(SEOUL_SENTENCES)  # sentence-list layouts keep one sentence a line
SEOUL_SUMMARY = "서울시가 내년 청년 월세 지원 대상을 2만 명으로 늘리고 월 최대 20만 원을 지급한다."


def assert_schema(splits: DatasetDict) -> None:
    assert list(splits) == list(SPLITS)
    for dataset in splits.values():
        assert dataset.column_names == list(COLUMNS)
        assert all(dataset.features[column].dtype == "string" for column in COLUMNS)


def rows(splits: DatasetDict) -> dict[str, dict]:
    """Every example of every split by id."""
    return {row["id"]: row for split in splits.values() for row in split}


def test_aihub_report_reads_passage_and_chosen_summary_from_the_chosen_subfolders():
    splits = aihub_report(str(FIXTURES / "aihub_report"), summary_types=["2~3sent"], test_ratio=0.3, seed=1)
    assert_schema(splits)
    assert {split: len(d) for split, d in splits.items()} == {"train": 2, "validation": 2, "test": 1}
    examples = rows(splits)
    # The 20per file is not in a 2~3sent folder; the BOM file without passage_id is named by its file.
    assert set(examples) == {
        "REPORT-news_r-00001",
        "REPORT-news_r-00002",
        "REPORT-news_r-00003",
        "REPORT-news_r-00005",
        "REPORT-news_r-00006",
    }
    assert examples["REPORT-news_r-00001"]["document"] == SEOUL_TEXT
    assert examples["REPORT-news_r-00001"]["summary"] == SEOUL_SUMMARY
    assert examples["REPORT-news_r-00006"]["summary"] == "교육부가 내년부터 초등 1학년 방과 후 수업을 무료로 운영한다."


def test_aihub_report_other_summary_field_and_all_subfolders():
    splits = aihub_report(str(FIXTURES / "aihub_report"), summary_field="summary2", test_ratio=0.25, seed=1)
    examples = rows(splits)
    assert len(examples) == 6  # both summary-type folders
    assert examples["REPORT-news_r-00001"]["summary"] == "서울시가 청년 월세 지원 대상을 2만 명으로 확대한다."
    assert examples["REPORT-news_r-00002"]["summary"] == ""  # summary2 is null: counted as empty later, not invented


def test_dacon_jsonl_abstractive_and_extractive():
    splits = aihub_news(str(FIXTURES / "dacon" / "train.jsonl"), validation_ratio=0.2, test_ratio=0.2, seed=3)
    assert_schema(splits)
    assert sum(len(d) for d in splits.values()) == 6
    assert rows(splits)["330000"] == {"id": "330000", "document": SEOUL_DOCUMENT, "summary": SEOUL_SUMMARY}
    extractive = rows(aihub_news(str(FIXTURES / "dacon" / "train.jsonl"), summary="extractive", seed=3))
    assert extractive["330001"]["summary"] == (
        "기상청은 이번 주말 중부지방에 최대 15cm의 많은 눈이 내릴 것으로 예보했다.\n"
        "기상청은 빙판길 교통사고에 각별히 주의해 달라고 당부했다."
    )


def test_aihub_news_json_flattens_paragraphs_and_keeps_given_splits():
    folder = FIXTURES / "aihub_news"
    splits = aihub_news(
        str(folder / "train_original.json"),
        str(folder / "valid_original.json"),
        summary="extractive",
        test_ratio=0.25,
        seed=0,
    )
    assert_schema(splits)
    assert {split: len(d) for split, d in splits.items()} == {"train": 3, "validation": 2, "test": 1}
    examples = rows(splits)
    assert examples["290000"]["document"] == SEOUL_DOCUMENT  # two paragraphs' sentences, one a line
    # extractive [0, 1, 2]: sentences from both paragraphs, in document order
    assert examples["290003"]["summary"] == (
        "국내 연구진이 상온에서 작동하는 새로운 수소 저장 소재를 개발했다.\n이 소재는 기존 소재보다 수소를 두 배 이상 "
        "저장할 수 있다.\n연구팀은 5년 안에 상용화를 목표로 하고 있다."
    )
    abstractive = rows(
        aihub_news(str(folder / "train_original.json"), str(folder / "valid_original.json"), test_ratio=0.25)
    )
    assert abstractive["290000"]["summary"] == SEOUL_SUMMARY


def test_kobart_tsv_keeps_a_leading_quotation_mark_as_text():
    folder = FIXTURES / "kobart"
    splits = kobart_tsv(str(folder / "train.tsv"), test=str(folder / "test.tsv"), validation_ratio=0.25, seed=0)
    assert_schema(splits)
    assert {split: len(d) for split, d in splits.items()} == {"train": 3, "validation": 1, "test": 2}
    documents = [row["document"] for split in splits.values() for row in split]
    assert sum(document.startswith('"금리를 더 지켜봐야 한다" 한국은행은') for document in documents) == 1
    assert splits["test"][0] == {
        "id": "test-000000",
        "document": "부산시는 해운대 해수욕장 개장 기간을 다음 달 말까지 연장한다고 발표했다. 늦더위가 이어지면서 피서객이 "
        "꾸준히 몰리고 있기 때문이다. 시는 안전요원 50명을 추가로 배치한다.",
        "summary": "부산시가 늦더위로 해운대 해수욕장 개장 기간을 다음 달 말까지 늘린다.",
    }


def test_sci_news_reference_is_the_indexed_sentences_in_document_order():
    splits = sci_news(str(FIXTURES / "sci_news"), seed=0)
    assert_schema(splits)
    assert sum(len(d) for d in splits.values()) == 5
    examples = rows(splits)
    # summaries [2, 0] in the file: joined in document order
    assert examples["02"]["summary"] == (
        "기상청은 이번 주말 중부지방에 최대 15cm의 많은 눈이 내릴 것으로 예보했다.\n"
        "기상청은 빙판길 교통사고에 각별히 주의해 달라고 당부했다."
    )
    with_title = rows(sci_news(str(FIXTURES / "sci_news"), include_title=True, seed=0))
    assert with_title["01"]["document"] == "청년 월세 지원 확대\n" + SEOUL_DOCUMENT


def test_hub_layout_from_a_local_copy_with_the_naver_preset_columns():
    cfg = compose_config(["data=naver_news", f"data.source.name={FIXTURES / 'naver_news'}"])
    source = cfg.data.source
    splits = hub_dataset(
        source.name,
        train_split=source.train_split,
        validation_split=source.validation_split,
        test_split=source.test_split,
        document_column=source.document_column,
        summary_column=source.summary_column,
        id_column=source.id_column,
    )
    assert_schema(splits)
    assert {split: len(d) for split, d in splits.items()} == {"train": 4, "validation": 1, "test": 1}
    assert splits["train"][0] == {"id": "naver_news-train-000000", "document": SEOUL_TEXT, "summary": SEOUL_SUMMARY}


def test_hub_split_set_to_null_is_cut_from_train_and_a_missing_split_is_named():
    splits = hub_dataset(str(FIXTURES / "naver_news"), validation_split=None, validation_ratio=0.25, seed=0)
    assert {split: len(d) for split, d in splits.items()} == {"train": 3, "validation": 1, "test": 1}
    with pytest.raises(DataError, match=r"no split 'dev'; splits found: \['test', 'train', 'validation'\]"):
        hub_dataset(str(FIXTURES / "naver_news"), validation_split="dev")
