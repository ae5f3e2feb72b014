"""What every source shares: the split and column names, reading checks that name the file, the line and the
fix, renaming to (id, document, summary), and the seeded split of a corpus that comes without one.
"""

from __future__ import annotations

import gzip
import json
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from datasets import Dataset, DatasetDict, Features, Value, load_dataset
from datasets.exceptions import DatasetGenerationError

from summarizer.data.caching import code_digest
from summarizer.errors import DataError

SPLITS = ("train", "validation", "test")
COLUMNS = ("id", "document", "summary")
FEATURES = Features({column: Value("string") for column in COLUMNS})
TABLE_FORMATS = {".jsonl": "json", ".json": "json", ".csv": "csv", ".tsv": "csv"}
_RESAVE = "re-save the file as UTF-8 (e.g. `iconv -f cp949 -t utf-8`)."


def read_table(path: str, *, json_field: str | None = None, quoting: int | None = None) -> Dataset:
    """One file as a Dataset, by extension; errors name the file (and the line where we can find it)."""
    file = require_file(path)
    suffix = Path(file.name.removesuffix(".gz")).suffix
    if suffix not in TABLE_FORMATS:
        raise DataError(f"{path}: unknown format {suffix!r}; use one of {sorted(TABLE_FORMATS)} (optionally .gz).")
    kwargs: dict = {}
    if TABLE_FORMATS[suffix] == "csv":
        # keep_default_na=False: a summary reading "NA" or "null" is text, and an empty field is "" (counted as
        # empty later), not a float NaN.
        kwargs = {"keep_default_na": False, **({"delimiter": "\t"} if suffix == ".tsv" else {})}
        if quoting is not None:
            kwargs["quoting"] = quoting
    elif json_field:
        kwargs["field"] = json_field
    check_utf8(file)
    try:
        return load_dataset(TABLE_FORMATS[suffix], data_files=str(file), split="train", **kwargs)
    except Exception as error:  # datasets/pyarrow errors do not say where; find the line ourselves
        if suffix == ".jsonl":
            raise_first_bad_json_line(file)
        hint = ""
        if TABLE_FORMATS[suffix] == "csv":
            delimiter = "tab" if suffix == ".tsv" else "comma"
            hint = (
                f" Every line needs as many {delimiter}-separated fields as the header: remove stray {delimiter}s "
                "inside a text" + (" or quote the field." if suffix == ".csv" else ".")
            )
        raise DataError(f"{path}: could not be read as {suffix[1:].upper()}: {_first_line(error)}.{hint}") from error


def check_utf8(file: Path) -> None:
    """Fail on the first line that is not UTF-8: pyarrow loads invalid UTF-8 without complaint and fails (or
    garbles Hangul) much later. One sequential read, seconds even for a large corpus."""
    offset = 0
    with open_binary(file) as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                message = f"{file}, line {number}: not UTF-8 (byte offset {offset + error.start}); {_RESAVE}"
                raise DataError(message) from None
            offset += len(raw)


def open_binary(file: Path):
    return gzip.open(file, "rb") if file.name.endswith(".gz") else open(file, "rb")


def raise_first_bad_json_line(file: Path) -> None:
    """Find the line pyarrow choked on (its own error names neither file nor line)."""
    with open_binary(file) as handle:
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


def read_json_file(file: Path) -> Any:
    """One whole JSON file, errors naming the file and byte offset or line; a UTF-8 BOM (common in AI Hub) is fine."""
    with open_binary(file) as handle:  # .json.gz too
        data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        check_utf8(file)  # raises, naming the line: no UTF-8 sequence spans a line break, so some line fails too
        raise
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(f"{file}, line {error.lineno}: invalid JSON ({error.msg} at column {error.colno}).") from None


def json_files(folder: Path, what: str) -> list[Path]:
    """Every *.json file under `folder` (recursively), sorted so ids and splits are reproducible."""
    if not folder.is_dir():
        raise DataError(f"{what}: folder not found: {folder}.")
    files = sorted(path for path in folder.rglob("*.json") if path.is_file())
    if not files:
        raise DataError(f"{what}: no *.json files under {folder}.")
    return files


