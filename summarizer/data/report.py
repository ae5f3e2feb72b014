"""The data report: what each step did to each split, and what the data looks like afterwards (`load_data` fills
the text phase, `prepare_features` the token figures); `format()` is the printed table, `to_dict()` data_report.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datasets import DatasetDict

from summarizer.data.features import TruncationStats, truncation_stats
from summarizer.data.statistics import LEAD_ROUGE_TYPES, column_array, describe
from summarizer.errors import DataError

NOT_APPLIED = "."
_FIGURES = ("p5", "p50", "p95", "max", "mean")  # the columns of the length tables


@dataclass
class SplitReport:
    loaded: int = 0
    capped: int = 0  # after max_*_samples
    # Drops per reason, in the order applied; a filter not applied to this split is absent.
    dropped: dict[str, int] = field(default_factory=dict)
    cleaning_changes: dict[str, int] = field(default_factory=dict)  # examples each cleaning step changed
    characters: dict[str, dict[str, float]] = field(default_factory=dict)  # document / summary -> describe()
    compression: dict[str, float] = field(default_factory=dict)  # document chars / summary chars
    lead: dict[str, float] = field(default_factory=dict)  # Lead-k ROUGE, with "examples"
    tokens: dict[str, Any] = field(default_factory=dict)  # model-token lengths and truncation

    @property
    def kept(self) -> int:
        return self.capped - sum(self.dropped.values())

    def steps(self) -> list[dict[str, Any]]:
        """Examples before and after every step, in order."""
        rows, remaining = [], self.loaded
        for step, dropped in [("loaded", 0), ("max_samples", self.loaded - self.capped), *self.dropped.items()]:
            rows.append({"step": step, "before": remaining, "after": remaining - dropped, "dropped": dropped})
            remaining -= dropped
        return rows


@dataclass
class DataReport:
    name: str
    source: str
    settings: dict[str, Any]
    lead_k: int  # data.report.lead_k (its default lives in schema.DataReportConfig)
    splits: dict[str, SplitReport] = field(default_factory=dict)

    def add_token_statistics(
        self, features: DatasetDict, max_source_length: int, max_target_length: int
    ) -> dict[str, TruncationStats]:
        """Model-token length percentiles and the share truncation cuts, per split, from the tokenized
        `source_length` / `target_length` columns; returns the TruncationStats (for guards.format_truncation)."""
        stats = {}
        for split, dataset in features.items():
            stats[split] = truncation_stats(dataset, max_source_length, max_target_length)
            self.splits[split].tokens = {
                "max_source_length": max_source_length,
                "max_target_length": max_target_length,
                "document": describe(column_array(dataset, "source_length")),
                "summary": describe(column_array(dataset, "target_length")),
                "document_truncated": stats[split].source_truncated,
                "summary_truncated": stats[split].target_truncated,
            }
        return stats

    def check_not_empty(self) -> None:
        """Stop with this report when a filter (or the source) left a split without examples."""
        empty = {split: report for split, report in self.splits.items() if report.kept == 0}
        if not empty:
            return
        culprits = []
        for split, report in empty.items():
            reason, count = max(report.dropped.items(), key=lambda item: item[1], default=("", 0))
            if report.loaded == 0:
                culprits.append(f"{split}: the source gave no examples")
            elif count:
                culprits.append(f"{split}: {reason} dropped {count:,} of {report.capped:,}")
        raise EmptySplitError(
            f"No examples left in {list(empty)} ({'; '.join(culprits)}). Loosen data.filters (or fix the data); "
            f"the data report:\n{self.format()}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "settings": self.settings,
            "lead_k": self.lead_k,
            "splits": {
                split: {
                    "loaded": r.loaded,
                    "kept": r.kept,
                    "steps": r.steps(),
                    "dropped": dict(r.dropped),
                    "cleaning_changes": dict(r.cleaning_changes),
                    "characters": r.characters,
                    "compression_ratio": r.compression,
                    f"lead{self.lead_k}_rouge": r.lead,
                    "tokens": r.tokens,
                }
                for split, r in self.splits.items()
            },
        }

    def summary_figures(self) -> dict[str, float]:
        """Flat numbers for a tracker's summary: data/<split>/<figure>."""
        out: dict[str, float] = {}
        for split, r in self.splits.items():
            prefix = f"data/{split}"
            out[f"{prefix}/loaded"], out[f"{prefix}/kept"] = r.loaded, r.kept
            out.update({f"{prefix}/dropped/{reason}": count for reason, count in r.dropped.items()})
            for name, figures in r.characters.items():
                out.update(_pick(figures, f"{prefix}/{name}_chars", ("mean", "p50", "p95")))
            out.update(_pick(r.compression, f"{prefix}/compression_ratio", ("p50",)))
            out.update({f"{prefix}/lead{self.lead_k}/{k}": v for k, v in r.lead.items()})
            out.update(_pick(r.tokens, prefix, ("document_truncated", "summary_truncated")))
            for name in ("document", "summary"):
                out.update(_pick(r.tokens.get(name, {}), f"{prefix}/{name}_tokens", ("p50", "p95", "max")))
        return out

    def log_to_wandb(self, run) -> None:
        """The summary figures and a table of examples per step (no-op without a run)."""
        if run is None:
            return
        import wandb

        run.summary.update(self.summary_figures())
        rows = [[None if cell == NOT_APPLIED else cell for cell in row] for row in self._step_rows()]
        run.log({"data/steps": wandb.Table(columns=["step", *self.splits], data=rows)})

    def format(self) -> str:
        splits, reports = list(self.splits), list(self.splits.values())
        steps = dict.fromkeys(step for r in reports for step in r.cleaning_changes)
        changes = [[step, *[r.cleaning_changes.get(step, 0) for r in reports]] for step in steps]
        lengths, lead, tokens = [], [], []
        for split, r in self.splits.items():
            lengths += [[f"{split} {name}", *_figures(figures)] for name, figures in r.characters.items()]
            if r.compression:
                lengths.append([f"{split} compression", *_figures(r.compression, digits=1)])
            if r.lead:
                rouge = [f"{r.lead[f'{t}_kiwi']:.2f}" for t in LEAD_ROUGE_TYPES]
                lead.append([split, r.lead.get("examples", 0), *rouge])
            if r.tokens:
                for name in ("document", "summary"):
                    truncated = f"{r.tokens[f'{name}_truncated']:.1%}"
                    tokens.append([f"{split} {name}", *_figures(r.tokens[name]), truncated])
        first = next((r.tokens for r in reports if r.tokens), {})
        limits = f"max {first.get('max_source_length')} / {first.get('max_target_length')}"
        lines = [f"Data report: {self.name} ({self.source})"]
        for header, rows in [
            (["examples", *splits], self._step_rows()),
            (["cleaning (examples changed)", *splits], changes),
            (["characters (compression = document/summary)", *_FIGURES], lengths),
            ([f"Lead-{self.lead_k} ROUGE F1 (Kiwi)", "examples", *LEAD_ROUGE_TYPES], lead),
            ([f"model tokens ({limits})", *_FIGURES, "truncated"], tokens),
        ]:
            if rows:
                lines += ["", *_table(header, rows)]
        return "\n".join(lines)

    def _step_rows(self) -> list[list]:
        reports = self.splits.values()
        reasons = dict.fromkeys(reason for r in reports for reason in r.dropped)
        rows = [["loaded", *[r.loaded for r in reports]], ["after max_*_samples", *[r.capped for r in reports]]]
        rows += [[f"- {reason}", *[r.dropped.get(reason, NOT_APPLIED) for r in reports]] for reason in reasons]
        return rows + [["kept", *[r.kept for r in reports]]]


class EmptySplitError(DataError):
    """A split has no examples left (the message holds the data report)."""


def _pick(figures: dict[str, float], prefix: str, keys: tuple[str, ...]) -> dict[str, float]:
    return {f"{prefix}/{k}": v for k, v in figures.items() if k in keys}


def _figures(figures: dict[str, float], digits: int = 0) -> list[str]:
    return [f"{figures[k]:,.{digits}f}" if k in figures else "" for k in _FIGURES]


def _table(header: list[str], rows: list[list]) -> list[str]:
    cells = [[str(c) if not isinstance(c, int) else f"{c:,}" for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for row in cells:
        out.append("  ".join([row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]).rstrip())
    return out
