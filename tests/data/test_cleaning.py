"""Each cleaning step: what it removes, and that the Korean body text survives it exactly."""

from __future__ import annotations

import unicodedata

import pytest

from summarizer.data.cleaning import (
    STEPS,
    clean_text,
    cleaning_steps,
    normalise_whitespace,
    step_functions,
    strip_bylines,
    strip_control_characters,
    strip_datelines,
    strip_html,
)
from summarizer.data.schema import CleaningConfig

BODY = '서울시는 22일 청년 월세 지원 대상을 2만 명으로 늘린다고 밝혔다. 시 관계자는 "주거비 부담을 덜겠다"고 말했다.'


def test_nfc_composes_macos_hangul():
    decomposed = unicodedata.normalize("NFD", BODY)
    assert decomposed != BODY
    assert clean_text(decomposed, step_functions(["nfc"])) == (BODY, 0b1)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>서울시는 예산을 늘렸다.</p><p>시민들은 환영했다.</p>", " 서울시는 예산을 늘렸다.  시민들은 환영했다. "),
        ("관객은 <b>100만</b> 명을 넘었다.<br/>", "관객은 100만 명을 넘었다. "),
        ('<span class="caption" style="color:red">사진=연합뉴스</span>', "사진=연합뉴스"),
        ("<script>var a = '<b>';</script>본문<!-- 광고 -->입니다.", " 본문 입니다."),
        ("&quot;놀랍다&quot;고 말했다 &amp; 웃었다&#33; &#x41;", '"놀랍다"고 말했다 & 웃었다! A'),
        # Not markup: Korean titles in angle brackets, escaped markup, "&" in company names and deals.
        ("영화 <기생충>과 <오징어 게임>이 수상했다.", "영화 <기생충>과 <오징어 게임>이 수상했다."),
        ("&lt;b&gt;는 태그다.", "<b>는 태그다."),
        ("M&A와 R&D, AT&T 투자를 늘렸다.", "M&A와 R&D, AT&T 투자를 늘렸다."),
        ("3 < 5 그리고 7 > 2", "3 < 5 그리고 7 > 2"),
    ],
)
def test_html_removes_tags_and_entities_only(dirty, clean):
    assert strip_html(dirty) == clean


def test_control_and_invisible_characters_go_hangul_and_line_breaks_stay():
    text = "서울\u200b시는\x07 예산을\ufeff 늘렸다.\u00ad\n부산시는\t동결했다."
    assert strip_control_characters(text) == "서울시는 예산을 늘렸다.\n부산시는\t동결했다."


def test_whitespace_collapses_every_kind_of_space():
    text = "  서울시는\u00a0\u3000예산을\t\t늘렸다.\r\n\r\n\n부산시는   동결했다.  "
    assert normalise_whitespace(text) == "서울시는 예산을 늘렸다. 부산시는 동결했다."
    assert normalise_whitespace(text, keep_newlines=True) == "서울시는 예산을 늘렸다.\n부산시는 동결했다."


@pytest.mark.parametrize(
    "trailer",
    [
        " 홍길동 기자 hong@yna.co.kr",
        " /김철수·이영희 기자",
        " 김철수 특파원",
        " [연합뉴스 김철수 기자]",
        " (이영희 기자)",
        " 무단 전재 및 재배포 금지",
        " kim@hankyung.com",
        " <저작권자 ⓒ 연합뉴스, 무단 전재-재배포 금지>",
        "\nⓒ 한국일보, 무단전재 및 재배포 금지",
        " Copyright ⓒ 테스트일보. All rights reserved.",
        " 김철수 기자 kim@test.co.kr ⓒ 테스트일보 무단전재 및 재배포금지",
        # A two-syllable name counts with an e-mail, a slash or brackets; compound surnames count.
        " 김진 기자 kim@yna.co.kr",
        " /김진 기자",
        " (김진 기자 kim@yna.co.kr)",
        " 남궁민수 기자",
        " 제갈량 특파원",
        # An e-mail on a line of its own; a photo credit goes with its label.
        "\nhelp@seoul.go.kr",
        " 사진 ⓒ 게티이미지",
        " [사진 ⓒ 게티이미지]",
        "\n그래픽=ⓒ 테스트일보",
    ],
)
def test_bylines_emails_and_copyright_at_the_end_go_the_body_stays(trailer):
    assert strip_bylines(BODY + trailer) == BODY


