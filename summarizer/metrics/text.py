"""Text normalisation shared by every metric. macOS writes Hangul in NFD (decomposed jamo), so the same sentence can
arrive as two different code-point sequences; every metric therefore sees NFC text only."""

from __future__ import annotations

import re
import unicodedata

# Hangul that Python's \w does not count as letters: the tone marks (U+302E-302F, spacing marks, as in 말〯씀)
# and the parenthesised and circled Hangul (U+3200-321E, U+3260-327E: ㈜, ㉠; symbols by category).
HANGUL_BEYOND_WORD = "\u302e\u302f\u3200-\u321e\u3260-\u327e"
# A run of letters and digits (Python's \w without "_") and that Hangul: the words rouge_score keeps, for
# every script (it keeps only [a-z0-9]); a token without one is pure punctuation or symbols.
WORD_RUN = re.compile(rf"(?:[^\W_]|[{HANGUL_BEYOND_WORD}])+")


def nfc(text: str) -> str:
    """`text` in NFC, so NFD (macOS) and NFC Hangul compare equal; already-NFC text (usual) is only checked."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def is_blank(text: str) -> bool:
    """True when `text` has no visible character (an empty prediction)."""
    return not text or text.isspace()


def has_word_char(token: str) -> bool:
    """True when `token` holds at least one letter or digit (Hangul, jamo and Hanja included)."""
    return WORD_RUN.search(token) is not None


def non_space_length(text: str) -> int:
    """Number of non-whitespace characters: the 'characters' length used by diagnostics."""
    return sum(1 for ch in text if not ch.isspace())
