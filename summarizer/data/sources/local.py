"""Table-shaped local files: the bundled sample, generic JSONL/JSON/CSV/TSV, and KoBART-summarization's TSV."""

from __future__ import annotations

import csv
from pathlib import Path

from datasets import Dataset, DatasetDict, load_dataset

from summarizer.data.sources.common import (
    SPLITS,
    check_utf8,
    fill_missing_splits,
    raise_first_bad_json_line,
    require_file,
    standardise,
)
from summarizer.errors import DataError

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "bundled"
_FORMATS = {".jsonl": "json", ".json": "json", ".csv": "csv", ".tsv": "csv"}


def bundled_news() -> DatasetDict:
    """The Korean news sample shipped with the package (see summarizer/data/bundled/README.md)."""
    files = {split: str(BUNDLED_DIR / f"{split}.jsonl.gz") for split in SPLITS}
    missing = [path for path in files.values() if not Path(path).is_file()]
    if missing:
        raise DataError(
            f"The bundled corpus is missing {missing}; regenerate it with "
            "`python -m tools.synthetic_news --out summarizer/data/bundled`."
        )
    return DatasetDict(
        {
            split: standardise(load_dataset("json", data_files=path, split="train"), path, "document", "summary", "id")
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
    json_field: str | None = None,
    validation_ratio: float = 0.05,
    test_ratio: float = 0.05,
    seed: int = 42,
    quoting: int | None = None,
) -> DatasetDict:
    """JSONL / JSON / CSV / TSV files (optionally .gz); splits not given are cut from train, seeded.

    `json_field`: for a .json file holding {"<field>": [records...]} rather than a list of records.
    `quoting`: for CSV / TSV, the `csv` module's quoting mode (e.g. `csv.QUOTE_NONE` = 3); null: the reader's.
    """
    given = {"train": train, "validation": validation, "test": test}
    splits = {
        split: standardise(read_table(path, json_field=json_field, quoting=quoting), path, document_column, summary_column,
                           id_column)
        for split, path in given.items()
        if path is not None
    }
    return fill_missing_splits(splits, {"validation": validation_ratio, "test": test_ratio}, seed)


def kobart_tsv(
    train: str,
    validation: str | None = None,
    test: str | None = None,
    validation_ratio: float = 0.05,
    test_ratio: float = 0.05,
    seed: int = 42,
) -> DatasetDict:
    """seujung/KoBART-summarization's TSV: a `news` and a `summary` column, tab-separated, header line.

    Read with quoting off: a news text that starts with a quotation mark ("...") is ordinary text in these
    files, and a CSV reader would otherwise take it for a quoted field and swallow the tabs and lines after it.
    """
    return local_files(train, validation, test, document_column="news", summary_column="summary", id_column=None,
                       validation_ratio=validation_ratio, test_ratio=test_ratio, seed=seed, quoting=csv.QUOTE_NONE)


def read_table(path: str, *, json_field: str | None = None, quoting: int | None = None) -> Dataset:
    """One file as a Dataset, by extension; errors name the file (and the line where we can find it)."""
    file = require_file(path)
    suffix = Path(file.name.removesuffix(".gz")).suffix
    if suffix not in _FORMATS:
        raise DataError(f"{path}: unknown format {suffix!r}; use one of {sorted(_FORMATS)} (optionally .gz).")
    kwargs: dict = {}
    if _FORMATS[suffix] == "csv":
        # keep_default_na=False: a summary reading "NA" or "null" is text, and an empty field is "" (counted as
        # empty later), not a float NaN.
        kwargs = {"keep_default_na": False, **({"delimiter": "\t"} if suffix == ".tsv" else {})}
        if quoting is not None:
            kwargs["quoting"] = quoting
    elif json_field:
        kwargs["field"] = json_field
    check_utf8(file)
    try:
        return load_dataset(_FORMATS[suffix], data_files=str(file), split="train", **kwargs)
    except Exception as error:  # datasets/pyarrow errors do not say where; find the line ourselves
        if suffix == ".jsonl":
            raise_first_bad_json_line(file)
        hint = ""
        if _FORMATS[suffix] == "csv":
            delimiter = "tab" if suffix == ".tsv" else "comma"
            hint = (f" Every line needs as many {delimiter}-separated fields as the header: remove stray {delimiter}s "
                    "inside a text" + (" or quote the field." if suffix == ".csv" else "."))
        raise DataError(f"{path}: could not be read as {suffix[1:].upper()}: {_first_line(error)}.{hint}") from error


def _first_line(error: Exception) -> str:
    cause = error
    while cause.__cause__ is not None or cause.__context__ is not None:  # the reader's own message, not the wrapper's
        cause = cause.__cause__ or cause.__context__
    return f"{type(cause).__name__}: {str(cause).strip().splitlines()[0] if str(cause).strip() else ''}"
