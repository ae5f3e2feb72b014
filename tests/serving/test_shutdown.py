"""SIGTERM: the server stops accepting, finishes the request in flight, and exits 0."""

from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest

from tests.conftest import KOREAN_EXAMPLES
from tests.serving.conftest import start_server


@pytest.mark.slow
def test_sigterm_finishes_the_request_in_flight_then_exits_0(served_run, tmp_path):
    server = start_server(served_run, tmp_path / "serve.log")
    # long forced outputs, enough of them to take seconds even on an idle machine (2 texts took under 0.7 s there)
    slow_body = {"texts": [example["document"] for example in KOREAN_EXAMPLES] * 4,
                 "decoding": {"num_beams": 4, "max_new_tokens": 160, "min_length": 128}}
    answers = []
    in_flight = threading.Thread(target=lambda: answers.append(
        httpx.post(f"{server.url}/v1/summarize", json=slow_body, timeout=300)))
    started = time.monotonic()
    in_flight.start()
    time.sleep(0.7)  # the request has reached the model
    assert in_flight.is_alive(), f"it finished before SIGTERM: make it slower ({answers[0].text[:300]})"
    server.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    with pytest.raises(httpx.TransportError):  # no new requests once shutting down
        httpx.post(f"{server.url}/v1/summarize", json={"text": "새 요청"}, timeout=3)
    assert server.process.wait(timeout=120) == 0, server.output()[-3000:]
    in_flight.join(timeout=5)
    assert answers and answers[0].status_code == 200, answers and answers[0].text
    assert len(answers[0].json()["summaries"]) == len(slow_body["texts"])
    assert time.monotonic() - started > 0.7
    # LitServe's own worker-monitoring thread may log a BrokenPipeError once its process manager has stopped; none
    # of this project's code may appear in a traceback.
    assert "summarizer/serving" not in server.output(), server.output()[-3000:]
