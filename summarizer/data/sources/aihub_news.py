"""AI Hub 문서요약 텍스트 (news) in its two public layouts (conf/data/aihub_news.yaml, conf/data/dacon.yaml).

- Dacon / "신문기사" JSONL (`.jsonl`, `.jsonl.gz`), one article per line:
    {"id": "...", "media": "...", "article_original": ["sentence", ...], "abstractive": "...", "extractive": [0, 3, 5]}
- AI Hub's own JSON (`.json`): {"documents": [{"id", "media_name", "text": [[{"index", "sentence"}, ...], ...],
  "abstractive": ["..."], "extractive": [i, j, k]}, ...]}; paragraphs are flattened, `extractive` holds
  sentence `index` values.

The document is the sentences joined with spaces; the summary is `abstractive`, or with
`summary=extractive` the chosen sentences joined in document order. An index outside the article names the
file and line; a null index (present in the public files) gives an empty summary, dropped and counted.
"""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset, DatasetDict, load_dataset

from summarizer.data.caching import cached_map
from summarizer.data.sources.common import (
    COLUMNS,
    check_utf8,
    fill_missing_splits,
    raise_first_bad_json_line,
    read_json_file,
    require_file,
)
from summarizer.errors import DataError

SUMMARY_KINDS = ("abstractive", "extractive")


def aihub_news(
    train: str,
    validation: str | None = None,
    test: str | None = None,
    summary: str = "abstractive",
    validation_ratio: float = 0.05,
    test_ratio: float = 0.05,
    seed: int = 42,
) -> DatasetDict:
    """Files of either layout (chosen by extension); splits not given are cut from train, seeded."""
    if summary not in SUMMARY_KINDS:
        raise DataError(f"data.source.summary={summary!r}: choose one of {list(SUMMARY_KINDS)}.")
    given = {"train": train, "validation": validation, "test": test}
    splits = {split: _read(path, summary) for split, path in given.items() if path is not None}
    return fill_missing_splits(splits, {"validation": validation_ratio, "test": test_ratio}, seed)


def _read(path: str, summary: str) -> Dataset:
    file = require_file(path)
    check_utf8(file)
    if file.name.removesuffix(".gz").endswith(".jsonl"):
        table, where = _load(file, {}), "line"
        table = _require_columns(table, file, ["id", "article_original", summary])
    elif file.name.removesuffix(".gz").endswith(".json"):
        table, where = _load(file, {"field": "documents"}), "documents"
        table = _require_columns(table, file, ["id", "text", summary])
    else:
        raise DataError(f"{path}: expected .jsonl (Dacon layout) or .json (AI Hub layout), optionally .gz.")
    return cached_map(
        table,
        _examples,
        batched=True,
        with_indices=True,
        fn_kwargs={"file": str(file), "summary": summary, "where": where},
        remove_columns=[c for c in table.column_names if c not in COLUMNS],
        desc=f"examples {file.name}",
    ).select_columns(list(COLUMNS))


def _load(file: Path, kwargs: dict) -> Dataset:
    try:
        return load_dataset("json", data_files=str(file), split="train", **kwargs)
    except Exception as error:  # pyarrow's message names neither file nor line: find them ourselves
        if not kwargs:
            raise_first_bad_json_line(file)
        else:
            record = read_json_file(file)  # raises with the line of invalid JSON
            if not isinstance(record, dict) or not isinstance(record.get("documents"), list):
                found = sorted(record) if isinstance(record, dict) else type(record).__name__
                raise DataError(f"{file}: expected AI Hub's {{\"documents\": [...]}}; keys found: {found}.") from None
        raise DataError(f"{file}: could not be read as this layout ({type(error).__name__}: {error}).") from error


def _require_columns(table: Dataset, file: Path, wanted: list[str]) -> Dataset:
    missing = [column for column in wanted if column not in table.column_names]
    if missing:
        raise DataError(
            f"{file}: no column {missing}; columns found: {table.column_names}. Is this the AI Hub / Dacon news "
            "layout, and does the file have references (Dacon's test.jsonl has none)?"
        )
    return table


def _examples(batch: dict[str, list], indices: list[int], file: str, summary: str, where: str,
              code: str = "") -> dict[str, list]:
    """(id, document, summary) of a batch of either layout. `code` is unused: it carries the source digest
    into the `datasets` cache key (summarizer.data.caching)."""
    ids, documents, summaries = [], [], []
    for k, index in enumerate(indices):
        if where == "documents":  # AI Hub layout: paragraphs of {index, sentence}, numbered by `index`
            sentences, numbering = _flatten_paragraphs(batch["text"][k])
        else:  # Dacon layout: a sentence list, numbered from 0
            sentences = [s or "" for s in batch["article_original"][k] or []]
            numbering = range(len(sentences))
        documents.append(" ".join(s.strip() for s in sentences if s.strip()))
        ids.append(str(batch["id"][k]))
        if summary == "abstractive":
            summaries.append(_abstractive(batch["abstractive"][k]))
        else:
            summaries.append(_extractive(sentences, numbering, batch["extractive"][k], file, _place(where, index)))
    return {"id": ids, "document": documents, "summary": summaries}


def _flatten_paragraphs(paragraphs: list | None) -> tuple[list[str], list]:
    """One article's paragraphs of {index, sentence}: its sentences and their `index` values."""
    flat = [item for paragraph in paragraphs or [] for item in paragraph or []]
    return [item.get("sentence") or "" for item in flat], [item.get("index") for item in flat]


def _abstractive(value) -> str:
    if isinstance(value, list):  # AI Hub stores a list with one summary
        value = next((v for v in value if v), "")
    return value or ""


def _extractive(sentences: list[str], numbering, chosen: list | None, file: str, place: str) -> str:
    """The chosen sentences in document order; `numbering` gives each sentence's index as the file counts it."""
    if not chosen or any(i is None for i in chosen):
        return ""  # counted as an empty summary
    position = {number: k for k, number in enumerate(numbering)}
    bad = [i for i in chosen if i not in position]
    if bad:
        raise DataError(
            f"{file}, {place}: extractive sentence indices {bad} are outside the article's {len(sentences)} sentences; "
            "fix or remove this record (or use data.source.summary=abstractive)."
        )
    return " ".join(sentences[k].strip() for k in sorted({position[i] for i in chosen}))


def _place(where: str, index: int) -> str:
    return f"line {index + 1}" if where == "line" else f"documents[{index}]"
