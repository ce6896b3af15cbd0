"""Serve a spec, a dataset or an OpenAPI document as a mock REST API (Starlette under uvicorn, on 127.0.0.1).

Every table gets list/get/create/replace/patch/delete routes, nested foreign-key routes, /openapi.json,
/docs, /_stats and POST /_reset. Needs the serve extra (Starlette, uvicorn).

Example:

    simulacra serve example:shop --seed 7
"""

from __future__ import annotations

from pathlib import Path

import typer

from simulacra.cli._console import console, err_console, escape


def command(
    source: str | None = typer.Argument(
        None,
        help="Spec YAML (or example:shop, example:support, example:bank), or a dataset (.db/.duckdb file, folder).",
    ),
    openapi: str | None = typer.Option(
        None, "--openapi", help="Serve the paths of this OpenAPI 3.0/3.1 document (JSON or YAML) instead."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed (default: the spec's)."),
    scale: float = typer.Option(
        1.0,
        "--scale",
        min=0.0,
        help="Multiply every absolute row count (rounded; a positive count keeps at least 1 row, static tables keep theirs).",
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (loopback by default; any other prints a warning)."
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    token: str | None = typer.Option(
        None, "--token", envvar="SIMULACRA_SERVE_TOKEN", help="Require 'Authorization: Bearer TOKEN' on every request."
    ),
    faults: str | None = typer.Option(
        None, "--faults", help="YAML/JSON file of fault rules (latency, 429/500/503 shares, rate limits) per route."
    ),
    latency: float | None = typer.Option(
        None, "--latency", min=0.0, help="Add this many milliseconds to every answer."
    ),
    error_rate: float | None = typer.Option(
        None, "--error-rate", min=0.0, max=1.0, help="Answer this share of requests with 500."
    ),
    log: str | None = typer.Option(None, "--log", help="Append one JSON line per request to this file."),
    db: str | None = typer.Option(
        None, "--db", help="Keep the served SQLite database in this file (default: in memory)."
    ),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes (they share one database file)."),
    group_commit: str = typer.Option(
        "auto",
        "--group-commit",
        help="Writes arriving together share one COMMIT (each in its own savepoint, answered after the commit): "
        "auto (on for a --db file, off in memory), on or off.",
    ),
    commit_window_ms: float = typer.Option(
        0.0,
        "--commit-window-ms",
        min=0.0,
        max=1000.0,
        help="With group commit: how long a group's first write waits for others (0: the rest of the event loop's turn).",
    ),
) -> None:
    """Serve a spec, a dataset or an OpenAPI document as a mock REST API (Starlette under uvicorn)."""
    from simulacra.errors import SpecError
    from simulacra.serve import require_extra
    from simulacra.serve.runner import is_loopback

    require_extra()
    if (source is None) == (openapi is None):
        raise SpecError("give a spec or dataset to serve, or --openapi FILE (one of them)")
    from simulacra.serve.faults import load_faults
    from simulacra.serve.runner import build_state, run

    if group_commit not in ("auto", "on", "off"):
        raise typer.BadParameter(f"{group_commit!r}: expected auto, on or off", param_hint="--group-commit")
    grouped = None if group_commit == "auto" else group_commit == "on"
    rules = load_faults(faults, latency_ms=latency, error_rate=error_rate, seed=seed or 0)
    tmp = None
    if workers > 1:  # worker processes share one database file and publish their counters beside it
        import tempfile

        tmp = tempfile.TemporaryDirectory(prefix="simulacra-serve-")
        if db is None:
            db = str(Path(tmp.name) / "served.db")
    if openapi is not None:
        from simulacra.serve.openapi_routes import build_openapi_state

        state = build_openapi_state(openapi, seed=seed, scale=scale, token=token, faults=rules, log=log, database=db)
    else:
        state = build_state(source, seed=seed, scale=scale, token=token, faults=rules, log=log, database=db)
    state.configure_commits(grouped=grouped, window_s=commit_window_ms / 1000)
    if not is_loopback(host):
        err_console.print(
            f"[bold yellow]warning:[/] binding {escape(host)}: the API is reachable from other machines"
            + ("" if token else " and needs no token (pass --token)"),
            markup=True,
            highlight=False,
        )
    shown = f"[{host}]" if ":" in host else host
    rows = sum(state.store.count(t) for t in state.model.tables)
    console.print(
        f"serving {escape(state.model.name)} ({len(state.model.tables)} tables, {rows:,} rows) at "
        f"http://{escape(shown)}:{port}{f' ({workers} workers)' if workers > 1 else ''}  — docs: /docs, "
        "OpenAPI: /openapi.json; Ctrl+C stops",
        highlight=False,
    )
    config = {
        "source": source,
        "openapi": openapi,
        "seed": seed,
        "scale": scale,
        "token": token,
        "faults": rules.config(),
        "faults_seed": rules.seed,
        "log": log,
        "database": db,
        "stats_dir": tmp.name if tmp is not None else None,
        "group_commit": grouped,
        "commit_window_s": commit_window_ms / 1000,
    }
    try:
        run(state, host=host, port=port, workers=workers, config=config)
    finally:
        if tmp is not None:
            tmp.cleanup()
