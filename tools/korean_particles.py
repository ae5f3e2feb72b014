"""Choose Korean particles (조사) by how the preceding word is *pronounced*.

Korean particles come in pairs whose form depends on whether the preceding
syllable ends in a consonant (받침): 서울시는 / 부산은, 회사가 / 정부이…  The
written word does not always show the sound: ``3%`` is read 삼 퍼센트 (no
받침, so ``3%는``), ``10`` is 십 (받침 ㅂ, so ``10은``), ``MOU`` ends in 유
(``MOU를``).  The synthetic news generator fills template slots with names,
numbers and acronyms, so it needs this helper to keep its grammar correct.

The 으로/로 pair is special: a word ending in ㄹ takes 로 (서울로, 1일로),
just like a word ending in a vowel.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3
_FINAL_CONSONANT_COUNT = 28
_RIEUL_FINAL_INDEX = 8

# (form after a consonant, form after a vowel); the 으로 family treats ㄹ as a vowel.
PARTICLE_PAIRS: tuple[tuple[str, str], ...] = (
    ("은", "는"),
    ("이", "가"),
    ("을", "를"),
    ("과", "와"),
    ("으로", "로"),
    ("으로서", "로서"),
    ("으로써", "로써"),
    ("이나", "나"),
    ("이라고", "라고"),
    ("이라는", "라는"),
    ("이라며", "라며"),
    ("이며", "며"),
    ("이었다", "였다"),
    ("이었고", "였고"),
    ("이자", "자"),
    ("이다", "다"),
    ("아", "야"),
)
_RIEUL_AS_VOWEL = frozenset({"으로", "으로서", "으로써"})
_PAIR_BY_FORM: dict[str, tuple[str, str]] = {form: pair for pair in PARTICLE_PAIRS for form in pair}

_DIGIT_READINGS = {
    "0": "영", "1": "일", "2": "이", "3": "삼", "4": "사",
    "5": "오", "6": "육", "7": "칠", "8": "팔", "9": "구",
}
# Reading of a whole number by its trailing zeros: 10 십, 100 백, 1000 천, 10^4-10^7 만, ...
_UNIT_BY_TRAILING_ZEROS = ((16, "경"), (12, "조"), (8, "억"), (4, "만"), (3, "천"), (2, "백"), (1, "십"))
_LETTER_READINGS = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지",
    "H": "에이치", "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔",
    "O": "오", "P": "피", "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유",
    "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "제트",
}
# Unit symbols as read aloud; longest first so "㎍/㎥" wins over "㎥".
_SYMBOL_READINGS = (
    ("㎍/㎥", "세제곱미터"), ("%p", "포인트"), ("℃", "도"), ("°C", "도"), ("°", "도"),
    ("%", "퍼센트"), ("㎡", "제곱미터"), ("㎥", "세제곱미터"), ("㎞", "킬로미터"),
    ("km", "킬로미터"), ("㎏", "킬로그램"), ("kg", "킬로그램"), ("㎜", "밀리미터"),
    ("mm", "밀리미터"), ("㎝", "센티미터"), ("cm", "센티미터"), ("$", "달러"),
)
_CLOSING_QUOTES = "'\"’”」』》〉"
_BRACKET_PAIRS = {")": "(", "]": "["}
_TRAILING_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?$")
_TRAILING_LATIN = re.compile(r"[A-Za-z]+$")


def _is_hangul_syllable(char: str) -> bool:
    return _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def _final_consonant_index(syllable: str) -> int:
    """0 for an open syllable, 8 for ㄹ, other values for the other 받침."""
    return (ord(syllable) - _HANGUL_FIRST) % _FINAL_CONSONANT_COUNT


def _strip_closing_marks(word: str) -> str:
    """Drop closing quotes and a trailing (parenthetical): 양해각서(MOU) is read as 양해각서."""
    text = word.rstrip()
    while text:
        last = text[-1]
        if last in _CLOSING_QUOTES:
            text = text[:-1].rstrip()
        elif last in _BRACKET_PAIRS and _BRACKET_PAIRS[last] in text:
            text = text[: text.rindex(_BRACKET_PAIRS[last])].rstrip()
        else:
            return text
    return text


def read_number_ending(number: str) -> str:
    """Last syllable of a number read the Korean (Sino-Korean) way: '3'→삼, '10'→십, '3.2'→이."""
    match = _TRAILING_NUMBER.search(number)
    if match is None:
        raise ValueError(f"no number at the end of {number!r}")
    integer_part, decimal_part = match.group(1).replace(",", ""), match.group(2)
    if decimal_part:
        return _DIGIT_READINGS[decimal_part[-1]]
    value = int(integer_part)
    if value == 0:
        return _DIGIT_READINGS["0"]
    trailing_zeros = len(str(value)) - len(str(value).rstrip("0"))
    if trailing_zeros == 0:
        return _DIGIT_READINGS[str(value)[-1]]
    return next(unit for zeros, unit in _UNIT_BY_TRAILING_ZEROS if trailing_zeros >= zeros)


def _read_latin_ending(letters: str) -> str:
    """Acronyms are spelled letter by letter (LG→지); words use a rough loanword heuristic."""
    if letters.isupper() or len(letters) == 1:
        return _LETTER_READINGS[letters[-1].upper()][-1]
    lower = letters.lower()
    if lower.endswith("ng"):
        return "응"
    if lower.endswith("ck") or lower.endswith("k"):
        return "윽"
    return {"m": "음", "n": "은", "l": "을"}.get(lower[-1], "으")


def spoken_final_syllable(word: str) -> str:
    """The Hangul syllable the word ends with when read aloud, e.g. '35%' → '트', 'LG' → '지'.

    Raises ValueError for endings it cannot read (e.g. Hanja), so templates fail loudly.
    """
    text = _strip_closing_marks(word)
    if not text:
        raise ValueError(f"cannot read the ending of {word!r}")
    if _is_hangul_syllable(text[-1]):
        return text[-1]
    for symbol, reading in _SYMBOL_READINGS:
        if text.endswith(symbol):
            return reading[-1]
    if text[-1].isdigit():
        return read_number_ending(text)
    latin = _TRAILING_LATIN.search(text)
    if latin is not None:
        return _read_latin_ending(latin.group(0))
    raise ValueError(f"cannot read the ending of {word!r}")


def has_final_consonant(word: str) -> bool:
    """True when the spoken word ends in a 받침 (부산, 10, 3.0), False for 서울시, 3%, LG."""
    return _final_consonant_index(spoken_final_syllable(word)) != 0


def ends_with_rieul(word: str) -> bool:
    """True when the spoken word ends in ㄹ (서울, 1일, 7, L), which takes 로 rather than 으로."""
    return _final_consonant_index(spoken_final_syllable(word)) == _RIEUL_FINAL_INDEX


@lru_cache(maxsize=1 << 16)
def choose_particle(word: str, particle: str) -> str:
    """The form of ``particle`` (either spelling, e.g. '은' or '는') that fits after ``word``."""
    if particle not in _PAIR_BY_FORM:
        raise ValueError(f"unknown particle {particle!r}; known: {sorted(_PAIR_BY_FORM)}")
    after_consonant, after_vowel = _PAIR_BY_FORM[particle]
    final = _final_consonant_index(spoken_final_syllable(word))
    if final == 0 or (final == _RIEUL_FINAL_INDEX and after_consonant in _RIEUL_AS_VOWEL):
        return after_vowel
    return after_consonant


def attach_particle(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle``: ('서울', '으로') → '서울로'."""
    return word + choose_particle(word, particle)
