"""The LitServe server: the batched model endpoint, the public API and the page in one app, and its lifecycle."""

from __future__ import annotations

import logging
import os
import signal
from typing import Any

import litserve as ls
from fastapi.staticfiles import StaticFiles

from summarizer.serving.loading import ServedModel, describe_model, latest_run
from summarizer.serving.model_api import GENERATE_PATH, SummarizerAPI
from summarizer.serving.routes import STATIC_DIR, build_routes

log = logging.getLogger(__name__)
READY_PATH = "/readyz"  # LitServe's health check: 200 once every inference worker has loaded the model


def build_server(settings: dict[str, Any], served: ServedModel) -> ls.LitServer:
    api = SummarizerAPI(served, settings["generate_batch_size"], max_batch_size=settings["max_batch_size"],
                        batch_timeout=settings["batch_timeout_s"])  # fmt: skip
    server = ls.LitServer(api, accelerator=settings["accelerator"], devices=1, workers_per_device=1,
                          timeout=settings["request_timeout_s"], healthcheck_path=READY_PATH)  # fmt: skip
    server.uvicorn_graceful_timeout = settings["graceful_timeout_s"]  # in-flight requests get this long after SIGTERM
    app = server.app
    app.title, app.version = "Korean summarizer", "1"
    app.description = (f"Summaries by {served.run_dir or served.model_dir}. `POST /v1/summarize` and "
                       f"`/v1/summarize-url` are the API; `{GENERATE_PATH}` is the batched model endpoint behind them.")
    # LitServe answers GET / with "litserve running"; the page takes that path (Starlette serves the first match).
    app.router.routes[:] = [route for route in app.router.routes if getattr(route, "path", None) != "/"]
    app.include_router(build_routes(settings, served, f"http://127.0.0.1:{settings['port']}{GENERATE_PATH}"))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return server


def serve(settings: dict[str, Any]) -> None:
    """Load the run (serve.model, else the latest under serve.outputs_dir) and serve until SIGINT or SIGTERM."""
    served = describe_model(settings["model"] or latest_run(settings["outputs_dir"]))
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per loopback call to the model endpoint
    server = build_server(settings, served)
    # SIGTERM takes LitServe's Ctrl+C path: the HTTP process stops accepting and finishes the requests in flight
    # (uvicorn's graceful shutdown) before the model worker is stopped; then run() returns and the process exits 0.
    signal.signal(signal.SIGTERM, _interrupt_main_process(os.getpid()))
    url = f"http://{settings['host']}:{settings['port']}"
    log.info("Serving %s at %s (page: %s/, API docs: %s/docs)", served.run_dir or served.model_dir, url, url, url)
    server.run(host=settings["host"], port=settings["port"], num_api_servers=1, generate_client_file=False,
               log_level=settings["log_level"])  # fmt: skip


def _interrupt_main_process(main_pid: int):
    """A SIGTERM handler: KeyboardInterrupt in the main process only. The HTTP process forked from it inherits the
    handler, and uvicorn re-raises the signal there after its own graceful shutdown: that process just ends."""

    def handle(signum, frame):
        if os.getpid() == main_pid:
            raise KeyboardInterrupt
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    return handle
