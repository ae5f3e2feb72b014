"""NanumGothic for the page, from the copy the analysis figures already use (koreanize-matplotlib's wheel), so
Hangul renders for visitors without a Korean system font, offline.

Browsers refuse that TTF as is: Chromium's font sanitizer (OTS) rejects its empty VTT hinting-source tables
("TSI3: zero-length table"). fontTools (a matplotlib dependency) drops those editor-only tables; the glyphs and
their hinting stay.
"""

from __future__ import annotations

import io
from functools import lru_cache

from fontTools.ttLib import TTFont

from summarizer.analysis.fonts import bundled_font_path

_EDITOR_TABLES = ("TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "TSIV", "TSID", "TSIP", "TSIS", "TSIB", "TSIC")


@lru_cache(maxsize=1)
def korean_web_font() -> bytes | None:
    """The TTF's bytes without the tables browsers refuse, or None when the wheel is not installed."""
    path = bundled_font_path()
    if path is None:
        return None
    font = TTFont(str(path))
    for tag in _EDITOR_TABLES:
        if tag in font:
            del font[tag]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
