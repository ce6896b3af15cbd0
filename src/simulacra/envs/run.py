"""Running an agent over an environment's tasks, K trials each; every episode recorded as one JSONL line."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from simulacra.envs.agents import Agent
from simulacra.envs.episode import EnvFiles, Episode

__all__ = ["run_agent", "run_episode"]


def run_episode(
    files: EnvFiles, task: dict[str, Any], agent: Agent, *, trial: int = 0, max_steps: int = 30
) -> dict[str, Any]:
    """One episode on a fresh copy of the database: the trajectory (calls, observations, answer, changes, verdict)."""
    ep = Episode(files, task)
    view = {
        "id": task["id"],
        "trial": trial,
        "instruction": task["instruction"],
        "tools": files.tools,
        "policy": files.policy_text,
    }
    steps: list[dict[str, Any]] = []
    error = None
    while not ep.done and len(steps) < max_steps:
        try:
            call = agent(view, steps)
        except Exception as exc:  # noqa: BLE001 - the user's agent failed: the episode ends there, scored as it stands
            error = f"agent raised {type(exc).__name__}: {exc}"
            break
        name, args = (call.get("name"), call.get("arguments", {})) if isinstance(call, dict) else (None, None)
        steps.append({"name": name, "arguments": args, "observation": ep.call(name, args)})
    verdict = ep.verdict() if ep.done else {"success": False, "problems": [error or "the agent did not finish"]}
    return {
        "task_id": task["id"],
        "trial": trial,
        "steps": steps,
        "answer": ep.answer,
        "terminated": ep.done,
        "truncated": not ep.done and error is None,
        "changes": ep.diff(),
        "success": verdict["success"],
        "problems": verdict["problems"],
        **({"error": error} if error else {}),
    }


def run_agent(
    env: str | Path | EnvFiles,
    agent: Agent,
    output: str | Path,
    *,
    trials: int = 1,
    agent_name: str = "agent",
    tasks: list[str] | None = None,
    max_steps: int = 30,
) -> dict[str, Any]:
    """Run ``agent`` over the tasks (all, or the ids given), ``trials`` times each; trajectories to ``output`` (JSONL)."""
    files = env if isinstance(env, EnvFiles) else EnvFiles(env)
    chosen = [files.task_index[t] for t in tasks] if tasks else files.tasks
    t0, c0 = time.perf_counter(), time.process_time()
    n = ok = 0
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for task in chosen:
            for trial in range(trials):
                record = {"agent": agent_name, **run_episode(files, task, agent, trial=trial, max_steps=max_steps)}
                f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
                n += 1
                ok += bool(record["success"])
    return {
        "episodes": n,
        "successes": ok,
        "seconds": time.perf_counter() - t0,
        "cpu_seconds": time.process_time() - c0,
        "output": str(out),
    }
