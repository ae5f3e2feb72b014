"""Generic local files and the bundled sample become (id, document, summary) splits."""

from __future__ import annotations

import csv
import gzip
import json

import pytest

from summarizer.data.sources.common import COLUMNS, SPLITS
from summarizer.data.sources.local import local_files
from summarizer.errors import DataError
from tests.conftest import KOREAN_EXAMPLES


def test_jsonl_with_only_train_is_split_with_a_seed(korean_jsonl):
    first = local_files(str(korean_jsonl), validation_ratio=0.1, test_ratio=0.1, seed=1)
    again = local_files(str(korean_jsonl), validation_ratio=0.1, test_ratio=0.1, seed=1)
    assert list(first) == list(SPLITS)
    assert sum(len(first[s]) for s in SPLITS) == 30
    assert len(first["test"]) == 3
    assert first["test"]["id"] == again["test"]["id"]
    assert first["train"].column_names == list(COLUMNS)
    assert any("서울시" in text for split in SPLITS for text in first[split]["document"])


def test_csv_and_tsv_with_other_column_names_and_ids(tmp_path):
    for suffix, delimiter in ((".csv", ","), (".tsv", "\t")):
        file = tmp_path / f"news{suffix}"
        with file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(["news", "summary_text", "key"])
            for index, example in enumerate(KOREAN_EXAMPLES):
                writer.writerow([example["document"], example["summary"], 100 + index])
        splits = local_files(
            str(file),
            validation=str(file),
            test=str(file),
            document_column="news",
            summary_column="summary_text",
            id_column="key",
        )
        assert splits["test"]["id"] == ["100", "101", "102"]
        assert splits["test"]["summary"][1] == KOREAN_EXAMPLES[1]["summary"]


def test_gzipped_jsonl_loads(tmp_path):
    file = tmp_path / "news.jsonl.gz"
    with gzip.open(file, "wt", encoding="utf-8") as handle:
        for example in KOREAN_EXAMPLES * 10:
            handle.write(json.dumps(example, ensure_ascii=False) + "\n")
    assert len(local_files(str(file), test_ratio=0.1, validation_ratio=0.1)["train"]) == 24


def test_missing_column_lists_the_columns_found(korean_jsonl):
    with pytest.raises(DataError, match=r"no column \['article'\]; columns found: \['document', 'summary'\]"):
        local_files(str(korean_jsonl), document_column="article")


def test_malformed_json_line_names_file_and_line(tmp_path):
    file = tmp_path / "broken.jsonl"
    lines = [json.dumps(e, ensure_ascii=False) for e in KOREAN_EXAMPLES]
    lines.insert(2, '{"document": "잘린 줄", "summary": ')
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"broken.jsonl, line 3: invalid JSON"):
        local_files(str(file))


def test_non_utf8_file_names_file_and_line(tmp_path):
    file = tmp_path / "euckr.jsonl"
    good = json.dumps(KOREAN_EXAMPLES[0], ensure_ascii=False) + "\n"
    file.write_bytes(good.encode("utf-8") + good.encode("euc-kr"))
    with pytest.raises(DataError, match=r"euckr.jsonl, line 2: not UTF-8 \(byte offset \d+\)"):
        local_files(str(file))


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(DataError, match="Data file not found"):
        local_files(str(tmp_path / "nope.jsonl"))
    (tmp_path / "news.parquetx").write_text("x")
    with pytest.raises(DataError, match="unknown format"):
        local_files(str(tmp_path / "news.parquetx"))


def test_a_malformed_line_names_the_column_where_json_broke(tmp_path):
    """Issue 13.10: the column in the message is where the JSON broke (in characters), not 1."""
    good = json.dumps(KOREAN_EXAMPLES[0], ensure_ascii=False)
    bad = '{"document": "' + "가" * 370 + '", "summary" "빠진 쌍점"}'  # broken at column 398
    file = tmp_path / "broken.jsonl"
    file.write_text(f"{good}\n{bad}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"broken.jsonl, line 2: invalid JSON \(Expecting ':' delimiter at column 398\)"):
        local_files(str(file))
