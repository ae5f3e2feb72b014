"""AI Hub 문서요약 텍스트 (news) in its two public layouts, chosen by extension (conf/data/aihub_news.yaml, dacon.yaml):

- Dacon / "신문기사" JSONL, one article a line: {"id", "article_original": [...], "abstractive", "extractive": [0, 3]}
- AI Hub's JSON: {"documents": [{"id", "text": [[{"index", "sentence"}, ...], ...], "abstractive": ["..."],
  "extractive": [sentence `index` values]}, ...]}, paragraphs flattened.

The document is the sentences, one a line; the summary is `abstractive`, or with `summary=extractive` the chosen
sentences in document order (a null index, present in the public files, gives an empty summary, dropped and counted).
"""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset, DatasetDict

from summarizer.data.caching import cached_map
from summarizer.data.sources.common import (
    fill_missing_splits,
    read_json_file,
    read_table,
    require_columns,
    require_file,
)
from summarizer.errors import DataError

SUMMARY_KINDS = ("abstractive", "extractive")
# By extension: how errors name a record's place, and the column holding the article's sentences.
_LAYOUTS = {".jsonl": ("line", "article_original"), ".json": ("documents", "text")}


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
    layout = _LAYOUTS.get(Path(file.name.removesuffix(".gz")).suffix)
    if layout is None:
        raise DataError(f"{path}: expected .jsonl (Dacon layout) or .json (AI Hub layout), optionally .gz.")
    where, sentences = layout
    try:
        table = read_table(path, json_field="documents" if where == "documents" else None)
    except DataError:
        if where == "documents":  # name the line of invalid JSON, or the keys found instead of "documents"
            record = read_json_file(file)
            if not isinstance(record, dict) or not isinstance(record.get("documents"), list):
                found = sorted(record) if isinstance(record, dict) else type(record).__name__
                raise DataError(f'{file}: expected AI Hub\'s {{"documents": [...]}}; keys found: {found}.') from None
        raise
    fix = "Is this the AI Hub / Dacon news layout, and does the file have references (Dacon's test.jsonl has none)?"
    require_columns(table, file, ["id", sentences, summary], fix)
    return cached_map(
        table,
        _examples,
        batched=True,
        with_indices=True,
        fn_kwargs={"file": str(file), "summary": summary, "where": where},
        remove_columns=table.column_names,
        desc=f"examples {file.name}",
    )


def _examples(
    batch: dict[str, list], indices: list[int], file: str, summary: str, where: str, code: str = ""
) -> dict[str, list]:
    """(id, document, summary) of a batch of either layout (`code`: see summarizer.data.caching)."""
    out: dict[str, list] = {"id": [str(id_) for id_ in batch["id"]], "document": [], "summary": []}
    for k, index in enumerate(indices):
        if where == "documents":  # AI Hub layout: paragraphs of {index, sentence}, numbered by `index`
            flat = [item for paragraph in batch["text"][k] or [] for item in paragraph or []]
            sentences, numbering = [item.get("sentence") or "" for item in flat], [item.get("index") for item in flat]
        else:  # Dacon layout: a sentence list, numbered from 0
            sentences = [s or "" for s in batch["article_original"][k] or []]
            numbering = range(len(sentences))
        out["document"].append("\n".join(s.strip() for s in sentences if s.strip()))  # the file's sentences, a line each
        if summary == "abstractive":
            out["summary"].append(_abstractive(batch["abstractive"][k]))
        else:
            place = f"{file}, line {index + 1}" if where == "line" else f"{file}, documents[{index}]"
            out["summary"].append(_extractive(sentences, numbering, batch["extractive"][k], place))
    return out


def _abstractive(value) -> str:
    if isinstance(value, list):  # AI Hub stores a list with one summary
        value = next((v for v in value if v), "")
    return value or ""


def _extractive(sentences: list[str], numbering, chosen: list | None, place: str) -> str:
    """The chosen sentences in document order; `numbering` gives each sentence's index as the file counts it."""
    if not chosen or any(i is None for i in chosen):
        return ""  # counted as an empty summary
    position = {number: k for k, number in enumerate(numbering)}
    bad = [i for i in chosen if i not in position]
    if bad:
        raise DataError(
            f"{place}: extractive sentence indices {bad} are outside the article's {len(sentences)} sentences; "
            "fix or remove this record (or use data.source.summary=abstractive)."
        )
    return "\n".join(sentences[k].strip() for k in sorted({position[i] for i in chosen}))
