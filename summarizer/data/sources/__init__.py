"""Data sources: each returns a DatasetDict with exactly train/validation/test splits of (id, document, summary)
strings.

A source is chosen by `data.source._target_` in `conf/data/*.yaml`; its other keys are the function's
arguments. Given splits are kept; a missing validation or test split is cut from train with a seeded split.
"""

from summarizer.data.sources.aihub_news import aihub_news
from summarizer.data.sources.aihub_report import aihub_report
from summarizer.data.sources.common import COLUMNS, SPLITS, check_utf8
from summarizer.data.sources.hub import hub_dataset
from summarizer.data.sources.local import BUNDLED_DIR, bundled_news, kobart_tsv, local_files
from summarizer.data.sources.sci_news import sci_news

__all__ = [
    "BUNDLED_DIR",
    "COLUMNS",
    "SPLITS",
    "aihub_news",
    "aihub_report",
    "bundled_news",
    "check_utf8",
    "hub_dataset",
    "kobart_tsv",
    "local_files",
    "sci_news",
]
