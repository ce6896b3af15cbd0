"""One builder for run manifests, with one key set, so every output says the same things the same way.

Every manifest a run writes (``generate``, ``sample``, and the models ``fit`` saves) starts with
:data:`RUN_KEYS`; each verb adds its own keys after them. Times are UTC ISO 8601 to the second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from simulacra._version import __version__

__all__ = ["DEPRECATED_KEYS", "RUN_KEYS", "now", "run_manifest"]

#: the keys every run manifest has, in this order
RUN_KEYS = ("simulacra_version", "method", "seed", "started_at", "seconds", "rows", "output")

#: old key -> the key that replaces it; still written beside the new one until the next minor release
DEPRECATED_KEYS = {"started": "started_at"}


def now() -> dt.datetime:
    """The current time in UTC (what ``started`` takes)."""
    return dt.datetime.now(dt.UTC)


def run_manifest(
    *,
    method: str,
    seed: int | None,
    started: dt.datetime | None,
    seconds: float | None = None,
    rows: Mapping[str, int] | None = None,
    output: str | None = None,
    legacy: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """``{simulacra_version, method, seed, started_at, seconds, rows, output, **extra}``.

    ``legacy=True`` also writes the deprecated keys (``started``) that this verb's manifests used to
    carry, for readers that have not moved to ``started_at`` yet. ``started=None`` (a saved model, whose
    bytes depend only on its data, parameters and seed) writes ``started_at: null``.
    """
    clash = set(extra) & (set(RUN_KEYS) | set(DEPRECATED_KEYS))
    if clash:
        raise ValueError(f"run_manifest: {', '.join(sorted(clash))} are run keys; pass them as arguments")
    out: dict[str, Any] = {
        "simulacra_version": __version__,
        "method": method,
        "seed": seed,
        "started_at": None if started is None else started.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "seconds": None if seconds is None else round(seconds, 3),
        "rows": dict(rows or {}),
        "output": output,
    }
    if legacy:
        out["started"] = out["started_at"]
    out.update(extra)
    return out
