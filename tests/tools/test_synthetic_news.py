"""The bundled synthetic news corpus: reproducible, well-formed Korean, faithful, abstractive summaries."""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from collections import Counter

import pytest

from tools import synthetic_news as sn
from tools.korean_particles import PARTICLE_PAIRS

BUNDLED = sn.bundled_dir()
EXPECTED_SIZES = {"train": 5000, "validation": 250, "test": 250}
ID_PATTERN = re.compile(r"^ko-news-(train|validation|test)-\d{5}$")


@pytest.fixture(scope="module")
def corpus():
    return sn.generate_corpus()


@pytest.fixture(scope="module")
def bundled():
    return {split: sn.read_split(BUNDLED / sn.split_file_name(split)) for split in sn.SPLITS}


@pytest.fixture(scope="module")
def articles():
    return sn.generate_articles(2000, seed=7)


@pytest.fixture(scope="module")
def kiwi():
    kiwipiepy = pytest.importorskip("kiwipiepy")
    return kiwipiepy.Kiwi(load_multi_dict=False)


# --- reproducibility -------------------------------------------------------------------------


def test_committed_files_equal_a_fresh_generation(corpus):
    """Code and data never drift: regenerate with `python -m tools.synthetic_news`."""
    for split in sn.SPLITS:
        committed = (BUNDLED / sn.split_file_name(split)).read_bytes()
        assert gzip.decompress(committed) == sn.jsonl_bytes(corpus[split]), f"{split} is stale; regenerate it"


def test_committed_gzip_headers_are_timestamp_free():
    for split in sn.SPLITS:
        header = (BUNDLED / sn.split_file_name(split)).read_bytes()[:32]
        assert header[:3] == b"\x1f\x8b\x08"
        assert header[4:8] == b"\x00\x00\x00\x00", "mtime must be 0 for byte-reproducible files"
        assert header[10:].split(b"\x00")[0] == f"{split}.jsonl".encode()


def test_cli_writes_identical_bytes_twice(tmp_path):
    args = ["--train", "20", "--validation", "5", "--test", "4", "--seed", "3"]
    assert sn.main(["--out", str(tmp_path / "a"), *args]) == 0
    assert sn.main(["--out", str(tmp_path / "b"), *args]) == 0
    for split in sn.SPLITS:
        first = (tmp_path / "a" / sn.split_file_name(split)).read_bytes()
        assert first == (tmp_path / "b" / sn.split_file_name(split)).read_bytes()
    assert sn.read_split(tmp_path / "a" / "test.jsonl.gz") == sn.generate_corpus(20, 5, 4, seed=3)["test"]


def test_seed_controls_the_corpus():
    assert sn.generate_corpus(30, 2, 2, seed=1) == sn.generate_corpus(30, 2, 2, seed=1)
    assert sn.generate_corpus(30, 2, 2, seed=1)["train"] != sn.generate_corpus(30, 2, 2, seed=2)["train"]


def test_other_sizes():
    """Sizes and ids only: the generator's speed is measured by benchmarks/bench_data.py, not asserted here."""
    small = sn.generate_corpus(3, 0, 1, seed=5)
    assert [r["id"] for r in small["train"]] == ["ko-news-train-00001", "ko-news-train-00002", "ko-news-train-00003"]
    assert small["validation"] == [] and small["test"][0]["id"] == "ko-news-test-00001"
    with pytest.raises(ValueError):
        sn.generate_corpus(-1, 0, 0)


# --- structure -------------------------------------------------------------------------------


def test_split_sizes_ids_and_fields(bundled):
    for split, records in bundled.items():
        assert len(records) == EXPECTED_SIZES[split]
        assert records[0]["id"] == f"ko-news-{split}-00001"
        assert records[-1]["id"] == f"ko-news-{split}-{EXPECTED_SIZES[split]:05d}"
        for record in records:
            assert set(record) == {"id", "document", "summary", "topic"}
            assert ID_PATTERN.match(record["id"]) and record["id"].split("-")[2] == split


def test_no_document_is_shared_between_or_within_splits(bundled):
    documents = [record["document"] for records in bundled.values() for record in records]
    assert len(set(documents)) == len(documents)


