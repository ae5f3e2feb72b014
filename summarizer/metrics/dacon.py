"""`dacon`: the ROUGE that KoBART-summarization and the Dacon Korean summarization competition report.

Source: `rouge_metric.py` in seujung/KoBART-summarization, whose README says its scores use "Dacon 한국어 문서 생성요약
AI 경진대회 metric": py-rouge (Diego999/py-rouge) with konlpy's `Mecab().morphs` as tokenizer. Verified: that code
and its `Rouge.__init__` defaults (`limit_length=True, length_limit=1000, length_limit_type="words", apply_avg=True,
apply_best=False, alpha=0.5, weight_factor=1.0`). Assumed: the caller's arguments (no version of the repository calls
`Rouge(...)`), so the defaults with ROUGE-1, ROUGE-2 and ROUGE-L (`max_n=2`, the types its README reports). Written
anew here from those rules.

Rules, quirks included (tests/metrics/test_dacon.py pins each one):
 1. Text is lower-cased, then every character outside `[A-Za-z0-9가-힣]` becomes a space. This deletes punctuation,
    Hanja, accented Latin and also Hangul jamo such as "ㅋㅋ"; we warn (and record in `info`) whenever it deletes Hangul.
 2. Only the first 1,000 whitespace-separated words are kept (before morpheme analysis).
 3. Tokens are MeCab-ko morpheme surfaces of the filtered text.
 4. ROUGE-N: n-gram counts are clipped; the prediction's n-gram count is `len(tokens) - (n - 1)`.
 5. ROUGE-L ("rouge-l") is summary-level: lines of the reference (split on "\n" only; there is no sentence splitter,
    so a one-line summary is one "sentence") each take the union of their LCS with every prediction line; hits are
    clipped by the prediction's token counts. (The original also means to clip by the reference's counts but
    decrements them at the token's position; that clip could never bind anyway, see `rouge.union_lcs_hits`.)
 6. P = hits / prediction count, R = hits / reference count (0 when the count is 0),
    F = P*R / ((1 - alpha)*P + alpha*R) with alpha = 0.5, and F = 0 when P or R is 0.
 7. Several references (apply_avg): counts are summed over the references before P/R/F, whatever `multi_reference`
    says.
 8. The corpus figure is the plain mean of per-example P, of R and of F (apply_avg).
Not reproduced: ROUGE-W (the documented default weight_factor=1.0 makes it equal ROUGE-L) and ROUGE-Lsum (the
original has no such type; it is skipped for `dacon`). One deliberate difference: input is NFC-normalised first. The
original would delete NFD Hangul (macOS files) entirely; on NFC input, the only kind its authors had, results are
unchanged.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from functools import lru_cache

from summarizer.metrics.rouge import Score, ngram_counts, union_lcs_hits
from summarizer.metrics.text import HANGUL_BEYOND_WORD
from summarizer.metrics.tokenized import DEFAULT_CACHE_TEXTS
from summarizer.metrics.tokenizers import MecabMorphemes

REMOVE_CHAR_PATTERN = re.compile("[^A-Za-z0-9가-힣]")
LENGTH_LIMIT_WORDS = 1000
ALPHA = 0.5
# Hangul the filter deletes: jamo (conjoining and compatibility), their extensions, tone marks, ㈜/㉠.
_HANGUL_NOT_SYLLABLE = re.compile(f"[\u1100-\u11ff\u3131-\u318e\ua960-\ua97f\ud7b0-\ud7ff{HANGUL_BEYOND_WORD}]")


def f_measure(precision: float, recall: float) -> float:
    """Rule 6: 0 when either is 0, else P*R / ((1 - alpha)*P + alpha*R)."""
    if precision == 0.0 or recall == 0.0:
        return 0.0
    return precision * recall / ((1 - ALPHA) * precision + ALPHA * recall)


def _score(hyp_count: int, ref_count: int, hits: int) -> Score:
    # The original returns 0.0 for a zero count; a negative count (rule 4, fewer tokens than n)
    # always comes with 0 hits, where it returns -0.0: the same number.
    precision = hits / hyp_count if hyp_count > 0 else 0.0
    recall = hits / ref_count if ref_count > 0 else 0.0
    return Score(precision, recall, f_measure(precision, recall))


def _filter(text: str) -> str:
    """Rule 1."""
    return REMOVE_CHAR_PATTERN.sub(" ", text.lower()).strip()


class DaconRouge:
    """Dacon/KoBART-summarization ROUGE-N and ROUGE-L for one example (rules in the module doc)."""

    def __init__(self, rouge_types: Sequence[str], mecab: MecabMorphemes | None = None) -> None:
        self.mecab = mecab or MecabMorphemes()
        self.rouge_types = tuple(t for t in rouge_types if t != "rougeLsum")
        # References repeat across calls: one cache per instance (lru_cache on the method would hold every instance).
        self.preprocess = lru_cache(maxsize=DEFAULT_CACHE_TEXTS)(self._preprocess)

    @staticmethod
    def warn_hangul_removed(texts: Sequence[str]) -> int:
        """How many Hangul characters rule 1 deletes from `texts`, with a warning when any (never silently)."""
        removed = sum(len(_HANGUL_NOT_SYLLABLE.findall(text)) for text in texts)
        if removed:
            warnings.warn(
                f"dacon ROUGE deleted {removed} Hangul jamo character(s) (e.g. 'ㅋㅋ'): its documented "
                "character filter keeps only [A-Za-z0-9가-힣]. The kiwi/mecab/char/whitespace tokenizers keep them.",
                stacklevel=3,
            )
        return removed

    def _per_line(self, text: str) -> list[list[str]]:
        """py-rouge `_preprocess_summary_per_sentence`: 1,000-word limit across lines, then per line."""
        kept: list[str] = []
        used = 0
        for line in text.split("\n"):
            words = line.split()[: LENGTH_LIMIT_WORDS - used]
            kept.append(" ".join(words))
            used += len(words)
            if used >= LENGTH_LIMIT_WORDS:
                break
        return [self.mecab.surfaces(_filter(line)) for line in kept]

    def _preprocess(self, text: str) -> tuple[list[str], list[list[str]]]:
        """(tokens of the whole text, tokens per line). The whole text as py-rouge's `_preprocess_summary_as_a_whole`
        makes it: lines joined, first 1,000 words, filter, MeCab."""
        whole = self.mecab.surfaces(_filter(" ".join(text.split()[:LENGTH_LIMIT_WORDS])))
        # A single line is preprocessed identically both ways (same words, same limit): reuse.
        return whole, [whole] if "\n" not in text else self._per_line(text)

    @staticmethod
    def rouge_n_counts(hyp: Sequence[str], ref: Sequence[str], n: int) -> tuple[int, int, int]:
        """Rule 4: (prediction n-gram count, reference n-gram count, clipped overlap)."""
        overlap = sum((ngram_counts(hyp, n) & ngram_counts(ref, n)).values())  # & keeps the smaller count
        return len(hyp) - (n - 1), len(ref) - (n - 1), overlap

    @staticmethod
    def rouge_l_counts(hyp_lines: Sequence[Sequence[str]], ref_lines: Sequence[Sequence[str]]) -> tuple[int, int, int]:
        """Rule 5: (prediction token count, reference token count, union-LCS hits)."""
        return sum(map(len, hyp_lines)), sum(map(len, ref_lines)), union_lcs_hits(ref_lines, hyp_lines)

    def score(self, prediction: str, references: Sequence[str]) -> dict[str, Score]:
        """Rules 4-7 for one example; keys are our ROUGE type names (rouge1, rouge2, rougeL)."""
        hyp_whole, hyp_lines = self.preprocess(prediction)
        refs = [self.preprocess(ref) for ref in references]
        scores: dict[str, Score] = {}
        for rouge_type in self.rouge_types:
            if rouge_type == "rougeL":
                counts = [self.rouge_l_counts(hyp_lines, ref_lines) for _, ref_lines in refs]
            else:
                counts = [self.rouge_n_counts(hyp_whole, ref_whole, int(rouge_type[5:])) for ref_whole, _ in refs]
            scores[rouge_type] = _score(*(sum(column) for column in zip(*counts)))  # rule 7: summed over references
        return scores

    def describe(self) -> dict[str, str]:
        return {
            "tokenizer": "dacon",
            "what": "Dacon/KoBART-summarization ROUGE (py-rouge + MeCab-ko): lower-case, [^A-Za-z0-9가-힣] -> space, "
            "first 1000 words, MeCab surfaces; ROUGE-L is union LCS over lines with prediction-side clipping; "
            "multi-reference counts summed; corpus = mean of per-example P/R/F",
            "source": "seujung/KoBART-summarization rouge_metric.py (Rouge defaults)",
            **{k: v for k, v in self.mecab.describe().items() if k not in ("tokenizer", "what")},
        }
