"""The data report: what each step did to each split, and what the data looks like afterwards.

Built in two phases. `load_data` fills the text phase (examples after each step, drops per filter,
cleaning changes, character lengths, compression, Lead-k ROUGE); after tokenization,
`apply_token_filters` adds the token-length drops and `add_token_statistics` the model-token lengths and
truncation shares. `format()` is the printed table, `to_dict()` the JSON of `data_report.json`,
`log_to_wandb(run)` the W&B summary and table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datasets import DatasetDict

from summarizer.data.features import TruncationStats
from summarizer.data.statistics import column_array, describe
from summarizer.errors import DataError

NOT_APPLIED = "."


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
        rows = [{"step": "loaded", "before": self.loaded, "after": self.loaded, "dropped": 0},
                {"step": "max_samples", "before": self.loaded, "after": self.capped, "dropped": self.loaded - self.capped}]
        remaining = self.capped
        for reason, count in self.dropped.items():
            rows.append({"step": reason, "before": remaining, "after": remaining - count, "dropped": count})
            remaining -= count
        return rows


@dataclass
class DataReport:
    name: str
    source: str
    settings: dict[str, Any]
    splits: dict[str, SplitReport] = field(default_factory=dict)
    lead_k: int = 3

    # ------------------------------------------------------------------ phase 2: tokens
    def add_token_statistics(
        self, features: DatasetDict, max_source_length: int, max_target_length: int
    ) -> dict[str, TruncationStats]:
        """Model-token length percentiles and the share truncation cuts, per split, from the tokenized
        `source_length` / `target_length` columns; returns the TruncationStats (for guards.format_truncation)."""
        stats = {}
        for split, dataset in features.items():
            source, target = column_array(dataset, "source_length"), column_array(dataset, "target_length")
            stats[split] = TruncationStats.from_lengths(source, target, max_source_length, max_target_length)
            self.splits[split].tokens = {
                "max_source_length": max_source_length,
                "max_target_length": max_target_length,
                "document": describe(source),
                "summary": describe(target),
                "document_truncated": stats[split].source_truncated,
                "summary_truncated": stats[split].target_truncated,
            }
        return stats

    def record_drops(self, split: str, counts: dict[str, int]) -> None:
        self.splits[split].dropped.update(counts)

    def check_not_empty(self) -> None:
        """Stop with this report when a filter (or the source) left a split without examples."""
        empty = [split for split, report in self.splits.items() if report.kept == 0]
        if empty:
            culprits = []
            for split in empty:
                report = self.splits[split]
                biggest = max(report.dropped.items(), key=lambda item: item[1], default=None)
                if report.loaded == 0:
                    culprits.append(f"{split}: the source gave no examples")
                elif biggest and biggest[1]:
                    culprits.append(f"{split}: {biggest[0]} dropped {biggest[1]:,} of {report.capped:,}")
            raise EmptySplitError(
                f"No examples left in {empty} ({'; '.join(culprits)}). Loosen data.filters (or fix the data); "
                f"the data report:\n{self.format()}",
                self,
            )

    # ------------------------------------------------------------------ output
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
            for field_name, figures in r.characters.items():
                out.update({f"{prefix}/{field_name}_chars/{k}": v for k, v in figures.items() if k in ("mean", "p50", "p95")})
            if r.compression:
                out[f"{prefix}/compression_ratio/p50"] = r.compression["p50"]
            out.update({f"{prefix}/lead{self.lead_k}/{k}": v for k, v in r.lead.items()})
            if r.tokens:
                out[f"{prefix}/document_truncated"] = r.tokens["document_truncated"]
                out[f"{prefix}/summary_truncated"] = r.tokens["summary_truncated"]
                for field_name in ("document", "summary"):
                    out.update({f"{prefix}/{field_name}_tokens/{k}": v for k, v in r.tokens[field_name].items()
                                if k in ("p50", "p95", "max")})
        return out

    def log_to_wandb(self, run) -> None:
        """The summary figures and a table of examples per step (no-op without a run)."""
        if run is None:
            return
        import wandb

        run.summary.update(self.summary_figures())
        splits = list(self.splits)
        table = wandb.Table(columns=["step", *splits])
        for row in self._step_rows():
            table.add_data(*[None if cell == NOT_APPLIED else cell for cell in row])
        run.log({"data/steps": table})

    def format(self) -> str:
        splits = list(self.splits)
        lines = [f"Data report: {self.name} ({self.source})", ""]
        lines += _table(["examples", *splits], self._step_rows())
        changes = [[step, *[self.splits[s].cleaning_changes.get(step, 0) for s in splits]]
                   for step in dict.fromkeys(k for r in self.splits.values() for k in r.cleaning_changes)]
        if changes:
            lines += ["", *_table(["cleaning (examples changed)", *splits], changes)]
        length_rows = []
        for split in splits:
            for field_name, figures in self.splits[split].characters.items():
                length_rows.append([f"{split} {field_name}", *_figures(figures)])
            if self.splits[split].compression:
                length_rows.append([f"{split} compression", *_figures(self.splits[split].compression, digits=1)])
        if length_rows:
            lines += ["", *_table(["characters (compression = document/summary)", "p5", "p50", "p95", "max", "mean"], length_rows)]
        lead_rows = [[split, r.lead.get("examples", 0), *(f"{r.lead[f'{t}_kiwi']:.2f}" for t in ("rouge1", "rouge2", "rougeL"))]
                     for split, r in self.splits.items() if r.lead]
        if lead_rows:
            lines += ["", *_table([f"Lead-{self.lead_k} ROUGE F1 (Kiwi)", "examples", "rouge1", "rouge2", "rougeL"], lead_rows)]
        token_rows = []
        for split, r in self.splits.items():
            if r.tokens:
                for field_name, share in (("document", "document_truncated"), ("summary", "summary_truncated")):
                    token_rows.append([f"{split} {field_name}", *_figures(r.tokens[field_name]), f"{r.tokens[share]:.1%}"])
        if token_rows:
            first = next(r.tokens for r in self.splits.values() if r.tokens)
            header = f"model tokens (max {first['max_source_length']} / {first['max_target_length']})"
            lines += ["", *_table([header, "p5", "p50", "p95", "max", "mean", "truncated"], token_rows)]
        return "\n".join(lines)

    def _step_rows(self) -> list[list]:
        splits = list(self.splits)
        reasons = list(dict.fromkeys(reason for r in self.splits.values() for reason in r.dropped))
        rows = [["loaded", *[self.splits[s].loaded for s in splits]],
                ["after max_*_samples", *[self.splits[s].capped for s in splits]]]
        for reason in reasons:
            rows.append([f"- {reason}", *[self.splits[s].dropped.get(reason, NOT_APPLIED) for s in splits]])
        rows.append(["kept", *[self.splits[s].kept for s in splits]])
        return rows


class EmptySplitError(DataError):
    """A split has no examples left; carries the report (its text is in the message too)."""

    def __init__(self, message: str, report: DataReport) -> None:
        super().__init__(message)
        self.report = report


def _figures(figures: dict[str, float], digits: int = 0) -> list[str]:
    return [f"{figures[k]:,.{digits}f}" if k in figures else "" for k in ("p5", "p50", "p95", "max", "mean")]


def _table(header: list[str], rows: list[list]) -> list[str]:
    cells = [[str(c) if not isinstance(c, int) else f"{c:,}" for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    out = []
    for row in cells:
        out.append("  ".join([row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]).rstrip())
    return out
