"""A small OpenAI-compatible chat-completions server that replays scripted answers (no model runs here).

Each request takes the next action of the script: an answer's content, an HTTP status (429 with
Retry-After, 500...), a delay longer than the client's timeout, a body that is not JSON, or an answer
computed from the request (``reply``: body -> content), which does not depend on the order requests arrive in. Every
request is recorded (its JSON body and whether it carried an Authorization header) for assertions.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route


@dataclass
class Script:
    actions: deque[dict[str, Any]] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    auth: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    max_in_flight: int = 0  # most requests of the current script handled at once
    _in_flight: int = 0
    epoch: int = 0  # a new script does not count requests still sleeping from an earlier one

    def play(self, *actions: dict[str, Any]) -> None:
        with self.lock:
            self.actions.clear()
            self.actions.extend(actions)
            self.requests.clear()
            self.auth.clear()
            self.max_in_flight = 0
            self._in_flight = 0
            self.epoch += 1


def answer(content: str, model: str = "scripted-1") -> dict[str, Any]:
    return {"content": content, "model": model}


class ScriptedServer:
    def __init__(self) -> None:
        self.script = Script()
        app = Starlette(routes=[Route("/v1/chat/completions", self._chat, methods=["POST"])])
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        config = uvicorn.Config(app, log_level="critical", lifespan="off", ws="none", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def start(self) -> ScriptedServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("scripted server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    async def _chat(self, request: Request) -> Response:
        s = self.script
        body = await request.json()
        with s.lock:
            s.requests.append(body)
            s.auth.append(request.headers.get("authorization"))
            action = s.actions.popleft() if s.actions else {"status": 500, "text": "script exhausted"}
            epoch = s.epoch
            s._in_flight += 1
            s.max_in_flight = max(s.max_in_flight, s._in_flight)
        try:
            if "delay" in action:
                await asyncio.sleep(action["delay"])
            if "status" in action:
                headers = {"retry-after": str(action["retry_after"])} if "retry_after" in action else {}
                return PlainTextResponse(action.get("text", "error"), status_code=action["status"], headers=headers)
            if action.get("echo"):  # answer with the last user message, to match answers to requests
                action = {"content": "echo: " + body["messages"][-1]["content"]}
            if "reply" in action:  # a function of the request body: answers that do not depend on arrival order
                action = {"content": action["reply"](body)}
            if "raw" in action:
                return PlainTextResponse(action["raw"])
            return JSONResponse(
                {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "model": action.get("model", "scripted-1"),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": action["content"]},
                        }
                    ],
                }
            )
        finally:
            with s.lock:
                if s.epoch == epoch:
                    s._in_flight -= 1
