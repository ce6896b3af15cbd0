"""Build a server's state and run it under uvicorn (loopback unless asked otherwise)."""

from __future__ import annotations

import importlib.util
import ipaddress
from pathlib import Path
from typing import Any

from simulacra.errors import SimulacraError

__all__ = ["build_state", "create_app", "is_loopback", "require_extra", "run", "settle_heap"]


def require_extra(*more: str) -> None:
    """Raise a clear error when the ``serve`` extra (Starlette, uvicorn; jsonschema for --openapi) is not installed."""
    missing = [m for m in ("starlette", "uvicorn", *more) if importlib.util.find_spec(m) is None]
    if missing:
        raise SimulacraError(
            f"simulacra serve needs {' and '.join(missing)}: install them with pip install 'simulacra[serve]'"
        )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_state(
    source: Any,
    *,
    seed: int | None = None,
    scale: float = 1.0,
    token: str | None = None,
    faults: Any = None,
    log: str | Path | None = None,
    database: str | Path | None = None,
    fresh: bool = True,
) -> Any:
    """The state of a server for ``source`` (a spec path, ``example:NAME``, a mapping, or a dataset path)."""
    require_extra()
    from simulacra.serve.app import ServeState
    from simulacra.serve.dataset import load_source
    from simulacra.serve.faults import Faults
    from simulacra.serve.model import build_model
    from simulacra.serve.stats import RequestLog
    from simulacra.serve.store import Store
    from simulacra.serve.writes import Writer

    src = load_source(source, seed=seed, scale=scale)
    model = build_model(src.plan, src.frames, name=src.name, description=src.description)
    store = Store(model, src.frames, database, fresh=fresh)
    if faults is None:
        faults = Faults([], src.seed)
    elif not isinstance(faults, Faults):
        faults = Faults.from_config(faults, src.seed)
    return ServeState(
        model=model,
        store=store,
        writer=Writer(model, store, src.seed),
        faults=faults,
        log=RequestLog(log) if log is not None else None,
        token=token,
    )


def settle_heap() -> None:
    """Collect once, then move every object alive into the collector's permanent generation (``gc.freeze``).

    Called only in a server's own process (``run``, a worker's factory), after the data is generated
    and before the first request: the objects that building the state left (the spec, the value
    pools, imported modules: some 150,000) are never scanned again. Otherwise each full collection
    walked all of them, about 0.25 s on the test machine with every request in flight waiting,
    which set the server's p99 latency. Objects made later are collected as usual."""
    import gc

    gc.collect()
    gc.freeze()


def create_app(state: Any) -> Any:
    require_extra()
    from simulacra.serve.app import create_app as _create

    return _create(state)


def run(
    state: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "warning",
    workers: int = 1,
    config: dict[str, Any] | None = None,
) -> None:
    """Serve until interrupted. ``workers`` > 1: that many processes, each rebuilding the state from
    ``config`` (see :mod:`simulacra.serve.worker`) over the database file ``state`` already filled."""
    require_extra()
    import uvicorn

    if workers <= 1:
        app = create_app(state)
        settle_heap()
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level=log_level,
            access_log=False,
            server_header=False,
            proxy_headers=False,
        )
        return
    import json
    import os

    from simulacra.serve.worker import CONFIG_ENV

    if config is None or state.store.path == ":memory:":
        raise ValueError("several workers need the config and a database file")
    os.environ[CONFIG_ENV] = json.dumps(config)
    uvicorn.run(
        "simulacra.serve.worker:app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )
