"""The API against the real server (`python serve.py` on a one-step tiny run): answers, every bad input, URL mode."""

from __future__ import annotations

import json
import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest

from summarizer.data.sources.local import bundled_news
from summarizer.inference import load_summarizer
from tests.conftest import KOREAN_EXAMPLES

ARTICLE = KOREAN_EXAMPLES[0]["document"]
pytestmark = pytest.mark.slow  # a real server on a freshly trained run: ~1 min to start on 2 busy cores


def post(server, path: str, body=None, **kwargs) -> httpx.Response:
    return httpx.post(f"{server.url}{path}", json=body, timeout=60, **kwargs)


def messages(response: httpx.Response) -> str:
    """Every message in a 4xx answer's detail (a string, or FastAPI's list of {loc, msg})."""
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in detail)


def test_summarize_answers_with_the_runs_settings_and_figures(server, served_run):
    answer = post(server, "/v1/summarize", {"text": ARTICLE})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    (summary,) = body["summaries"]
    assert isinstance(summary["summary"], str)
    assert summary["input_tokens"] > 10 and summary["truncated"] is False
    saved = json.loads((served_run / "model" / "generation_config.json").read_text())
    assert body["decoding"]["num_beams"] == saved["num_beams"] and body["decoding"]["max_length"] == saved["max_length"]
    assert body["model"]["run_dir"] == str(served_run.resolve())
    environment = json.loads((served_run / "environment.json").read_text())
    assert body["model"]["commit"] == environment["git"]["commit"]
    assert body["latency_ms"] > 0 and body["batch_size"] >= 1


def test_several_texts_and_decoding_overrides(server):
    answer = post(server, "/v1/summarize", {"texts": [e["document"] for e in KOREAN_EXAMPLES],
                                             "decoding": {"num_beams": 2, "max_new_tokens": 5, "min_length": 3}})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert len(body["summaries"]) == 3
    assert body["decoding"]["num_beams"] == 2 and body["decoding"]["max_length"] == 6 and body["decoding"]["min_length"] == 3


def test_concurrent_requests_each_get_their_own_summary_as_a_direct_generate_gives(server, served_run):
    texts = bundled_news()["test"]["document"][:12]
    decoding = {"num_beams": 2, "max_new_tokens": 12}
    pipeline = load_summarizer(served_run / "model")
    direct = [pipeline(text, **decoding)[0]["summary_text"] for text in texts]
    assert len(set(direct)) >= 6, direct  # precondition: mixing answers up would show
    with ThreadPoolExecutor(len(texts)) as pool:
        answers = list(pool.map(lambda text: post(server, "/v1/summarize", {"text": text, "decoding": decoding}), texts))
    assert all(answer.status_code == 200 for answer in answers), [a.text for a in answers]
    assert [answer.json()["summaries"][0]["summary"] for answer in answers] == direct
    assert max(answer.json()["batch_size"] for answer in answers) > 1  # they were decoded together


def test_below_the_character_limit_but_over_the_models_window_is_summarized_truncated(server):
    long_text = " ".join([ARTICLE] * 12)
    assert len(long_text) < 3000  # the test server's serve.max_chars
    body = post(server, "/v1/summarize", {"text": long_text}).json()
    (summary,) = body["summaries"]
    assert summary["truncated"] is True and summary["input_tokens"] > body["max_source_tokens"]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"text": ""}, 422, "text: text is empty"),
        ({"text": " \n\t "}, 422, "text is empty or only whitespace"),
        ({"texts": ["기사", "   "]}, 422, "texts[1] is empty"),
        ({"texts": []}, 422, "`texts` is empty"),
        ({}, 422, "exactly one of `text`"),
        ({"text": "기사", "texts": ["기사"]}, 422, "exactly one of `text`"),
        ({"text": "기사", "colour": 1}, 422, "colour: Extra inputs are not permitted"),
        ({"text": 3}, 422, "text: Input should be a valid string"),
        ({"texts": ["기사"] * 5}, 413, "5 texts in one request; the limit is 4"),
        ({"text": "가" * 3001}, 413, "3,001 characters; the limit is 3,000"),
        ({"text": "기사", "decoding": {"num_beams": 99}}, 422, "decoding.num_beams=99 is outside the allowed range [1, 8]"),
        ({"text": "기사", "decoding": {"length_penalty": -1}}, 422, "length_penalty=-1.0 is outside the allowed range [0, 3]"),
        ({"text": "기사", "decoding": {"max_new_tokens": 0}}, 422, "max_new_tokens=0 is outside"),
        ({"text": "기사", "decoding": {"top_k": 5}}, 422, "decoding.top_k: Extra inputs are not permitted"),
        ({"text": "기사", "decoding": {"num_beams": 1, "length_penalty": 2.0}}, 422, "`length_penalty` is set to `2.0`"),
    ],
)
def test_bad_requests_get_a_4xx_naming_the_problem(server, body, status, says):
    answer = post(server, "/v1/summarize", body)
    assert answer.status_code == status, answer.text
    assert says in messages(answer)