def require_file(path: str) -> Path:
    file = Path(path).expanduser()
    if not file.is_file():
        raise DataError(f"Data file not found: {path} (set data.source.<split>=... to an existing file).")
    return file


def require_columns(table: Dataset, path: str | Path, wanted: list[str], fix: str) -> None:
    missing = [column for column in wanted if column not in table.column_names]
    if missing:
        raise DataError(f"{path}: no column {missing}; columns found: {table.column_names}. {fix}")


def standardise(table: Dataset, path: str, document_column: str, summary_column: str, id_column: str | None) -> Dataset:
    """Rename to (id, document, summary), drop other columns, number rows when there is no id column."""
    wanted = [document_column, summary_column] + ([id_column] if id_column else [])
    fix = "Set data.source.document_column / summary_column / id_column to the right names."
    require_columns(table, path, wanted, fix)
    table = table.select_columns(wanted)
    if id_column is None:
        stem = Path(path).name.split(".")[0]
        table = table.add_column("id", [f"{stem}-{index:06d}" for index in range(len(table))])
    names = {id_column: "id", document_column: "document", summary_column: "summary"}
    table = table.rename_columns({old: new for old, new in names.items() if old and old != new})
    table = table.select_columns(list(COLUMNS))
    for column in (c for c in COLUMNS if table.features[c] != Value("string")):
        table = table.cast_column(column, Value("string"))
    return table


def fill_missing_splits(splits: dict[str, Dataset], ratios: dict[str, float], seed: int) -> DatasetDict:
    """Given splits stay as they are; a missing validation or test split is cut from train, seeded."""
    if "train" not in splits:
        raise DataError(f"No training split: the source gave {sorted(splits)}.")
    train, total = splits["train"], len(splits["train"])
    for split in [split for split in ("validation", "test") if split not in splits]:
        ratio = ratios[split]
        if not 0 < ratio < 1:
            raise DataError(
                f"No {split} split was given, so it is cut from train: data.source.{split}_ratio must be "
                f"between 0 and 1 (got {ratio})."
            )
        try:  # a share of the whole corpus (rounded up), whichever split is cut first
            cut = train.train_test_split(test_size=math.ceil(ratio * total), seed=seed, shuffle=True)
        except ValueError as error:
            message = f"Cannot cut a {split} split of {ratio:.0%} from {len(train)} training examples: {error}"
            raise DataError(message) from None
        train, splits[split] = cut["train"], cut["test"]
    splits["train"] = train
    return DatasetDict({split: splits[split] for split in SPLITS})


def from_json_files(generator: Callable[..., Iterator[dict[str, str]]], files: list[Path], **kwargs: Any) -> Dataset:
    """`Dataset.from_generator` over these files' (id, document, summary) records, our own errors unwrapped. The
    cache key holds the files' sizes and modification times (`stamps`) and the code digest of the generator's module
    and this one (`code`), both ignored by the generator, so an edited file or reader is read again."""
    stamps = [(stat.st_size, stat.st_mtime_ns) for stat in (file.stat() for file in files)]
    code = code_digest(generator, sys.modules[__name__])
    gen_kwargs = {"files": [str(file) for file in files], "stamps": stamps, **kwargs, "code": code}
    try:
        return Dataset.from_generator(generator, features=FEATURES, gen_kwargs=gen_kwargs)
    except DatasetGenerationError as error:
        if isinstance(error.__cause__, DataError):
            raise error.__cause__ from None
        raise


def _first_line(error: Exception) -> str:
    cause = error
    while cause.__cause__ is not None or cause.__context__ is not None:  # the reader's own message, not the wrapper's
        cause = cause.__cause__ or cause.__context__
    return f"{type(cause).__name__}: {str(cause).strip().splitlines()[0] if str(cause).strip() else ''}"
