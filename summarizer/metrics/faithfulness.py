"""Faithfulness checks for what readers notice first: numbers and names in a summary that its document lacks (ROUGE
barely moves when "52.80포인트" becomes "25.80포인트"). Both need the documents. Numbers compare by value
(summarizer.metrics.korean_numbers: 1만5천 = 15,000, 한 명 = 1); names are proper nouns (Kiwi NNP), Latin-script words
(SL, two letters or more) and Hanja (SH), compared without spaces and case; Kiwi splits particles off (서울시는 ->
서울시), so a name matches whatever particle the document attaches. A check can only miss (a swapped name that also
occurs elsewhere in the document) or over-flag a paraphrase (Kiwi tagging a new compound as NNP); the validation in
tests/metrics/test_faithfulness.py measures both on the bundled corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from summarizer.metrics.corpus_score import CorpusScore
from summarizer.metrics.korean_numbers import number_mentions, value_key
from summarizer.metrics.tokenized import DEFAULT_CACHE_TEXTS

KINDS = ("numbers", "names")


def _compact(text: str) -> str:
    return "".join(text.split()).lower()


@lru_cache(maxsize=DEFAULT_CACHE_TEXTS)
def document_values(document: str) -> frozenset[str]:
    """The value keys of a document's numbers, read once: the same documents return at every evaluation during
    training and at every setting of a length-penalty sweep."""
    return frozenset(value_key(mention.value) for mention in number_mentions(document))


def unsupported_numbers(prediction: str, document: str) -> list[str]:
    """The prediction's numbers (as written, each value once) that no number of the document equals."""
    first: dict[str, str] = {}  # value key -> the mention as first written
    for mention in number_mentions(prediction):
        first.setdefault(value_key(mention.value), mention.text)
    known = document_values(document)
    return [text for key, text in first.items() if key not in known]


def unsupported_names(names: Sequence[str], document: str) -> list[str]:
    """`names` (the prediction's, see tokenizers.is_name) that the document does not contain, each once."""
    compact = _compact(document)
    return [name for name in dict.fromkeys(names) if _compact(name) not in compact]


def per_example(
    predictions: Sequence[str], documents: Sequence[str], prediction_names: Sequence[Sequence[str]]
) -> tuple[dict[str, np.ndarray], list[dict[str, list[str]]]]:
    """Counts per example (`unsupported_<kind>`), and what was unsupported (for predictions.jsonl)."""
    details = [
        {"numbers": unsupported_numbers(pred, doc), "names": unsupported_names(names, doc)}
        for pred, doc, names in zip(predictions, documents, prediction_names)
    ]
    columns = {f"unsupported_{kind}": np.array([len(d[kind]) for d in details], dtype=np.float64) for kind in KINDS}
    return columns, details


def corpus_scores(columns: dict[str, np.ndarray]) -> dict[str, CorpusScore]:
    """Per kind: the share of predictions with at least one unsupported item, and the mean count."""
    out = {}
    for kind in KINDS:
        counts = columns[f"unsupported_{kind}"]
        out[f"unsupported_{kind}_share"] = CorpusScore("mean", (counts > 0).astype(np.float64))
        out[f"unsupported_{kind}_mean"] = CorpusScore("mean", counts)
    return out


def describe(items: dict[str, list[str]] | None) -> str:
    """One line for a table cell: "numbers: 19.7, 510억 · names: 김민수" ("" when nothing is unsupported)."""
    return " · ".join(f"{kind}: {', '.join(items[kind])}" for kind in KINDS if items and items.get(kind))
