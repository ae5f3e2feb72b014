"""Each distinct text tokenized once per tokenizer and remembered across `score` calls, in bounded caches: the same
references and documents return at every evaluation during training and in a length-penalty sweep. One Kiwi pass
gives Kiwi's morphemes and the sentences ROUGE-Lsum needs; other tokenizers read a whole text once, with character
offsets, and their tokens are assigned to Kiwi's sentences by offset."""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable, Sequence
from functools import partial

from summarizer.metrics.rouge import Tokenized
from summarizer.metrics.tokenizers import KiwiMorphemes, Sentence, Tokenizer

DEFAULT_CACHE_TEXTS = 50_000


def _split_by_sentence(tokens: list[str], offsets: list[int], starts: list[int]) -> list[list[str]]:
    """Tokens grouped by the sentence (given by its start offset) each token starts in."""
    cuts = [0, *(bisect.bisect_left(offsets, start) for start in starts[1:]), len(tokens)]  # offsets and starts ascend
    return [tokens[begin:end] for begin, end in zip(cuts, cuts[1:])]


class TokenStore:
    """Tokenized texts per tokenizer; `segmented` asks for Kiwi sentence boundaries (ROUGE-Lsum)."""

    def __init__(self, kiwi: KiwiMorphemes, sentence_boundaries: str = "kiwi") -> None:
        self.kiwi = kiwi
        self.sentence_boundaries = sentence_boundaries  # see KiwiMorphemes.analyze
        # ("sentences",): Kiwi's Sentence lists; ("spans", tokenizer): (tokens, offsets);
        # ("tokens", tokenizer, segmented): Tokenized; each keyed by the text.
        self._caches: dict[tuple, dict] = {}
        self.seconds: dict[str, float] = {}

    def _cached(self, key: tuple, texts: Sequence[str], make: Callable, timing: str | None = None) -> dict:
        """The values of the distinct `texts`, `make` building the missing ones in one batch; each cache keeps
        the newest DEFAULT_CACHE_TEXTS texts."""
        cache = self._caches.setdefault(key, {})
        found = {text: cache.get(text) for text in texts}
        missing = [text for text, value in found.items() if value is None]
        if missing:
            started = time.perf_counter()
            for text, value in zip(missing, make(missing)):
                found[text] = cache[text] = value
            while len(cache) > DEFAULT_CACHE_TEXTS:
                del cache[next(iter(cache))]  # the oldest (insertion order)
            if timing:
                self.seconds[timing] = self.seconds.get(timing, 0.0) + time.perf_counter() - started
        return found

    def kiwi_sentences(self, texts: Sequence[str]) -> dict[str, list[Sentence]]:
        """Kiwi sentences (with morphemes) of `texts`, analysing the unseen ones in one Kiwi pass."""
        analyze = partial(self.kiwi.analyze, sentence_boundaries=self.sentence_boundaries)
        return self._cached(("sentences",), texts, analyze, "tokenize_kiwi")

    def sentences(self, texts: Sequence[str]) -> list[list[str]]:
        """The sentences of each text: Kiwi's, where a newline always ends one (or a text's own lines, see
        KiwiMorphemes.analyze)."""
        found = self.kiwi_sentences(texts)
        return [[sentence.text for sentence in found[t]] for t in texts]

    def tokenize(self, tokenizer: Tokenizer, texts: Sequence[str], segmented: bool) -> list[Tokenized]:
        """`texts` after `tokenizer`, grouped into Kiwi sentences when `segmented` (the tokens are the same either
        way, only grouped); Kiwi's always are, since its morphemes come from the same pass."""
        name = tokenizer.name
        segmented = segmented or name == "kiwi"

        def build(missing: list[str]) -> list[Tokenized]:
            sentences = self.kiwi_sentences(missing) if segmented else {}
            if name == "kiwi":
                return [Tokenized.from_sentences(s.tokens for s in sentences[text]) for text in missing]
            spans = self._cached(
                ("spans", name), missing, lambda new: map(tokenizer.tokenize_spans, new), f"tokenize_{name}"
            )
            return [  # unsegmented (no sentences): one group
                Tokenized.from_sentences(_split_by_sentence(*spans[text], [s.start for s in sentences.get(text, [])]))
                for text in missing
            ]

        built = self._cached(("tokens", name, segmented), texts, build)
        return [built[t] for t in texts]
