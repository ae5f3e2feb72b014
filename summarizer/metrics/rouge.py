"""ROUGE-N/L/Lsum of one prediction against its references, on tokens we already have.

Every text is tokenized once per tokenizer (by `tokenized.TokenStore`) and reused by every ROUGE
type. Scoring is rouge_score's: ROUGE-N is its `_score_ngrams` on n-gram counts (`ngrams.py`,
cached per text, so references repeated across calls are counted once); ROUGE-L and ROUGE-Lsum
replicate its `_score_lcs` and `_summary_level_lcs` line for line with the LCS from `lcs.py` (see
there why). Results are rouge_score's `Score` tuples; tests/metrics/test_rouge_score_equivalence.py
checks them against `RougeScorer` itself.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rouge_score import rouge_scorer, scoring

from summarizer.metrics.lcs import lcs_length, lcs_ref_indices, match_masks
from summarizer.metrics.ngrams import ngram_counts

Score = scoring.Score
ZERO = Score(precision=0.0, recall=0.0, fmeasure=0.0)
ROUGE_TYPE_PATTERN = re.compile(r"^rouge[1-9]$|^rougeL$|^rougeLsum$")
MULTI_REFERENCE_MODES = ("max", "mean")


@dataclass(frozen=True)
class Tokenized:
    """One text after one tokenizer: tokens per sentence, and all tokens in order."""

    sentences: tuple[tuple[str, ...], ...]
    flat: tuple[str, ...]
    _counts: dict = field(default_factory=dict, compare=False, repr=False)

    def counts(self, n: int) -> collections.Counter:
        """n-gram counts of `flat`, computed once per text and kept (use for references)."""
        if n not in self._counts:
            self._counts[n] = ngram_counts(self.flat, n)
        return self._counts[n]

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sequence[str]]) -> Tokenized:
        kept = tuple(tuple(s) for s in sentences if s)
        return cls(sentences=kept, flat=tuple(tok for s in kept for tok in s))


def validate_rouge_types(rouge_types: Sequence[str]) -> tuple[str, ...]:
    types = tuple(rouge_types)
    if not types:
        raise ValueError("rouge_types is empty; use e.g. ('rouge1', 'rouge2', 'rougeL', 'rougeLsum')")
    for rouge_type in types:
        if not ROUGE_TYPE_PATTERN.match(rouge_type):
            raise ValueError(f"unknown ROUGE type {rouge_type!r}; use rouge1..rouge9, rougeL or rougeLsum")
    return types


def score_lcs(ref: Sequence[str], pred: Sequence[str]) -> Score:
    """rouge_score's `_score_lcs` (sentence-level ROUGE-L)."""
    if not ref or not pred:
        return ZERO
    length = lcs_length(ref, pred)
    precision = length / len(pred)
    recall = length / len(ref)
    return Score(precision=precision, recall=recall, fmeasure=scoring.fmeasure(precision, recall))


def union_lcs_hits(ref_sents: Sequence[Sequence[str]], pred_sents: Sequence[Sequence[str]]) -> int:
    """Summary-level LCS hits (ROUGE-1.5.5, rouge_score's `_summary_level_lcs`, py-rouge's and so the
    dacon variant's ROUGE-L): for each reference sentence the union of its LCS with every prediction
    sentence, each token counted at most as often as both sides have it. (py-rouge clips by the
    prediction's counts only; the reference clip never binds, since each reference position counts once.)"""
    sizes = [len(s) for s in ref_sents if s], [len(s) for s in pred_sents if s]
    if len(sizes[0]) == 1 and len(sizes[1]) == 1:
        # One non-empty sentence each: the hits are the LCS itself (an LCS never uses a token more
        # often than either side has it, so the clip cannot bind).
        return lcs_length(next(s for s in ref_sents if s), next(s for s in pred_sents if s))
    ref_counts = collections.Counter(tok for sent in ref_sents for tok in sent)
    pred_counts = collections.Counter(tok for sent in pred_sents for tok in sent)
    pred_masks = [match_masks(pred) for pred in pred_sents]  # reused against every reference sentence
    hits = 0
    for ref in ref_sents:
        ref_vocab = set(ref)
        union: set[int] = set()
        for pred, masks in zip(pred_sents, pred_masks):
            if not ref_vocab.isdisjoint(masks):  # no shared token: empty LCS, skip the DP
                union.update(lcs_ref_indices(ref, pred, masks))
        for index in sorted(union):
            tok = ref[index]
            if pred_counts[tok] > 0 and ref_counts[tok] > 0:
                hits += 1
                pred_counts[tok] -= 1
                ref_counts[tok] -= 1
    return hits