def test_invalid_json_and_a_non_utf8_body_get_4xx(server):
    broken = httpx.post(f"{server.url}/v1/summarize", content='{"text": "기사"'.encode(), timeout=30,
                        headers={"Content-Type": "application/json"})
    assert broken.status_code == 422 and "JSON decode error" in broken.text
    latin1 = httpx.post(f"{server.url}/v1/summarize", content='{"text": "café"}'.encode("latin-1"), timeout=30,
                        headers={"Content-Type": "application/json"})
    assert latin1.status_code == 400 and "error parsing the body" in latin1.text
    assert "Traceback" not in broken.text + latin1.text


def test_a_bad_request_does_not_fail_the_requests_batched_with_it(server):
    good, bad = {"text": ARTICLE}, {"text": ARTICLE, "decoding": {"num_beams": 1, "length_penalty": 2.0}}
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda body: post(server, "/v1/summarize", body), [good, bad] * 3))
    assert [answer.status_code for answer in answers] == [200, 422] * 3


def test_the_batched_endpoint_refuses_a_malformed_direct_call_before_it_joins_a_batch(server):
    for decoding in ({"num_beams": "many"}, {"top_k": 3}):
        answer = post(server, "/internal/generate", {"texts": ["기사"], "decoding": decoding})
        assert answer.status_code == 422, answer.text
    assert post(server, "/internal/generate", {"texts": ["기사"]}).json()["summaries"][0]["input_tokens"] > 0


def test_a_client_that_disconnects_does_not_block_the_others(server):
    body = json.dumps({"texts": [ARTICLE] * 4, "decoding": {"min_length": 30, "max_new_tokens": 40}}).encode()
    port = urlsplit(server.url).port
    for _ in range(3):  # send whole requests, then hang up without reading the answers
        with socket.create_connection(("127.0.0.1", port)) as connection:
            connection.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    with socket.create_connection(("127.0.0.1", port)) as connection:  # and one that sends half a request
        connection.sendall(b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"te")
    answer = post(server, "/v1/summarize", {"text": ARTICLE})
    assert answer.status_code == 200
    assert httpx.get(f"{server.url}/readyz", timeout=10).status_code == 200


def test_url_mode_summarizes_the_extracted_article(server, news_site):
    answer = post(server, "/v1/summarize-url", {"url": f"{news_site}/moved"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["final_url"] == f"{news_site}/article.html"  # the redirect was followed
    assert body["title"] == "서울시, 청년 주거 지원에 1천200억 원 투입"
    assert "월세 지원 금액을 월 20만 원에서 30만 원으로" in body["text"]
    assert "무단 전재" not in body["text"] and "많이 본 뉴스" not in body["text"]  # footer and sidebar left out
    assert body["summaries"][0]["input_tokens"] > 50


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/data.json", 415, "application/json, not an HTML page"),
        ("/front.html", 422, "No article text"),
        ("/big.html", 413, "the limit is 200,000"),
        ("/slow.html", 504, "did not answer within 2 s"),
        ("/missing.html", 502, "answered HTTP 404"),
    ],
)
def test_url_mode_bad_pages(server, news_site, path, status, says):
    answer = post(server, "/v1/summarize-url", {"url": f"{news_site}{path}"})
    assert answer.status_code == status, answer.text
    assert says in messages(answer)


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        (f"http://127.0.0.1:{1}/article.html", 502, "could not be fetched: ConnectError"),  # nothing listens on port 1
        ("http://no-such-host.invalid/news", 502, "no-such-host.invalid could not be resolved"),
        ("file:///etc/passwd", 422, "give an http:// or https:// address"),
        ("not a url", 422, "give an http:// or https:// address"),
    ],
)
def test_url_mode_unreachable_or_invalid_urls(server, url, status, says):
    answer = post(server, "/v1/summarize-url", {"url": url})
    assert answer.status_code == status, answer.text
    assert says in messages(answer)


def test_health_readiness_limits_docs_and_page(server):
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{server.url}/readyz").status_code == 200
    limits = httpx.get(f"{server.url}/v1/limits").json()
    assert limits["max_texts"] == 4 and limits["decoding"]["num_beams"] == {"min": 1, "max": 8}
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    assert {"/v1/summarize", "/v1/summarize-url", "/healthz", "/readyz"} <= set(paths)
    assert "SummarizeRequest" in json.dumps(paths["/v1/summarize"])
    assert httpx.get(f"{server.url}/docs").status_code == 200
    page = httpx.get(f"{server.url}/")
    assert page.status_code == 200 and "한국어 뉴스 요약" in page.text
    for asset in ("/static/app.js", "/static/style.css", "/fonts/NanumGothic.ttf"):
        assert httpx.get(f"{server.url}{asset}").status_code == 200
    assert "http" not in page.text.replace("http://", "").replace("https://news.example", "")  # no CDN: offline


def test_the_server_is_still_ready_after_the_bad_requests(server):
    assert httpx.get(f"{server.url}/readyz").status_code == 200
    assert "Traceback" not in server.output() or "KeyboardInterrupt" in server.output()
