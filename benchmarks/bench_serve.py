"""Serving throughput and latency, batching on vs off, in one run: a bounded load test against `serve.py`.

    .venv/bin/python benchmarks/bench_serve.py [--model outputs/<run>] [--clients 1 8 32] [--requests 32 64 128]
                                               [--time-cap-s 120] [--max-batch-size 32] [--batch-timeout-s 0.05]

Starts the server twice on 127.0.0.1 on the same model (default: the newest run under outputs/, i.e. `make run`):
batched (serve.max_batch_size=--max-batch-size) and unbatched (serve.max_batch_size=1). At each client count, that
many asyncio clients send one bundled test article per request (`POST /v1/summarize`, the run's own decoding
settings unless --decoding overrides them) until the level's request count is done or its time cap passes. Prints requests/s, p50/p95 latency and
the mean batch the server reported, then the 32-client ratio (target: batched >= 3x unbatched, p95 no worse).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from summarizer.data.sources.local import bundled_news  # noqa: E402
from summarizer.serving.loading import latest_run  # noqa: E402


def start_server(model: Path, port: int, overrides: list[str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "serve.py", f"serve.model={model}", f"serve.port={port}", "serve.log_level=warning",
               *overrides]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               env={**os.environ, "HF_HUB_OFFLINE": "1"})  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"serve.py exited with {process.returncode}; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"serve.py was not ready within 300 s; see {log}")


async def load(url: str, texts: list[str], clients: int, requests: int, time_cap_s: float, decoding: dict) -> dict:
    """`clients` concurrent clients share `requests` requests; none starts after the time cap."""
    latencies, batches, failures = [], [], 0
    issued = 0
    started = time.perf_counter()

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal issued, failures
        while issued < requests and time.perf_counter() - started < time_cap_s:
            text = texts[issued % len(texts)]
            issued += 1
            sent = time.perf_counter()
            answer = await http.post(f"{url}/v1/summarize", json={"text": text, "decoding": decoding})
            if answer.status_code != 200:
                failures += 1
                continue
            latencies.append(time.perf_counter() - sent)
            batches.append(answer.json()["batch_size"])

    async with httpx.AsyncClient(timeout=600, limits=httpx.Limits(max_connections=clients)) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "done": len(latencies), "failed": failures, "seconds": elapsed, "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "mean_batch": statistics.fmean(batches),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None, help="run or model directory (default: newest run)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--requests", type=int, nargs="+", default=[32, 64, 128], help="per client count")
    parser.add_argument("--time-cap-s", type=float, default=120.0, help="per client count and mode")
    parser.add_argument("--max-batch-size", type=int, default=32)
    parser.add_argument("--batch-timeout-s", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--decoding", type=json.loads, default={}, help='overrides, e.g. \'{"num_beams": 4}\'')
    args = parser.parse_args()
    if len(args.requests) != len(args.clients):
        parser.error("give one --requests figure per --clients figure")
    model = args.model or latest_run(REPO / "outputs")
    texts = list(bundled_news()["test"]["document"])
    modes = {
        "batched": [f"serve.max_batch_size={args.max_batch_size}", f"serve.batch_timeout_s={args.batch_timeout_s}"],
        "unbatched": ["serve.max_batch_size=1"],
    }
    print(f"# {' '.join(shlex.quote(a) for a in sys.argv)}")
    print(f"# model {model}; {platform.platform()}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} "
          f"at start; {time.strftime('%Y-%m-%d %H:%M %Z')}")  # fmt: skip
    results = {}
    for mode, overrides in modes.items():
        log = Path(f"/tmp/bench_serve_{mode}.log")
        server = start_server(model, args.port, overrides, log)
        url = f"http://127.0.0.1:{args.port}"
        try:
            asyncio.run(load(url, texts, 2, 4, 60, args.decoding))  # warm-up: first generate calls are slower
            for clients, requests in zip(args.clients, args.requests):
                results[mode, clients] = asyncio.run(load(url, texts, clients, requests, args.time_cap_s, args.decoding))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=120)
    print("\n| mode | clients | requests | failed | req/s | p50 ms | p95 ms | mean batch |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (mode, clients), row in results.items():
        print(f"| {mode} | {clients} | {row['done']} | {row['failed']} | {row['rps']:.2f} | {row['p50_ms']:.0f} | "
              f"{row['p95_ms']:.0f} | {row['mean_batch']:.1f} |")  # fmt: skip
    top = max(args.clients)
    batched, unbatched = results["batched", top], results["unbatched", top]
    ratio = batched["rps"] / unbatched["rps"]
    print(f"\nAt {top} clients: batched {ratio:.1f}x the unbatched throughput (target >= 3x); p95 "
          f"{batched['p95_ms']:.0f} ms vs {unbatched['p95_ms']:.0f} ms "
          f"({'no worse' if batched['p95_ms'] <= unbatched['p95_ms'] else 'WORSE'}).")


if __name__ == "__main__":
    main()
