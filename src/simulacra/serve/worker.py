"""The application factory of worker processes (``simulacra serve --workers N``).

The parent process generates the data into a database file once and puts the server's
settings in an environment variable; each worker rebuilds the API model from the same
spec and seed (the same data, so the same model) and serves that file as it is. Writes
from any worker are seen by all (SQLite in WAL mode, one writer at a time). Fault streams
are per worker, but rate limits hold for the server as a whole: their token buckets are kept
in a SQLite file beside the counters (:class:`~simulacra.serve.faults.SharedBuckets`). Each
worker publishes its counters to a shared folder (twice a second), so that ``/_stats`` from
any worker gives every worker's counters and their sum.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

__all__ = ["CONFIG_ENV", "app"]

CONFIG_ENV = "SIMULACRA_SERVE_WORKER_CONFIG"


def app() -> Any:
    from simulacra.serve.faults import Faults, SharedBuckets
    from simulacra.serve.runner import build_state, create_app, settle_heap
    from simulacra.serve.stats import Stats

    config = json.loads(os.environ[CONFIG_ENV])
    faults = Faults.from_config(config.get("faults"), config.get("faults_seed", 0))
    if config.get("stats_dir") and faults.has_rate_limits():  # one rate limit for all the workers
        faults.shared = SharedBuckets(Path(config["stats_dir"]) / "rate-limits.sqlite")
    common = {
        "seed": config.get("seed"),
        "scale": config.get("scale", 1.0),
        "token": config.get("token"),
        "faults": faults,
        "log": config.get("log"),
        "database": config["database"],
        "fresh": False,
    }
    if config.get("openapi"):
        from simulacra.serve.openapi_routes import build_openapi_state

        state = build_openapi_state(config["openapi"], **common)
    else:
        state = build_state(config["source"], **common)
    if config.get("stats_dir"):
        state.stats = Stats(config["stats_dir"])
    state.configure_commits(grouped=config.get("group_commit"), window_s=config.get("commit_window_s", 0.0))
    app = create_app(state)
    settle_heap()  # this process serves from here on (see settle_heap)
    return app
