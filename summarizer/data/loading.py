"""From `data` config to clean, filtered (id, document, summary) splits and the data report (`load_data`), then
tokenized features (`prepare_features`). Cleaning and the per-example filters run in one cached, batched
`datasets.map` per split; validation and test go first, as the training split's leakage check needs them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from typing import Any, TypeVar

import numpy as np
from datasets import Dataset, DatasetDict
from omegaconf import DictConfig, OmegaConf

from summarizer.data import cleaning as cleaning_module
from summarizer.data import filters as filters_module
from summarizer.data.caching import cached_map
from summarizer.data.cleaning import clean_text, cleaning_steps, step_functions
from summarizer.data.features import TruncationStats, tokenize_splits
from summarizer.data.filters import (
    EMPTY_REASONS,
    TextRules,
    active_token_reasons,
    drop_reason,
    mark_duplicates,
    mark_leakage,
    text_hash,
    token_reasons,
)
from summarizer.data.report import DataReport, SplitReport
from summarizer.data.schema import CleaningConfig, DataReportConfig, FiltersConfig
from summarizer.data.sources.common import COLUMNS, SPLITS
from summarizer.data.statistics import column_array, describe, lead_rouge, spread_indices
from summarizer.errors import ConfigError, DataError
from summarizer.instantiate import build
from summarizer.metrics.tokenizers import SENTENCE_BOUNDARIES

log = logging.getLogger(__name__)

_INTERNAL = ("_drop", "_changed", "_doc_chars", "_sum_chars", "_doc_hash", "_pair_hash")
_PREPARE_ORDER = ("validation", "test", "train")  # train last: leakage is checked against the other two
T = TypeVar("T")


def load_data(data_cfg: DictConfig, *, lead_baseline: bool = True) -> tuple[DatasetDict, DataReport]:
    """Build `data.source`, then cap, clean and filter its splits as `data` configures, measuring each step. Run it
    on the main process first: the others then read every `map` result from the `datasets` cache.
    `lead_baseline=False` skips the Lead-k ROUGE (Kiwi), e.g. on processes that do not write the report."""
    raw = build(data_cfg.source)  # the splits `data.source` names (our own errors unwrapped from Hydra's)
    caps = (data_cfg.max_train_samples, data_cfg.max_eval_samples, data_cfg.max_test_samples)
    return prepare_data(
        raw,
        name=data_cfg.name,
        source=str(data_cfg.source.get("_target_", "")),
        cleaning=data_cfg.get("cleaning"),
        filters=data_cfg.get("filters"),
        report=data_cfg.get("report"),
        max_samples=dict(zip(SPLITS, caps)),
        num_proc=data_cfg.num_proc,
        lead_baseline=lead_baseline,
        sentence_boundaries=data_cfg.sentence_boundaries,
    )


def training_texts(splits: DatasetDict, batch_size: int = 10_000) -> Iterator[str]:
    """Training documents, then summaries (what a from-scratch tokenizer is trained on; never the
    evaluation splits), read in Arrow batches: row-by-row column reads take seconds at 300k examples."""
    train = splits["train"].with_format("arrow")
    for column in ("document", "summary"):
        for start in range(0, len(train), batch_size):
            yield from train[start : start + batch_size][column].to_pylist()


def prepare_data(
    raw: DatasetDict,
    *,
    name: str = "data",
    source: str = "",
    cleaning: CleaningConfig | DictConfig | dict | None = None,
    filters: FiltersConfig | DictConfig | dict | None = None,
    report: DataReportConfig | DictConfig | dict | None = None,
    max_samples: dict[str, int | None] | None = None,
    num_proc: int | None = None,
    lead_baseline: bool = True,
    sentence_boundaries: str = "kiwi",
) -> tuple[DatasetDict, DataReport]:
    """The work of `load_data` on splits already loaded (tests, benchmarks, notebooks)."""
    cleaning, filters = _as(CleaningConfig, cleaning), _as(FiltersConfig, filters)
    report_cfg = _as(DataReportConfig, report)
    check_sentence_boundaries(sentence_boundaries, cleaning)
    rules = TextRules.from_config(filters)  # validates every data.filters setting before any data is read
    raw = check_source_contract(raw, source or name)
    steps = cleaning_steps(cleaning)
    settings = {"cleaning": asdict(cleaning), "filters": asdict(filters), "report": asdict(report_cfg)}
    data_report = DataReport(name=name, source=source, settings=settings, lead_k=report_cfg.lead_k)
    data_report.splits = {split: SplitReport() for split in SPLITS}
    prepared: dict[str, Dataset] = {}
    held_out: list[np.ndarray] = []
    options = {"steps": steps, "keep_newlines": cleaning.keep_newlines, "pair_hash": filters.duplicate_key == "pair"}
    for split in _PREPARE_ORDER:
        filtered = split in filters.apply_to
        dataset, split_report = raw[split], data_report.splits[split]
        split_report.loaded = len(dataset)
        cap = (max_samples or {}).get(split)
        if cap is not None and cap < len(dataset):
            dataset = dataset.select(range(cap))  # cap first: a quick run should not clean a whole corpus
        split_report.capped = len(dataset)
        dataset = cached_map(
            dataset,
            prepare_batch,
            modules=(cleaning_module, filters_module),
            batched=True,
            fn_kwargs={**options, "rules": rules if filtered else None},
            num_proc=num_proc,
            desc=f"clean and filter {split}",
        )
        reasons = column_array(dataset, "_drop").astype(object)
        applied = list(EMPTY_REASONS) + (list(rules.active()) if filtered else [])
        if filtered and filters.drop_duplicates:
            key = "_pair_hash" if filters.duplicate_key == "pair" else "_doc_hash"
            mark_duplicates(column_array(dataset, key), reasons)
            applied.append("duplicate")
        if split == "train" and filters.drop_leakage:
            mark_leakage(column_array(dataset, "_doc_hash"), reasons, np.concatenate(held_out))
            applied.append("leakage")
        changed = column_array(dataset, "_changed").astype(np.int64)  # bit i: steps[i] changed the example
        split_report.cleaning_changes = {
            step: int(np.count_nonzero(changed & (1 << i))) for i, step in enumerate(steps)
        }
        dataset, split_report.dropped = _drop(dataset, reasons, applied)
        if split != "train":
            held_out.append(column_array(dataset, "_doc_hash"))
        doc_chars, sum_chars = column_array(dataset, "_doc_chars"), column_array(dataset, "_sum_chars")
        split_report.characters = {"document": describe(doc_chars), "summary": describe(sum_chars)}
        split_report.compression = describe(doc_chars / np.maximum(sum_chars, 1))
        prepared[split] = dataset.remove_columns(list(_INTERNAL))
        dropped = sum(split_report.dropped.values())
        if dropped:
            drops = ", ".join(f"{reason} {n}" for reason, n in split_report.dropped.items() if n)
            log.info("%s: dropped %d of %d examples (%s).", split, dropped, split_report.capped, drops)
    data_report.check_not_empty()
    if lead_baseline and report_cfg.lead_examples > 0:
        for split in SPLITS:
            data_report.splits[split].lead = _lead_figures(prepared[split], report_cfg, sentence_boundaries)
    return DatasetDict({split: prepared[split] for split in SPLITS}), data_report


def prepare_features(
    splits: DatasetDict,
    tokenizer,
    report: DataReport,
    *,
    source_prefix: str,
    max_source_length: int,
    max_target_length: int,
    filters: FiltersConfig | DictConfig | dict | None,
    num_proc: int | None = None,
    prompt: dict | None = None,
) -> tuple[DatasetDict, dict[str, TruncationStats]]:
    """Tokenize, drop examples outside the token-length bounds (`data.filters.*_tokens`) from the `apply_to` splits,
    counted in the report, and add the token figures to it: what a run and `python -m summarizer.data_report` both
    do. Returns the features and each split's truncation statistics.
    `prompt`: a decoder-only model's prompt (summarizer.models.prompt), whose tokens the source lengths count."""
    features, _ = tokenize_splits(
        splits, tokenizer, source_prefix, max_source_length, max_target_length, num_proc, prompt=prompt
    )
    filters = _as(FiltersConfig, filters)
    active = active_token_reasons(filters)
    if active:
        for split in features:
            if split in filters.apply_to:
                features[split], dropped = _drop(features[split], token_reasons(features[split], filters), active)
                report.splits[split].dropped.update(dropped)
        report.check_not_empty()
    return features, report.add_token_statistics(features, max_source_length, max_target_length)


