"""Data: sources, cleaning, quality filters, tokenization and the data report.

Entry points (imported lazily, so the config schema can import `summarizer.data.schema` cheaply):
    load_data(cfg.data) -> (DatasetDict, DataReport)      text phase; see summarizer/data/loading.py
    apply_token_filters(features, cfg.data.filters, report) -> DatasetDict
    DataReport.add_token_statistics / to_dict / format / log_to_wandb
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizer.data.loading import apply_token_filters, load_data, prepare_data
    from summarizer.data.report import DataReport, EmptySplitError

_LAZY = {
    "load_data": "summarizer.data.loading",
    "prepare_data": "summarizer.data.loading",
    "apply_token_filters": "summarizer.data.loading",
    "DataReport": "summarizer.data.report",
    "EmptySplitError": "summarizer.data.report",
}
__all__ = ["DataReport", "EmptySplitError", "apply_token_filters", "load_data", "prepare_data"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'summarizer.data' has no attribute {name!r}")
