"""A Hangul-capable font for matplotlib (its default DejaVu Sans draws Korean as boxes), found without the network:
the NanumGothic TTF of the `koreanize-matplotlib` wheel, registered by path (importing that package needs
`distutils`, gone in Python 3.12), else a system font with Hangul (Noto Sans CJK, Nanum, ...).
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

SYSTEM_FAMILIES = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "AppleGothic", "UnDotum")


class KoreanFontMissing(RuntimeError):
    """No font with Hangul glyphs could be found: plots would show boxes instead of Korean."""


@lru_cache(maxsize=1)
def korean_web_font() -> bytes | None:
    """The bundled NanumGothic for web pages (the serving and rating pages), or None without the wheel. Browsers
    refuse the TTF as shipped (Chromium's sanitiser, OTS, rejects its zero-length TSI3 table); the TSI* tables are
    VTT hinting sources a browser never uses, so fontTools (a matplotlib dependency) drops them."""
    path = bundled_font_path()
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    for tag in [tag for tag in font.keys() if tag.startswith("TSI")]:
        del font[tag]
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def bundled_font_path() -> Path | None:
    """NanumGothic.ttf inside the koreanize-matplotlib wheel, located without importing the package."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    locations = (spec.submodule_search_locations if spec else None) or []
    return next((path for path in (Path(p) / "fonts" / "NanumGothic.ttf" for p in locations) if path.is_file()), None)


def has_hangul(font_path: str) -> bool:
    """Whether the font's character map has Hangul syllables."""
    from matplotlib.ft2font import FT2Font

    charmap = FT2Font(font_path).get_charmap()
    return all(ord(char) in charmap for char in "가한")


@lru_cache(maxsize=1)
def korean_font() -> tuple[str, str]:
    """(family name, file path) of a Hangul-capable font, registered with matplotlib's font manager."""
    from matplotlib import font_manager

    path = bundled_font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name(), str(path)
    for entry in font_manager.fontManager.ttflist:
        if entry.name in SYSTEM_FAMILIES and has_hangul(entry.fname):
            return entry.name, entry.fname
    raise KoreanFontMissing(
        "No font with Hangul glyphs: install the project's requirements (`pip install koreanize-matplotlib`, "
        "which bundles NanumGothic) or a system font such as fonts-nanum / fonts-noto-cjk."
    )


def korean_rc() -> dict[str, object]:
    """rcParams that make matplotlib draw Korean: the font first, DejaVu Sans for what it lacks, and an
    ASCII minus sign (NanumGothic has no U+2212, matplotlib's default minus)."""
    family, _ = korean_font()
    return {"font.family": [family, "DejaVu Sans"], "axes.unicode_minus": False}


@contextmanager
def korean_font_context() -> Iterator[str]:
    """The Korean font inside the block only (code that runs within another program, e.g. a training run)."""
    import matplotlib

    with matplotlib.rc_context(korean_rc()):
        yield korean_font()[0]
