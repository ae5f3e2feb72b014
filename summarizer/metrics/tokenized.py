"""Tokenize each distinct text once per tokenizer, and remember it across `score` calls.

The scorer is called many times on the same references and documents (every evaluation during
training, a length-penalty sweep), so analyses are kept in a bounded cache keyed by the text.
One Kiwi pass gives both Kiwi's morphemes and the sentence boundaries ROUGE-Lsum needs; every
other tokenizer tokenizes the whole text once (with character offsets, possibly while Kiwi is
still running) and its tokens are then assigned to Kiwi's sentences by offset.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Sequence

from summarizer.metrics.rouge import Tokenized
from summarizer.metrics.tokenizers import KiwiMorphemes, Sentence, Tokenizer

DEFAULT_CACHE_TEXTS = 50_000


class BoundedCache:
    """A dict that forgets its oldest entries beyond `max_items` (insertion order)."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: dict = {}

    def get(self, key):
        return self._items.get(key)

    def partition(self, keys: Sequence) -> tuple[dict, list]:
        """(cached values by key, keys not cached) for the distinct `keys`, in first-seen order."""
        found, missing = {}, []
        for key in dict.fromkeys(keys):
            value = self._items.get(key)
            if value is None:
                missing.append(key)
            else:
                found[key] = value
        return found, missing

    def put(self, key, value) -> None:
        self._items[key] = value
        while len(self._items) > self.max_items:
            del self._items[next(iter(self._items))]

    def __len__(self) -> int:
        return len(self._items)


def _split_by_sentence(tokens: list[str], offsets: list[int], starts: list[int]) -> list[list[str]]:
    """Tokens grouped by the sentence (given by its start offset) each token starts in."""
    if len(starts) <= 1:
        return [tokens]
    groups: list[list[str]] = []
    begin = 0
    for end_offset in starts[1:]:  # offsets ascend: one sweep, cutting where each next sentence starts
        end = bisect.bisect_left(offsets, end_offset, begin)
        groups.append(tokens[begin:end])
        begin = end
    groups.append(tokens[begin:])
    return groups


class TokenStore:
    """Tokenized texts per tokenizer; `segmented` asks for Kiwi sentence boundaries (ROUGE-Lsum).

    Kiwi's caches are written by one thread at a time (`prefetch_kiwi` may run in a background
    thread; the other tokenizers' caches are separate, so they can be filled meanwhile).
    """

    def __init__(self, kiwi: KiwiMorphemes, max_texts: int = DEFAULT_CACHE_TEXTS) -> None:
        self.kiwi = kiwi
        self._max_texts = max_texts
        self._sentences = BoundedCache(max_texts)  # text -> list[Sentence]
        self._spans: dict[str, BoundedCache] = {}  # tokenizer -> text -> (tokens, offsets)
        self._tokens: dict[tuple[str, bool], BoundedCache] = {}
        self._kiwi_lock = threading.Lock()
        self.seconds: dict[str, float] = {}

    def _cache(self, table: dict, key) -> BoundedCache:
        return table.setdefault(key, BoundedCache(self._max_texts))

    def _timed(self, label: str, started: float) -> None:
        self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

    def _run_kiwi(self, texts: Sequence[str]) -> dict[str, list[Sentence]]:
        """Kiwi sentences (with morphemes) of `texts`, analysing only unseen texts, in one pass."""
        with self._kiwi_lock:
            found, missing = self._sentences.partition(texts)
            if missing:
                started = time.perf_counter()
                for text, sentences in zip(missing, self.kiwi.analyze(missing)):
                    found[text] = sentences
                    self._sentences.put(text, sentences)
                self._timed("tokenize_kiwi", started)
            return found

    def prefetch_kiwi(self, texts: Sequence[str]) -> None:
        """Analyse `texts` with Kiwi now (e.g. in a background thread while other metrics run)."""
        self._run_kiwi(texts)

    def sentences(self, texts: Sequence[str]) -> list[list[str]]:
        """Kiwi's sentences of each text (a newline always ends one)."""
        found = self._run_kiwi(texts)
        return [[sentence.text for sentence in found[t]] for t in texts]

    def _token_spans(self, tokenizer: Tokenizer, texts: Sequence[str]) -> dict[str, tuple[list[str], list[int]]]:
        cache = self._cache(self._spans, tokenizer.name)
        found, missing = cache.partition(texts)
        if missing:
            started = time.perf_counter()
            for text in missing:
                found[text] = tokenizer.tokenize_spans(text)
                cache.put(text, found[text])
            self._timed(f"tokenize_{tokenizer.name}", started)
        return found

    def tokenize(self, tokenizer: Tokenizer, texts: Sequence[str], segmented: bool) -> list[Tokenized]:
        """`texts` after `tokenizer`, grouped into Kiwi sentences when `segmented`.

        Kiwi always splits sentences (its morphemes come from the same pass), so its result is
        the same either way; other tokenizers' tokens are the same either way too, only grouped.
        """
        if tokenizer.name == "kiwi":
            found = self._run_kiwi(texts)
            cache = self._cache(self._tokens, ("kiwi", True))
            out = []
            for text in texts:
                tokenized = cache.get(text)
                if tokenized is None:
                    tokenized = Tokenized.from_sentences(s.tokens for s in found[text])
                    cache.put(text, tokenized)
                out.append(tokenized)
            return out
        cache = self._cache(self._tokens, (tokenizer.name, segmented))
        built, missing = cache.partition(texts)
        if missing:
            spans = self._token_spans(tokenizer, missing)
            sentences = self._run_kiwi(missing) if segmented else {}
            for text in missing:
                tokens, offsets = spans[text]
                if segmented:
                    groups = _split_by_sentence(tokens, offsets, [s.start for s in sentences[text]])
                else:
                    groups = [tokens]
                built[text] = Tokenized.from_sentences(groups)
                cache.put(text, built[text])
        return [built[t] for t in texts]
