"""Scoring trajectories: each episode's calls are replayed on a fresh copy of the database (the recorded results
are not trusted), the final state compared with the goal, the answer checked for the required facts.

Reports success, pass^k (τ-bench: the chance that k trials of a task all succeed, from c successes of n trials:
C(c, k) / C(n, k), averaged over tasks), and results per category, scenario and difficulty.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from math import comb
from pathlib import Path
from typing import Any

from simulacra.envs.episode import EnvFiles, Episode
from simulacra.errors import SourceError

__all__ = ["pass_hat_k", "render_html", "replay", "score"]


def replay(files: EnvFiles, trajectory: dict[str, Any]) -> dict[str, Any]:
    """The verdict of one recorded episode, from replaying its calls; ``mismatches``: recorded results that differ."""
    task = files.task_index.get(trajectory.get("task_id"))
    if task is None:
        return {"success": False, "problems": [f"unknown task {trajectory.get('task_id')!r}"], "mismatches": 0}
    ep = Episode(files, task)
    mismatches = 0
    for step in trajectory.get("steps", []):
        obs = ep.call(step.get("name"), step.get("arguments"))
        if "observation" in step and json.loads(json.dumps(obs, default=str)) != step["observation"]:
            mismatches += 1
    if not ep.done:
        return {"success": False, "problems": ["the episode did not end with finish"], "mismatches": mismatches}
    return {**ep.verdict(), "mismatches": mismatches}


def pass_hat_k(results: dict[str, list[bool]], k: int) -> float:
    """pass^k over tasks with at least k trials."""
    vals = [comb(sum(r), k) / comb(len(r), k) for r in results.values() if len(r) >= k]
    return sum(vals) / len(vals) if vals else 0.0


def _rate(xs: list[bool]) -> dict[str, Any]:
    return {"episodes": len(xs), "successes": sum(xs), "success_rate": round(sum(xs) / len(xs), 4) if xs else 0.0}


def score(env: str | Path | EnvFiles, trajectories: str | Path) -> dict[str, Any]:
    files = env if isinstance(env, EnvFiles) else EnvFiles(env)
    try:
        lines = Path(trajectories).read_text(encoding="utf-8").splitlines()
        records = [json.loads(x) for x in lines if x.strip()]
    except (OSError, ValueError) as exc:
        raise SourceError(f"{trajectories}: cannot read trajectories: {exc}") from None
    per_task: dict[str, list[bool]] = defaultdict(list)
    groups: dict[str, dict[str, list[bool]]] = {
        "category": defaultdict(list),
        "scenario": defaultdict(list),
        "difficulty": defaultdict(list),
    }
    episodes = []
    mismatches = 0
    for rec in records:
        v = replay(files, rec)
        mismatches += v["mismatches"]
        tid = str(rec.get("task_id"))
        per_task[tid].append(bool(v["success"]))
        labels = files.task_index.get(tid, {}).get("labels", {})
        for g in groups:
            groups[g][str(labels.get(g, "unknown"))].append(bool(v["success"]))
        episodes.append(
            {"task_id": tid, "trial": rec.get("trial", 0), "success": v["success"], "problems": v["problems"]}
        )
    all_ok = [s for r in per_task.values() for s in r]
    k = max((len(r) for r in per_task.values()), default=0)
    agents = sorted({str(r.get("agent", "agent")) for r in records})
    summary = {
        "agent": ",".join(agents),
        "tasks": len(per_task),
        "episodes": len(all_ok),
        "trials": k,
        "success_rate": round(sum(all_ok) / len(all_ok), 4) if all_ok else 0.0,
        "pass_at_k": round(pass_hat_k(per_task, k), 4) if k else 0.0,
        "k": k,
        "replay_mismatches": mismatches,
    }
    return {
        "summary": summary,
        "pass_hat_k": {str(i): round(pass_hat_k(per_task, i), 4) for i in range(1, k + 1)},
        **{f"by_{g}": {name: _rate(xs) for name, xs in sorted(d.items())} for g, d in groups.items()},
        "episodes": episodes,
    }


def render_html(scores: dict[str, Any], title: str = "Agent environment scores") -> str:
    e = html.escape
    s = scores["summary"]
    rows = "".join(f"<tr><th>{e(str(k))}</th><td>{e(str(v))}</td></tr>" for k, v in s.items())
    parts = [
        (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title><style>"
            "body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:1em 0}"
            "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}</style></head><body>"
        ),
        f"<h1>{e(title)}</h1><table>{rows}</table>",
        "<h2>pass^k</h2><table><tr><th>k</th><th>pass^k</th></tr>"
        + "".join(f"<tr><td>{e(k)}</td><td>{v:.3f}</td></tr>" for k, v in scores["pass_hat_k"].items())
        + "</table>",
    ]
    for g in ("category", "scenario", "difficulty"):
        parts.append(
            f"<h2>By {g}</h2><table><tr><th>{g}</th><th>episodes</th><th>success rate</th></tr>"
            + "".join(
                f"<tr><td>{e(n)}</td><td>{r['episodes']}</td><td>{r['success_rate']:.3f}</td></tr>"
                for n, r in scores[f"by_{g}"].items()
            )
            + "</table>"
        )
    parts.append("</body></html>\n")
    return "".join(parts)
