"""Compute the raw-text families (sacrebleu, dacon) in a second Python process, beside Kiwi.

Why: Kiwi analyses in C++ threads, but every other metric is Python and shares this process's
GIL with the thread that collects Kiwi's results. With all five ROUGE tokenizers on 5,000 pairs
the Python side, not Kiwi, set the pace (benchmarks/RESULTS.md, "Metrics"). A second process
has its own GIL, so sacrebleu and dacon run truly in parallel.

Why a plain subprocess and not `multiprocessing`: a spawned `multiprocessing` worker first
re-imports the caller's `__main__`, which re-runs any user script that lacks an
`if __name__ == "__main__"` guard. Our worker runs in isolated mode (`-I`: the current directory
cannot shadow a module) with this package's root and this process's absolute import paths, reads
length-prefixed pickled requests from its stdin and answers on a pipe of its own (whatever a
library prints to stdout cannot corrupt the answers).

The worker starts on the first call big enough to repay its start (~0.5 s) and is kept for later
calls, so its reference caches survive. Whatever goes wrong there, the call is computed in this
process: after an exception (most likely bad input, which then raises here with its own
traceback); after a crash, garbage or no answer within the deadline (the worker is stopped, and
this scorer starts no other); after an interrupted call (an error or Ctrl-C here between handing
the call over and reading its answer: the worker is killed, so that answer is never read as the
next call's). The figures are the same either way: only their speed depends on the worker.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.metrics.raw_text_families import RawTextFamilies, RawTextResults, RawTextSettings

log = logging.getLogger(__name__)

MIN_PAIRS = 1000  # below this a call takes a second or less in this process: no worker
_HEADER = struct.Struct(">Q")  # length of the pickled message that follows
_WORKER_CODE = (
    "import sys; sys.path[:] = sys.argv[3:]; "  # _worker_sys_path()
    "from summarizer.metrics.side_process import serve; serve(int(sys.argv[1]), int(sys.argv[2]))"
)


def usable_cpus() -> int:
    """CPUs this process may use: its affinity mask, capped by a cgroup v2 CPU quota (containers)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cpus


def worth_a_worker(num_pairs: int) -> bool:
    """'auto': a worker only for calls big enough to repay it, with a spare CPU for each process of
    this machine's job (under torchrun every rank scores its evaluation)."""
    if os.name != "posix" or not sys.executable or getattr(sys, "frozen", False):
        return False
    local_processes = int(os.environ.get("LOCAL_WORLD_SIZE", "1") or 1)
    return num_pairs >= MIN_PAIRS and usable_cpus() >= 2 * local_processes


_MAX_FRAME = 1 << 34  # 16 GiB: a longer "length" means the stream is garbage, not a big answer