@pytest.mark.parametrize(
    "text",
    [
        "그는 20년 경력의 베테랑 기자",  # "기자" inside the sentence, no sentence end before it
        "문화부 기자 출신인 그는 소설을 펴냈다.",
        "시청자 의견은 help@seoul.go.kr 로 받는다고 밝혔다.",  # not at the end
        "정부는 무단 전재 행위를 단속하겠다고 밝혔다.",  # about copying, not a copyright notice
        "그는 저작권자 보호를 위해 노력하겠다고 밝혔다.",
        "환율은 1.5% 올랐다. 김철수",  # a name without a title
        BODY,
        # Ordinary words before a title are no names, even after the end of a sentence.
        "수사 결과를 발표했다. 담당 기자",
        "수사 결과를 발표했다. 취재 기자",
        "수사 결과를 발표했다. 여성 기자",
        "수사 결과를 발표했다. 정치부 기자",
        "수사 결과를 발표했다. 방송사 기자",
        "수사 결과를 발표했다. 주간지 기자",
        "수사 결과를 발표했다. 한국의 기자",
        # An address that ends a sentence is part of it.
        "서울시는 상담을 받는다. 문의 help@seoul.go.kr",
        "자세한 내용은 help@seoul.go.kr",
        # Hangul jamo and Hanja are text.
        "웃음이 터졌다 ㅋㅋ. 韓美 정상은 北核 문제를 논의했다 ㅠㅠ",
    ],
)
def test_bylines_leave_sentences_that_only_mention_reporters(text):
    assert strip_bylines(text) == text
    assert clean_text(text, step_functions(STEPS)) == (text, 0)


def test_a_credit_label_inside_a_sentence_stays_when_the_copyright_goes():
    assert strip_bylines("경기는 끝났다. 그가 찍은 사진 ⓒ 게티이미지") == "경기는 끝났다. 그가 찍은 사진"


def test_jamo_and_hanja_survive_every_step():
    text = "ㅋㅋㅋ 진짜 웃기다ㅎㅎ. 韓美 정상은 北核 문제를 논의했다. ㅠㅠ"
    assert clean_text(text, step_functions(STEPS)) == (text, 0)
    # NFD jamo of syllables compose; compatibility jamo (ㅋ, ㅠ) and Hanja stay as they are.
    assert clean_text(unicodedata.normalize("NFD", text), step_functions(STEPS))[0] == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(서울=연합뉴스) 홍길동 기자 = " + BODY, BODY),
        ("【세종=뉴시스】김철수 기자 = " + BODY, BODY),
        ("[부산=뉴스1] " + BODY, BODY),
        ("홍길동 기자 = " + BODY, BODY),
        ("[서울경제] " + BODY, BODY),
        ("【한국일보】" + BODY, BODY),
        ("[뉴스1] 홍길동 기자 = " + BODY, BODY),
        # Section tags are no outlets; a name and title without "=" after a dateline are the sentence's subject.
        ("[단독] 삼성전자가 신제품을 공개했다.", "[단독] 삼성전자가 신제품을 공개했다."),
        ("[사설] 정부는 답해야 한다.", "[사설] 정부는 답해야 한다."),
        ("[경제] 물가가 올랐다.", "[경제] 물가가 올랐다."),
        ("(서울=연합뉴스) 김철수 기자가 취재했다.", "김철수 기자가 취재했다."),
        ("(주)삼성전자는 실적을 발표했다.", "(주)삼성전자는 실적을 발표했다."),
        ("(사진) 서울시청 전경.", "(사진) 서울시청 전경."),
        ("김철수 기자가 취재했다.", "김철수 기자가 취재했다."),
    ],
)
def test_datelines_only_at_the_start_and_only_in_their_forms(text, expected):
    assert strip_datelines(text) == expected


def test_all_steps_together_report_which_changed_the_text():
    steps = step_functions(STEPS)
    dirty = (
        "(서울=연합뉴스) 홍길동 기자 = <p>서울시는 22일 청년 월세 지원 대상을 2만 명으로 늘린다고 밝혔다.</p>\u200b 시 관계자는 "
        "&quot;주거비 부담을 덜겠다&quot;고 말했다.  홍길동 기자 hong@yna.co.kr"
    )
    text, changed = clean_text(dirty, steps)
    assert text == BODY
    assert {STEPS[bit] for bit in range(len(STEPS)) if changed & (1 << bit)} == {
        "html",
        "control_characters",
        "datelines",
        "bylines",
        "whitespace",
    }
    assert clean_text(None, steps) == ("", 0)


def test_steps_follow_the_config_and_can_be_switched_off():
    assert cleaning_steps(CleaningConfig()) == STEPS
    assert cleaning_steps(CleaningConfig(html=False, bylines=False)) == (
        "nfc",
        "control_characters",
        "datelines",
        "whitespace",
    )
    kept = clean_text(
        "<b>서울</b> 홍길동 기자", step_functions(cleaning_steps(CleaningConfig(html=False, bylines=False)))
    )
    assert kept == ("<b>서울</b> 홍길동 기자", 0)
