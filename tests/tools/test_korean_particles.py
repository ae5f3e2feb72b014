"""Particle choice must follow pronunciation, including numbers, symbols and acronyms."""

import pytest

from tools.korean_particles import (
    attach_particle,
    choose_particle,
    has_final_consonant,
    read_number_ending,
    spoken_final_syllable,
)


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        ("서울", "으로", "서울로"),  # ㄹ takes 로
        ("부산", "으로", "부산으로"),  # ㄴ takes 으로
        ("서울시", "로", "서울시로"),  # vowel takes 로
        ("부산", "는", "부산은"),
        ("서울시", "은", "서울시는"),
        ("정부", "이", "정부가"),
        ("한국은행", "가", "한국은행이"),
        ("공장", "를", "공장을"),
        ("사과", "을", "사과를"),
        ("서울", "와", "서울과"),
        ("부산시", "과", "부산시와"),
        ("서울", "은", "서울은"),  # ㄹ is still a consonant outside the 으로 family
        ("서울", "이", "서울이"),
        ("것", "라고", "것이라고"),
        ("전망", "이라고", "전망이라고"),
        ("예정", "이었다", "예정이었다"),
        ("3%", "였다", "3%였다"),
    ],
)
def test_attach_particle_follows_final_consonant(word, particle, expected):
    assert attach_particle(word, particle) == expected


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        ("3", "는", "은"),  # 삼
        ("2", "은", "는"),  # 이
        ("1", "으로", "로"),  # 일: ㄹ
        ("0", "로", "으로"),  # 영
        ("10", "는", "은"),  # 십
        ("100", "가", "이"),  # 백
        ("1000", "은", "은"),  # 천
        ("20000", "를", "을"),  # 만
        ("300000000", "으로", "으로"),  # 억
        ("1,200", "는", "은"),  # 천이백: 백
        ("3.2", "은", "는"),  # 삼 점 이
        ("2,654.32", "으로", "로"),
        ("3.0", "는", "은"),  # 삼 점 영
        ("35%", "은", "는"),  # 퍼센트
        ("0.25%포인트", "을", "를"),
        ("3-1", "으로", "로"),  # score 3 대 1
        ("2-0", "로", "으로"),  # 2 대 영
        ("84㎡", "이", "가"),  # 제곱미터
        ("영하 12℃", "은", "는"),  # 도
        ("LG", "은", "는"),  # 엘지
        ("5G", "을", "를"),  # 파이브지/오지
        ("HBM", "을", "을"),  # 엠
        ("LNG", "과", "와"),  # 지
        ("Samsung", "는", "은"),  # 삼성
        ("Google", "으로", "로"),  # 구글: ㄹ
        ("양해각서(MOU)", "을", "를"),  # parenthetical is skipped
        ("'빛의 정원'", "를", "을"),  # closing quote is skipped
        ("\"한강의 밤\"", "이", "이"),
    ],
)
def test_choose_particle_reads_numbers_symbols_and_latin(word, particle, expected):
    assert choose_particle(word, particle) == expected


@pytest.mark.parametrize(
    ("number", "syllable"),
    [("7", "칠"), ("16", "육"), ("10", "십"), ("500", "백"), ("15000", "천"), ("50000", "만"), ("10000000", "만"),
     ("120000000000", "억"), ("3000000000000", "조"), ("1.19", "구"), ("2026", "육")],
)
def test_read_number_ending_uses_sino_korean_reading(number, syllable):
    assert read_number_ending(number) == syllable


def test_spoken_final_syllable_of_mixed_text():
    assert spoken_final_syllable("1천200억 원") == "원"
    assert spoken_final_syllable("COVID-19") == "구"
    assert has_final_consonant("10") is True
    assert has_final_consonant("3%") is False


def test_unknown_particle_and_unreadable_word_raise():
    with pytest.raises(ValueError):
        choose_particle("서울", "에서")
    with pytest.raises(ValueError):
        choose_particle("漢", "은")
    with pytest.raises(ValueError):
        choose_particle("", "은")
