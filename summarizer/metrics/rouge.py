"""ROUGE-N/L/Lsum of one prediction against its references, on tokens `tokenized.TokenStore` made once per text. The
formulas are rouge_score's: ROUGE-N its `_score_ngrams` on n-gram counts (cached per reference text), ROUGE-L and
ROUGE-Lsum its `_score_lcs` and `_summary_level_lcs` replicated line for line on the LCS of `lcs.py` (see there why).
tests/metrics/test_rouge_score_equivalence.py checks them against rouge_score."""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rouge_score import rouge_scorer, scoring

from summarizer.metrics.lcs import lcs_length, lcs_ref_indices, match_masks

Score = scoring.Score
ROUGE_TYPE_PATTERN = re.compile(r"^rouge[1-9]$|^rougeL$|^rougeLsum$")
MULTI_REFERENCE_MODES = ("max", "mean")


def ngrams(tokens: Sequence[str], n: int) -> Iterator[tuple[str, ...]]:
    """The n-grams of `tokens` in order (none when there are fewer than n tokens). `zip` instead of
    rouge_score's one slice per position: about twice as fast, which matters at 5,000 pairs."""
    return zip(*(tokens[i:] for i in range(n)))


def ngram_counts(tokens: Sequence[str], n: int) -> collections.Counter:
    """What rouge_score's `_create_ngrams` builds: a Counter of token tuples."""
    return collections.Counter(ngrams(tokens, n))


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


def union_lcs_hits(ref_sents: Sequence[Sequence[str]], pred_sents: Sequence[Sequence[str]]) -> int:
    """Summary-level LCS hits (ROUGE-1.5.5, rouge_score's `_summary_level_lcs`, py-rouge's and so the
    dacon variant's ROUGE-L): for each reference sentence the union of its LCS with every prediction
    sentence, each token counted at most as often as the prediction has it. (rouge_score also clips by the
    reference's counts; that never binds, since each reference position is counted at most once.)"""
    refs, preds = [s for s in ref_sents if s], [s for s in pred_sents if s]  # empty sentences add nothing
    if len(refs) == 1 and len(preds) == 1:
        # One sentence each: the hits are the LCS itself (an LCS never uses a token more often than the
        # prediction has it, so the clip cannot bind).
        return lcs_length(refs[0], preds[0])
    pred_counts = collections.Counter(tok for sent in preds for tok in sent)
    pred_masks = [match_masks(pred) for pred in preds]  # reused against every reference sentence
    hits = 0
    for ref in refs:
        ref_vocab = set(ref)
        union: set[int] = set()
        for pred, masks in zip(preds, pred_masks):
            if not ref_vocab.isdisjoint(masks):  # no shared token: empty LCS, skip the DP
                union.update(lcs_ref_indices(ref, pred, masks))
        for index in sorted(union):
            if pred_counts[ref[index]] > 0:
                hits += 1
                pred_counts[ref[index]] -= 1
    return hits


def summary_level_lcs(ref_sents: Sequence[Sequence[str]], pred_sents: Sequence[Sequence[str]]) -> Score:
    """rouge_score's `_summary_level_lcs` (ROUGE-Lsum) on sentences of tokens; with one sentence each, its
    `_score_lcs` (ROUGE-L)."""
    m = sum(map(len, ref_sents))
    n = sum(map(len, pred_sents))
    if not n or not m:
        return Score(precision=0.0, recall=0.0, fmeasure=0.0)
    hits = union_lcs_hits(ref_sents, pred_sents)
    return Score(precision=hits / n, recall=hits / m, fmeasure=scoring.fmeasure(hits / n, hits / m))


def score_one(ref: Tokenized, pred: Tokenized, types: Sequence[str]) -> dict[str, Score]:
    """What rouge_score's `RougeScorer.score(target=ref, prediction=pred)` gives on our tokens."""
    scores: dict[str, Score] = {}
    for rouge_type in types:
        if rouge_type == "rougeL":
            scores[rouge_type] = summary_level_lcs([ref.flat], [pred.flat])
        elif rouge_type == "rougeLsum":
            scores[rouge_type] = summary_level_lcs(ref.sentences, pred.sentences)
        else:
            n = int(rouge_type[5:])
            # Only references keep their counts (they return at every evaluation); a prediction's
            # are counted afresh, so the token caches do not fill with Counters of one-off texts.
            scores[rouge_type] = rouge_scorer._score_ngrams(ref.counts(n), ngram_counts(pred.flat, n))
    return scores


def score_multi(
    refs: Sequence[Tokenized], pred: Tokenized, types: Sequence[str], multi_reference: str
) -> dict[str, Score]:
    """Per type the best reference by F1 (`max`, as rouge_score's `score_multi`) or the mean P, R and F1 (`mean`)."""
    per_ref = [score_one(ref, pred, types) for ref in refs]
    if len(per_ref) == 1:
        return per_ref[0]
    combined: dict[str, Score] = {}
    for rouge_type in types:
        candidates = [scores[rouge_type] for scores in per_ref]
        if multi_reference == "max":
            combined[rouge_type] = max(candidates, key=lambda s: s.fmeasure)
        else:
            combined[rouge_type] = Score(*(sum(parts) / len(candidates) for parts in zip(*candidates)))
    return combined
