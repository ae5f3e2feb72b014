"""Korean-correct summarization metrics: ROUGE under explicit tokenizers, BLEU/chrF, RDASS,
diagnostics, bootstrap intervals and baselines.

    from summarizer.metrics import SummaryScorer, ScoreResult

Importing this package loads no analyser: `SummaryScorer` and `ScoreResult` are imported on
first access, and Kiwi/MeCab load on the first `score` call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["ScoreResult", "SummaryScorer"]

if TYPE_CHECKING:  # pragma: no cover
    from summarizer.metrics.scorer import ScoreResult, SummaryScorer


def __getattr__(name: str):
    if name in __all__:
        from summarizer.metrics import scorer

        return getattr(scorer, name)
    raise AttributeError(f"module 'summarizer.metrics' has no attribute {name!r}")
