"""Text cleaning steps for Korean news summarization data, each optional (`data.cleaning.*`).

Every pattern here is written so that it cannot eat Hangul body text: HTML tags must be known tag names
after `<` (so `<기생충>`, a film title in Korean style, stays), bylines are only removed when they follow the
end of a sentence at the very end of an article, datelines only at the very start and only in their
`(지역=매체)` / `홍길동 기자 =` forms. `clean_text` says which steps changed a text, for the data report.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence

from summarizer.data.schema import CleaningConfig

# In the order they run: NFC first (the Hangul patterns below match composed syllables), whitespace last.
STEPS = ("nfc", "html", "control_characters", "datelines", "bylines", "whitespace")

# --- HTML ------------------------------------------------------------------------------------------------
_HTML_TAGS = (
    "a|abbr|article|aside|b|big|blockquote|body|br|button|caption|center|cite|code|dd|del|div|dl|dt|em|embed|"
    "figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|label|li|link|main|"
    "mark|meta|nav|object|ol|option|p|param|pre|q|s|section|select|small|source|span|strike|strong|sub|sup|"
    "table|tbody|td|tfoot|th|thead|title|tr|u|ul|video|wbr"
)
_BLOCK_TAGS = "article|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|section|table|td|th|tr|ul"
_ATTRIBUTES = r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?"""
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b{_ATTRIBUTES}>", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"</?(?:{_HTML_TAGS})\b{_ATTRIBUTES}>", re.IGNORECASE)
# Named or numeric entities with their semicolon only: "M&A", "R&D" and "AT&T" are text.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# --- control and invisible characters (whitespace controls are left to the whitespace step) -----------------
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

# --- bylines, e-mails and copyright trailers at the end; datelines at the start ------------------------------
_NAME = r"[가-힣]{2,4}"
_NAMES = rf"{_NAME}(?:\s*[·ㆍ,/]\s*{_NAME})*"
_TITLE = r"(?:선임기자|수석기자|전문기자|객원기자|인턴기자|기자|특파원|논설위원|칼럼니스트|통신원)"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# A trailer starts the text, or follows the end of a sentence (or a closing quote or bracket) and a space;
# "co.kr" or "3.5" are no sentence ends.
_SEGMENT = r"(?:^|(?<=[.!?。…\"'”’)\]>])(?=\s))"
_TRAILERS = (
    re.compile(rf"(?:^|(?<=[\s(\[<]))[(\[<]?{_EMAIL}[)\]>]?\s*$"),
    re.compile(rf"{_SEGMENT}\s*[/=]?\s*{_NAMES}\s*{_TITLE}\s*=?\s*$"),
    re.compile(rf"{_SEGMENT}\s*[(\[]\s*(?:[가-힣A-Za-z]{{1,12}}\s+)?{_NAMES}\s*{_TITLE}\s*[)\]]\s*$"),
    # The copyright signs are never body text; the words only count at the start of a segment.
    re.compile(r"(?:^|(?<=\s))[<\[(]?\s*(?:ⓒ|©|저작권자\s*(?:ⓒ|©|\([cC]\)))[^\n]{0,100}$"),
    re.compile(rf"{_SEGMENT}\s*[<\[(]?\s*(?:[Cc]opyright|\([cC]\))[^\n]{{0,100}}$"),
    re.compile(rf"{_SEGMENT}\s*[<\[(]?[^.\n]{{0,20}}무단\s*(?:전재|복제)[\s및·/,\-]*(?:재배포)?\s*(?:금지|금함)\W{{0,3}}$"),
)
_TRAILER_WINDOW = 200  # characters at the end of a text in which trailers are looked for
_DATELINE = re.compile(
    rf"^\s*(?:[(\[【]\s*[^()\[\]【】=\n]{{1,20}}=\s*[^()\[\]【】\n]{{1,20}}[)\]】]\s*(?:{_NAMES}\s*{_TITLE}\s*=?\s*)?"
    rf"|{_NAMES}\s*{_TITLE}\s*=\s*)"
)

# --- whitespace --------------------------------------------------------------------------------------------
_ANY_SPACE = re.compile(r"\s+")
_LINE_SPACE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def strip_html(text: str) -> str:
    """Scripts, comments and tags out (block tags leave a space), entities decoded (after the tags, so
    escaped markup such as `&lt;b&gt;` stays visible as text)."""
    if "<" in text:
        text = _COMMENT.sub(" ", _SCRIPT.sub(" ", text))
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", text))
    if "&" in text:
        text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    return text


def strip_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)


def strip_bylines(text: str) -> str:
    """Trailing e-mail addresses, `홍길동 기자`, `[연합뉴스 홍길동 기자]`, copyright lines, in any order."""
    for _ in range(6):  # a trailer is at most a few parts: "홍길동 기자 hong@yna.co.kr ⓒ 연합뉴스"
        before = text
        for pattern in _TRAILERS:
            # Only the tail is searched (a trailer is short); lookbehinds still see the text before it.
            match = pattern.search(text, max(0, len(text) - _TRAILER_WINDOW))
            if match:
                text = text[: match.start()].rstrip()
        if text == before:
            break
    return text


def strip_datelines(text: str) -> str:
    """`(서울=연합뉴스) 홍길동 기자 = `, `【세종=뉴시스】`, `홍길동 기자 = ` at the start."""
    return _DATELINE.sub("", text, count=1)


def normalise_whitespace(text: str, keep_newlines: bool = False) -> str:
    if keep_newlines:
        text = _LINE_BREAKS.sub("\n", _LINE_SPACE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")))
        return text.strip()
    return _ANY_SPACE.sub(" ", text).strip()


def cleaning_steps(config: CleaningConfig) -> tuple[str, ...]:
    """The enabled steps, in the order they run."""
    return tuple(step for step in STEPS if getattr(config, step))


def step_functions(steps: Sequence[str], keep_newlines: bool = False) -> list[tuple[str, Callable[[str], str]]]:
    functions = {
        "nfc": nfc,
        "html": strip_html,
        "control_characters": strip_control_characters,
        "datelines": strip_datelines,
        "bylines": strip_bylines,
        "whitespace": lambda text: normalise_whitespace(text, keep_newlines),
    }
    unknown = [step for step in steps if step not in functions]
    if unknown:
        raise ValueError(f"unknown cleaning steps {unknown}; known: {list(STEPS)}")
    return [(step, functions[step]) for step in steps]


def clean_text(text: str | None, steps: Sequence[tuple[str, Callable[[str], str]]]) -> tuple[str, int]:
    """The cleaned text (None becomes "") and a bit mask of the steps that changed it (bit i = steps[i])."""
    text = text or ""
    changed = 0
    for bit, (_, function) in enumerate(steps):
        cleaned = function(text)
        if cleaned != text:
            changed |= 1 << bit
            text = cleaned
    return text, changed
