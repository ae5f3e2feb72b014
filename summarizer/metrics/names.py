"""What a figure's name and value say about it, shared by the score report, the run log, the sweep
charts, metrics.json/W&B summaries and the analysis tables (so they cannot drift apart)."""

from __future__ import annotations

from typing import Any

CI_SUFFIXES = ("_ci_low", "_ci_high")
PART_SUFFIXES = ("_precision", "_recall")
SCORE_PREFIXES = ("rouge", "bleu", "chrf", "rdass")  # quality scores, higher is better
# One BLEU default, so runs and the score CLI report the same `bleu_char`: char needs no dictionary, so its figures
# compare across machines (ko-mecab, the usual Korean BLEU, only where mecab-ko is installed).
DEFAULT_BLEU_TOKENIZE = "char"


def is_headline(name: str) -> bool:
    """Every corpus figure except confidence bounds and ROUGE precision/recall."""
    return not name.endswith(CI_SUFFIXES) and not name.endswith(PART_SUFFIXES)


def is_score(name: str) -> bool:
    """A headline quality score (ROUGE F1, BLEU, chrF, RDASS), not a diagnostic."""
    return is_headline(name) and name.startswith(SCORE_PREFIXES)


def is_number(value: Any) -> bool:
    """An int or float figure (bool excluded), as metrics.json and W&B summaries keep them."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)
