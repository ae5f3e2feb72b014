"""N-gram overlap highlighting: what gets marked, and that text is escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from summarizer.analysis.highlight import examples_table_html, overlap_mask, overlap_ratio, side_by_side
from summarizer.analysis.predictions import diagnostics_summary, pick_examples, with_copy_share


def marked(html_text: str, css: str) -> list[str]:
    return re.findall(rf'<mark class="[^"]*\b{css}\b[^"]*">([^<]*)</mark>', html_text)


def test_unigrams_match_whole_words_ignoring_edge_punctuation():
    assert overlap_mask("서울시는 예산을 밝혔다.", "정부도 밝혔다 예산을", 1) == [False, True, True]


def test_bigrams_mark_only_words_inside_a_shared_pair():
    assert overlap_mask("청년 주거 지원 사업", "서울시 청년 주거 확대", 2) == [True, True, False, False]
    assert overlap_ratio("청년 주거 지원 사업", "서울시 청년 주거 확대", 2) == 0.5
    assert overlap_ratio("", "아무것도", 1) == 0.0
    with pytest.raises(ValueError):
        overlap_mask("a", "a", 0)


def test_side_by_side_marks_shared_and_copied_words_on_each_side():
    cells = side_by_side(document="서울시는 21일 청년 주거 지원을 밝혔다.", reference="서울시, 청년 지원 확대",
                         prediction="서울시는 청년 지원 확대")
    assert marked(cells["prediction"], "shared") == ["청년", "지원", "확대"]
    assert marked(cells["prediction"], "copied") == ["서울시는", "청년"]
    assert marked(cells["document"], "copied") == ["서울시는", "청년"]
    assert marked(cells["reference"], "shared") == ["청년", "지원", "확대"]


def test_text_is_escaped_so_a_document_cannot_inject_html():
    cells = side_by_side("<script>alert(1)</script> 본문", "본문", "<b>본문</b>")
    assert "<script>" not in cells["document"] and "&lt;script&gt;" in cells["document"]
    table = examples_table_html([{"id": "<x>", "document": "문서", "reference": ["정답", "둘째"], "prediction": "", "m": 1.234}],
                                extra=["m"])
    assert "&lt;x&gt;" in table and "(empty)" in table and "m: 1.23" in table and "정답" in table


def test_pick_examples_best_worst_and_a_seeded_sample():
    predictions = pd.DataFrame({"id": [f"e{i}" for i in range(10)], "score": [5, 1, 9, 3, 7, 0, 2, 8, 6, 4]})
    picked = pick_examples(predictions, "score", count=3, seed=1)
    assert picked["best"]["score"].tolist() == [9, 8, 7]
    assert picked["worst"]["score"].tolist() == [0, 1, 2]
    assert picked["random"]["id"].tolist() == pick_examples(predictions, "score", count=3, seed=1)["random"]["id"].tolist()
    assert len(pick_examples(predictions.head(2), "score", count=5)["random"]) == 2


def test_copy_share_and_diagnostics_per_run():
    predictions = pd.DataFrame({
        "run": ["a", "a", "b"],
        "document": ["청년 주거 지원 사업", "노인 일자리 창출", "청년 주거 지원 사업"],
        "prediction": ["청년 주거 지원", "새로운 문장 전혀", "사업 지원 주거"],
        "rep_3gram_rate": [0.0, 0.5, 1.0],
    })
    shares = with_copy_share(predictions)["copied_word_share"].tolist()
    assert shares == [1.0, 0.0, 0.0]  # the last copies words but no bigram
    summary = diagnostics_summary(with_copy_share(predictions))
    assert summary.loc["a", "rep_3gram_rate"] == 0.25 and summary.loc["a", "copied_word_share"] == 0.5


def test_zero_width_characters_inside_a_word_are_ignored_when_matching_and_kept_when_shown():
    zwsp, zwnj, zwj, bom = "\u200b", "\u200c", "\u200d", "\ufeff"
    prediction = f"서울{zwsp}시는 청년{zwj} 주거를 {bom}지원{zwnj}한다"
    assert overlap_mask(prediction, "서울시는 청년 주거를 지원한다", 2) == [True, True, True, True]
    assert overlap_mask("서울시는 예산을", f"{zwsp} 서울{zwsp}시는 {zwsp}", 1) == [True, False]
    assert overlap_mask(f"{zwsp} 서울시는", "서울시는", 1) == [True]  # a lone zero-width space is no word
    cells = side_by_side(document="서울시는 21일 청년 주거 지원을 밝혔다.", reference="서울시, 청년 지원",
                         prediction=f"서울{zwsp}시는 청년 지원")
    assert marked(cells["prediction"], "copied") == [f"서울{zwsp}시는", "청년"]  # shown as written
    assert marked(cells["document"], "copied") == ["서울시는", "청년"]


def test_a_missing_prediction_is_shown_as_empty_not_nan():
    rows = [{"id": "ex-01", "document": "서울시는 청년 주거 지원을 밝혔다.", "reference": "서울시, 청년 주거 지원", "prediction": float("nan")},
            {"id": "ex-02", "document": "부산시는 노인 일자리를 만든다.", "reference": ["부산시, 노인 일자리"], "prediction": None}]
    table = examples_table_html(rows)
    assert table.count("<i>(empty)</i>") == 2 and "nan" not in table.lower().replace("nanum", "")
    frame = pd.DataFrame(rows)  # as pandas hands rows over: the missing prediction is NaN
    assert examples_table_html(frame.to_dict("records")).count("<i>(empty)</i>") == 2
    assert with_copy_share(frame)["copied_word_share"].tolist() == [0.0, 0.0]
    assert side_by_side(float("nan"), float("nan"), "청년")["document"] == ""
