"""A small client for any OpenAI-compatible chat-completions endpoint, with an on-disk cache.

Local servers (Ollama, vLLM, llama.cpp's server) and hosted ones speak the same
``POST {url}/chat/completions``. The key, when one is needed, is read from the
environment variable the configuration names, at request time: it is never stored
on the client, logged, put in an error message or written to a cache or manifest.

Determinism: a reply is cached under the hash of (model, messages, parameters,
seed, purpose); a rerun with the same inputs reads the cache and makes no request.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulacra.errors import BackendError

__all__ = ["BackendConfig", "BackendError", "ChatClient", "Completion", "cache_key"]

Message = dict[str, str]


@dataclass(frozen=True)
class BackendConfig:
    """Where the model is and how to talk to it. ``api_key_env`` names the environment variable holding the key."""

    url: str
    model: str
    api_key_env: str | None = None
    timeout_s: float = 60.0
    max_retries: int = 4
    backoff_s: float = 0.5
    max_backoff_s: float = 20.0
    concurrency: int = 4
    cache_dir: str | Path | None = None
    temperature: float = 0.0
    max_tokens: int | None = None

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise BackendError(f"backend URL must start with http:// or https://, found {self.url!r}")
        if not self.model.strip():
            raise BackendError("backend: a model name is required (--model)")
        if self.timeout_s <= 0 or self.max_retries < 0 or self.backoff_s < 0 or self.concurrency < 1:
            raise BackendError("backend: timeout must be > 0, retries and backoff >= 0, concurrency >= 1")

    @property
    def endpoint(self) -> str:
        u = self.url.rstrip("/")
        return u if u.endswith("/chat/completions") else u + "/chat/completions"


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    cached: bool
    key: str


def cache_key(model: str, messages: Sequence[Message], params: dict[str, Any], seed: int, purpose: str) -> str:
    payload = json.dumps(
        {"model": model, "messages": list(messages), "params": params, "seed": seed, "purpose": purpose},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ChatClient:
    """Chat completions with timeouts, retries with exponential backoff on 429/5xx/timeouts, a concurrency
    limit, batching (``complete_many``) and an on-disk cache."""

    def __init__(self, config: BackendConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        import httpx

        self.config = config
        self._sleep = sleep
        self._gate = threading.Semaphore(config.concurrency)
        self._http = httpx.Client(timeout=httpx.Timeout(config.timeout_s))
        self.requests = 0  # HTTP requests made (retries included), for tests and reports
        self.cache_hits = 0
        if config.api_key_env and not os.environ.get(config.api_key_env):
            raise BackendError(
                f"backend: the environment variable {config.api_key_env} (named by --api-key-env) is not set or empty"
            )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ChatClient:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ChatClient(url={self.config.url!r}, model={self.config.model!r})"

    # -- cache ----------------------------------------------------------------------------------------
    def _cache_path(self, key: str) -> Path | None:
        if self.config.cache_dir is None:
            return None
        return Path(self.config.cache_dir) / key[:2] / f"{key}.json"

    def _read_cache(self, key: str) -> Completion | None:
        path = self._cache_path(key)
        if path is None or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Completion(str(data["text"]), str(data["model"]), True, key)
        except (OSError, ValueError, KeyError):
            return None  # a damaged entry is asked again and rewritten

    def _write_cache(self, c: Completion) -> None:
        path = self._cache_path(c.key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}-{threading.get_ident()}")
        tmp.write_text(json.dumps({"model": c.model, "text": c.text}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    # -- requests -------------------------------------------------------------------------------------
    def complete(
        self,
        messages: Sequence[Message],
        *,
        seed: int = 0,
        purpose: str = "",
        temperature: float | None = None,
        max_tokens: int | None = None,
    ) -> Completion:
        """The model's answer to ``messages`` (from the cache when asked before)."""
        params: dict[str, Any] = {"temperature": self.config.temperature if temperature is None else temperature}
        mt = self.config.max_tokens if max_tokens is None else max_tokens
        if mt is not None:
            params["max_tokens"] = mt
        key = cache_key(self.config.model, messages, params, seed, purpose)
        hit = self._read_cache(key)
        if hit is not None:
            self.cache_hits += 1
            return hit
        body = {"model": self.config.model, "messages": list(messages), "seed": seed, **params}
        with self._gate:
            data = self._post(body)
        try:
            text = data["choices"][0]["message"]["content"]
            if not isinstance(text, str):
                raise TypeError
        except (KeyError, IndexError, TypeError):
            raise BackendError(
                f"backend {self.config.endpoint}: the reply has no choices[0].message.content "
                "(is it an OpenAI-compatible chat-completions endpoint?)"
            ) from None
        c = Completion(text, str(data.get("model") or self.config.model), False, key)
        self._write_cache(c)
        return c

    def complete_many(
        self, batch: Sequence[Sequence[Message]], *, seed: int = 0, purpose: str = ""
    ) -> list[Completion]:
        """Answers to many conversations, at most ``concurrency`` requests at a time; in the order given."""
        with ThreadPoolExecutor(max_workers=self.config.concurrency) as pool:
            return list(pool.map(lambda m: self.complete(m, seed=seed, purpose=purpose), batch))

    def _headers(self) -> dict[str, str]:
        h = {"Content-Type": "application/json"}
        if self.config.api_key_env:
            key = os.environ.get(self.config.api_key_env, "")
            if not key:
                raise BackendError(f"backend: the environment variable {self.config.api_key_env} is not set or empty")
            h["Authorization"] = f"Bearer {key}"
        return h

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        import httpx

        url = self.config.endpoint
        last = ""
        for attempt in range(self.config.max_retries + 1):
            retry_after: float | None = None
            try:
                self.requests += 1
                r = self._http.post(url, json=body, headers=self._headers())
            except httpx.TimeoutException:
                last = f"timed out after {self.config.timeout_s:g} s"
            except httpx.HTTPError as exc:
                last = f"cannot connect ({type(exc).__name__})"
            else:
                if r.status_code == 200:
                    try:
                        data = r.json()
                    except ValueError:
                        raise BackendError(f"backend {url}: the reply is not JSON") from None
                    if not isinstance(data, dict):
                        raise BackendError(f"backend {url}: the reply is not a JSON object")
                    return data
                if r.status_code == 429 or r.status_code >= 500:
                    last = f"HTTP {r.status_code}"
                    ra = r.headers.get("retry-after")
                    if ra is not None:
                        try:
                            retry_after = float(ra)
                        except ValueError:
                            retry_after = None
                else:
                    snippet = " ".join(r.text.split())[:200]
                    raise BackendError(f"backend {url}: HTTP {r.status_code} (not retried): {snippet}")
            if attempt < self.config.max_retries:
                wait = self.config.backoff_s * (2**attempt)
                if retry_after is not None:
                    wait = max(wait, retry_after)
                self._sleep(min(wait, self.config.max_backoff_s))
        raise BackendError(f"backend {url}: no answer after {self.config.max_retries + 1} attempts; last: {last}")
