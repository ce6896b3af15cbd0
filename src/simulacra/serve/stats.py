"""Counters of what the server answered (``GET /_stats``) and the optional JSONL request log."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections import Counter, deque
from pathlib import Path
from typing import IO, Any

from simulacra._fs import atomic_write

__all__ = ["RequestLog", "Stats"]

_SAMPLES = 10_000
SHARE_EVERY_S = 0.5  # how often a worker publishes its counters for the others' /_stats


def _quantile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


class Stats:
    """Requests by route and status, injected faults, and recent latencies (ms) per route."""

    def __init__(self, share_dir: str | Path | None = None) -> None:
        """``share_dir``: a folder where each worker process publishes its counters (``worker-PID.json``)
        so that any worker's ``/_stats`` answers for all of them."""
        self.share_dir = Path(share_dir) if share_dir is not None else None
        self.dirty = False
        self.started = time.time()
        self.lock = threading.Lock()
        self.requests = 0
        self.by_route: Counter[str] = Counter()
        self.by_status: Counter[int] = Counter()
        self.faults: Counter[str] = Counter()
        self.latency: dict[str, deque[float]] = {}
        self.share()  # a worker is listed from its start, before its first request

    def record(self, route: str, status: int, ms: float, fault: str | None) -> None:
        with self.lock:
            self.requests += 1
            self.by_route[route] += 1
            self.by_status[status] += 1
            if fault:
                self.faults[f"{status} {fault}"] += 1
            self.latency.setdefault(route, deque(maxlen=_SAMPLES)).append(ms)
            self.dirty = True

    async def publish_every(self, seconds: float = SHARE_EVERY_S) -> None:
        """Publish the counters whenever they changed, every ``seconds`` (run by the server while it serves)."""
        while True:
            await asyncio.sleep(seconds)
            if self.dirty:
                self.share()

    def share(self) -> None:
        """Publish this worker's counters (one file, replaced whole)."""
        if self.share_dir is None:
            return
        self.dirty = False
        snap = self.snapshot()
        snap["pid"] = os.getpid()
        snap["published"] = round(time.time(), 3)
        atomic_write(self.share_dir / f"worker-{os.getpid()}.json", json.dumps(snap, sort_keys=True))

    def all_workers(self) -> dict[str, Any]:
        """Counters of every worker (this one's now, the others' as last published) and their sum."""
        own = self.snapshot()
        own["pid"] = os.getpid()
        workers: dict[int, dict[str, Any]] = {}
        if self.share_dir is not None:
            self.share()
            for f in sorted(self.share_dir.glob("worker-*.json")):
                try:
                    snap = json.loads(f.read_text(encoding="utf-8"))
                except (OSError, ValueError):  # replaced while read: its next copy counts
                    continue
                workers[int(snap["pid"])] = snap
        workers[own["pid"]] = own
        total: dict[str, Any] = {"requests": 0, "by_status": Counter(), "faults": Counter()}
        for snap in workers.values():
            total["requests"] += snap["requests"]
            total["by_status"].update(snap["by_status"])
            total["faults"].update(snap["faults"])
        total["by_status"] = dict(sorted(total["by_status"].items()))
        total["faults"] = dict(sorted(total["faults"].items()))
        total["workers"] = len(workers)
        return {
            "total": total,
            "workers": [
                {
                    k: v
                    for k, v in workers[pid].items()
                    if k in ("pid", "requests", "by_status", "faults", "routes", "uptime_s", "published")
                }
                for pid in sorted(workers)
            ],
        }

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            lat = {
                r: {
                    "p50_ms": round(_quantile(list(v), 0.5), 3),
                    "p99_ms": round(_quantile(list(v), 0.99), 3),
                    "count": self.by_route[r],
                }
                for r, v in sorted(self.latency.items())
            }
            return {
                "uptime_s": round(time.time() - self.started, 3),
                "requests": self.requests,
                "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
                "faults": dict(sorted(self.faults.items())),
                "routes": lat,
            }


class RequestLog:
    """One JSON object per request, appended to a file (flushed per line)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock = threading.Lock()
        self._file: IO[str] | None = None
        self.path.open("a", encoding="utf-8").close()  # fail early on a path that cannot be written

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, default=str)
        with self.lock:
            if self._file is None:
                self._file = self.path.open("a", encoding="utf-8", buffering=1)
            self._file.write(line + "\n")

    def close(self) -> None:
        """Close the file (a later request opens it again)."""
        with self.lock:
            if self._file is not None:
                self._file.close()
                self._file = None
