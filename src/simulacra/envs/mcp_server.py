"""The environment's tools over the Model Context Protocol (the official ``mcp`` SDK): stdio, or streamable HTTP
on 127.0.0.1. One MCP session is one episode, on its own fresh copy of the database.

A session's task is ``task`` when given, else the tasks in turn (session 1 gets the first, ...). Besides the
environment's tools the server offers ``get_task`` (the instruction and the policy); the policy is also the
server's ``instructions``. Each finished episode is appended to ``record`` (trajectories JSONL) when given,
and, when the server stops, every episode that never finished (scored as a failure).
"""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path
from typing import Any

from simulacra.envs.episode import EnvFiles, Episode
from simulacra.errors import SimulacraError

__all__ = ["GET_TASK", "make_server", "serve_http", "serve_stdio"]

GET_TASK = "get_task"


def _sdk() -> tuple[Any, Any]:
    try:
        import mcp_types as types
        from mcp.server.lowlevel import Server
    except ImportError:
        raise SimulacraError(
            "simulacra env serve needs the MCP SDK: pip install 'simulacra[agents]' (or pip install mcp)"
        ) from None
    return Server, types


class _Sessions:
    """The episode of each MCP session, made on its first request."""

    def __init__(self, files: EnvFiles, task: str | None, record: Path | None) -> None:
        if task is not None and task not in files.task_index:
            raise SimulacraError(f"no task {task!r} in {files.path}")
        self.files, self.task, self.record = files, task, record
        self.episodes: dict[str, tuple[Episode, dict[str, Any]]] = {}
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[Episode, dict[str, Any]]:
        with self._lock:
            if key not in self.episodes:
                tid = self.task or self.files.tasks[next(self._turn) % len(self.files.tasks)]["id"]
                task = self.files.task_index[tid]
                self.episodes[key] = (
                    Episode(self.files, task),
                    {"agent": "mcp", "task_id": tid, "trial": 0, "steps": []},
                )
            return self.episodes[key]

    def finish(self, key: str) -> None:
        ep, traj = self.episodes[key]
        traj.update(answer=ep.answer, terminated=True, truncated=False, changes=ep.diff(), **_verdict(ep))
        ep.conn.close()  # the episode has ended (later calls say so); its database copy is freed
        traj["recorded"] = True
        self._write(traj)

    def flush(self) -> None:
        """When the server stops: every episode that never called finish is recorded too (a failure)."""
        for ep, traj in list(self.episodes.values()):
            if not traj.get("recorded"):
                traj.update(
                    answer=None,
                    terminated=False,
                    truncated=False,
                    changes=ep.diff(),
                    success=False,
                    problems=["the session ended without finish"],
                    recorded=True,
                )
                self._write(traj)

    def _write(self, traj: dict[str, Any]) -> None:
        if self.record is not None:
            line = {k: v for k, v in traj.items() if k != "recorded"}
            with self._lock, self.record.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")


def _verdict(ep: Episode) -> dict[str, Any]:
    v = ep.verdict()
    return {"success": v["success"], "problems": v["problems"]}


def _session_key(ctx: Any) -> str:
    """Streamable HTTP: the Mcp-Session-Id header; stdio: the process is the one session."""
    request = getattr(ctx, "request", None)
    headers = getattr(request, "headers", None)
    sid = headers.get("mcp-session-id") if headers is not None else None
    return str(sid) if sid else "stdio"


def make_server(
    env: str | Path | EnvFiles, *, task: str | None = None, record: str | Path | None = None
) -> tuple[Any, _Sessions]:
    """The MCP server (low-level ``mcp.server.lowlevel.Server``) and the sessions it keeps."""
    Server, types = _sdk()
    files = env if isinstance(env, EnvFiles) else EnvFiles(env)
    sessions = _Sessions(files, task, Path(record) if record is not None else None)
    tools = [
        types.Tool(name=t["name"], description=t["description"], input_schema=t["parameters"]) for t in files.tools
    ]
    tools.append(
        types.Tool(
            name=GET_TASK,
            description="The user's request for this session (the episode's task) and the policy.",
            input_schema={"type": "object", "properties": {}, "additionalProperties": False},
        )
    )

    def _text(payload: Any, error: bool) -> Any:
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, default=str)
        structured = None if error else {"result": json.loads(json.dumps(payload, default=str))}
        return types.CallToolResult(
            content=[types.TextContent(text=text)], structured_content=structured, is_error=error
        )

    async def list_tools(ctx: Any, params: Any) -> Any:
        return types.ListToolsResult(tools=tools)

    async def call_tool(ctx: Any, params: Any) -> Any:
        key = _session_key(ctx)
        ep, traj = sessions.get(key)
        if params.name == GET_TASK:
            return _text(
                {"task_id": traj["task_id"], "instruction": ep.task["instruction"], "policy": files.policy_text}, False
            )
        obs = ep.call(params.name, params.arguments or {})
        traj["steps"].append({"name": params.name, "arguments": params.arguments or {}, "observation": obs})
        if ep.done and obs["ok"]:
            sessions.finish(key)
        return _text(obs["result"], False) if obs["ok"] else _text(obs["error"], True)

    server = Server(
        "simulacra-env", version="1", instructions=files.policy_text, on_list_tools=list_tools, on_call_tool=call_tool
    )
    return server, sessions


def serve_stdio(env: str | Path, *, task: str | None = None, record: str | Path | None = None) -> None:
    import anyio
    from mcp.server.stdio import stdio_server

    server, sessions = make_server(env, task=task, record=record)

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    try:
        anyio.run(main)
    finally:
        sessions.flush()


def serve_http(
    env: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    task: str | None = None,
    record: str | Path | None = None,
) -> None:
    """Streamable HTTP at http://127.0.0.1:PORT/mcp (loopback only)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SimulacraError(f"the environment server binds loopback only (127.0.0.1), not {host!r}")
    import uvicorn

    server, sessions = make_server(env, task=task, record=record)
    app = server.streamable_http_app(host=host)
    try:
        uvicorn.run(_flush_on_shutdown(app, sessions), host=host, port=port, log_level="warning")
    finally:
        sessions.flush()


def _flush_on_shutdown(app: Any, sessions: _Sessions) -> Any:
    """The ASGI app, recording unfinished episodes at its lifespan's shutdown (uvicorn re-raises SIGTERM after
    shutting down, so code after ``uvicorn.run`` may never run)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def send_then_flush(message: Any) -> None:
            if message.get("type") == "lifespan.shutdown.complete":
                sessions.flush()
            await send(message)

        await app(scope, receive, send_then_flush)

    return wrapped
