"""From raw splits to the examples a run uses: NFC text, no empty examples, optional size caps.

Every example removed is counted, so the run's data report shows what happened to the data.
Superseded by `summarizer.data.load_data` (configurable cleaning, quality filters and the full data
report); kept until the pipeline switches to it.
"""

from __future__ import annotations

import logging
import unicodedata

from datasets import DatasetDict

log = logging.getLogger(__name__)


def normalise_batch(batch: dict[str, list]) -> dict[str, list]:
    """NFC (NFD Hangul from macOS files would otherwise tokenize as loose jamo) and outer whitespace."""
    return {
        "document": [unicodedata.normalize("NFC", text or "").strip() for text in batch["document"]],
        "summary": [unicodedata.normalize("NFC", text or "").strip() for text in batch["summary"]],
    }


def has_text(example: dict) -> bool:
    return bool(example["document"]) and bool(example["summary"])


def prepare_splits(
    raw: DatasetDict, max_samples: dict[str, int | None], num_proc: int | None = None
) -> tuple[DatasetDict, dict[str, dict[str, int]]]:
    """Normalised splits, and per split: examples loaded, left after the cap, empty ones dropped, kept."""
    prepared, report = {}, {}
    for split, dataset in raw.items():
        loaded = len(dataset)
        cap = max_samples.get(split)
        if cap is not None and cap < len(dataset):
            dataset = dataset.select(range(cap))  # cap first: a quick run should not normalise a whole corpus
        capped = len(dataset)
        dataset = dataset.map(normalise_batch, batched=True, num_proc=num_proc, desc=f"normalise {split}")
        dataset = dataset.filter(has_text, num_proc=num_proc, desc=f"drop empty {split}")
        prepared[split] = dataset
        report[split] = {"loaded": loaded, "capped": capped, "dropped_empty": capped - len(dataset), "kept": len(dataset)}
        if capped != len(dataset):
            log.warning("%s: dropped %d examples with an empty document or summary.", split, capped - len(dataset))
    return DatasetDict(prepared), report
