"""Numbers as Korean news writes them, read to their values so that two spellings of one number compare equal.

    1만5천 = 15,000 = 1.5만        7천420억 = 742,000,000,000        843억4천만 달러 = 84,340,000,000
    2,493.23 / 3.5% / 0.25%포인트 / 21일 / 2026년 3월 (2026 and 3)     한 명 / 두 개 / 열 곳 (native numerals + counter)

Written by hand: no maintained package reads mixed digit + Hangul-unit numerals (kiwipiepy tags them, as SN +
NR, but does not compute values). The unit after a number (%, 원, 명, 일, 포인트) is not part of its value: a
"52.80포인트" that became "25.80포인트" is caught by its value; a sign is dropped too, since Korean writes it
as often in words (하락, 감소) as with a minus.
"""

from __future__ import annotations

import re
from typing import NamedTuple

SMALL_UNITS = {"십": 10, "백": 100, "천": 1_000}
BIG_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12}
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# One run of digits and unit characters without spaces ("843억4천만"), not part of a Latin name (5G, S24).
_EXPRESSION = re.compile(rf"(?<![A-Za-z\d.,])(?:{_DIGITS})(?:[십백천만억조]|{_DIGITS})*(?![A-Za-z])")
_PART = re.compile(rf"{_DIGITS}|[십백천만억조]")
# Native numerals count things only as a word before a counter word ("한 명", "두 곳이"): alone, 한/세/열 are other
# words, and glued or followed by more than a particle they are ("세대", "한 대학", "세 번째").
NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
COUNTERS = ("명", "개", "곳", "번", "차례", "가지", "대", "마리", "권", "살", "척", "채", "건", "배", "개국", "시간")
_PARTICLES = ("이", "가", "을", "를", "은", "는", "과", "와", "의", "에", "에서", "에게", "도", "만", "씩", "까지", "부터",
              "으로", "로", "보다", "이나", "뿐", "이다", "였다", "이었다")
_NATIVE_COUNT = re.compile(
    rf"(?<![가-힣])({'|'.join(NATIVE)}) (?:{'|'.join(sorted(COUNTERS, key=len, reverse=True))})"
    rf"(?=$|[^가-힣]|(?:{'|'.join(sorted(_PARTICLES, key=len, reverse=True))})(?:$|[^가-힣]))"
)


class NumberMention(NamedTuple):
    text: str  # as written ("1만5천")
    value: float  # its value (15000.0), sign dropped


def expression_value(text: str) -> float:
    """The value of one digits-and-units run: sections below 만 are summed with 십/백/천, then scaled by 만/억/조."""
    total, section, pending = 0.0, 0.0, None
    for part in _PART.findall(text):
        if part in SMALL_UNITS:
            section += (1.0 if pending is None else pending) * SMALL_UNITS[part]
            pending = None
        elif part in BIG_UNITS:
            section += pending or 0.0
            total += (section or 1.0) * BIG_UNITS[part]
            section, pending = 0.0, None
        else:
            pending = float(part.replace(",", ""))
    return total + section + (pending or 0.0)


def number_mentions(text: str) -> list[NumberMention]:
    """Every number in `text`, in order. Two runs split by one space join when the first ends in 만/억/조 and the
    second in a unit ("3조 2천억", "2만 3천 명"); "10만 20대" stays two numbers."""
    spans: list[list[int]] = []  # [start, end) of each number
    for run in _EXPRESSION.finditer(text):
        start, end = run.span()
        after_big_unit = spans and start == spans[-1][1] + 1 and text[start - 1] == " " and text[start - 2] in BIG_UNITS
        if after_big_unit and text[end - 1] in "십백천만억조":
            spans[-1][1] = end
        else:
            spans.append([start, end])
    mentions = [NumberMention(text[s:e], abs(expression_value(text[s:e].replace(" ", "")))) for s, e in spans]
    for match in _NATIVE_COUNT.finditer(text):
        mentions.append(NumberMention(match.group(0), float(NATIVE[match.group(1)])))
    return mentions


def value_key(value: float) -> str:
    """Values equal to 9 significant digits compare equal (843.4억 and 843억4천만 differ in the last float bit)."""
    return f"{value:.9g}"