def _frame(message) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _read_exactly(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def _worker_sys_path() -> list[str]:
    """This package's root first, then this process's absolute import paths. Relative entries ('' from
    `python -c`, a notebook) would resolve against the current directory, which may have changed
    since this process imported its modules from there."""
    root = str(Path(__file__).resolve().parents[2])
    absolute = [p for p in sys.path if isinstance(p, str) and os.path.isabs(p) and p != root]
    return [root, *absolute]


@dataclass
class _Worker:
    """A running worker: the process, the read end of its answer pipe, whether a call is out (its
    answer not read yet), the thread writing that call's request and its write error (per call)."""

    process: subprocess.Popen
    answers: int
    busy: bool = False
    writer: threading.Thread | None = None
    write_error: list = field(default_factory=list)


def _stop(worker: _Worker) -> None:
    """Close the request pipe (the worker exits at end of input) and wait briefly; kill it when a
    call is out (interrupted, or exit mid-call: its answer must never be read) or when it lingers."""
    process = worker.process
    try:
        if worker.busy:
            process.kill()
            if worker.writer is not None:
                worker.writer.join(5)  # the broken pipe ends a blocked write
        try:
            process.stdin.close()
        except (OSError, ValueError):
            pass
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    finally:
        try:
            os.close(worker.answers)
        except OSError:
            pass


class SideProcess:
    """One worker process computing `RawTextFamilies(settings)`: `submit` a call, then `result`."""

    def __init__(self, settings: RawTextSettings, deadline_s: float = 120.0, deadline_s_per_pair: float = 0.05) -> None:
        self.settings = settings
        self.deadline_s = deadline_s
        self.deadline_s_per_pair = deadline_s_per_pair
        self.failed = False  # after a crash, garbage or a timeout every later call stays in this process
        self._worker: _Worker | None = None
        self._finalizer = None
        self._call = 0
        self._pending: tuple[int, float, float] | None = None  # (call id, deadline, seconds allowed)

    @property
    def _process(self) -> subprocess.Popen | None:
        return self._worker.process if self._worker is not None else None

    # ----------------------------------------------------------------- lifecycle
    def _start(self) -> None:
        import fcntl  # POSIX only, like the worker itself (`worth_a_worker`)

        read_end, pipe_write_end = os.pipe()
        # At least fd 3: with this process's stdio closed, os.pipe() may return 0 or 1, and the
        # worker's stdout would become its answer pipe.
        write_end = fcntl.fcntl(pipe_write_end, fcntl.F_DUPFD_CLOEXEC, 3)
        os.close(pipe_write_end)
        try:
            process = subprocess.Popen(
                [sys.executable, "-I", "-c", _WORKER_CODE, str(write_end), str(os.getpid()), *_worker_sys_path()],
                stdin=subprocess.PIPE,
                pass_fds=(write_end,),
            )
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)  # the worker holds its own copy; ours would hide its exit (no EOF)
        self._worker = _Worker(process, read_end)
        self._finalizer = weakref.finalize(self, _stop, self._worker)
        process.stdin.write(_frame(self.settings))  # small: fits the pipe, never blocks
        process.stdin.flush()

    def close(self) -> None:
        """Stop the worker (if any); a later call may start a new one unless this one failed."""
        if self._finalizer is not None and self._finalizer.detach() is not None:
            _stop(self._worker)
        self._finalizer = self._worker = None
        self._pending = None

    # ------------------------------------------------------------------- calls
    def submit(self, preds: Sequence[str], refs: Sequence[Sequence[str]]) -> bool:
        """Hand one call to the worker (starting it if needed); False when it cannot take it.
        The request is written from a thread: a large one would otherwise wait for the worker."""
        if self.failed:
            return False
        if self._pending is not None:  # the last call was interrupted: its answer would come next
            self.close()
        try:
            if self._worker is None or self._worker.process.poll() is not None:
                self.close()
                self._start()
            self._call += 1
            request = _frame((self._call, list(preds), [list(group) for group in refs]))
            allowed = self.deadline_s + self.deadline_s_per_pair * len(preds)
            worker = self._worker
            worker.write_error = []
            worker.writer = threading.Thread(
                target=_write, args=(worker.process.stdin, request, worker.write_error), daemon=True
            )
            self._pending = (self._call, time.monotonic() + allowed, allowed)
            worker.busy = True
            worker.writer.start()
        except Exception as error:  # noqa: BLE001 - no worker for this call: it is computed here
            self._give_up(f"it could not be started or handed the call ({error!r})")
            return False
        return True

    def result(self) -> RawTextResults | None:
        """The submitted call's results, or None (logged) when the worker failed."""
        call, deadline, allowed = self._pending
        try:
            reply_call, status, payload = self._read_reply(deadline)
        except TimeoutError:
            self._give_up(f"no answer within {allowed:.0f} s")
            return None
        except Exception as error:  # noqa: BLE001 - any broken answer: compute here instead
            self._give_up(f"it stopped or answered garbage (exit code {self._worker.process.poll()}, {error!r})")
            return None
        self._pending = None
        self._worker.busy = False
        if reply_call != call:
            self._give_up(f"it answered call {reply_call} instead of {call}")
            return None
        if status != "ok":
            # Most likely bad input: computing it here raises the same error with its own traceback.
            log.warning("Metric worker process raised; computing sacrebleu/dacon in this process:\n%s", payload)
            return None
        return payload

    def _read_reply(self, deadline: float):
        worker = self._worker
        worker.writer.join(max(0.0, deadline - time.monotonic()))
        if worker.writer.is_alive():
            raise TimeoutError
        if worker.write_error:
            raise worker.write_error[0]
        (size,) = _HEADER.unpack(self._read_bytes(_HEADER.size, deadline))
        if size > _MAX_FRAME:
            raise ValueError(f"an answer of {size} bytes: the answer pipe carries something else")
        return pickle.loads(self._read_bytes(size, deadline))

    def _read_bytes(self, size: int, deadline: float) -> bytes:
        answers = self._worker.answers
        poller = select.poll()  # not select.select: that fails on descriptors >= 1024
        poller.register(answers, select.POLLIN)
        chunks, missing = [], size
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                raise TimeoutError
            chunk = os.read(answers, min(missing, 1 << 20))
            if not chunk:
                raise EOFError("the worker closed its answer pipe")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _give_up(self, why: str) -> None:
        log.warning("Metric worker process failed, so sacrebleu/dacon are computed in this process: %s", why)
        self.failed = True
        self.close()


def _write(stream, data: bytes, error: list) -> None:
    """The request writer thread: a failure is recorded for this call's `result`."""
    try:
        stream.write(data)
        stream.flush()
    except BaseException as caught:  # noqa: BLE001 - reported by result()
        error.append(caught)


def _exit_when_orphaned(parent_pid: int) -> None:
    """The parent may die without closing our stdin (SIGKILL while forked children hold it)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def serve(answer_fd: int, parent_pid: int) -> None:
    """Worker loop: settings, then (call id, preds, refs) requests until a None request or EOF."""
    _exit_when_orphaned(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal reaches us too; the parent decides
    requests = sys.stdin.buffer
    answers = os.fdopen(answer_fd, "wb")

    def read():
        header = _read_exactly(requests, _HEADER.size)
        if header is None:
            return None
        data = _read_exactly(requests, _HEADER.unpack(header)[0])
        return None if data is None else pickle.loads(data)

    settings = read()
    if settings is None:
        return
    families = RawTextFamilies(settings)
    while (request := read()) is not None:
        call, preds, refs = request
        try:
            reply = (call, "ok", families.score(preds, refs))
        except Exception:  # noqa: BLE001 - the parent recomputes the call itself and raises there
            reply = (call, "error", traceback.format_exc())
        answers.write(_frame(reply))
        answers.flush()
