"""One episode: a fresh copy of the database, the tools dispatched over it, faults injected, the goal judged.

``Environment`` (Gymnasium's shape) wraps it: ``reset(task_id) -> (obs, info)``,
``step(tool_call) -> (obs, reward, terminated, truncated, info)``.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from simulacra.envs._db import HANDOFFS, Changes, copy_of, open_pristine
from simulacra.envs._schema import EnvSchema
from simulacra.envs.actions import apply_action
from simulacra.envs.goals import judge
from simulacra.envs.reads import read
from simulacra.envs.tools import FINISH, TRANSFER, ToolError, check_arguments
from simulacra.errors import SourceError
from simulacra.spec import model as m

__all__ = ["EnvFiles", "Environment", "Episode"]

FAULT_MESSAGE = "{tool}: the service is temporarily unavailable (503); nothing was done, try again"


class EnvFiles:
    """A built environment folder, read once: schema, actions, policy, tools, tasks and the pristine database."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            meta = json.loads((self.path / "env.json").read_text(encoding="utf-8"))
            self.tools: list[dict[str, Any]] = json.loads((self.path / "tools.json").read_text(encoding="utf-8"))
            self.policy_text = (self.path / "policy.md").read_text(encoding="utf-8")
            lines = (self.path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
        except (OSError, ValueError) as exc:
            raise SourceError(f"{self.path}: not a built environment (simulacra env build): {exc}") from None
        self.meta = meta
        self.schema = EnvSchema.from_json(meta["schema"])
        self.actions = {a["name"]: m.ActionSpec.model_validate(a) for a in meta["actions"]}
        self.policy = m.PolicySpec.model_validate(meta["policy"]) if meta.get("policy") else None
        self.tasks = [json.loads(x) for x in lines if x.strip()]
        self.task_index = {t["id"]: t for t in self.tasks}
        self.pristine = open_pristine(self.path / "db.sqlite")
        self.tool_index = {t["name"]: t for t in self.tools}


class Episode:
    """The database of one episode and everything done to it."""

    def __init__(
        self, files: EnvFiles, task: dict[str, Any] | None = None, *, conn: sqlite3.Connection | None = None
    ) -> None:
        self.files = files
        self.task = task or {}
        self.conn = conn if conn is not None else copy_of(files.pristine)
        self.changes = Changes()
        self.calls: Counter[str] = Counter()
        self.answer: str | None = None
        self.done = False
        self.faults = {(f["tool"], int(f["call"])) for f in self.task.get("faults", [])}
        self.identified: set[Any] = set()  # owner keys found by the policy's identify_by column

    def call(self, name: Any, arguments: Any) -> dict[str, Any]:
        """The observation of one tool call: ``{"ok": True, "result": ...}`` or ``{"ok": False, "error": ...}``."""
        try:
            return {"ok": True, "result": self._call(name, arguments)}
        except ToolError as exc:
            return {"ok": False, "error": str(exc)}
        except (sqlite3.Error, OverflowError, ValueError, TypeError) as exc:  # e.g. an integer too large for SQLite
            return {
                "ok": False,
                "error": f"{name}: the call could not be carried out ({type(exc).__name__}: {exc}); nothing was changed",
            }

    def _call(self, name: Any, arguments: Any) -> Any:
        if self.done:
            raise ToolError("the episode has ended (finish was called)")
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments or "{}")
            except ValueError:
                raise ToolError(f"{name}: arguments are not valid JSON") from None
        tool = self.files.tool_index.get(name) if isinstance(name, str) else None
        if tool is None:
            raise ToolError(f"unknown tool {name!r}; the tools are: {', '.join(self.files.tool_index)}")
        args = check_arguments(tool, arguments if arguments is not None else {})
        self.calls[name] += 1
        if (name, self.calls[name]) in self.faults:
            raise ToolError(FAULT_MESSAGE.format(tool=name))
        if name == FINISH:
            self.answer, self.done = args["answer"], True
            return {"ok": True}
        if name == TRANSFER:
            return self._transfer()
        action = self.files.actions.get(name)
        if action is not None:
            return apply_action(
                self.conn, self.files.schema, action, self.files.policy, args, self.changes, self.identified
            )
        result = read(self.conn, self.files.schema, name, args)
        self._identify(name, args, result)
        return result

    def _identify(self, name: str, args: dict[str, Any], result: Any) -> None:
        """A search by the policy's identify_by column that finds exactly one row identifies that row's owner."""
        policy = self.files.policy
        if policy is None or not policy.identify_by:
            return
        table, column = policy.identify_by.split(".")
        key = self.files.schema.tables[table].key
        if name == f"search_{table}" and column in args and isinstance(result, list) and len(result) == 1 and key:
            self.identified.add(result[0].get(key))

    def _transfer(self) -> dict[str, Any]:
        n = self.conn.execute(f'SELECT COALESCE(MAX(handoff_id), 0) + 1 FROM "{HANDOFFS}"').fetchone()[0]
        self.changes.touch(self.conn, HANDOFFS, "handoff_id", n, new=True)
        self.conn.execute(f'INSERT INTO "{HANDOFFS}" (handoff_id, at) VALUES (?, ?)', (n, self.files.schema.now))
        return {"transferred": True, "handoff_id": n}

    def diff(self) -> list[dict[str, Any]]:
        return self.changes.diff(self.conn)

    def verdict(self) -> dict[str, Any]:
        return judge(self.task.get("goal", {}), self.diff(), self.answer)


