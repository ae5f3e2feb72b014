"""`datasets` cache keys carry our code's digest: an edited reader, cleaner or tokenizer step never reuses
results cached by the old code (datasets fingerprints a module-level function by its name only)."""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset

from summarizer.data import caching
from summarizer.data.sources import aihub_news, common


def _records(files: list[str], stamps: list, code: str = "") -> object:
    for file in files:
        yield {"id": file, "document": f"{Path(file).stem}일 서울시는 예산을 발표했다.", "summary": "서울시 예산 발표"}


def _upper(batch: dict[str, list], code: str = "") -> dict[str, list]:
    return {"summary": [text.upper() for text in batch["summary"]]}


def test_code_digest_follows_the_source_of_the_function_module_and_of_the_modules_it_runs():
    digest = caching.code_digest(aihub_news._examples)
    assert len(digest) == 16 and digest == caching.code_digest(aihub_news._read)  # per module, not per function
    assert digest != caching.code_digest(common.read_table)
    assert caching.code_digest(aihub_news._examples, common) not in (digest, caching.code_digest(common.read_table))


def test_cached_map_passes_the_digest_and_an_edit_changes_the_fingerprint(monkeypatch):
    table = Dataset.from_dict({"summary": ["서울시 예산 발표", "부산시 개장 연장"]})
    seen = []
    monkeypatch.setattr(caching, "code_digest", lambda function, *modules: seen.append(modules) or "before")
    before = caching.cached_map(table, _upper, modules=(common,), batched=True)
    monkeypatch.setattr(caching, "code_digest", lambda function, *modules: "after")
    after = caching.cached_map(table, _upper, batched=True)
    assert seen == [(common,)]
    assert list(before["summary"]) == list(after["summary"]) == ["서울시 예산 발표", "부산시 개장 연장"]
    assert before._fingerprint != after._fingerprint
    monkeypatch.setattr(caching, "code_digest", lambda function, *modules: "before")
    assert caching.cached_map(table, _upper, modules=(common,), batched=True)._fingerprint == before._fingerprint


def test_from_json_files_puts_the_digest_of_the_generator_and_the_reader_module_in_the_cache_key(monkeypatch, tmp_path):
    monkeypatch.setattr("datasets.config.HF_DATASETS_CACHE", str(tmp_path))
    files = [tmp_path / f"{index}.json" for index in range(3)]
    for file in files:
        file.write_text("{}")
    calls = []

    def digest(function, *modules):
        calls.append((function, modules))
        return digest.value

    monkeypatch.setattr(common, "code_digest", digest)
    digest.value = "before"
    first = common.from_json_files(_records, files)
    again = common.from_json_files(_records, files)
    digest.value = "after"
    edited = common.from_json_files(_records, files)
    assert calls[0] == (_records, (common,))
    assert list(first["document"]) == list(edited["document"])
    assert first.cache_files[0]["filename"].startswith(str(tmp_path))
    assert first.cache_files[0]["filename"] == again.cache_files[0]["filename"]
    assert first.cache_files[0]["filename"] != edited.cache_files[0]["filename"]
