"""The article text of a news page, by trafilatura (maintained, and strong on Korean news layouts)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class Article:
    title: str | None
    text: str


def extract_article(html: bytes, url: str) -> Article | None:
    """Title and main text, or None when the page has no article text (a front page, an empty shell)."""
    document = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                           with_metadata=True)  # fmt: skip
    if document is None or not (document.text or "").strip():
        return None
    return Article(title=document.title, text=document.text.strip())
