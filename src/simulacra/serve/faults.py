"""Faults and latency, per route, seeded; off unless asked.

A rule matches requests by method and path (``fnmatch`` patterns: ``GET /orders*``,
``* /customers/*``, ``*``); the first rule that matches decides. Example (YAML or JSON)::

    seed: 7
    rules:
      - route: "GET /orders*"
        latency: {distribution: lognormal, median: 40, sigma: 0.5}   # milliseconds
        errors: {429: 0.05, 500: 0.01, 503: 0.01, drop: 0.01}         # shares of requests
        retry_after: 2                                                # seconds, on 429 and 503
      - route: "*"
        latency: 5                                                    # fixed milliseconds
        rate_limit: 200                                               # requests per second (429 beyond)
      - route: "POST *"
        client_rate_limit: 2        # requests per second for each client (429 beyond), others unaffected
        client_key: header:X-Api-Key   # who a client is: ip (the default) or header:NAME (else its ip)

The same seed and the same order of requests give the same faults and delays.
"""

from __future__ import annotations

import fnmatch
import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from simulacra.errors import SpecError

__all__ = ["Decision", "FaultRule", "Faults", "SharedBuckets", "load_faults"]

_STATUSES = (429, 500, 502, 503, 504)
DROP = 0  # "drop" in the rules: the connection is closed without an answer
MAX_CLIENTS = 10_000  # client buckets kept per rule (the least recently seen go first)
_KEYS = ("route", "latency", "errors", "retry_after", "rate_limit", "client_rate_limit", "client_key")
_DISTRIBUTIONS = ("fixed", "uniform", "normal", "lognormal", "exponential")


@dataclass
class FaultRule:
    route: str = "*"
    latency: dict[str, float] | None = None  # {distribution, value | low/high | mean/std | median/sigma | scale} in ms
    errors: dict[int, float] = field(default_factory=dict)
    retry_after: int = 1
    rate_limit: float | None = None  # requests per second over this rule's routes
    client_rate_limit: float | None = None  # requests per second for each client
    client_key: str = "ip"  # ip | header:NAME
    _tokens: float = 0.0
    _last: float = 0.0
    _clients: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)  # client -> (tokens, last)

    def matches(self, method: str, path: str) -> bool:
        pattern = self.route if " " in self.route else f"* {self.route}"
        return fnmatch.fnmatchcase(f"{method} {path}", pattern)


@dataclass(frozen=True)
class Decision:
    delay_s: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    reason: str | None = None


_NONE = Decision()  # no delay, no fault (immutable: one for every request that no rule touches)


def _rule(raw: Any, where: str) -> FaultRule:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: a fault rule is a mapping ({', '.join(_KEYS)})")
    unknown = set(raw) - set(_KEYS)
    if unknown:
        raise SpecError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; expected {', '.join(_KEYS)}")
    latency = raw.get("latency")
    if isinstance(latency, (int, float)) and not isinstance(latency, bool):
        latency = {"distribution": "fixed", "value": float(latency)}
    if latency is not None:
        if not isinstance(latency, dict) or latency.get("distribution", "fixed") not in _DISTRIBUTIONS:
            raise SpecError(f"{where}: latency is milliseconds or {{distribution: {'|'.join(_DISTRIBUTIONS)}, ...}}")
        for k, v in latency.items():
            if k != "distribution" and (not isinstance(v, (int, float)) or v < 0):
                raise SpecError(f"{where}: latency.{k} must be a number ≥ 0, found {v!r}")
    errors: dict[int, float] = {}
    for k, v in (raw.get("errors") or {}).items():
        try:
            status = DROP if k == "drop" else int(k)
        except (TypeError, ValueError):
            raise SpecError(f"{where}: errors: {k!r} is neither a status nor 'drop'") from None
        if status not in (*_STATUSES, DROP):
            raise SpecError(
                f"{where}: errors: status {status} is not one of {', '.join(map(str, _STATUSES))} (or drop)"
            )
        if not isinstance(v, (int, float)) or not 0 <= v <= 1:
            raise SpecError(f"{where}: errors.{status} must be a share from 0 to 1, found {v!r}")
        errors[status] = float(v)
    if sum(errors.values()) > 1:
        raise SpecError(f"{where}: errors: the shares add up to more than 1")
    rate = raw.get("rate_limit")
    if rate is not None and (not isinstance(rate, (int, float)) or rate <= 0):
        raise SpecError(f"{where}: rate_limit must be requests per second > 0, found {rate!r}")
    client_rate = raw.get("client_rate_limit")
    if client_rate is not None and (
        isinstance(client_rate, bool) or not isinstance(client_rate, (int, float)) or client_rate <= 0
    ):
        raise SpecError(f"{where}: client_rate_limit must be requests per second > 0, found {client_rate!r}")
    client_key = raw.get("client_key", "ip")
    if not isinstance(client_key, str) or not (
        client_key == "ip" or (client_key.startswith("header:") and len(client_key) > 7)
    ):
        raise SpecError(f"{where}: client_key must be 'ip' or 'header:NAME', found {client_key!r}")
    retry = raw.get("retry_after", 1)
    if not isinstance(retry, int) or retry < 0:
        raise SpecError(f"{where}: retry_after must be whole seconds ≥ 0, found {retry!r}")
    return FaultRule(
        route=str(raw.get("route", "*")),
        latency=latency,
        errors=errors,
        retry_after=retry,
        rate_limit=float(rate) if rate is not None else None,
        client_rate_limit=float(client_rate) if client_rate is not None else None,
        client_key=client_key.lower(),
    )


