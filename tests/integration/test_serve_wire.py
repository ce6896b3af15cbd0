"""Answers written in one piece (serve.wire) and kept answers sent before the gate's other work: the bytes on
the wire are the ones uvicorn writes from the two ASGI messages, and nothing the gate decides is skipped."""

from __future__ import annotations

import json
import logging
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import app as serve_app
from simulacra.serve import build_state, wire
from simulacra.serve.faults import Faults

_DATE = re.compile(rb"\r\ndate: [^\r]*")


def _read_answer(sock: socket.socket, buf: bytearray, head_only: bool = False) -> bytes:
    """One HTTP/1.1 answer from ``sock`` (``buf``: bytes already read past the last one; ``head_only``: the
    answer to a HEAD, no body whatever content-length says)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        buf += chunk
    end = buf.index(b"\r\n\r\n") + 4
    m = re.search(rb"\r\ncontent-length: (\d+)", bytes(buf[:end]), re.IGNORECASE)
    total = end + (int(m.group(1)) if m and not head_only else 0)
    while len(buf) < total:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the body")
        buf += chunk
    answer = bytes(buf[:total])
    del buf[:total]
    return answer


def _request(method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> bytes:
    data = b"" if body is None else json.dumps(body).encode()
    head = f"{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    if body is not None:
        head += f"content-type: application/json\r\ncontent-length: {len(data)}\r\n"
    return head.encode() + b"\r\n" + data


NEW = {
    "first_name": "Ada",
    "email": "ada@example.com",
    "segment": "vip",
    "signup_at": "2022-05-01T10:00:00Z",
    "birth_date": "1990-01-02",
    "active": True,
}
# requests of every kind the gate answers: reads (first and kept), formats, writes, refusals, a delete,
# one with '%2F' in a path, a HEAD, pipelined pairs, and a connection the client closes
SCRIPT: list[list[bytes]] = [
    [_request("GET", "/customers/3")],
    [_request("GET", "/customers/3")],  # kept
    [_request("GET", "/orders?status=shipped&limit=3&offset=2")],
    [_request("GET", "/orders?status=shipped&limit=3&offset=2")],
    [_request("GET", "/customers/2/orders?limit=2"), _request("GET", "/customers/2/orders?limit=2")],  # pipelined
    [_request("GET", "/orders?limit=4", headers={"accept": "text/csv"})],
    [_request("GET", "/customers/999")],  # 404 problem
    [_request("GET", "/orders?totl=3")],  # 400 problem
    [_request("GET", "/orders/ORD%2F1")],
    [_request("HEAD", "/customers/3")],
    [_request("POST", "/customers", NEW)],  # 201, key 41
    [_request("POST", "/customers", {**NEW, "segment": "gold"})],  # 422
    [_request("PATCH", "/customers/3", {"segment": "premium"}), _request("GET", "/customers/3")],
    [_request("PUT", "/customers/3", {"first_name": 5})],  # 422
    [_request("DELETE", "/customers/41")],  # 204, no body (the one created above)
    [_request("GET", "/customers/4", headers={"connection": "close"})],
    [_request("GET", "/customers/4", headers={"connection": "close"})],  # kept, then closed
    [_request("GET", "/")],
]


def _transcript(url: str) -> list[bytes]:
    port = int(url.rsplit(":", 1)[1])
    out: list[bytes] = []
    for batch in [[_request("POST", "/_reset")], *SCRIPT]:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"".join(batch))
            buf = bytearray()
            for req in batch:
                answer = _read_answer(sock, buf, head_only=req.startswith(b"HEAD"))
                out.append(_DATE.sub(b"\r\ndate: -", answer))
            if b"connection: close" in batch[-1]:
                assert sock.recv(1) == b""  # the server closed it
    return out


@pytest.fixture(scope="module")
def state() -> Any:
    return build_state(plan_of(SHOP_MINI))


@pytest.fixture
def url(state: Any) -> Iterator[str]:
    with live_server(state) as base:
        yield base


def test_answers_written_whole_are_the_bytes_of_the_two_messages(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = wire.send_whole

    def spy(*args: Any) -> bool:
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr(serve_app, "send_whole", spy)
    access = logging.getLogger("uvicorn.access")
    assert access.hasHandlers()  # pytest captures uvicorn's access log: each answer is logged as it starts
    logged = _transcript(url)
    assert calls and not any(calls)  # so the answers went message by message, through uvicorn's send
    monkeypatch.setattr(access, "handlers", [])  # no access log: answers may go in one write
    calls.clear()
    whole = _transcript(url)
    assert calls.count(True) >= 14  # reads (kept or not), creates, changes and refusals went in one write
    monkeypatch.setattr(wire, "_CYCLE", None)  # as under another server: uvicorn's own send, message by message
    calls.clear()
    two = _transcript(url)
    assert calls and not any(calls)
    assert whole == two == logged
    statuses = [int(a.split(b" ", 2)[1]) for a in whole]
    assert {200, 201, 204, 400, 404, 422} <= set(statuses)


def test_kept_answers_still_pass_the_gate(state: Any, url: str) -> None:
    """A kept answer is sent before the gate's other work only while no token, fault rule or log applies:
    each of them, set on the running server, applies to the next request for a kept answer."""
    port = int(url.rsplit(":", 1)[1])

    def get(path: str, headers: dict[str, str] | None = None) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(_request("GET", path, headers=headers))
            return _read_answer(sock, bytearray())

    paths = ["/customers/5", "/orders?status=placed&limit=2", "/customers/5/orders"]
    before = state.stats.snapshot()["requests"]
    for path in paths * 3:  # the second and third are kept answers
        assert get(path).startswith(b"HTTP/1.1 200")
    snap = state.stats.snapshot()
    assert snap["requests"] - before == 9
    assert {"GET /customers/{id}", "GET /orders", "GET /customers/{id}/orders"} <= set(snap["routes"])
    faults = state.faults
    try:
        state.faults = Faults.from_config({"seed": 1, "rules": [{"route": "GET *", "errors": {503: 1.0}}]}, 1)
        for path in paths:
            assert get(path).startswith(b"HTTP/1.1 503")
        state.faults = faults
        state.token = "s3cret"
        for path in paths:
            assert get(path).startswith(b"HTTP/1.1 401")
            assert get(path, {"authorization": "Bearer s3cret"}).startswith(b"HTTP/1.1 200")
    finally:
        state.faults = faults
        state.token = None
    assert get(paths[0]).startswith(b"HTTP/1.1 200")