def summary_level_lcs(ref_sents: Sequence[Sequence[str]], pred_sents: Sequence[Sequence[str]]) -> Score:
    """rouge_score's `_summary_level_lcs` (ROUGE-Lsum) on sentences of tokens."""
    m = sum(map(len, ref_sents))
    n = sum(map(len, pred_sents))
    if not n or not m:
        return ZERO
    hits = union_lcs_hits(ref_sents, pred_sents)
    recall = hits / m
    precision = hits / n
    return Score(precision=precision, recall=recall, fmeasure=scoring.fmeasure(precision, recall))


class RougeCalculator:
    """ROUGE of a prediction against one or several references, for a fixed list of types."""

    def __init__(self, rouge_types: Sequence[str], multi_reference: str = "max") -> None:
        self.rouge_types = validate_rouge_types(rouge_types)
        if multi_reference not in MULTI_REFERENCE_MODES:
            raise ValueError(f"multi_reference must be one of {MULTI_REFERENCE_MODES}, got {multi_reference!r}")
        self.multi_reference = multi_reference
        self._ngram_orders = {t: int(t[5:]) for t in self.rouge_types if t not in ("rougeL", "rougeLsum")}

    def score_one(self, ref: Tokenized, pred: Tokenized, types: Sequence[str] | None = None) -> dict[str, Score]:
        """What rouge_score's `RougeScorer.score(target=ref, prediction=pred)` gives on our tokens."""
        types = self.rouge_types if types is None else types
        scores: dict[str, Score] = {}
        for rouge_type in types:
            if rouge_type == "rougeL":
                scores[rouge_type] = score_lcs(ref.flat, pred.flat)
            elif rouge_type == "rougeLsum":
                scores[rouge_type] = summary_level_lcs(ref.sentences, pred.sentences)
            else:
                n = self._ngram_orders[rouge_type]
                # Only references keep their counts (they return at every evaluation); a prediction's
                # are counted afresh, so the token caches do not fill with Counters of one-off texts.
                scores[rouge_type] = rouge_scorer._score_ngrams(ref.counts(n), ngram_counts(pred.flat, n))
        return scores

    def score(self, refs: Sequence[Tokenized], pred: Tokenized, types: Sequence[str] | None = None) -> dict[str, Score]:
        """Scores against several references: per type the best one by F1 (rouge_score's
        `score_multi`) or the mean of precision, recall and F1 over the references.
        `types` restricts the computation to some of the configured types."""
        types = self.rouge_types if types is None else tuple(types)
        per_ref = [self.score_one(ref, pred, types) for ref in refs]
        if len(per_ref) == 1:
            return per_ref[0]
        combined: dict[str, Score] = {}
        for rouge_type in types:
            candidates = [scores[rouge_type] for scores in per_ref]
            if self.multi_reference == "max":
                combined[rouge_type] = max(candidates, key=lambda s: s.fmeasure)
            else:
                k = len(candidates)
                combined[rouge_type] = Score(
                    precision=sum(s.precision for s in candidates) / k,
                    recall=sum(s.recall for s in candidates) / k,
                    fmeasure=sum(s.fmeasure for s in candidates) / k,
                )
        return combined