class Environment:
    """An agent environment in Gymnasium's shape; each ``reset`` starts an episode on a fresh copy of the database.

    >>> env = Environment("env/")                             # doctest: +SKIP
    >>> obs, info = env.reset("t0001")                        # doctest: +SKIP
    >>> obs, reward, terminated, truncated, info = env.step({"name": "get_orders", "arguments": {"order_id": "ORD-00000001"}})
    """

    def __init__(self, path: str | Path, *, max_steps: int = 30, record: str | Path | None = None) -> None:
        self.files = EnvFiles(path)
        self.max_steps = max_steps
        self.episode: Episode | None = None
        self.trajectory: dict[str, Any] | None = None
        self._record = Path(record) if record is not None else None

    @property
    def tools(self) -> list[dict[str, Any]]:
        return self.files.tools

    @property
    def policy(self) -> str:
        return self.files.policy_text

    @property
    def task_ids(self) -> list[str]:
        return [t["id"] for t in self.files.tasks]

    def reset(
        self, task_id: str | int | None = None, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Start an episode: ``task_id`` (an id or an index; default the first task). Returns (obs, info)."""
        task_id = (options or {}).get("task_id", task_id)
        if task_id is None:
            task_id = 0
        if isinstance(task_id, int):
            task = self.files.tasks[task_id]
        elif task_id in self.files.task_index:
            task = self.files.task_index[task_id]
        else:
            raise KeyError(f"no task {task_id!r} in {self.files.path}")
        self.episode = Episode(self.files, task)
        self.trajectory = {"task_id": task["id"], "steps": [], "answer": None}
        obs = {"instruction": task["instruction"]}
        return obs, {"task_id": task["id"], "labels": task["labels"], "tools": self.tools, "policy": self.policy}

    def step(self, tool_call: dict[str, Any]) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        """Call one tool: ``{"name": ..., "arguments": {...}}``. The reward (1 success, 0 not) comes when the episode ends."""
        if self.episode is None or self.trajectory is None:
            raise RuntimeError("call reset() before step()")
        if self.episode.done:  # after finish: say so, and record nothing more
            return (
                {"ok": False, "error": "the episode has ended (finish was called); call reset()"},
                0.0,
                True,
                False,
                {},
            )
        if not isinstance(tool_call, dict):
            name, args = None, None
        else:
            name, args = tool_call.get("name"), tool_call.get("arguments", {})
        obs = self.episode.call(name, args)
        self.trajectory["steps"].append({"name": name, "arguments": args, "observation": obs})
        terminated = self.episode.done
        truncated = not terminated and len(self.trajectory["steps"]) >= self.max_steps
        info: dict[str, Any] = {}
        reward = 0.0
        if terminated or truncated:
            verdict = self.episode.verdict()
            reward = 1.0 if verdict["success"] and terminated else 0.0
            self.trajectory["answer"] = self.episode.answer
            self.trajectory["changes"] = self.episode.diff()
            info["verdict"] = verdict
            self._write()
        return obs, reward, terminated, truncated, info

    def _write(self) -> None:
        if self._record is not None and self.trajectory is not None:
            with self._record.open("a", encoding="utf-8") as f:
                f.write(json.dumps(self.trajectory, default=str) + "\n")
