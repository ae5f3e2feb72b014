"""Text cleaning steps for Korean news summarization data, each optional (`data.cleaning.*`).

Every pattern is written so that it cannot eat Hangul body text (see the comments at each); `clean_text` says
which steps changed a text, for the data report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from summarizer.data.schema import CleaningConfig
from summarizer.metrics.text import nfc

# In the order they run: NFC first (the Hangul patterns below match composed syllables), whitespace last.
STEPS = ("nfc", "html", "control_characters", "datelines", "bylines", "whitespace")

# --- HTML: known tag names only, so "<기생충>" (a film title in Korean style) stays ------------------------
_HTML_TAGS = (
    "a|abbr|article|aside|b|big|blockquote|body|br|button|caption|center|cite|code|dd|del|div|dl|dt|em|embed|"
    "figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|label|li|link|main|"
    "mark|meta|nav|object|ol|option|p|param|pre|q|s|section|select|small|source|span|strike|strong|sub|sup|"
    "table|tbody|td|tfoot|th|thead|title|tr|u|ul|video|wbr"
)
_BLOCK_TAGS = (
    "article|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|section|table|td|th|tr|ul"
)
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
# A reporter's name: a common Korean surname and a one- or two-syllable given name (or a two-syllable surname
# such as 남궁 and one or two syllables), so ordinary words before a title ("담당 기자", "취재 기자") are no names.
_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변"
    "염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉"
)
_COMPOUND_SURNAMES = "남궁|제갈|선우|황보|독고|사공|서문|동방"
_NAME = rf"(?:(?:{_COMPOUND_SURNAMES})[가-힣]{{1,2}}|[{_SURNAMES}][가-힣]{{1,2}})"
# Without brackets, a slash or an e-mail, a byline needs a name of three or more syllables that is no desk,
# outlet or possessive: two syllables ("여성 기자", "방송 기자"), "정치부 기자", "방송사 기자", "한국의 기자" are text.
_BARE_NAME = (
    rf"(?!(?:주간|전문|지역|경제|여성|월간)지|한국인|(?:편집|보도)국)"
    rf"(?:(?:{_COMPOUND_SURNAMES})[가-힣]{{1,2}}|[{_SURNAMES}][가-힣][가-힣](?<![부사팀실단청처과의들]))"
)
_NAMES = rf"{_NAME}(?:\s*[·ㆍ,/]\s*{_NAME})*"
_BARE_NAMES = rf"{_BARE_NAME}(?:\s*[·ㆍ,/]\s*{_BARE_NAME})*"
_TITLE = r"(?:선임기자|수석기자|전문기자|객원기자|인턴기자|기자|특파원|논설위원|칼럼니스트|통신원)"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_BRACKETED_EMAIL = rf"[(\[<]?{_EMAIL}[)\]>]?"
_BYLINE = rf"{_NAMES}\s*{_TITLE}"
# "[연합뉴스 홍길동 기자]", "(홍길동 기자 hong@yna.co.kr)": an outlet before the name, an e-mail after the title.
_BRACKETED_BYLINE = rf"[(\[]\s*(?:[가-힣A-Za-z]{{1,12}}\s+)?{_BYLINE}(?:\s*{_EMAIL})?\s*[)\]]"
# A trailer starts the text or a line, or follows the end of a sentence (or a closing quote or bracket) and a
# space; "co.kr" or "3.5" are no sentence ends, and "문의 help@seoul.go.kr" is a sentence that ends in an address.
_SEGMENT = r"(?:^|(?<=\n)|(?<=[.!?。…\"'”’)\]>])(?=\s))"
# Labels of a photo or graphic credit: "사진 ⓒ 게티이미지" goes as a whole.
_CREDIT_LABEL = r"(?:사진|영상|그래픽|일러스트|자료|출처|제공|사진\s*제공|자료\s*제공)"
# Each trailer with the strings one of which it cannot match without: a tail that holds none of them is not
# searched (most articles end in a plain sentence, and a regex search tries every position of the tail).
_TITLE_WORDS = ("기자", "특파원", "논설위원", "칼럼니스트", "통신원")
# The copyright signs are never body text (a credit label before them goes with them); the words only count at the
# start of a segment.
_COPYRIGHT_SIGN = (
    rf"(?:{_SEGMENT}\s*[<\[(]?\s*{_CREDIT_LABEL}\s*[=:/]?\s*|(?:^|(?<=\s))[<\[(]?\s*)"
    r"(?:ⓒ|©|저작권자\s*(?:ⓒ|©|\([cC]\)))[^\n]{0,100}$"
)
_NO_REPRINTS = (
    rf"{_SEGMENT}\s*[<\[(]?[^.\n]{{0,20}}무단\s*(?:전재|복제)[\s및·/,\-]*(?:재배포)?\s*(?:금지|금함)\W{{0,3}}$"
)
_TRAILERS = (
    (("@",), re.compile(rf"{_SEGMENT}\s*{_BRACKETED_EMAIL}\s*$")),
    # A byline with an e-mail, or marked by a slash or "=": any name.
    (("@",), re.compile(rf"{_SEGMENT}\s*[/=]?\s*{_BYLINE}\s*{_BRACKETED_EMAIL}\s*$")),
    (_TITLE_WORDS, re.compile(rf"{_SEGMENT}\s*[/=]\s*{_BYLINE}\s*=?\s*$")),
    (_TITLE_WORDS, re.compile(rf"{_SEGMENT}\s*{_BARE_NAMES}\s*{_TITLE}\s*=?\s*$")),
    (_TITLE_WORDS, re.compile(rf"{_SEGMENT}\s*{_BRACKETED_BYLINE}\s*$")),
    (("ⓒ", "©", "(c)", "(C)"), re.compile(_COPYRIGHT_SIGN)),
    (("opyright", "(c)", "(C)"), re.compile(rf"{_SEGMENT}\s*[<\[(]?\s*(?:[Cc]opyright|\([cC]\))[^\n]{{0,100}}$")),
    (("무단",), re.compile(_NO_REPRINTS)),
)
_TRAILER_WINDOW = 200  # characters at the end of a text in which trailers are looked for
# "[서울경제]", "【한국일보】": an outlet's name in square brackets at the start. Only names that end like an
# outlet's (일보, 신문, 뉴스, ...) or are one count: section tags such as "[단독]", "[사설]" or "[경제]" stay.
_OUTLET = (
    r"(?:[가-힣A-Za-z0-9]{1,10}(?:일보|신문|뉴스|투데이|데일리|타임스|헤럴드|저널|TV)"
    r"|(?:서울|한국|매일|아시아|헤럴드|아주|이코노믹|글로벌)경제|뉴스1|뉴시스|뉴스핌|데일리안)"
)
_DATELINE = re.compile(
    rf"^\s*(?:(?:[(\[【]\s*[^()\[\]【】=\n]{{1,20}}=\s*[^()\[\]【】\n]{{1,20}}[)\]】]|[\[【]\s*{_OUTLET}\s*[\]】])\s*"
    rf"(?:{_BYLINE}\s*=\s*)?"
    rf"|{_BYLINE}\s*=\s*)"
)

# --- whitespace --------------------------------------------------------------------------------------------
_ANY_SPACE = re.compile(r"\s+")
_LINE_SPACE = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


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
        for markers, pattern in _TRAILERS:
            # Only the tail is searched (a trailer is short); lookbehinds still see the text before it.
            start = max(0, len(text) - _TRAILER_WINDOW)
            match = any(marker in text[start:] for marker in markers) and pattern.search(text, start)
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
        return _LINE_BREAKS.sub("\n", _LINE_SPACE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))).strip()
    return _ANY_SPACE.sub(" ", text).strip()


def cleaning_steps(config: CleaningConfig) -> tuple[str, ...]:
    """The enabled steps, in the order they run (so every step `step_functions` gets is known)."""
    return tuple(step for step in STEPS if getattr(config, step))


def step_functions(steps: Sequence[str], keep_newlines: bool = False) -> list[Callable[[str], str]]:
    functions = {
        "nfc": nfc,
        "html": strip_html,
        "control_characters": strip_control_characters,
        "datelines": strip_datelines,
        "bylines": strip_bylines,
        "whitespace": lambda text: normalise_whitespace(text, keep_newlines),
    }
    return [functions[step] for step in steps]


def clean_text(text: str | None, steps: Sequence[Callable[[str], str]]) -> tuple[str, int]:
    """The cleaned text (None becomes "") and a bit mask of the steps that changed it (bit i = steps[i])."""
    text = text or ""
    changed = 0
    for bit, function in enumerate(steps):
        cleaned = function(text)
        if cleaned != text:
            changed |= 1 << bit
            text = cleaned
    return text, changed
