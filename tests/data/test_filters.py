"""Each quality filter on Korean examples: what it keeps, what it drops, and that every drop is counted."""

from __future__ import annotations

import unicodedata

import pytest
from datasets import Dataset, DatasetDict

from summarizer.data.features import tokenize_splits
from summarizer.data.loading import prepare_data, prepare_features
from summarizer.data.report import EmptySplitError
from summarizer.data.schema import DataReportConfig, FiltersConfig
from summarizer.errors import ConfigError
from summarizer.models.tokenizer_training import train_bpe_tokenizer

NO_LEAD = DataReportConfig(lead_examples=0)
# Everything off except the empty-example step, so each test switches on just the filter it is about.
OFF = dict(
    min_compression_ratio=None, max_ngram_repeats=None, max_token_share=None, drop_duplicates=False, drop_leakage=False
)

SEOUL = (
    "서울시는 22일 내년부터 청년 월세 지원 대상을 2만 명으로 늘린다고 밝혔다. 지원 금액은 월 최대 20만 원이다.",
    "서울시, 청년 월세 지원 2만 명으로 확대",
)
BUSAN = (
    "부산시는 해운대 해수욕장 개장 기간을 다음 달 말까지 연장한다고 발표했다. 늦더위가 이어지고 있기 때문이다.",
    "부산시, 해운대 개장 기간 연장",
)
SNOW = (
    "기상청은 이번 주말 중부지방에 최대 15cm의 많은 눈이 내릴 것으로 예보했다. 빙판길 교통사고에 주의해야 한다.",
    "주말 중부지방 최대 15cm 폭설 예보",
)
RATE = (
    "한국은행은 기준금리를 연 3.0%로 동결했다. 가계부채 증가세를 더 지켜봐야 한다고 판단했다.",
    "한국은행, 기준금리 연 3.0% 동결",
)


def data(train, validation=(SNOW,), test=(RATE,)) -> DatasetDict:
    def table(split, pairs):
        return Dataset.from_dict(
            {
                "id": [f"{split}-{i}" for i in range(len(pairs))],
                "document": [d for d, _ in pairs],
                "summary": [s for _, s in pairs],
            }
        )

    return DatasetDict(
        {"train": table("train", train), "validation": table("validation", validation), "test": table("test", test)}
    )


def run(raw, **filters):
    return prepare_data(raw, filters=FiltersConfig(**{**OFF, **filters}), report=NO_LEAD)


def summaries(splits, split="train"):
    return list(splits[split]["summary"])


def test_empty_documents_and_summaries_are_dropped_in_every_split_and_counted():
    raw = data(
        [SEOUL, ("", "빈 문서의 요약"), ("요약이 없는 문서입니다.", "   "), BUSAN],
        validation=[SNOW, (None, "없는 문서")],
        test=[RATE, ("본문만 있다.", "")],
    )
    splits, report = run(raw)
    assert summaries(splits) == [SEOUL[1], BUSAN[1]]
    assert report.splits["train"].dropped == {"empty_document": 1, "empty_summary": 1}
    assert report.splits["validation"].dropped == {"empty_document": 1, "empty_summary": 0}
    assert report.splits["test"].dropped == {"empty_document": 0, "empty_summary": 1}
    assert [report.splits[s].kept for s in ("train", "validation", "test")] == [2, 1, 1]


def test_cleaning_runs_before_filters_and_is_counted_per_step():
    nfd = unicodedata.normalize("NFD", SEOUL[0])
    raw = data([(f"<p>{nfd}</p> 홍길동 기자 hong@test.co.kr", SEOUL[1]), BUSAN])
    splits, report = run(raw)
    assert splits["train"][0]["document"] == SEOUL[0]
    assert report.splits["train"].cleaning_changes == {
        "nfc": 1,
        "html": 1,
        "control_characters": 0,
        "datelines": 0,
        "bylines": 1,
        "whitespace": 1,
    }


