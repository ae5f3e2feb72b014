"""The metric families that read raw text and nothing else: sacrebleu's BLEU/chrF and the dacon ROUGE.

They need neither Kiwi nor the shared token store, so `SummaryScorer` can compute them anywhere:
in its own thread, or in a second process (`side_process.py`) while Kiwi runs. Results are plain,
picklable data (statistics arrays, signature strings, dacon scores); turning statistics into
scores stays with the caller's `SacrebleuMetrics`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from summarizer.metrics.bleu import SacrebleuMetrics
from summarizer.metrics.dacon import DaconRouge, DaconScore
from summarizer.metrics.tokenizers import MecabMorphemes


@dataclass(frozen=True)
class RawTextSettings:
    """What a `RawTextFamilies` computes; picklable, so a worker process builds the same one."""

    bleu_tokenize: str | None
    chrf: bool
    dacon_types: tuple[str, ...] | None  # None: no dacon ROUGE

    @property
    def empty(self) -> bool:
        return not (self.bleu_tokenize or self.chrf or self.dacon_types)


@dataclass
class RawTextResults:
    stats: dict[str, np.ndarray] = field(default_factory=dict)  # sacrebleu statistics per example, by metric name
    signatures: dict[str, str] = field(default_factory=dict)
    dacon_rows: list[dict[str, DaconScore]] | None = None
    dacon_hangul_removed: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class RawTextFamilies:
    """sacrebleu and dacon for one configuration; built once, reused (both keep reference caches)."""

    def __init__(self, settings: RawTextSettings, mecab: MecabMorphemes | None = None) -> None:
        self.settings = settings
        wants_sacrebleu = bool(settings.bleu_tokenize or settings.chrf)
        self.sacrebleu = SacrebleuMetrics(settings.bleu_tokenize, settings.chrf) if wants_sacrebleu else None
        self.dacon = DaconRouge(settings.dacon_types, mecab) if settings.dacon_types else None

    def score(self, preds: Sequence[str], refs: Sequence[Sequence[str]]) -> RawTextResults:
        """Both families on NFC `preds` and `refs` (a list of references per example)."""
        out = RawTextResults()
        if self.sacrebleu is not None:
            started = time.perf_counter()
            out.stats, out.signatures = self.sacrebleu.statistics(preds, refs)
            out.seconds["bleu_chrf"] = time.perf_counter() - started
        if self.dacon is not None:
            started = time.perf_counter()
            out.dacon_rows = [self.dacon.score(p, group) for p, group in zip(preds, refs)]
            out.dacon_hangul_removed = self.dacon.hangul_removed([*preds, *(r for group in refs for r in group)])
            out.seconds["rouge_dacon"] = time.perf_counter() - started
        return out
