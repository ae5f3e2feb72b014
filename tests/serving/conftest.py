"""Serving fixtures: a tiny trained run, the real server started on it (`python serve.py`), and a local news site."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from summarizer.pipeline import run
from tests.conftest import FAST, REPO, compose_config

PAGES = Path(__file__).parent / "pages"
# One optimizer step from large random weights (init_std 1.0): each article gets its own (meaningless) summary,
# where a briefly trained tiny model says the same thing for every input. Correctness tests compare the server with
# a direct `generate`, never with quality.
RUN_OVERRIDES = FAST + ["trainer.max_steps=1", "sweep=none", "model.architecture.init_std=1.0",
                        "data.max_eval_samples=2", "data.max_test_samples=2"]
# Small URL limits so the size and timeout cases take little time.
SERVER_OVERRIDES = ["serve.allow_private_urls=true", "serve.url.timeout_s=2", "serve.url.max_bytes=200000",
                    "serve.max_texts=4", "serve.max_chars=3000", "serve.batch_timeout_s=0.2"]


@pytest.fixture(scope="session")
def served_run(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("served") / "run"
    run(compose_config(RUN_OVERRIDES, output_dir=run_dir))
    assert (run_dir / "model" / "config.json").is_file()
    return run_dir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(run_dir: Path, log: Path, *overrides: str, ready_within_s: float = 180) -> Server:
    """`python serve.py` on a free port, returned once /readyz answers 200 (the model is loaded)."""
    port = free_port()
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "serve.py", f"serve.model={run_dir}", f"serve.port={port}", *overrides],
        cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + ready_within_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve.py exited with {process.returncode}:\n{server.output()[-3000:]}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise AssertionError(f"serve.py was not ready within {ready_within_s} s:\n{server.output()[-3000:]}")


def stop_server(server: Server, timeout_s: float = 60) -> int:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        server.process.kill()
        return server.process.wait()


@pytest.fixture(scope="session")
def server(served_run, tmp_path_factory) -> Iterator[Server]:
    started = start_server(served_run, tmp_path_factory.mktemp("server") / "serve.log", *SERVER_OVERRIDES)
    yield started
    stop_server(started)


class NewsSite(BaseHTTPRequestHandler):
    """A local news site: the saved article page, a front page without an article, a redirect, a JSON file, an
    oversized page and a page slower than the fetch timeout."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        routes = {
            "/article.html": lambda: self.send(200, "text/html; charset=utf-8", (PAGES / "korean_news.html").read_bytes()),
            "/front.html": lambda: self.send(200, "text/html; charset=utf-8", (PAGES / "no_article.html").read_bytes()),
            "/data.json": lambda: self.send(200, "application/json", b'{"title": "\\uc11c\\uc6b8"}'),
            "/big.html": lambda: self.send(200, "text/html", b"<html><body>" + b"<p>" + "가".encode() * 100_000 + b"</p>"),
            "/moved": lambda: self.redirect("/article.html"),
            "/slow.html": self.slow,
        }
        routes.get(self.path, lambda: self.send(404, "text/plain", b"not found"))()

    def send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def slow(self) -> None:
        time.sleep(4)  # past the test server's serve.url.timeout_s=2
        self.send(200, "text/html", (PAGES / "korean_news.html").read_bytes())

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="session")
def news_site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NewsSite)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
