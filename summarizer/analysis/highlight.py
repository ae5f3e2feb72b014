"""N-gram overlap as HTML: which words of a prediction the reference shares, which it copied from the document.

Words are whitespace-separated eojeol (particles attached: a reader checks whole words for copying), matched without
edge punctuation ("밝혔다." = "밝혔다") and invisible format characters, which scraped news puts inside words
("서울\u200b시는" reads "서울시는"); the text shown keeps them. A missing text (None, NaN) is empty.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
# Zero-width space, non-joiner, joiner; word joiner; BOM (zero-width no-break space); soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

STYLE = """<style>
.overlap-table { border-collapse: collapse; table-layout: fixed; width: 100%; }
.overlap-table th, .overlap-table td { border: 1px solid #ccc; padding: 6px; vertical-align: top; text-align: left;
  font-family: 'NanumGothic', 'Noto Sans CJK KR', 'Malgun Gothic', sans-serif; line-height: 1.5; }
mark.shared { background: #b7e4c7; }   /* in the reference too */
mark.copied { background: #ffe8a3; }   /* copied from the document */
mark.shared.copied { background: #9bd0f5; }
</style>"""


def text_or_empty(value: Any) -> str:
    """`value` as text; "" for a missing one (None, NaN, pandas NA), which str() would show as "nan"."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return str(value)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, matching key) of every word; the key is NFC, lower-cased, invisible format characters
    and edge punctuation removed. A run of invisible characters alone is no word."""
    out = []
    for match in _WORD.finditer(text_or_empty(text)):
        visible = _INVISIBLE.sub("", match.group())
        if not visible:
            continue
        key = _EDGE_PUNCTUATION.sub("", unicodedata.normalize("NFC", visible).lower())
        out.append((match.start(), match.end(), key or visible))
    return out


def overlap_mask(text: str, other: str, n: int = 1) -> list[bool]:
    """Per word of `text`: is it inside an n-gram that `other` contains?"""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    keys, other_keys = ([key for _, _, key in words(value)] for value in (text, other))
    shared = {tuple(other_keys[i : i + n]) for i in range(len(other_keys) - n + 1)}
    mask = [False] * len(keys)
    for i in range(len(keys) - n + 1):
        if tuple(keys[i : i + n]) in shared:
            mask[i : i + n] = [True] * n
    return mask


def overlap_ratio(text: str, other: str, n: int = 1) -> float:
    """Share of `text`'s words marked by `overlap_mask` (0 for an empty text)."""
    mask = overlap_mask(text, other, n)
    return sum(mask) / len(mask) if mask else 0.0


def highlight(text: str, marks: dict[str, Iterable[bool]]) -> str:
    """`text` as escaped HTML, each word wrapped in <mark class="..."> with the classes whose mask is set."""
    spans = words(text)
    masks = {css: list(mask) for css, mask in marks.items()}
    pieces, cursor = [], 0
    for index, (start, end, _) in enumerate(spans):
        pieces.append(html.escape(text[cursor:start]))
        classes = [css for css, mask in masks.items() if index < len(mask) and mask[index]]
        word = html.escape(text[start:end])
        pieces.append(f'<mark class="{" ".join(classes)}">{word}</mark>' if classes else word)
        cursor = end
    pieces.append(html.escape(text_or_empty(text)[cursor:]))
    return "".join(pieces)


def side_by_side(document: str, reference: str, prediction: str, n: int = 1) -> dict[str, str]:
    """HTML for one example: prediction words shared with the reference (`shared`) and copied from the
    document (`copied`); the same words marked on the reference and document side."""
    return {
        "document": highlight(document, {"copied": overlap_mask(document, prediction, n)}),
        "reference": highlight(reference, {"shared": overlap_mask(reference, prediction, n)}),
        "prediction": highlight(
            prediction,
            {"shared": overlap_mask(prediction, reference, n), "copied": overlap_mask(prediction, document, n)},
        ),
    }


def examples_table_html(rows: Iterable[dict], n: int = 1, extra: Sequence[str] = ()) -> str:
    """An HTML table, one example per row: prediction | reference | document, overlap highlighted.
    `rows` need id, document, reference, prediction; `extra` names more fields to show under the id."""
    body = []
    for row in rows:
        cells = side_by_side(text_or_empty(row["document"]), first_text(row["reference"]), text_or_empty(row["prediction"]), n)
        details = "<br>".join(f"{html.escape(name)}: {_format(row.get(name))}" for name in extra)
        body.append(
            f"<tr><td><b>{html.escape(str(row['id']))}</b><br>{details}</td>"
            f"<td>{cells['prediction'] or '<i>(empty)</i>'}</td><td>{cells['reference']}</td><td>{cells['document']}</td></tr>"
        )
    head = (
        '<colgroup><col style="width:12%"><col style="width:22%"><col style="width:22%"><col style="width:44%"></colgroup>'
        "<tr><th>example</th><th>prediction 예측</th><th>reference 정답</th><th>document 문서</th></tr>"
    )
    legend = (
        '<p><mark class="shared">in the reference</mark> <mark class="copied">copied from the document</mark> '
        f'<mark class="shared copied">both</mark> ({n}-gram word overlap)</p>'
    )
    return f'{STYLE}{legend}<table class="overlap-table">{head}{"".join(body)}</table>'


def first_text(reference: Any) -> str:
    """The first of several references, else the text itself; "" for a missing one (as `text_or_empty`)."""
    if isinstance(reference, (list, tuple)):
        return text_or_empty(reference[0]) if reference else ""
    return text_or_empty(reference)


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return html.escape(str(value))