def test_every_split_covers_all_topics(bundled):
    assert len(sn.TOPICS) >= 10
    for records in bundled.values():
        assert {record["topic"] for record in records} == set(sn.TOPICS)
    train_counts = Counter(record["topic"] for record in bundled["train"])
    assert min(train_counts.values()) > 0.5 * max(train_counts.values())


def test_lengths_and_compression(bundled):
    records = [record for records in bundled.values() for record in records]
    assert all(250 <= len(r["document"]) <= 700 for r in records)
    assert all(30 <= len(r["summary"]) <= 120 for r in records)
    ratios = [len(r["document"]) / len(r["summary"]) for r in records]
    assert 4.0 <= sum(ratios) / len(ratios) <= 8.0


def test_text_is_clean_nfc_with_no_template_leaks(bundled):
    leak = re.compile(r"[{}|]|None|\s{2}|^\s|\s$|\bw_")
    for records in bundled.values():
        for record in records:
            for text in (record["document"], record["summary"]):
                assert unicodedata.is_normalized("NFC", text)
                assert not leak.search(text), text


def test_bundled_json_keeps_hangul_readable():
    first_line = gzip.decompress((BUNDLED / "test.jsonl.gz").read_bytes()).split(b"\n")[0]
    assert b"\\u" not in first_line  # ensure_ascii=False
    record = json.loads(first_line)
    assert record["summary"] in first_line.decode("utf-8")


def test_articles_have_a_lead_and_four_to_six_more_sentences_ending_in_periods(articles):
    for article in articles[:300]:
        assert 5 <= len(article.sentences) <= 7
        assert article.document == " ".join(article.sentences)
        assert all(sentence.endswith(".") for sentence in article.sentences)
        assert article.summary.endswith(".")


def test_frames_offer_several_templates_per_slot():
    for frame in sn.FRAMES:
        assert len(frame.leads) >= 3 and len(frame.summaries) >= 3, frame.name
        for slot in (frame.figures, frame.quotes, frame.backgrounds, frame.schedules):
            assert len(slot) >= 2, frame.name
    assert sum(len(frame.templates) for frame in sn.FRAMES) >= 300


# --- faithfulness and abstraction ------------------------------------------------------------


def test_summary_facts_are_what_the_summary_says_and_its_numbers_are_in_the_document(articles):
    """Independent of the generator's own check (which compares template slot values with the document): the
    recorded facts must be stated in the rendered summary, and every number the summary text holds (template
    wording included) must stand in the document as a whole number, not as part of a longer one."""
    number = re.compile(r"\d+(?:[.,]\d+)*")
    checked = 0
    for article in articles:
        assert article.summary_facts, article.summary
        for fact in article.summary_facts:
            assert fact in article.summary, (fact, article.summary)
        for figure in number.findall(article.summary):
            assert re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", article.document), (figure, article)
            checked += 1
    assert checked >= len(articles)  # the summaries really state numbers


def test_summary_numbers_and_names_appear_in_the_document(bundled, kiwi):
    particle_tail = tuple("이가은는을를과와에")
    for record in bundled["test"]:
        for token in kiwi.tokenize(record["summary"]):
            if token.tag == "SN":
                assert token.form in record["document"], (token.form, record)
            if token.tag == "NNP":  # Kiwi sometimes glues a particle onto a name: 불사조에
                form = token.form[:-1] if token.form.endswith(particle_tail) else token.form
                assert form in record["document"], (token.form, record)


