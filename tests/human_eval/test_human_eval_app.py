"""The rating app's HTTP API: blind, idempotent, 4xx with a message for every bad request, nothing lost when
the server is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from summarizer.analysis.fonts import bundled_font_path
from summarizer.human_eval.app import STATIC, create_app
from summarizer.human_eval.store import Store
from tests.conftest import REPO
from tests.human_eval.conftest import add_study, free_port


@pytest.fixture
def store(tmp_path):
    """The app on SQLite: the store's own tests cover PostgreSQL (test_human_eval_store.py)."""
    store = Store(f"sqlite:///{tmp_path / 'he.db'}")
    yield store
    store.close()


@pytest.fixture
def client(store):
    add_study(store, "s", count=3)
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        yield client


def test_the_page_and_its_static_files_are_served_without_any_cdn(client):
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="ko">' in page.text
    for asset in ("static/rating.css", "static/rating.js"):
        assert f'"{asset}"' in page.text and client.get(f"/{asset}").status_code == 200
    font = client.get("/fonts/NanumGothic.ttf")
    assert font.status_code == 200 and font.headers["content-type"] == "font/ttf"
    # The wheel's file lists a TSI3 table in its directory (Chromium rejects it); the served one does not.
    assert b"TSI3" in bundled_font_path().read_bytes()[:2048] and b"TSI3" not in font.content[:2048]
    for file in STATIC.iterdir():
        assert "https://" not in file.read_text(encoding="utf-8"), f"{file.name} loads something from the network"


def test_the_app_works_mounted_under_a_prefix_of_another_app(store):
    from fastapi import FastAPI

    add_study(store, "s", count=1)
    parent = FastAPI()
    parent.mount("/human-eval", create_app(store))
    with TestClient(parent) as client:
        assert '<html lang="ko">' in client.get("/human-eval/").text
        assert client.get("/human-eval/static/rating.js").status_code == 200
        assert client.get("/human-eval/api/studies").json()["studies"] == ["s"]


def test_rating_flow_is_blind_and_resumable(client):
    assert client.get("/api/studies").json()["studies"] == ["s"]
    assert client.post("/api/studies/s/annotators", json={"annotator": "김하늘"}).json() == {"done": 0, "total": 3}
    first = client.get("/api/studies/s/next", params={"annotator": "김하늘"}).json()
    assert first["progress"] == {"done": 0, "total": 3} and first["item"]["example_id"] == "ex-00"
    assert "run-a" not in str(first) and "run-b" not in str(first) and "/runs/" not in str(first)  # blind
    body = {"annotator": "김하늘", "example_id": "ex-00", "preference": "left", "flags_left": ["repetition"]}
    answer = client.post("/api/studies/s/ratings", json=body).json()
    assert answer == {"status": "recorded", "progress": {"done": 1, "total": 3}}
    assert client.post("/api/studies/s/ratings", json=body).json()["status"] == "duplicate"  # double click
    # A reload, or a second browser of the same annotator, resumes at the next unrated example.
    assert client.get("/api/studies/s/next", params={"annotator": "김하늘"}).json()["item"]["example_id"] == "ex-01"


@pytest.mark.parametrize(("method", "path", "body", "status", "message"), [
    ("post", "/api/studies/s/annotators", {"annotator": "  "}, 422, "annotator name is empty"),
    ("post", "/api/studies/nope/annotators", {"annotator": "kim"}, 404, "no study named 'nope'"),
    ("get", "/api/studies/s/next?annotator=ghost", None, 404, "'ghost' has not joined"),
    ("get", "/api/studies/s/next", None, 422, "malformed request (annotator: Field required)"),
    ("post", "/api/studies/s/ratings", {"annotator": "kim", "example_id": "ex-77", "preference": "left"}, 404,
     "example 'ex-77' is not in study 's'"),
    ("post", "/api/studies/s/ratings", {"annotator": "kim", "example_id": "ex-00", "preference": "best"}, 422,
     "preference must be one of"),
    ("post", "/api/studies/s/ratings", {"annotator": "kim", "preference": "left"}, 422, "example_id: Field required"),
    ("post", "/api/studies/s/ratings", {"annotator": "kim", "example_id": "ex-00", "preference": "left", "flags_left": "x"},
     422, "flags_left"),
])
def test_bad_requests_get_a_4xx_and_a_message_not_a_traceback(client, method, path, body, status, message):
    client.post("/api/studies/s/annotators", json={"annotator": "kim"})
    response = getattr(client, method)(path, **({"json": body} if body is not None else {}))
    assert response.status_code == status
    assert message in response.json()["detail"] and "Traceback" not in response.text
    assert client.get("/api/studies").status_code == 200  # still serving


def test_a_conflicting_second_rating_is_409_and_the_first_stands(client, store):
    client.post("/api/studies/s/annotators", json={"annotator": "kim"})
    client.post("/api/studies/s/ratings", json={"annotator": "kim", "example_id": "ex-00", "preference": "tie"})
    response = client.post("/api/studies/s/ratings", json={"annotator": "kim", "example_id": "ex-00", "preference": "left"})
    assert response.status_code == 409 and "the first rating stands" in response.json()["detail"]
    assert [row["preference"] for row in store.ratings("s")] == ["tie"]


def test_a_locked_database_is_503_naming_the_url_and_the_retry_succeeds(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'he.db'}", timeout=0.2)
    add_study(store, "s", count=1)
    with TestClient(create_app(store)) as client:
        client.post("/api/studies/s/annotators", json={"annotator": "kim"})
        other = sqlite3.connect(tmp_path / "he.db")
        other.execute("BEGIN EXCLUSIVE")
        body = {"annotator": "kim", "example_id": "ex-00", "preference": "right"}
        response = client.post("/api/studies/s/ratings", json=body)
        assert response.status_code == 503 and "he.db is unreachable or locked" in response.json()["detail"]
        other.rollback()
        other.close()
        assert client.post("/api/studies/s/ratings", json=body).json()["status"] == "recorded"


def _serve(db: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "summarizer.human_eval", "serve", "--db", db, "--port", str(port)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/studies", timeout=1).raise_for_status()
            return process
        except httpx.HTTPError:
            assert process.poll() is None, process.stdout.read().decode()
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the rating server did not answer within 60 s")


@pytest.mark.slow  # starts the server twice in a subprocess (~5 s)
def test_a_server_killed_between_two_ratings_loses_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'he.db'}"
    add_study(Store(db), "s", count=3)
    port = free_port()
    server = _serve(db, port)
    url = f"http://127.0.0.1:{port}/api/studies/s"
    httpx.post(f"{url}/annotators", json={"annotator": "kim"}).raise_for_status()
    answer = httpx.post(f"{url}/ratings", json={"annotator": "kim", "example_id": "ex-00", "preference": "tie"}).json()
    assert answer["status"] == "recorded"
    os.kill(server.pid, signal.SIGKILL)  # no shutdown of any kind
    server.wait(timeout=10)
    server = _serve(db, port)
    try:
        assert httpx.get(f"{url}/next", params={"annotator": "kim"}).json()["progress"]["done"] == 1
        assert httpx.get(f"{url}/next", params={"annotator": "kim"}).json()["item"]["example_id"] == "ex-01"
        # The page's queued resubmission of the acknowledged rating is recognised, not doubled.
        again = httpx.post(f"{url}/ratings", json={"annotator": "kim", "example_id": "ex-00", "preference": "tie"}).json()
        assert again["status"] == "duplicate"
    finally:
        server.kill()
        server.wait(timeout=10)
    assert [row["preference"] for row in Store(db).ratings("s")] == ["tie"]
