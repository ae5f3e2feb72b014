"""Compute the raw-text families (sacrebleu, dacon) in a second Python process, beside Kiwi.

Why: Kiwi analyses in C++ threads, but every other metric is Python and shares this process's
GIL with the thread that collects Kiwi's results. With all five ROUGE tokenizers on 5,000 pairs
the Python side, not Kiwi, set the pace (benchmarks/RESULTS.md, "Metrics"). A second process
has its own GIL, so sacrebleu and dacon run truly in parallel.

Why a plain subprocess speaking pickle over its stdin/stdout rather than `multiprocessing`: a
spawned `multiprocessing` worker first re-imports the caller's `__main__`, which re-runs any
user script that lacks an `if __name__ == "__main__"` guard. `python -m
summarizer.metrics.side_process` imports only this package.

The worker is started on the first call that is big enough to repay its start (~0.5 s), kept for
later calls (so its reference caches survive), and stopped with the scorer or at exit. Any
failure there (crash, error, kill) is logged and the call is computed here instead: results never
depend on the worker, only their speed does.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import subprocess
import sys
import traceback
import weakref
from collections.abc import Sequence
from pathlib import Path

from summarizer.metrics.raw_text_families import RawTextFamilies, RawTextResults, RawTextSettings

log = logging.getLogger(__name__)

MIN_PAIRS = 1000  # below this a call takes a second or less in this process: no worker


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worth_a_worker(num_pairs: int) -> bool:
    """'auto': a worker only for calls big enough to repay it, and only with a second CPU to run on."""
    return num_pairs >= MIN_PAIRS and usable_cpus() >= 2


def _stop(process: subprocess.Popen) -> None:
    """Close the request pipe (the worker exits at end of input); kill it if it does not."""
    if process.poll() is not None:
        return
    try:
        process.stdin.close()
        process.wait(timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()
        process.wait()


class SideProcess:
    """One worker process computing `RawTextFamilies(settings)`; `submit` then `result`."""

    def __init__(self, settings: RawTextSettings) -> None:
        self.settings = settings
        self._process: subprocess.Popen | None = None
        self._finalizer = None
        self.failed = False  # after one failure every later call stays in this process

    def _start(self) -> subprocess.Popen:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        process = subprocess.Popen(
            [sys.executable, "-m", "summarizer.metrics.side_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        pickle.dump(self.settings, process.stdin)
        process.stdin.flush()
        self._finalizer = weakref.finalize(self, _stop, process)
        return process

    def submit(self, preds: Sequence[str], refs: Sequence[Sequence[str]]) -> bool:
        """Hand one call to the worker (starting it if needed); False when it cannot take it."""
        if self.failed:
            return False
        try:
            if self._process is None or self._process.poll() is not None:
                self._process = self._start()
            pickle.dump((list(preds), [list(group) for group in refs]), self._process.stdin)
            self._process.stdin.flush()
            return True
        except OSError as error:
            self._give_up(f"could not start or reach it ({error})")
            return False

    def result(self) -> RawTextResults | None:
        """The submitted call's results, or None (logged) when the worker failed."""
        try:
            status, payload = pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            self._give_up(f"it stopped (exit code {self._process.poll()}, {type(error).__name__})")
            return None
        if status != "ok":
            self._give_up(f"it raised:\n{payload}")
            return None
        return payload

    def _give_up(self, why: str) -> None:
        log.warning("Metric worker process failed, so sacrebleu/dacon are computed in this process: %s", why)
        self.failed = True
        self.close()

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()  # runs _stop once
        self._process = None


def _serve(requests, responses) -> None:
    """Worker loop: settings, then (preds, refs) requests until the parent closes the pipe."""
    families = RawTextFamilies(pickle.load(requests))
    while True:
        try:
            preds, refs = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = ("ok", families.score(preds, refs))
        except Exception:  # noqa: BLE001 - the parent recomputes the call itself and raises there
            reply = ("error", traceback.format_exc())
        pickle.dump(reply, responses)
        responses.flush()


def main() -> None:
    # The protocol owns the real stdout; anything printed by a library goes to stderr instead.
    responses = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    atexit.register(responses.close)
    _serve(sys.stdin.buffer, responses)


if __name__ == "__main__":
    main()