def _morpheme_f1(kiwi, reference: str, candidate: str) -> float:
    ref = Counter(token.form for token in kiwi.tokenize(reference))
    cand = Counter(token.form for token in kiwi.tokenize(candidate))
    overlap = sum((ref & cand).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(cand.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def test_summaries_are_abstractive_but_close_to_the_lead(bundled, kiwi):
    """Not a copy of the lead (ROUGE-1 < 100) yet sharing its facts (Lead-1 ROUGE-1 around 35-70)."""
    scores = []
    for record in bundled["test"]:
        lead = record["document"].split(". ")[0] + "."
        assert record["summary"] not in record["document"]
        scores.append(_morpheme_f1(kiwi, record["summary"], lead))
    assert max(scores) < 0.97
    assert 0.35 <= sum(scores) / len(scores) <= 0.70


# --- Korean particles in context -------------------------------------------------------------

_PAIR_BY_FORM = {form: pair for pair in PARTICLE_PAIRS for form in pair}
_RIEUL_TAKES_VOWEL_FORM = {"으로", "으로서", "으로써"}
# Written out by hand: final consonant of the Sino-Korean reading of a last digit ("" = none).
_DIGIT_FINALS = {"1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}


def _final_sound(text: str, end: int) -> str | None:
    """'' (vowel), 'ㄹ', 'C' (other consonant) or None (not checked) for the word ending at ``end``."""
    index = end - 1
    while index >= 0 and text[index] in "’”'\")":
        index = text.rfind("(", 0, index) - 1 if text[index] == ")" else index - 1
    if index < 0 or text[index] == " ":
        return None
    char = text[index]
    if "가" <= char <= "힣":
        final = (ord(char) - 0xAC00) % 28
        return "" if final == 0 else "ㄹ" if final == 8 else "C"
    if char in _DIGIT_FINALS:
        final = _DIGIT_FINALS[char]
        return "ㄹ" if final == "ㄹ" else "C" if final else ""
    return "" if char in "%㎡" else None


def _particle_errors(kiwi, sentence: str) -> tuple[int, list[tuple[str, str, str]]]:
    checked, errors = 0, []
    for token in kiwi.tokenize(sentence):
        if not token.tag.startswith("J") or token.form not in _PAIR_BY_FORM:
            continue
        final = _final_sound(sentence, token.start)
        if final is None:
            continue
        after_consonant, after_vowel = _PAIR_BY_FORM[token.form]
        vowel_like = final == "" or (final == "ㄹ" and after_consonant in _RIEUL_TAKES_VOWEL_FORM)
        expected = after_vowel if vowel_like else after_consonant
        checked += 1
        if token.form != expected:
            errors.append((sentence, token.form, expected))
    return checked, errors


def test_particle_checker_catches_wrong_particles(kiwi):
    assert _particle_errors(kiwi, "서울으로 갔다.")[1] == [("서울으로 갔다.", "으로", "로")]
    assert _particle_errors(kiwi, "공장를 지었다.")[1] == [("공장를 지었다.", "를", "을")]
    assert _particle_errors(kiwi, "부산으로 갔다.") == (1, [])


def test_particles_agree_with_the_final_sound_in_a_sample_of_sentences(bundled, kiwi):
    rng = random.Random(0)
    sentences = []
    for record in rng.sample(bundled["train"], 40):
        sentences.extend(record["document"].split(". "))
        sentences.append(record["summary"])
    sentences = sentences[:200]
    assert len(sentences) == 200
    checked, errors = 0, []
    for sentence in sentences:
        count, found = _particle_errors(kiwi, sentence)
        checked += count
        errors.extend(found)
    assert errors == []
    assert checked >= 300  # the sample really exercises particles


# --- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(300, "300"), (1050, "1천50"), (15000, "1만5천"), (120000000000, "1천200억"), (3500000000000, "3조5천억"),
     (0, "0"), (10000, "1만"), (98000000, "9천800만")],
)
def test_korean_number_uses_news_style(value, expected):
    assert sn.korean_number(value) == expected


def test_amount_and_count_formats():
    assert sn.won_in_eok(1200) == "1천200억 원"
    assert sn.won_in_eok(23000) == "2조3천억 원"
    assert sn.count_of(15000) == "1만5천 명"
    assert sn.count_of(12, "곳") == "12곳"
    assert sn.percent(35, 0) == "35%"
    assert sn.points(0.25) == "0.25%포인트"


def test_template_renders_particles_by_pronunciation():
    template = sn.Template.parse("{city|으로} 가는 {n|이} 늘었다.")
    assert template.slots == ("city", "n")
    assert template.render({"city": "서울", "n": "3%"}) == "서울로 가는 3%가 늘었다."
    assert template.render({"city": "부산", "n": "1천 명"}) == "부산으로 가는 1천 명이 늘었다."
    with pytest.raises(KeyError):
        template.render({"city": "서울"})
