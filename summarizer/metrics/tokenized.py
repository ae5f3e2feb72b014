"""Tokenize each distinct text once per tokenizer, and remember it across `score` calls.

The scorer is called many times on the same references and documents (every evaluation during
training, a length-penalty sweep), so analyses are kept in a bounded cache keyed by the text.
When ROUGE-Lsum needs sentences, one Kiwi pass gives both the sentence boundaries and the Kiwi
morphemes; the other tokenizers then tokenize each of those sentences.
"""

from __future__ import annotations

import time
from typing import Sequence

from summarizer.metrics.rouge import Tokenized
from summarizer.metrics.tokenizers import KiwiMorphemes, Tokenizer

DEFAULT_CACHE_TEXTS = 50_000


class BoundedCache:
    """A dict that forgets its oldest entries beyond `max_items` (insertion order)."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: dict = {}

    def get(self, key):
        return self._items.get(key)

    def put(self, key, value) -> None:
        self._items[key] = value
        while len(self._items) > self.max_items:
            del self._items[next(iter(self._items))]

    def __len__(self) -> int:
        return len(self._items)


class TokenStore:
    """Tokenized texts per tokenizer; `segmented` asks for Kiwi sentence boundaries (ROUGE-Lsum)."""

    def __init__(self, kiwi: KiwiMorphemes, max_texts: int = DEFAULT_CACHE_TEXTS) -> None:
        self.kiwi = kiwi
        self._sentences = BoundedCache(max_texts)
        self._tokens: dict[tuple[str, bool], BoundedCache] = {}
        self._max_texts = max_texts
        self.seconds: dict[str, float] = {}

    def _cache(self, name: str, segmented: bool) -> BoundedCache:
        return self._tokens.setdefault((name, segmented), BoundedCache(self._max_texts))

    def _timed(self, label: str, started: float) -> None:
        self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

    def _run_kiwi(self, texts: Sequence[str]) -> dict[str, tuple[list[str], Tokenized]]:
        """Kiwi sentences and Kiwi tokens of `texts`, analysing (in one pass) only unseen texts."""
        kiwi_cache = self._cache("kiwi", True)
        found: dict[str, tuple[list[str], Tokenized]] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            sentences, tokens = self._sentences.get(text), kiwi_cache.get(text)
            if sentences is None or tokens is None:
                missing.append(text)
            else:
                found[text] = (sentences, tokens)
        if missing:
            started = time.perf_counter()
            for text, analysis in zip(missing, self.kiwi.analyze(missing)):
                result = (
                    [sentence for sentence, _ in analysis],
                    Tokenized.from_sentences(tokens for _, tokens in analysis),
                )
                found[text] = result
                self._sentences.put(text, result[0])
                kiwi_cache.put(text, result[1])
            self._timed("tokenize_kiwi", started)
        return found

    def prefetch_kiwi(self, texts: Sequence[str]) -> None:
        """Analyse `texts` with Kiwi now (e.g. in a background thread while other metrics run)."""
        self._run_kiwi(texts)

    def sentences(self, texts: Sequence[str]) -> list[list[str]]:
        """Kiwi's sentences of each text (a newline always ends one)."""
        found = self._run_kiwi(texts)
        return [found[t][0] for t in texts]

    def tokenize(self, tokenizer: Tokenizer, texts: Sequence[str], segmented: bool) -> list[Tokenized]:
        """`texts` after `tokenizer`, split into Kiwi sentences when `segmented`.

        Kiwi always splits sentences (its morphemes come from the same pass), so its result is
        the same either way; other tokenizers see either the whole text or each sentence.
        """
        if tokenizer.name == "kiwi":
            found = self._run_kiwi(texts)
            return [found[t][1] for t in texts]
        cache = self._cache(tokenizer.name, segmented)
        found: dict[str, Tokenized] = {}
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            cached = cache.get(text)
            if cached is None:
                missing.append(text)
            else:
                found[text] = cached
        if missing:
            sentence_lists = self.sentences(missing) if segmented else [[t] for t in missing]
            started = time.perf_counter()
            for text, sentences in zip(missing, sentence_lists):
                found[text] = Tokenized.from_sentences(tokenizer.tokenize_many(sentences))
                cache.put(text, found[text])
            self._timed(f"tokenize_{tokenizer.name}", started)
        return [found[t] for t in texts]