@pytest.mark.parametrize(
    ("bounds", "reason", "kept"),
    [
        ({"min_document_chars": 55}, "short_document", [SEOUL[1], BUSAN[1]]),  # RATE's 52 characters are too few
        ({"max_document_chars": 55}, "long_document", [RATE[1]]),
        ({"min_summary_chars": 18}, "short_summary", [SEOUL[1], RATE[1]]),  # BUSAN's summary has 17
        ({"max_summary_chars": 17}, "long_summary", [BUSAN[1]]),
    ],
)
def test_character_length_bounds(bounds, reason, kept):
    assert [len(d) for d, _ in (SEOUL, BUSAN, RATE)] == [64, 60, 52]
    assert [len(s) for _, s in (SEOUL, BUSAN, RATE)] == [23, 17, 20]
    splits, report = run(data([SEOUL, BUSAN, RATE]), **bounds)
    assert summaries(splits) == kept
    assert report.splits["train"].dropped[reason] == 3 - len(kept)


def test_compression_ratio_bounds_drop_summaries_longer_than_documents_by_default():
    long_summary = ("서울시는 발표했다.", "서울시가 22일 청년 월세 지원 대상을 2만 명으로 늘린다고 밝혔다.")
    splits, report = prepare_data(data([SEOUL, long_summary, BUSAN]), report=NO_LEAD)  # the default filters
    assert summaries(splits) == [SEOUL[1], BUSAN[1]]
    assert report.splits["train"].dropped["low_compression"] == 1
    splits, report = run(data([SEOUL, BUSAN]), max_compression_ratio=3.0)  # 64/23 = 2.8 stays, 60/17 = 3.5 goes
    assert summaries(splits) == [SEOUL[1]]
    assert report.splits["train"].dropped["high_compression"] == 1


def test_summaries_with_a_repeated_ngram_are_dropped():
    looping = (SEOUL[0], "청년 월세 지원 청년 월세 지원 청년 월세 지원 확대")
    twice = (BUSAN[0], "해운대 개장 연장, 해운대 개장 연장")
    splits, report = run(data([looping, twice, SNOW]), ngram_size=3, max_ngram_repeats=2)
    assert summaries(splits) == [twice[1], SNOW[1]]  # "해운대 개장 연장," differs from "연장" at the end
    assert report.splits["train"].dropped["repeated_ngram"] == 1
    splits, _ = run(data([looping, twice, SNOW]), ngram_size=2, max_ngram_repeats=1)
    assert summaries(splits) == [SNOW[1]]  # "해운대 개장" occurs twice


def test_texts_dominated_by_one_word_are_dropped():
    laughing = ("ㅋㅋ " * 12 + "오늘 경기 정말 재밌었다 ㅋㅋ", "경기 재밌었다")
    splits, report = run(data([laughing, SEOUL]), max_token_share=0.3, token_share_min_words=10)
    assert summaries(splits) == [SEOUL[1]]
    assert report.splits["train"].dropped["frequent_token"] == 1
    splits, _ = run(data([laughing, SEOUL]), max_token_share=0.3, token_share_min_words=50)  # too short to judge
    assert len(splits["train"]) == 2


def test_low_quality_patterns_match_in_the_chosen_fields():
    ad = (SEOUL[0] + " ▶ 제보는 카카오톡 okjebo", SEOUL[1])
    photo = (BUSAN[0], "[포토] 해운대 해수욕장")
    raw = data([ad, photo, SNOW])
    splits, report = run(raw, patterns=[r"▶\s*제보", r"^\[포토\]"])
    assert summaries(splits) == [SNOW[1]]
    assert report.splits["train"].dropped["pattern"] == 2
    splits, _ = run(raw, patterns=[r"▶\s*제보", r"^\[포토\]"], pattern_fields=["summary"])
    assert summaries(splits) == [SEOUL[1], SNOW[1]]


def test_exact_duplicates_keep_the_first_by_document_or_by_pair():
    other_summary = (SEOUL[0], "서울시 청년 월세 지원 확대")
    raw = data([SEOUL, BUSAN, other_summary, SEOUL])
    splits, report = run(raw, drop_duplicates=True)
    assert summaries(splits) == [SEOUL[1], BUSAN[1]] and list(splits["train"]["id"]) == ["train-0", "train-1"]
    assert report.splits["train"].dropped["duplicate"] == 2
    splits, report = run(raw, drop_duplicates=True, duplicate_key="pair")
    assert summaries(splits) == [SEOUL[1], BUSAN[1], other_summary[1]]
    assert report.splits["train"].dropped["duplicate"] == 1


