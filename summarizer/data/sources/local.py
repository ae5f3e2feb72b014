"""Table-shaped local files: the bundled sample, generic JSONL/JSON/CSV/TSV, and KoBART-summarization's TSV."""

from __future__ import annotations

import csv
from pathlib import Path

from datasets import DatasetDict

from summarizer.data.sources.common import SPLITS, fill_missing_splits, read_table, standardise
from summarizer.errors import DataError

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "bundled"


def bundled_news() -> DatasetDict:
    """The Korean news sample shipped with the package (see summarizer/data/bundled/README.md)."""
    files = [BUNDLED_DIR / f"{split}.jsonl.gz" for split in SPLITS]
    missing = [str(file) for file in files if not file.is_file()]
    if missing:
        raise DataError(
            f"The bundled corpus is missing {missing}; regenerate it with "
            "`python -m tools.synthetic_news --out summarizer/data/bundled`."
        )
    return local_files(*(str(file) for file in files), id_column="id")


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
    columns = (document_column, summary_column, id_column)
    given = {"train": train, "validation": validation, "test": test}
    splits = {
        split: standardise(read_table(path, json_field=json_field, quoting=quoting), path, *columns)
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
    """seujung/KoBART-summarization's TSV: a `news` and a `summary` column, tab-separated, header line. Read with
    quoting off: a news text starting with a quotation mark ("...") is ordinary text in these files, which a CSV
    reader would take for a quoted field, swallowing the tabs and lines after it."""
    splitting = {"validation_ratio": validation_ratio, "test_ratio": test_ratio, "seed": seed}
    return local_files(train, validation, test, document_column="news", quoting=csv.QUOTE_NONE, **splitting)
