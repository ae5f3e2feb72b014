"""Tokenizers keep every Hangul character, drop only punctuation/symbols, and load nothing at import."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest

from summarizer.metrics.tokenizers import (
    Characters,
    CharactersWithPunctuation,
    Eojeol,
    KiwiMorphemes,
    MecabMorphemes,
    build_tokenizer,
)

# Every Hangul block: jamo, compatibility jamo, extensions, syllables, tone marks, parenthesised/circled Hangul.
HANGUL = re.compile(
    "[\u1100-\u11ff\u302e\u302f\u3131-\u318e\u3200-\u321e\u3260-\u327e\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]"
)

TRICKY = [
    "ㅋㅋㅋ 진짜 웃기다ㅎㅎ",  # compatibility jamo (Kiwi tags ㅋㅋㅋ as a symbol, SW)
    "ᄒᆞᆫ글 옛한글",  # archaic Hangul in conjoining jamo
    "뷁 햏 똠방각하",  # rare syllables
    "漢字와 한자, 그리고 English!",
    "“인용” 『책』 …말줄임… ~물결~",
    "1,000원 3.5% https://example.com 😀 #해시태그",
    "㈜삼성은 ㉠항목을 말〯씀했다",  # parenthesised/circled Hangul (symbols by category) and a tone mark
]


@pytest.fixture(scope="module")
def kiwi():
    return KiwiMorphemes()


def _hangul(text: str) -> list[str]:
    return sorted(HANGUL.findall(unicodedata.normalize("NFC", text)))


@pytest.mark.parametrize("text", TRICKY)
def test_char_whitespace_and_mecab_keep_every_hangul_character(text):
    for tokenizer in (Characters(), Eojeol(), MecabMorphemes()):
        tokens = tokenizer.tokenize(text)
        assert _hangul("".join(tokens)) == _hangul(text), (tokenizer.name, tokens)


@pytest.mark.parametrize("text", TRICKY)
def test_kiwi_keeps_hangul_of_every_word(kiwi, text):
    """Kiwi returns base forms (so characters may change), but no Hangul word may vanish."""
    tokens = kiwi.tokenize(text)
    for word in text.split():
        if HANGUL.search(word):
            assert any(HANGUL.search(tok) for tok in kiwi.tokenize(word)), word
    assert _hangul(text) and any(HANGUL.search(t) for t in tokens)


def test_jamo_symbols_survive_kiwi(kiwi):
    assert "ㅋㅋㅋ" in kiwi.tokenize("ㅋㅋㅋ 좋아요")
    assert "ㅎㅎ" in kiwi.tokenize("좋아요 ㅎㅎ")


def test_punctuation_and_symbols_dropped_latin_lowercased():
    assert Eojeol().tokenize("Hello, World! 안녕-하세요") == ["hello", "world", "안녕", "하세요"]
    assert MecabMorphemes().tokenize("“좋다”!") == ["좋", "다"]
    assert Characters().tokenize("A b. 가") == ["a", "b", "가"]  # one punctuation rule for every tokenizer
    assert CharactersWithPunctuation().tokenize("A b. 가") == ["a", "b", ".", "가"]  # the old rule, by name


def test_kiwi_morphemes_contain_no_spaces(kiwi):
    # Multi-word dictionary entries are off: no token may contain a space.
    tokens = kiwi.tokenize("자연어 처리와 대한민국 국회 그리고 서울특별시 강남구")
    assert tokens and all(" " not in t for t in tokens)


def test_kiwi_sentences_cover_every_character_and_newlines_split(kiwi):
    text = "첫 문장이다. 둘째 문장이다!\n셋째 줄😀 끝"
    sentences = [sentence.text for sentence in kiwi.analyze([text])[0]]
    assert "".join(sentences).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert len(sentences) == 3


def test_unknown_tokenizer_is_a_clear_error():
    with pytest.raises(ValueError, match="kiwi, mecab, char, whitespace"):
        build_tokenizer("spacy")


def test_importing_the_package_loads_no_analyser():
    code = (
        "import sys, summarizer.metrics as m\n"
        "from summarizer.metrics.scorer import SummaryScorer\n"
        "s = SummaryScorer(rouge_tokenizers=('kiwi', 'mecab'))\n"
        "assert 'kiwi' not in s._kiwi.__dict__, 'Kiwi model loaded by the constructor'\n"
        "assert 'kiwipiepy' not in sys.modules and 'mecab_ko' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