def test_training_documents_found_in_validation_or_test_are_dropped_as_leakage():
    raw = data([SEOUL, SNOW, BUSAN, (" " + RATE[0] + " ", "다른 요약")], validation=[SNOW], test=[RATE])
    splits, report = run(raw, drop_leakage=True)
    assert summaries(splits) == [SEOUL[1], BUSAN[1]]  # RATE matches after whitespace cleaning
    assert report.splits["train"].dropped["leakage"] == 2
    assert len(splits["validation"]) == len(splits["test"]) == 1  # evaluation data is never dropped for leakage


def test_evaluation_splits_are_only_cleaned_unless_asked():
    long_summary = ("서울시는 발표했다.", "서울시가 22일 청년 월세 지원 대상을 2만 명으로 늘린다고 밝혔다.")
    raw = data([SEOUL, BUSAN], validation=[SNOW, long_summary, SNOW], test=[RATE])
    splits, report = prepare_data(raw, report=NO_LEAD)
    assert len(splits["validation"]) == 3
    assert report.splits["validation"].dropped == {"empty_document": 0, "empty_summary": 0}
    splits, report = prepare_data(raw, filters=FiltersConfig(apply_to=["train", "validation"]), report=NO_LEAD)
    assert summaries(splits, "validation") == [SNOW[1]]
    assert report.splits["validation"].dropped["low_compression"] == 1
    assert report.splits["validation"].dropped["duplicate"] == 1


def test_a_split_left_empty_stops_with_the_report_naming_the_filter():
    raw = data([SEOUL, BUSAN])
    with pytest.raises(
        EmptySplitError, match=r"No examples left in \['train'\] \(train: long_document dropped 2 of 2\)"
    ) as caught:
        run(raw, max_document_chars=10)
    message = str(caught.value)
    assert "- long_document" in message and "kept" in message  # the report's table is in the message


def test_token_length_bounds_run_on_the_tokenized_features():
    splits, report = run(data([SEOUL, BUSAN, RATE]))
    tokenizer = train_bpe_tokenizer([d for d, _ in (SEOUL, BUSAN, RATE, SNOW)] * 5, 400, True, 128)
    features, _ = tokenize_splits(splits, tokenizer, "", 128, 32)
    lengths = list(features["train"]["source_length"])
    bound = sorted(lengths)[1]  # keeps the two shortest documents
    settings = {"source_prefix": "", "max_source_length": 128, "max_target_length": 32}
    bounds = FiltersConfig(max_document_tokens=bound)
    filtered, stats = prepare_features(splits, tokenizer, report, **settings, filters=bounds)
    assert len(filtered["train"]) == 2 and max(filtered["train"]["source_length"]) <= bound
    assert len(filtered["validation"]) == 1  # not in apply_to
    assert report.splits["train"].dropped["long_document_tokens"] == 1
    assert report.splits["train"].kept == 2
    assert stats["train"].examples == 2
    assert report.splits["train"].tokens["document"]["max"] == bound
    unchanged, _ = prepare_features(splits, tokenizer, report, **settings, filters=FiltersConfig())  # no token bounds
    assert len(unchanged["train"]) == 3 and report.splits["train"].kept == 2
    _, report = run(data([SEOUL, BUSAN, RATE]))
    with pytest.raises(EmptySplitError, match="short_summary_tokens dropped 3 of 3"):
        prepare_features(splits, tokenizer, report, **settings, filters=FiltersConfig(min_summary_tokens=1000))


def test_impossible_settings_fail_before_reading():
    with pytest.raises(ConfigError, match="min_document_chars=500 is above data.filters.max_document_chars=100"):
        run(data([SEOUL]), min_document_chars=500, max_document_chars=100)
    with pytest.raises(ConfigError, match="not a valid regular expression"):
        run(data([SEOUL]), patterns=["[기자"])
    with pytest.raises(ConfigError, match=r"apply_to: \['dev'\] are not splits"):
        run(data([SEOUL]), apply_to=["dev"])


def test_several_processes_give_the_same_result():
    raw = data([SEOUL, BUSAN, SEOUL, ("", "빈 문서")] * 5)
    one, report_one = run(raw, drop_duplicates=True)
    two, report_two = prepare_data(
        raw, filters=FiltersConfig(**{**OFF, "drop_duplicates": True}), report=NO_LEAD, num_proc=2
    )
    assert list(one["train"]["id"]) == list(two["train"]["id"]) == ["train-0", "train-1"]
    assert (
        report_one.splits["train"].dropped
        == report_two.splits["train"].dropped
        == {"empty_document": 5, "empty_summary": 0, "duplicate": 13}
    )
