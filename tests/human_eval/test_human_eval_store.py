"""The store: the same tests on SQLite and on a real PostgreSQL server (conftest.db_url)."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from summarizer.human_eval.errors import (
    AnnotatorNotJoined,
    ExampleNotInStudy,
    InvalidRating,
    RatingConflict,
    StoreUnavailable,
    StudyExists,
    StudyNotFound,
)
from summarizer.human_eval.store import Store
from tests.human_eval.conftest import add_study, free_port


def _all_items(store, name, annotator):
    return store.items(name, annotator)


def test_schema_is_created_on_first_use_and_a_study_reads_back(store, db_url):
    assert store.study_names() == []
    add_study(store, "첫 연구", count=3)
    reopened = Store(db_url)  # a second process opening the same database finds the study
    assert reopened.study_names() == ["첫 연구"]
    study = reopened.study("첫 연구")
    assert (study["system_a"], study["system_b"], study["examples"], study["sampling"]) == ("run-a", "run-b", 3, "random")
    examples = reopened.examples("첫 연구")
    assert [e["id"] for e in examples] == ["ex-00", "ex-01", "ex-02"]
    assert examples[1]["document"] == "문서 1: 서울시는 예산을 늘렸다." and examples[1]["scores_a"] == {"rougeL_kiwi": 0.1}
    reopened.close()


def test_unknown_study_names_the_studies_there(store):
    add_study(store, "alpha")
    with pytest.raises(StudyNotFound, match=r"no study named 'beta'.*\['alpha'\]"):
        store.study("beta")
    with pytest.raises(StudyNotFound):
        store.join("beta", "kim")


def test_a_study_name_is_never_silently_replaced(store):
    add_study(store, "alpha", count=2)
    with pytest.raises(StudyExists, match="'alpha' already exists.*another --name"):
        add_study(store, "alpha", count=5)
    assert store.study("alpha")["examples"] == 2


def test_joining_draws_a_stored_left_right_order_per_annotator(store):
    add_study(store, count=40)
    assert store.join("s", "kim").done == 0
    first = [i.left for i in _all_items(store, "s", "kim")]
    assert store.join("s", "  kim ").total == 40  # joining again (name trimmed) changes nothing
    assert [i.left for i in _all_items(store, "s", "kim")] == first
    lefts = [text[0] for text in first]
    assert 10 < lefts.count("A") < 30  # both orders drawn (40 fair coin flips)
    store.join("s", "lee")
    assert [i.left[0] for i in _all_items(store, "s", "lee")] != lefts  # each annotator their own draw


def test_next_item_resumes_in_study_order(store):
    add_study(store, count=3)
    store.join("s", "kim")
    item = store.next_item("s", "kim")
    assert item.example_id == "ex-00" and {item.left, item.right} == {"A0 요약", "B0 요약"}
    assert store.next_item("s", "kim") == item  # a reload (or a second browser) gets the same example
    store.submit("s", "kim", "ex-00", "tie")
    assert store.next_item("s", "kim").example_id == "ex-01"
    store.submit("s", "kim", "ex-02", "left")
    assert store.next_item("s", "kim").example_id == "ex-01"  # the first unrated one
    store.submit("s", "kim", "ex-01", "right")
    assert store.next_item("s", "kim") is None
    assert store.progress("s", "kim").done == 3


def test_left_and_right_are_stored_as_systems(store):
    add_study(store, count=6)
    store.join("s", "kim")
    for item in _all_items(store, "s", "kim"):
        store.submit("s", "kim", item.example_id, "left", flags_left=["repetition"], flags_right=["factual_error"])
    for row in store.ratings("s"):
        left = row["left_system"]
        right = "B" if left == "A" else "A"
        assert row["preference"] == left
        assert row[f"repetition_{left}"] and not row[f"repetition_{right}"]
        assert row[f"factual_error_{right}"] and not row[f"factual_error_{left}"]
    assert {row["left_system"] for row in store.ratings("s")} <= {"A", "B"}


def test_a_double_submission_is_idempotent_and_a_different_one_refused(store):
    add_study(store, count=2)
    store.join("s", "kim")
    assert store.submit("s", "kim", "ex-00", "left", ["repetition"], [], " 좋음 ") == "recorded"
    assert store.submit("s", "kim", "ex-00", "left", ["repetition"], [], "좋음") == "duplicate"
    with pytest.raises(RatingConflict, match="'kim' already rated example 'ex-00'.*first rating stands"):
        store.submit("s", "kim", "ex-00", "right")
    rows = store.ratings("s")
    assert len(rows) == 1 and rows[0]["comment"] == "좋음"


def test_two_browsers_submitting_at_once_store_one_rating(store):
    add_study(store, count=1)
    store.join("s", "kim")
    results, barrier = [], threading.Barrier(4)

    def submit():
        barrier.wait()
        results.append(store.submit("s", "kim", "ex-00", "tie"))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["duplicate"] * 3 + ["recorded"]
    assert len(store.ratings("s")) == 1


def test_annotators_cannot_overwrite_each_other(store):
    add_study(store, count=1)
    for name in ("kim", "lee"):
        store.join("s", name)
    store.submit("s", "kim", "ex-00", "tie")
    lee_left = _all_items(store, "s", "lee")[0].left[0]
    store.submit("s", "lee", "ex-00", "left")
    rows = {row["annotator"]: row["preference"] for row in store.ratings("s")}
    assert rows == {"kim": "tie", "lee": lee_left}


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_annotator_name_is_refused(store, name):
    add_study(store)
    with pytest.raises(InvalidRating, match="annotator name is empty"):
        store.join("s", name)


def test_bad_ratings_are_refused_with_what_is_wrong(store):
    add_study(store, count=2)
    with pytest.raises(AnnotatorNotJoined, match="'kim' has not joined"):
        store.submit("s", "kim", "ex-00", "left")
    store.join("s", "kim")
    with pytest.raises(ExampleNotInStudy, match=r"example 'ex-99' is not in study 's' \(2 examples\)"):
        store.submit("s", "kim", "ex-99", "left")
    with pytest.raises(InvalidRating, match="preference must be one of"):
        store.submit("s", "kim", "ex-00", "A")
    with pytest.raises(InvalidRating, match="unknown flag 'typo'"):
        store.submit("s", "kim", "ex-00", "left", ["typo"])
    assert store.ratings("s") == []


def test_an_unreachable_server_is_named_with_its_password_masked():
    url = f"postgresql+psycopg2://rater:s3cret@127.0.0.1:{free_port()}/study"
    with pytest.raises(StoreUnavailable) as raised:
        Store(url, timeout=2)
    message = str(raised.value)
    assert "postgresql+psycopg2://rater:***@127.0.0.1" in message and "unreachable or locked" in message
    assert "s3cret" not in message


def test_not_a_url_is_refused():
    with pytest.raises(StoreUnavailable, match="'outputs/x.db' is not a database URL"):
        Store("outputs/x.db")


def test_a_locked_sqlite_file_is_reported_and_the_rating_goes_in_once_free(tmp_path):
    url = f"sqlite:///{tmp_path / 'he.db'}"
    store = Store(url, timeout=0.2)
    add_study(store, count=1)
    store.join("s", "kim")
    other = sqlite3.connect(tmp_path / "he.db")
    other.execute("BEGIN EXCLUSIVE")  # another writer holds the file
    with pytest.raises(StoreUnavailable, match=r"sqlite:///.*he\.db is unreachable or locked \(database is locked\)"):
        store.submit("s", "kim", "ex-00", "tie")
    other.rollback()
    other.close()
    assert store.submit("s", "kim", "ex-00", "tie") == "recorded"  # the page's retry
    assert len(store.ratings("s")) == 1
