"""Does a request cost more the longer a server runs? One worker, in process (issue 16).

The ASGI application of ``simulacra serve example:shop`` (scale 0.25, seed 42, as ``serve_load.py``) is
called directly, one request at a time, with ``serve_load.py``'s reads phase and then its mixed phase
(8% POST /customers, 7% PATCH): each request's CPU time (``time.thread_time``, robust to the machine's
load), by kind, per window of 1,000 requests, and the garbage collector's pauses by generation. A cost
that grows with the run's length shows as windows that climb.

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/serve_growth.py --requests 20000
    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/serve_growth.py --requests 2000,20000,50000
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from serve_load import workload  # noqa: E402  (one home for the workload)

KINDS = ("GET one", "GET page", "GET children", "POST", "PATCH")


def kind_of(method: str, path: str) -> str:
    if method == "POST":
        return "POST"
    if method == "PATCH":
        return "PATCH"
    if path.startswith("/orders"):
        return "GET page"
    return "GET children" if path.count("/") == 3 else "GET one"


class GcClock:
    """Wall time of each collection of the garbage collector, by generation."""

    def __init__(self) -> None:
        self.t0 = 0.0
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.t0 = time.perf_counter()
        else:
            self.pauses[info["generation"]].append((time.perf_counter() - self.t0) * 1000)


async def call(app: Any, method: str, path: str, body: bytes | None) -> int:
    p, _, qs = path.partition("?")
    headers = [(b"host", b"x")]
    if body is not None:
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": p,
        "raw_path": p.encode(),
        "query_string": qs.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8000),
        "scheme": "http",
        "root_path": "",
    }
    status = [0]
    sent = [False]

    async def receive() -> dict[str, Any]:
        if sent[0]:
            await asyncio.sleep(3600)
        sent[0] = True
        return {"type": "http.request", "body": body or b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]

    await app(scope, receive, send)
    return status[0]


def run(n: int, window: int, scale: float, db: str | None) -> None:
    from simulacra.serve import build_state, create_app
    from simulacra.serve.runner import settle_heap

    state = build_state("example:shop", scale=scale, seed=42, database=db)
    customers = state.store.count("customers")
    statuses = ["delivered", "shipped", "cancelled", "returned"]
    app = create_app(state)
    hits = [0, 0]  # reads answered from a kept answer, reads
    api, looked = app.api, app.api.kept

    def kept(scope: Any) -> Any:
        found = looked(scope)
        hits[0] += found is not None
        hits[1] += 1
        return found

    api.kept = kept
    settle_heap()
    clock = GcClock()
    gc.callbacks.append(clock)
    loop = asyncio.new_event_loop()
    try:
        for phase, reads_only in (("reads", True), ("mixed", False)):
            requests = workload(n, "simulacra", customers, statuses, reads_only=reads_only)
            for g in clock.pauses.values():
                g.clear()
            hits[:] = [0, 0]
            rows: list[tuple[int, dict[str, list[float]]]] = []
            cur: dict[str, list[float]] = {k: [] for k in KINDS}
            bad = 0
            c_all, w_all = time.process_time(), time.perf_counter()
            for i, (method, path, body) in enumerate(requests):
                t = time.thread_time()
                status = loop.run_until_complete(call(app, method, path, body))
                cur[kind_of(method, path)].append((time.thread_time() - t) * 1e6)
                bad += status >= 400
                if (i + 1) % window == 0 or i + 1 == n:
                    rows.append((i + 1, cur))
                    cur = {k: [] for k in KINDS}
            cpu, wall = time.process_time() - c_all, time.perf_counter() - w_all
            print(
                f"\n{phase}, {n:,} requests: CPU {cpu:.2f} s, wall {wall:.2f} s, load {os.getloadavg()[0]:.1f}, "
                f"answers >= 400: {bad}; rows: customers {state.store.count('customers')}; reads answered from "
                f"kept answers: {hits[0] / max(hits[1], 1):.0%}"
            )
            print("| requests | " + " | ".join(f"{k} µs mean / max" for k in KINDS) + " |")
            print("|---:|" + "---:|" * len(KINDS))
            for end, by in rows:
                cells = [f"{sum(v) / len(v):.0f} / {max(v):.0f}" if v else "–" for v in (by[k] for k in KINDS)]
                print(f"| {end:,} | " + " | ".join(cells) + " |")
            print(
                "GC pauses (count, total ms, max ms) by generation: "
                + "; ".join(
                    f"gen {g}: {len(v)}, {sum(v):.1f}, {max(v, default=0):.2f}" for g, v in clock.pauses.items()
                )
            )
    finally:
        gc.callbacks.remove(clock)
        loop.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", default="20000", help="comma-separated run lengths, each a fresh server")
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--scale", type=float, default=0.25)
    ap.add_argument("--db", help="serve this database file (WAL) instead of memory")
    args = ap.parse_args()
    for n in (int(x) for x in args.requests.split(",")):
        run(n, args.window, args.scale, args.db)


if __name__ == "__main__":
    main()
