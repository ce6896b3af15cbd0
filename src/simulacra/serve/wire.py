"""Answers written to the connection in one piece (status line, headers and body: one ``write``).

Under uvicorn an ASGI answer is two messages, and its HTTP/1.1 protocol writes each to the socket
as it comes: two system calls (and, on loopback, two trips through the receiver's network stack)
per answer. A complete answer whose bytes the server already has (a kept read, a small JSON
answer) is written here in one, with exactly what uvicorn's own ``send`` would have written
(its status line, its default headers, the answer's headers, ``connection: close`` when the
connection is not kept alive), and the request-response cycle left as uvicorn leaves it after the
body. :func:`send_whole` does it only when ``send`` belongs to the httptools protocol of uvicorn
and the cycle is in the state that makes it the same; otherwise it returns False and the caller
sends the two messages as usual.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from starlette.types import Send

__all__ = ["header_block", "send_whole"]

try:  # the serve extra's uvicorn; its httptools protocol is the one this applies to
    _h = importlib.import_module("uvicorn.protocols.http.httptools_impl")
    _CYCLE: Any = _h.RequestResponseCycle
    _STATUS_LINE: dict[int, bytes] = _h.STATUS_LINE
    _NAME_RE: Any = _h.HEADER_RE
    _VALUE_RE: Any = _h.HEADER_VALUE_RE
except (ImportError, AttributeError):  # another server or version: always the two messages
    _CYCLE = None
    _STATUS_LINE = {}
    _NAME_RE = _VALUE_RE = None

# what the cycle must have for send_whole to leave it as uvicorn's send would
_STATE = (
    "transport",
    "flow",
    "access_log",
    "default_headers",
    "message_event",
    "on_response",
    "disconnected",
    "keep_alive",
    "response_started",
    "response_complete",
)


_CHECKED: list[bool] = []  # the cycle's class was found to have every attribute of _STATE


def _check(cycle: Any) -> bool:
    if all(hasattr(cycle, a) for a in _STATE):
        _CHECKED.append(True)
        return True
    return False


def header_block(headers: Sequence[tuple[bytes, bytes]]) -> bytes | None:
    """The header lines of an answer as uvicorn writes them (``name: value\\r\\n`` each, names lower-cased),
    or None when one would make uvicorn refuse it (a name or value it rejects), when a header is one its
    ``send`` treats specially (``connection``, ``transfer-encoding``), or without a ``content-length``."""
    if _NAME_RE is None:
        return None
    out = []
    length = False
    for name, value in headers:
        if _NAME_RE.search(name) or _VALUE_RE.search(value):
            return None
        low = name.lower()
        if low in (b"connection", b"transfer-encoding"):
            return None
        length = length or low == b"content-length"
        out += [low, b": ", value, b"\r\n"]
    return b"".join(out) if length else None


def send_whole(send: Send, method: str, status: int, block: bytes, body: bytes) -> bool:
    """Write a complete answer (``block`` from :func:`header_block`, whose ``content-length`` is
    ``len(body)``) in one piece on uvicorn's connection; False when ``send`` is not uvicorn's httptools
    cycle or the cycle is not fresh (then nothing was written: send the messages as usual)."""
    cycle: Any = getattr(send, "__self__", None)
    if _CYCLE is None or type(cycle) is not _CYCLE or method == "HEAD" or status not in _STATUS_LINE:
        return False
    if not _CHECKED and not _check(cycle):
        return False
    if cycle.response_started or cycle.disconnected or cycle.flow.write_paused or cycle.access_log:
        return False
    head = [_STATUS_LINE[status]]
    for name, value in cycle.default_headers:  # the Date (and any --header) uvicorn adds to every answer
        if _NAME_RE.search(name) or _VALUE_RE.search(value) or name.lower() in (b"connection", b"content-length"):
            return False
        head += [name.lower(), b": ", value, b"\r\n"]
    head.append(block)
    keep_alive = cycle.keep_alive
    if not keep_alive:
        head.append(b"connection: close\r\n")
    head += [b"\r\n", body]
    cycle.response_started = True
    cycle.waiting_for_100_continue = False
    cycle.chunked_encoding = False
    cycle.expected_content_length = 0
    cycle.transport.write(b"".join(head))
    cycle.response_complete = True
    cycle.message_event.set()
    if not keep_alive:
        cycle.transport.close()
    cycle.on_response()
    return True
