"""AI Hub 요약문 및 레포트 생성 데이터 (conf/data/aihub_report.yaml): one JSON file per passage,
{"Meta(Refine)": {"passage_id", "passage", ...}, "Annotation": {"summary1", "summary2", "summary3"}, ...}, under
`Training/` and `Validation/` in summary-type subfolders (e.g. `2~3sent`, `20per`) named differently per release.
Read by hand (`Dataset.from_generator`): `load_dataset("json")` cannot reliably read one pretty-printed object per
file with keys such as "Meta(Refine)", and its errors name neither file nor key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from datasets import DatasetDict

from summarizer.data.sources.common import fill_missing_splits, from_json_files, json_files, read_json_file
from summarizer.errors import DataError

SUMMARY_FIELDS = ("summary1", "summary2", "summary3")


def aihub_report(
    root: str,
    train_folder: str = "Training",
    validation_folder: str | None = "Validation",
    test_folder: str | None = None,
    summary_types: Sequence[str] | None = None,
    summary_field: str = "summary1",
    validation_ratio: float = 0.05,
    test_ratio: float = 0.05,
    seed: int = 42,
) -> DatasetDict:
    """(id = passage_id, document = Meta(Refine).passage, summary = Annotation.<summary_field>) per file.
    `summary_types`: subfolder names to use (null = every file); a split folder set to null is cut from
    train. A file whose `summary_field` is missing or null yields an empty summary, dropped and counted.
    """
    if summary_field not in SUMMARY_FIELDS:
        raise DataError(f"data.source.summary_field={summary_field!r}: choose one of {list(SUMMARY_FIELDS)}.")
    base = Path(root).expanduser()
    folders = {"train": train_folder, "validation": validation_folder, "test": test_folder}
    splits = {}
    for split, folder in folders.items():
        if folder is None:
            continue
        files = _files_of_types(base / folder, summary_types, f"data.source.{split}_folder")
        splits[split] = from_json_files(_records, files, summary_field=summary_field)
    return fill_missing_splits(splits, {"validation": validation_ratio, "test": test_ratio}, seed)


def _files_of_types(folder: Path, summary_types: Sequence[str] | None, what: str) -> list[Path]:
    files = json_files(folder, what)
    if not summary_types:
        return files
    chosen = [f for f in files if any(t in part for part in f.relative_to(folder).parent.parts for t in summary_types)]
    if not chosen:
        found = sorted({part for f in files for part in f.relative_to(folder).parent.parts})
        raise DataError(
            f"{what}: no file under {folder} is in a folder named like {list(summary_types)}; "
            f"subfolders found: {found}. Set data.source.summary_types accordingly (null for all)."
        )
    return chosen


def _records(files: list[str], stamps: list, summary_field: str, code: str = "") -> Iterator[dict[str, str]]:
    """`stamps` and `code` are unused: they are part of the `datasets` cache key."""
    for file in map(Path, files):
        record = read_json_file(file)
        layout = record if isinstance(record, dict) else {}
        refine, annotation = layout.get("Meta(Refine)"), layout.get("Annotation")
        if not isinstance(refine, dict) or "passage" not in refine or not isinstance(annotation, dict):
            keys = sorted(record) if isinstance(record, dict) else [type(record).__name__]
            inner = f"; Meta(Refine) keys: {sorted(refine)}" if isinstance(refine, dict) else ""
            raise DataError(
                f'{file}: not the AI Hub report layout (expected "Meta(Refine)".passage and "Annotation"); '
                f"keys found: {keys}{inner}."
            )
        document, summary = refine["passage"], annotation.get(summary_field)
        for label, value in (("Meta(Refine).passage", document), (f"Annotation.{summary_field}", summary)):
            if value is not None and not isinstance(value, str):
                raise DataError(f"{file}: {label} is {type(value).__name__}, expected text.")
        yield {"id": str(refine.get("passage_id") or file.stem), "document": document or "", "summary": summary or ""}
