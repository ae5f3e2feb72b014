"""Hugging Face Hub datasets by name, config, split names and column mapping (conf/data/hub.yaml, naver_news.yaml).
Offline, a Hub name fails within seconds (`summarizer.hub.hub_reachable`) unless the Hub cache holds it; a local
directory in `name` (`hf download <id> --repo-type dataset --local-dir DIR`, or `save_to_disk`) needs no network.
"""

from __future__ import annotations

from pathlib import Path

from datasets import DatasetDict, load_dataset, load_from_disk

from summarizer.data.sources.common import fill_missing_splits, standardise
from summarizer.errors import DataError
from summarizer.hub import hub_reachable


def hub_dataset(
    name: str,
    config: str | None = None,
    revision: str | None = None,
    train_split: str = "train",
    validation_split: str | None = "validation",
    test_split: str | None = "test",
    document_column: str = "document",
    summary_column: str = "summary",
    id_column: str | None = None,
    validation_ratio: float = 0.05,
    test_ratio: float = 0.05,
    seed: int = 42,
) -> DatasetDict:
    """A Hub (or local) dataset's splits as train/validation/test of (id, document, summary); a split name set
    to null is cut from train, seeded."""
    loaded = _load(name, config, revision)
    wanted = {"train": train_split, "validation": validation_split, "test": test_split}
    splits = {}
    for ours, theirs in wanted.items():
        if theirs is None:
            continue
        if theirs not in loaded:
            raise DataError(
                f"Dataset {name!r} has no split {theirs!r}; splits found: {sorted(loaded)}. "
                f"Set data.source.{ours}_split to one of them (or null to cut it from train)."
            )
        splits[ours] = standardise(loaded[theirs], f"{name}-{theirs}", document_column, summary_column, id_column)
    return fill_missing_splits(splits, {"validation": validation_ratio, "test": test_ratio}, seed)


def _load(name: str, config: str | None, revision: str | None) -> DatasetDict:
    local = Path(name).expanduser()
    if local.is_dir():
        if (local / "dataset_dict.json").is_file():
            return load_from_disk(str(local))
        return load_dataset(str(local), config)
    if name.startswith((".", "/", "~")):
        raise DataError(f"data.source.name={name!r}: no such directory.")
    hub_reachable(name, repo_type="dataset")
    return load_dataset(name, config, revision=revision)
