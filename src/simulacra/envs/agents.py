"""Reference agents for testing the harness honestly, and loading a user's agent from ``module:callable``.

An agent is a callable ``agent(task, history) -> tool_call``: ``task`` is ``{id, instruction, tools, policy}``,
``history`` the list of ``{name, arguments, observation}`` so far, and the tool call ``{name, arguments}``.
The episode ends when it calls ``finish`` (or after the step limit).
"""

from __future__ import annotations

import importlib
import re
import zlib
from collections.abc import Callable
from typing import Any

from simulacra._random import sequential
from simulacra.envs.episode import EnvFiles
from simulacra.envs.tools import FINISH
from simulacra.errors import SpecError

__all__ = ["Agent", "NoopAgent", "OracleAgent", "RandomAgent", "load_agent"]

Agent = Callable[[dict[str, Any], list[dict[str, Any]]], dict[str, Any]]


class OracleAgent:
    """Replays each task's reference solution: must score 100%."""

    def __init__(self, files: EnvFiles) -> None:
        self.files = files

    def __call__(self, task: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
        reference = self.files.task_index[task["id"]]["reference"]
        return (
            dict(reference[len(history)])
            if len(history) < len(reference)
            else {"name": FINISH, "arguments": {"answer": ""}}
        )


class NoopAgent:
    """Does nothing and says nothing: passes exactly the tasks whose right outcome is to change nothing (with no facts to say)."""

    def __call__(self, task: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
        return {"name": FINISH, "arguments": {"answer": ""}}


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@'-]*[A-Za-z0-9]|\d")


class RandomAgent:
    """Calls random tools with arguments drawn from the instruction's words and earlier results, then finishes."""

    def __init__(self, seed: int = 0, max_calls: int = 6) -> None:
        self.seed, self.max_calls = seed, max_calls

    def __call__(self, task: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
        rng = sequential(zlib.crc32(f"{self.seed}:{task['id']}:{task.get('trial', 0)}:{len(history)}".encode()))
        words = _TOKEN.findall(task["instruction"])
        seen = [v for h in history for v in _values(h.get("observation"))]
        if len(history) >= rng.randint(1, self.max_calls):
            pool = [str(v) for v in seen + words]
            return {"name": FINISH, "arguments": {"answer": " ".join(rng.sample(pool, min(len(pool), 5)))}}
        tool = rng.choice([t for t in task["tools"] if t["name"] != FINISH])
        args: dict[str, Any] = {}
        props = tool["parameters"]["properties"]
        for name in tool["parameters"]["required"] or list(props)[:1]:
            s = props[name]
            if "enum" in s:
                args[name] = rng.choice(s["enum"])
                continue
            typed = [v for v in seen + [_number(w) for w in words] + words if _fits(v, s["type"])]
            args[name] = (
                rng.choice(typed)
                if typed and rng.random() < 0.8
                else {"integer": rng.randint(1, 100), "number": round(rng.uniform(1, 1000), 2), "boolean": True}.get(
                    s["type"], "x"
                )
            )
        return {"name": tool["name"], "arguments": args}


def _number(w: str) -> Any:
    try:
        return int(w)
    except ValueError:
        try:
            return float(w)
        except ValueError:
            return w


def _fits(v: Any, t: str) -> bool:
    if isinstance(v, bool):
        return t == "boolean"
    return {"integer": isinstance(v, int), "number": isinstance(v, (int, float)), "string": isinstance(v, str)}.get(
        t, False
    )


def _values(obs: Any) -> list[Any]:
    if isinstance(obs, dict):
        return [v for x in obs.values() for v in _values(x)]
    if isinstance(obs, list):
        return [v for x in obs[:5] for v in _values(x)]
    return [] if obs is None else [obs]


def load_agent(name: str, files: EnvFiles, *, seed: int = 0) -> Agent:
    """oracle, noop, random, or ``module:callable`` (a callable agent, or a factory taking no arguments that returns one)."""
    if name == "oracle":
        return OracleAgent(files)
    if name == "noop":
        return NoopAgent()
    if name == "random":
        return RandomAgent(seed)
    module, _, attr = name.partition(":")
    if not module or not attr:
        raise SpecError(f"unknown agent {name!r}; expected oracle, noop, random or module:callable")
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise SpecError(f"cannot load agent {name!r}: {exc}") from None
    if isinstance(obj, type):
        obj = obj()
    if not callable(obj):
        raise SpecError(f"agent {name!r} is not callable")
    return obj
