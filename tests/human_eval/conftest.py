"""The store under test on SQLite and on a real PostgreSQL server started here, in a temp dir, per session.

PostgreSQL refuses to run as root, so as root initdb/pg_ctl run as the `postgres` user (Debian's package
creates it). Without the binaries the PostgreSQL half skips with the reason, unless HUMAN_EVAL_REQUIRE_POSTGRES
is set (CI sets it after installing them, so there it can never skip silently).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from summarizer.human_eval.store import Store
from tests.analysis.fake_runs import write_run

BACKENDS = ["sqlite", "postgresql"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for this test session: yields a function making a fresh database's URL."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        reason = "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        if os.environ.get("HUMAN_EVAL_REQUIRE_POSTGRES"):
            pytest.fail(reason + " (HUMAN_EVAL_REQUIRE_POSTGRES is set)")
        pytest.skip(reason)
    as_user: dict = {}
    root = Path(tempfile.mkdtemp(prefix="human-eval-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = {"user": user.pw_uid, "group": user.pw_gid}
    data, port = root / "data", free_port()
    subprocess.run([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                   check=True, capture_output=True, **as_user)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run([pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True, **as_user)
    server = f"postgresql+psycopg2://postgres@127.0.0.1:{port}"

    def new_database() -> str:
        from sqlalchemy import create_engine, text

        name = f"he_{uuid.uuid4().hex[:12]}"
        engine = create_engine(f"{server}/postgres", future=True, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
        engine.dispose()
        return f"{server}/{name}"

    yield new_database
    subprocess.run([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True, **as_user)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'human_eval.db'}"
    return request.getfixturevalue("postgres_server")()


@pytest.fixture
def store(db_url):
    store = Store(db_url)
    yield store
    store.close()


def make_examples(count: int) -> list[dict]:
    """Study examples with known texts and scores: summary_b is always "B<i>", summary_a "A<i>"."""
    return [{"id": f"ex-{i:02d}", "document": f"문서 {i}: 서울시는 예산을 늘렸다.", "reference": f"참조 {i}",
             "summary_a": f"A{i} 요약", "summary_b": f"B{i} 요약",
             "scores_a": {"rougeL_kiwi": 0.1 * i}, "scores_b": {"rougeL_kiwi": 0.5}} for i in range(count)]


def add_study(store: Store, name: str = "s", count: int = 4, seed: int = 0) -> None:
    store.create_study(name, [("run-a", "/runs/a"), ("run-b", "/runs/b")], make_examples(count), seed=seed, sampling="random")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    """Two fake run directories (the analysis tests' writer) sharing 6 test ids; B scores higher on most.
    Shared by a module's tests: none may change them."""
    root = tmp_path_factory.mktemp("runs")
    a = write_run(root / "run_a", ["optimizer=adamw"], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    b = write_run(root / "run_b", ["optimizer=sgd"], [0.3, 0.1, 0.5, 0.6, 0.7, 0.9])
    return a, b


class LiveServer:
    """The rating app served by uvicorn on a free port, in a thread of this process (real HTTP)."""

    def __init__(self, store: Store):
        import uvicorn

        from summarizer.human_eval.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