class SharedBuckets:
    """Token buckets in a SQLite file that every worker process of one server opens, so that a rate
    limit holds for the server as a whole, whichever worker a request reaches.

    A bucket holds at most ``rate`` tokens (one second's worth) and refills at ``rate`` per second;
    each request takes one inside one ``BEGIN IMMEDIATE`` transaction (the workers take turns).
    Times are ``time.monotonic()``, one clock for every process of the machine (Linux: CLOCK_MONOTONIC).
    A bucket left alone for a second is full again, the same as no bucket: such rows are deleted now
    and then, so that per-client buckets do not pile up."""

    PRUNE_EVERY = 1000  # takes between two deletions of idle buckets

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = OFF")  # counters of a running server: nothing to keep
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, tokens REAL NOT NULL, last REAL NOT NULL)"
        )
        self._takes = 0

    def take(self, name: str, rate: float, now: float) -> bool:
        """One token from bucket ``name`` (made full when new); False when it has none left."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT tokens, last FROM buckets WHERE name = ?", (name,)).fetchone()
            tokens, last = (rate, now) if row is None else (float(row[0]), float(row[1]))
            tokens = min(rate, tokens + max(0.0, now - last) * rate)
            allowed = tokens >= 1
            conn.execute(
                "INSERT OR REPLACE INTO buckets (name, tokens, last) VALUES (?, ?, ?)",
                (name, tokens - 1 if allowed else tokens, now),
            )
            self._takes += 1
            if self._takes % self.PRUNE_EVERY == 0:
                conn.execute("DELETE FROM buckets WHERE last < ?", (now - 1.0,))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return allowed

    def clear(self) -> None:
        """Every bucket full again (``POST /_reset``)."""
        self._conn.execute("DELETE FROM buckets")


class Faults:
    """The fault rules of a server and their seeded random stream."""

    def __init__(self, rules: list[FaultRule], seed: int = 0, shared: SharedBuckets | None = None) -> None:
        """``shared``: rate limits counted in buckets every worker process shares (else in this process)."""
        self.rules = rules
        self.seed = seed
        self.shared = shared
        self._lock = threading.Lock()
        self.reset()

    def has_rate_limits(self) -> bool:
        return any(r.rate_limit is not None or r.client_rate_limit is not None for r in self.rules)

    def reset(self) -> None:
        with self._lock:
            self.rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(0xFA017,)))
            for r in self.rules:
                r._tokens, r._last = (r.rate_limit or 0.0), time.monotonic()
                r._clients.clear()
            if self.shared is not None:
                self.shared.clear()

    @classmethod
    def from_config(cls, config: Any, seed: int = 0) -> Faults:
        if config is None:
            return cls([], seed)
        if isinstance(config, list):
            config = {"rules": config}
        if not isinstance(config, dict):
            raise SpecError("faults: expected a mapping with 'rules' (and an optional 'seed')")
        rules = [_rule(r, f"faults: rule {i + 1}") for i, r in enumerate(config.get("rules") or [])]
        return cls(rules, int(config.get("seed", seed)))

    def config(self) -> dict[str, Any]:
        """The rules as the mapping :meth:`from_config` reads (to hand them to worker processes)."""
        rules = []
        for r in self.rules:
            raw: dict[str, Any] = {"route": r.route, "retry_after": r.retry_after}
            if r.latency:
                raw["latency"] = dict(r.latency)
            if r.errors:
                raw["errors"] = {("drop" if k == DROP else k): v for k, v in r.errors.items()}
            if r.rate_limit is not None:
                raw["rate_limit"] = r.rate_limit
            if r.client_rate_limit is not None:
                raw["client_rate_limit"] = r.client_rate_limit
                raw["client_key"] = r.client_key
            rules.append(raw)
        return {"seed": self.seed, "rules": rules}

    def _delay(self, latency: dict[str, float]) -> float:
        d = latency.get("distribution", "fixed")
        rng = self.rng
        if d == "fixed":
            ms = latency.get("value", 0.0)
        elif d == "uniform":
            ms = rng.uniform(latency.get("low", 0.0), latency.get("high", 100.0))
        elif d == "normal":
            ms = rng.normal(latency.get("mean", 50.0), latency.get("std", 10.0))
        elif d == "lognormal":
            ms = float(np.exp(rng.normal(np.log(max(latency.get("median", 50.0), 1e-9)), latency.get("sigma", 0.5))))
        else:
            ms = rng.exponential(latency.get("scale", 50.0))
        return max(0.0, min(float(ms), 60_000.0)) / 1000.0

    @staticmethod
    def _client_allowed(rule: FaultRule, client: str, now: float) -> bool:
        """One token from the client's own bucket (refilled at ``client_rate_limit`` per second)."""
        rate = rule.client_rate_limit
        assert rate is not None
        tokens, last = rule._clients.pop(client, (rate, now))
        tokens = min(rate, tokens + (now - last) * rate)
        allowed = tokens >= 1
        rule._clients[client] = (tokens - 1 if allowed else tokens, now)
        while len(rule._clients) > MAX_CLIENTS:
            rule._clients.popitem(last=False)
        return allowed

    def decide(self, method: str, path: str, client: Callable[[str], str] | None = None) -> Decision:
        """What happens to this request: a delay, and maybe an error status instead of the answer.
        ``client(key)`` names the client for a rule's ``client_key`` (``ip`` or ``header:NAME``)."""
        if not self.rules:
            return _NONE
        found = next(((i, r) for i, r in enumerate(self.rules) if r.matches(method, path)), None)
        if found is None:
            return _NONE
        index, rule = found
        with self._lock:
            delay = self._delay(rule.latency) if rule.latency else 0.0
            shared = self.shared
            if rule.client_rate_limit is not None:
                who = client(rule.client_key) if client is not None else "-"
                now = time.monotonic()
                if shared is not None:
                    allowed = shared.take(f"client {index} {who}", rule.client_rate_limit, now)
                else:
                    allowed = self._client_allowed(rule, who, now)
                if not allowed:
                    return Decision(delay, 429, max(1, rule.retry_after), "client rate limit")
            if rule.rate_limit is not None and shared is not None:
                if not shared.take(f"rule {index}", rule.rate_limit, time.monotonic()):
                    return Decision(delay, 429, max(1, rule.retry_after), "rate limit")
            elif rule.rate_limit is not None:
                now = time.monotonic()
                rule._tokens = min(rule.rate_limit, rule._tokens + (now - rule._last) * rule.rate_limit)
                rule._last = now
                if rule._tokens < 1:
                    return Decision(delay, 429, max(1, rule.retry_after), "rate limit")
                rule._tokens -= 1
            if rule.errors:
                u = float(self.rng.random())
                acc = 0.0
                for status, share in sorted(rule.errors.items()):
                    acc += share
                    if u < acc:
                        if status == DROP:
                            return Decision(delay, DROP, None, "dropped")
                        return Decision(delay, status, rule.retry_after if status in (429, 503) else None, "injected")
        return Decision(delay)


def load_faults(
    path: str | Path | None, *, latency_ms: float | None = None, error_rate: float | None = None, seed: int = 0
) -> Faults:
    """Fault rules from a YAML/JSON file, plus the command line's shortcuts (for every route)."""
    config: Any = None
    if path is not None:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise SpecError(f"{path}: cannot read the fault rules ({exc.strerror})") from None
        if p.suffix == ".json":
            config = json.loads(text)
        else:
            import yaml

            config = yaml.safe_load(text)
    faults = Faults.from_config(config, seed)
    if latency_ms is not None or error_rate is not None:
        raw: dict[str, Any] = {"route": "*"}
        if latency_ms:
            raw["latency"] = latency_ms
        if error_rate:
            raw["errors"] = {500: error_rate}
        faults.rules.append(_rule(raw, "--latency/--error-rate"))
        faults.reset()
    return faults
