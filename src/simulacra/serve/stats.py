"""Counters of what the server answered (``GET /_stats``) and the optional JSONL request log."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from pathlib import Path
from typing import IO, Any

__all__ = ["RequestLog", "Stats"]

_SAMPLES = 10_000


def _quantile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p * (len(s) - 1))))]


class Stats:
    """Requests by route and status, injected faults, and recent latencies (ms) per route."""

    def __init__(self) -> None:
        self.started = time.time()
        self.lock = threading.Lock()
        self.requests = 0
        self.by_route: Counter[str] = Counter()
        self.by_status: Counter[int] = Counter()
        self.faults: Counter[str] = Counter()
        self.latency: dict[str, deque[float]] = {}

    def record(self, route: str, status: int, ms: float, fault: str | None) -> None:
        with self.lock:
            self.requests += 1
            self.by_route[route] += 1
            self.by_status[status] += 1
            if fault:
                self.faults[f"{status} {fault}"] += 1
            self.latency.setdefault(route, deque(maxlen=_SAMPLES)).append(ms)

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