def prepare_batch(
    batch: dict[str, list],
    steps: tuple[str, ...],
    keep_newlines: bool,
    rules: TextRules | None,
    pair_hash: bool,
    code: str = "",
) -> dict[str, list]:
    """Clean one batch and decide per example: drop reason, changed steps, lengths, hashes."""
    functions = step_functions(steps, keep_newlines)
    out: dict[str, list] = {column: [] for column in ("document", "summary", *_INTERNAL)}
    for document, summary in zip(batch["document"], batch["summary"]):
        document, document_changes = clean_text(document, functions)
        summary, summary_changes = clean_text(summary, functions)
        out["document"].append(document)
        out["summary"].append(summary)
        out["_drop"].append(drop_reason(document, summary, rules))
        out["_changed"].append(document_changes | summary_changes)
        out["_doc_chars"].append(len(document))
        out["_sum_chars"].append(len(summary))
        out["_doc_hash"].append(text_hash(document))
        out["_pair_hash"].append(text_hash(document, summary) if pair_hash else 0)
    return out


def check_source_contract(raw: Any, source: str) -> DatasetDict:
    """A source must give exactly train/validation/test with (id, document, summary) string columns."""
    if not isinstance(raw, DatasetDict) or set(raw) != set(SPLITS):
        found = sorted(raw) if isinstance(raw, (dict, DatasetDict)) else type(raw).__name__
        raise DataError(
            f"The data source {source} returned {found}; a source must return a DatasetDict with exactly {list(SPLITS)}."
        )
    for split, dataset in raw.items():
        missing = [column for column in COLUMNS if column not in dataset.column_names]
        if missing:
            raise DataError(
                f"The data source {source}: the {split} split has no column {missing}; columns found: "
                f"{dataset.column_names}."
            )
    return DatasetDict({split: raw[split].select_columns(list(COLUMNS)) for split in SPLITS})


