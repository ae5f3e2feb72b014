"""Bad input in every layout: the error names the file and the line, byte offset or keys, and the fix."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from datasets import Dataset, DatasetDict

from summarizer import hub
from summarizer.data.sources import hub as hub_source
from summarizer.data.sources.aihub_news import aihub_news
from summarizer.data.sources.aihub_report import aihub_report
from summarizer.data.sources.hub import hub_dataset
from summarizer.data.sources.local import kobart_tsv, local_files
from summarizer.data.sources.sci_news import sci_news
from summarizer.errors import DataError, HubUnavailableError

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = ["서울시는 22일 청년 월세 지원을 늘린다고 밝혔다.", "지원 금액은 월 최대 20만 원이다."]


def dacon_line(**changes) -> str:
    record = {
        "media": "테스트일보",
        "id": "1",
        "article_original": ARTICLE,
        "abstractive": "서울시, 청년 월세 지원 확대",
        "extractive": [0],
    }
    record.update(changes)
    return json.dumps(record, ensure_ascii=False) + "\n"


# --- JSON lines --------------------------------------------------------------------------------------------


def test_dacon_malformed_line_names_file_and_line(tmp_path):
    file = tmp_path / "train.jsonl"
    file.write_text(
        dacon_line() + dacon_line(id="2") + '{"id": "3", "article_original": ["잘린 줄"\n', encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"train.jsonl, line 3: invalid JSON"):
        aihub_news(str(file))


def test_dacon_extractive_index_out_of_range_names_file_and_line(tmp_path):
    file = tmp_path / "train.jsonl"
    file.write_text(dacon_line() + dacon_line(id="2", extractive=[0, 7]), encoding="utf-8")
    with pytest.raises(
        DataError,
        match=r"train.jsonl, line 2: extractive sentence indices \[7\] are outside the "
        r"article's 2 sentences",
    ):
        aihub_news(str(file), summary="extractive")


def test_dacon_null_extractive_index_gives_an_empty_summary_to_be_counted(tmp_path):
    file = tmp_path / "train.jsonl"
    file.write_text(
        "".join(dacon_line(id=str(i), extractive=[0, None] if i == 0 else [1]) for i in range(4)), encoding="utf-8"
    )
    splits = aihub_news(str(file), str(file), str(file), summary="extractive")
    assert [row["summary"] for row in splits["test"]] == ["", *["지원 금액은 월 최대 20만 원이다."] * 3]


def test_dacon_missing_column_lists_columns_found(tmp_path):
    file = tmp_path / "test.jsonl"  # Dacon's test file: no references
    file.write_text(
        json.dumps({"id": "1", "media": "테스트일보", "article_original": ARTICLE}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=r"no column \['abstractive'\]; columns found: \['id', 'media', 'article_original'\]"
    ):
        aihub_news(str(file))


def test_dacon_non_utf8_names_file_and_byte_offset(tmp_path):
    file = tmp_path / "train.jsonl"
    first = dacon_line().encode("utf-8")
    file.write_bytes(first + dacon_line(id="2").encode("cp949"))
    with pytest.raises(DataError, match=rf"train.jsonl, line 2: not UTF-8 \(byte offset {len(first) + 11}\)"):
        aihub_news(str(file))


def test_aihub_news_json_out_of_range_names_file_and_document(tmp_path):
    record = {
        "documents": [
            {
                "id": "9",
                "text": [[{"index": 0, "sentence": ARTICLE[0]}], [{"index": 1, "sentence": ARTICLE[1]}]],
                "abstractive": ["요약"],
                "extractive": [1, 2],
            }
        ]
    }
    file = tmp_path / "valid_original.json"
    file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match=r"valid_original.json, documents\[0\]: extractive sentence indices \[2\]"):
        aihub_news(str(file), str(file), str(file), summary="extractive")


def test_aihub_news_json_malformed_or_other_layout(tmp_path):
    file = tmp_path / "train_original.json"
    file.write_text(
        '{"documents": [\n  {"id": "1", "text": [[{"index": 0, "sentence": "문장"}]]\n  {"id": "2"}\n]}',
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"train_original.json, line 3: invalid JSON"):
        aihub_news(str(file))
    file.write_text(json.dumps({"data": [{"id": "1"}]}), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"train_original.json: expected AI Hub's \{\"documents\": \[...\]\}; keys found: \['data'\]"
    ):
        aihub_news(str(file))


# --- per-document JSON folders -----------------------------------------------------------------------------


def copy_report_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "report"
    shutil.copytree(FIXTURES / "aihub_report", root)
    return root


def test_aihub_report_malformed_file_names_file_and_line(tmp_path):
    root = copy_report_fixture(tmp_path)
    broken = root / "Validation" / "2~3sent" / "news" / "REPORT-news_r-00005.json"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace('"Annotation": {', '"Annotation": {,'), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"REPORT-news_r-00005.json, line \d+: invalid JSON"):
        aihub_report(str(root))


def test_aihub_report_non_utf8_file_names_file_and_byte_offset(tmp_path):
    root = copy_report_fixture(tmp_path)
    file = root / "Training" / "2~3sent" / "news" / "REPORT-news_r-00002.json"
    file.write_bytes(b'{"Meta(Refine)": {"passage": "' + "기상청".encode("cp949") + b'"}}')
    with pytest.raises(DataError, match=r"REPORT-news_r-00002.json, line 1: not UTF-8 \(byte offset 30\)"):
        aihub_report(str(root))


def test_aihub_report_wrong_layout_lists_the_keys_found(tmp_path):
    root = copy_report_fixture(tmp_path)
    file = root / "Training" / "2~3sent" / "news" / "REPORT-news_r-00003.json"
    file.write_text(
        json.dumps({"Meta(Refine)": {"text": "본문"}, "Annotation": {"summary1": "요약"}}, ensure_ascii=False),
        encoding="utf-8",
    )
    with pytest.raises(
        DataError,
        match=r"REPORT-news_r-00003.json: not the AI Hub report layout .*keys found: "
        r"\['Annotation', 'Meta\(Refine\)'\]; Meta\(Refine\) keys: \['text'\]",
    ):
        aihub_report(str(root))


def test_aihub_report_unknown_subfolder_and_summary_field(tmp_path):
    with pytest.raises(
        DataError,
        match=r"no file under .*Training is in a folder named like \['5sent'\]; "
        r"subfolders found: \['20per', '2~3sent', 'news'\]",
    ):
        aihub_report(str(FIXTURES / "aihub_report"), summary_types=["5sent"])
    with pytest.raises(DataError, match=r"summary_field='summary4'"):
        aihub_report(str(FIXTURES / "aihub_report"), summary_field="summary4")
    with pytest.raises(DataError, match=r"folder not found: .*Valid"):
        aihub_report(str(FIXTURES / "aihub_report"), validation_folder="Valid")


def test_aihub_report_an_edited_file_is_read_again(tmp_path):
    root = copy_report_fixture(tmp_path)
    before = aihub_report(str(root), summary_types=["2~3sent"], test_ratio=0.3, seed=1)
    file = root / "Validation" / "2~3sent" / "news" / "REPORT-news_r-00005.json"
    record = json.loads(file.read_text(encoding="utf-8"))
    record["Annotation"]["summary1"] = "부산시, 해운대 해수욕장 개장 연장"
    file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    after = aihub_report(str(root), summary_types=["2~3sent"], test_ratio=0.3, seed=1)
    assert "부산시, 해운대 해수욕장 개장 연장" not in before["validation"]["summary"]
    assert "부산시, 해운대 해수욕장 개장 연장" in list(after["validation"]["summary"])


def test_sci_news_index_out_of_range_names_the_file(tmp_path):
    shutil.copytree(FIXTURES / "sci_news", tmp_path / "sci")
    (tmp_path / "sci" / "03.json").write_text(
        json.dumps({"title": "금리", "sentences": ARTICLE, "summaries": [0, 5]}, ensure_ascii=False), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"03.json: summary indices \[5\] are outside the 2 sentences \(valid: 0..1\)"):
        sci_news(str(tmp_path / "sci"))


def test_sci_news_missing_keys_are_listed(tmp_path):
    (tmp_path / "01.json").write_text(
        json.dumps({"title": "제목", "body": "본문"}, ensure_ascii=False), encoding="utf-8"
    )
    with pytest.raises(
        DataError, match=r"01.json: not the sci-news-sum-kr-50 layout .*keys found: \['body', 'title'\]"
    ):
        sci_news(str(tmp_path))


# --- TSV / CSV ---------------------------------------------------------------------------------------------


def test_kobart_tsv_wrong_header_lists_columns_and_extra_tab_names_the_line(tmp_path):
    file = tmp_path / "train.tsv"
    file.write_text("document\tsummary\n서울시는 발표했다.\t서울시 발표\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"no column \['news'\]; columns found: \['document', 'summary'\]"):
        kobart_tsv(str(file))
    file.write_text("news\tsummary\n서울시는 발표했다.\t서울시 발표\n부산시는\t발표\t했다\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"train.tsv: could not be read as TSV: .*Expected 2 fields in line 3, saw 3"):
        kobart_tsv(str(file))


def test_csv_empty_field_and_the_text_na_stay_strings(tmp_path):
    file = tmp_path / "news.csv"
    file.write_text("document,summary\n서울시는 발표했다.,NA\n부산시는 발표했다.,\n", encoding="utf-8")
    splits = local_files(str(file), str(file), str(file))
    assert list(splits["test"]["summary"]) == ["NA", ""]


# --- Hub ---------------------------------------------------------------------------------------------------


def test_hub_dataset_offline_fails_fast_naming_data_source_name(monkeypatch):
    monkeypatch.setattr(hub, "_probe_hub", lambda: "ConnectError: [Errno -2] Name or service not known")
    monkeypatch.setattr(hub, "try_to_load_from_cache", lambda repo_id, filename, **kwargs: None)
    monkeypatch.setattr(hub_source, "load_dataset", lambda *a, **k: pytest.fail("tried to download"))
    started = time.perf_counter()
    with pytest.raises(HubUnavailableError) as caught:
        hub_dataset("daekeun-ml/naver-news-summarization-ko")
    assert time.perf_counter() - started < 2
    message = str(caught.value)
    assert "Cannot load the dataset 'daekeun-ml/naver-news-summarization-ko'" in message
    assert "data.source.name=/path/to/dir" in message
    assert "hf download daekeun-ml/naver-news-summarization-ko --repo-type dataset --local-dir /path/to/dir" in message
    assert "python run.py data=bundled" in message


def test_hub_dataset_in_the_hub_cache_loads_offline(monkeypatch, tmp_path):
    """HF_HUB_OFFLINE with the dataset's card in the Hub cache: no error, `load_dataset` reads the cached copy."""
    name = "daekeun-ml/naver-news-summarization-ko"
    snapshot = tmp_path / "datasets--daekeun-ml--naver-news-summarization-ko" / "snapshots" / ("0" * 40)
    snapshot.mkdir(parents=True)
    (snapshot / "README.md").write_text("---\n", encoding="utf-8")
    (snapshot.parents[1] / "refs").mkdir()
    (snapshot.parents[1] / "refs" / "main").write_text("0" * 40)
    monkeypatch.setattr(hub.constants, "HF_HUB_CACHE", str(tmp_path))
    monkeypatch.setattr(hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub, "_probe_hub", lambda: pytest.fail("probed the network despite HF_HUB_OFFLINE"))
    table = Dataset.from_dict(
        {"document": ["서울시는 청년 월세 지원을 늘린다고 밝혔다."] * 4, "summary": ["청년 월세 지원 확대"] * 4}
    )
    loaded = []
    monkeypatch.setattr(
        hub_source,
        "load_dataset",
        lambda *args, **kwargs: (
            loaded.append(args) or DatasetDict({"train": table, "validation": table, "test": table})
        ),
    )
    splits = hub_dataset(name)
    assert loaded == [(name, None)]
    assert list(splits["test"]["summary"]) == ["청년 월세 지원 확대"] * 4


def test_hub_dataset_missing_local_directory(tmp_path):
    with pytest.raises(DataError, match="no such directory"):
        hub_dataset(str(tmp_path / "absent"))


@pytest.mark.parametrize("name", ["train.json", "train.json.gz"])
def test_aihub_json_non_utf8_names_the_line(tmp_path, name):
    """An AI Hub .json saved in CP949 (plain or gzipped): the error names the file and the line, as for JSONL."""
    import gzip

    text = '{"documents": [\n{"id": "1", "text": "' + "가나다" + '"}]}\n'
    first, rest = text.split("\n", 1)
    data = (first + "\n").encode("utf-8") + rest.encode("cp949")
    file = tmp_path / name
    file.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    with pytest.raises(DataError, match=rf"{name}, line 2: not UTF-8 \(byte offset {len(first) + 1 + 21}\)"):
        aihub_news(str(file))
