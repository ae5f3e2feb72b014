"""Data sources: each returns a DatasetDict with train/validation/test splits of (id, document, summary).

A source is chosen by `data.source._target_` in `conf/data/*.yaml`; its other keys are this function's
arguments.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from datasets import Dataset, DatasetDict, Value, load_dataset

from summarizer.errors import DataError

SPLITS = ("train", "validation", "test")
COLUMNS = ("id", "document", "summary")
BUNDLED_DIR = Path(__file__).parent / "bundled"
_FORMATS = {".jsonl": "json", ".json": "json", ".csv": "csv", ".tsv": "csv"}


def bundled_news() -> DatasetDict:
    """The Korean news sample shipped with the package (see summarizer/data/bundled/README.md)."""
    files = {split: str(BUNDLED_DIR / f"{split}.jsonl.gz") for split in SPLITS}
    missing = [path for path in files.values() if not Path(path).is_file()]
    if missing:
        raise DataError(
            f"The bundled corpus is missing {missing}; regenerate it with "
            "`python -m summarizer.data.synthetic_news --out summarizer/data/bundled`."
        )
    return DatasetDict(
        {
            split: _standardise(load_dataset("json", data_files=path, split="train"), path, "document", "summary", "id")
            for split, path in files.items()
        }
    )


def local_files(
    train: str,
    validation: str | None = None,
    test: str | None = None,
    document_column: str = "document",
    summary_column: str = "summary",
    id_column: str | None = None,
    validation_ratio: float = 0.05,
    test_ratio: float = 0.05,
    seed: int = 42,
) -> DatasetDict:
    """JSONL / JSON / CSV / TSV files (optionally .gz); splits not given are cut from train, seeded."""
    given = {"train": train, "validation": validation, "test": test}
    splits = {
        split: _standardise(_read_table(path), path, document_column, summary_column, id_column)
        for split, path in given.items()
        if path is not None
    }
    return _fill_missing_splits(splits, {"validation": validation_ratio, "test": test_ratio}, seed)


def _read_table(path: str) -> Dataset:
    file = Path(path).expanduser()
    if not file.is_file():
        raise DataError(f"Data file not found: {path} (set data.source.<split>=... to an existing file).")
    suffix = Path(file.name.removesuffix(".gz")).suffix
    if suffix not in _FORMATS:
        raise DataError(f"{path}: unknown format {suffix!r}; use one of {sorted(_FORMATS)} (optionally .gz).")
    kwargs = {"delimiter": "\t"} if suffix == ".tsv" else {}
    check_utf8(file)
    try:
        return load_dataset(_FORMATS[suffix], data_files=str(file), split="train", **kwargs)
    except Exception as error:  # datasets/pyarrow errors do not say where; find the line ourselves
        if suffix == ".jsonl":
            _raise_first_bad_json_line(file)
        raise DataError(f"{path}: could not be read as {suffix[1:].upper()}: {error}") from error


def check_utf8(file: Path) -> None:
    """Fail on the first line that is not UTF-8.

    pyarrow loads invalid UTF-8 without complaint and fails (or garbles Hangul) much later, so the bytes
    are checked up front: one sequential read, seconds even for a large corpus.
    """
    offset = 0
    with _open_binary(file) as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise DataError(
                    f"{file}, line {number}: not UTF-8 (byte offset {offset + error.start}); "
                    "re-save the file as UTF-8 (e.g. `iconv -f cp949 -t utf-8`)."
                ) from None
            offset += len(raw)


def _open_binary(file: Path):
    return gzip.open(file, "rb") if file.name.endswith(".gz") else open(file, "rb")


def _raise_first_bad_json_line(file: Path) -> None:
    with _open_binary(file) as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.decode("utf-8")
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                raise DataError(f"{file}, line {number}: invalid JSON ({error.msg} at column {error.colno}).") from None
            if not isinstance(record, dict):
                raise DataError(f"{file}, line {number}: expected a JSON object per line, got {type(record).__name__}.")


def _standardise(table: Dataset, path: str, document_column: str, summary_column: str, id_column: str | None) -> Dataset:
    """Rename to (id, document, summary), drop other columns, number rows when there is no id column."""
    wanted = [document_column, summary_column] + ([id_column] if id_column else [])
    missing = [column for column in wanted if column not in table.column_names]
    if missing:
        raise DataError(
            f"{path}: no column {missing}; columns found: {table.column_names}. "
            "Set data.source.document_column / summary_column / id_column to the right names."
        )
    table = table.select_columns(wanted)
    if id_column is None:
        stem = Path(path).name.split(".")[0]
        table = table.add_column("id", [f"{stem}-{index:06d}" for index in range(len(table))])
    else:
        table = table.rename_column(id_column, "id") if id_column != "id" else table
        table = table.cast_column("id", Value("string"))
    if document_column != "document":
        table = table.rename_column(document_column, "document")
    if summary_column != "summary":
        table = table.rename_column(summary_column, "summary")
    return table.select_columns(list(COLUMNS))


def _fill_missing_splits(splits: dict[str, Dataset], ratios: dict[str, float], seed: int) -> DatasetDict:
    train = splits["train"]
    for split in ("validation", "test"):
        if split in splits:
            continue
        cut = train.train_test_split(test_size=ratios[split], seed=seed, shuffle=True)
        train, splits[split] = cut["train"], cut["test"]
    splits["train"] = train
    return DatasetDict({split: splits[split] for split in SPLITS})