def _drop(dataset: Dataset, reasons: np.ndarray, applied: Iterable[str]) -> tuple[Dataset, dict[str, int]]:
    """The examples without a drop reason, and how many each applied reason dropped."""
    keep = reasons == ""
    counts = {reason: int(np.count_nonzero(reasons == reason)) for reason in applied}
    return (dataset if keep.all() else dataset.select(np.flatnonzero(keep))), counts


def check_sentence_boundaries(sentence_boundaries: str, cleaning: CleaningConfig) -> None:
    """`newlines` reads sentences from line breaks, which the whitespace cleaning erases unless it keeps them."""
    if sentence_boundaries not in SENTENCE_BOUNDARIES:
        raise ConfigError(
            f"data.sentence_boundaries={sentence_boundaries!r}: choose one of {', '.join(SENTENCE_BOUNDARIES)}."
        )
    if sentence_boundaries == "newlines" and cleaning.whitespace and not cleaning.keep_newlines:
        raise ConfigError(
            "data.sentence_boundaries=newlines reads sentences from line breaks, but the whitespace cleaning turns "
            "them into spaces: also set data.cleaning.keep_newlines=true (or data.sentence_boundaries=kiwi)."
        )


def _lead_figures(dataset: Dataset, config: DataReportConfig, sentence_boundaries: str = "kiwi") -> dict[str, float]:
    sample = dataset.select(spread_indices(len(dataset), config.lead_examples)).with_format("arrow")[:]
    documents, summaries = sample.column("document").to_pylist(), sample.column("summary").to_pylist()
    return {"examples": sample.num_rows, **lead_rouge(documents, summaries, config.lead_k, sentence_boundaries)}


def _as(kind: type[T], node: Any) -> T:
    """A settings dataclass from a structured or plain config node, a dict, or None (the defaults)."""
    if node is None or isinstance(node, kind):
        return kind() if node is None else node
    node = OmegaConf.to_container(node, resolve=True) if isinstance(node, DictConfig) else node
    known = {f.name for f in fields(kind)}
    unknown = sorted(set(node) - known)
    if unknown:
        raise ConfigError(f"Unknown {kind.__name__} keys {unknown}; known: {sorted(known)}.")
    return kind(**node)
