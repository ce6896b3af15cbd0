"""A real MCP session against `simulacra env serve`: the SDK's client over stdio (a subprocess) and over
streamable HTTP on 127.0.0.1; one session is one episode, recorded and scored like any other."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

import simulacra
from simulacra.envs.episode import EnvFiles
from simulacra.envs.score import score
from simulacra.examples import example_path

SRC = str(Path(simulacra.__file__).resolve().parents[1])


@pytest.fixture(scope="module")
def env_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mcp") / "shop"
    simulacra.build_environment(example_path("shop"), out, tasks=24, scale=0.03, seed=2)
    return out


def _refund_task(env_dir: Path) -> dict[str, Any]:
    return next(
        t
        for t in EnvFiles(env_dir).tasks
        if t["labels"]["category"] in ("multi_step_change", "conflicting_instructions")
        and [c["name"] for c in t["reference"]].count("refund_order") == 1
        and t["reference"][-2]["name"] == "refund_order"
    )


def _serve_args(env_dir: Path, *extra: str) -> list[str]:
    return ["-m", "simulacra.cli.main", "env", "serve", str(env_dir), *extra]


async def _play(session: ClientSession, task: dict[str, Any]) -> list[Any]:
    await session.initialize()
    listed = await session.list_tools()
    names = {t.name for t in listed.tools}
    assert {"refund_order", "get_orders", "finish", "get_task"} <= names
    got = await session.call_tool("get_task", {})
    assert json.loads(got.content[0].text)["instruction"] == task["instruction"]
    bad = await session.call_tool("get_orders", {"order_id": 12})  # wrong type: a tool error, the session goes on
    assert bad.is_error and "must be string" in bad.content[0].text
    unknown = await session.call_tool("drop_everything", {})
    assert unknown.is_error and "unknown tool" in unknown.content[0].text
    results = []
    for call in task["reference"]:
        res = await session.call_tool(call["name"], call["arguments"])
        assert not res.is_error, res.content[0].text
        results.append(res.structured_content)
    return results


def test_stdio_session_is_one_scored_episode(env_dir: Path, tmp_path: Path) -> None:
    task = _refund_task(env_dir)
    record = tmp_path / "mcp.jsonl"
    params = StdioServerParameters(
        command=sys.executable,
        args=_serve_args(env_dir, "--task", task["id"], "--record", str(record)),
        env={"PYTHONPATH": SRC, "PATH": os.environ.get("PATH", "")},
    )

    async def main() -> list[Any]:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            return await _play(session, task)

    results = anyio.run(main)
    refund = results[-2]["result"]["changed"][0]
    assert refund["table"] == "refunds" and refund["row"]["amount"] == task["user"]["amount"]
    (line,) = record.read_text().splitlines()
    assert json.loads(line)["task_id"] == task["id"] and json.loads(line)["success"] is True
    s = score(env_dir, record)  # the scorer replays the session's calls (the two bad ones included)
    assert s["summary"]["success_rate"] == 1.0 and s["summary"]["replay_mismatches"] == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_http_sessions_are_separate_episodes(env_dir: Path, tmp_path: Path) -> None:
    task = _refund_task(env_dir)
    record = tmp_path / "http.jsonl"
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            *_serve_args(env_dir, "--http", "--port", str(port), "--task", task["id"], "--record", str(record)),
        ],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60  # a loaded CI machine imports slowly
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()[1].decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/mcp"
        order = task["reference"][-2]["arguments"]["order_id"]
        new_refund = task["goal"]["changes"][0]["key"]

        async def main() -> list[str]:
            async with streamable_http_client(url) as (read, write), ClientSession(read, write) as one:
                await _play(one, task)
            # a second session starts from the pristine database: the first one's refund is not there
            async with streamable_http_client(url) as (read, write), ClientSession(read, write) as two:
                await two.initialize()
                res = await two.call_tool("search_refunds", {"order_id": order})
                return [r["refund_id"] for r in res.structured_content["result"]]

        refunds = anyio.run(main)
        assert new_refund not in refunds
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
    lines = [json.loads(x) for x in record.read_text().splitlines()]
    assert [(x["success"], x["terminated"]) for x in lines] == [
        (True, True),
        (False, False),
    ]  # the second never finished
    s = score(env_dir, record)
    assert s["summary"]["episodes"] == 2 and s["summary"]["success_rate"] == 0.5


def test_serve_refuses_a_public_address(env_dir: Path) -> None:
    from simulacra.envs.mcp_server import serve_http
    from simulacra.errors import SimulacraError

    with pytest.raises(SimulacraError, match="loopback only"):
        serve_http(env_dir, host="0.0.0.0")


def test_serve_without_the_sdk_says_what_to_install(monkeypatch: pytest.MonkeyPatch, env_dir: Path) -> None:
    from simulacra.envs import mcp_server
    from simulacra.errors import SimulacraError

    monkeypatch.setitem(sys.modules, "mcp.server.lowlevel", None)
    with pytest.raises(SimulacraError, match=r"pip install 'simulacra\[agents\]'"):
        mcp_server.make_server(env_dir)
