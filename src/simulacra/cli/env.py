"""``simulacra env``: build an agent environment from a spec, run agents in it, score them, serve it over MCP."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from simulacra.cli._args import resolve_spec
from simulacra.cli._console import console, escape

app = typer.Typer(
    help="Agent environments: a database, tools, a policy and tasks whose answers can be checked.", no_args_is_help=True
)


@app.command("build")
def build_cmd(
    spec: str = typer.Argument(..., help="Spec YAML file (or example:shop, example:bank, example:support)."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Folder to write (db.sqlite, tools.json, policy.md, tasks.jsonl, env.json)."
    ),
    tasks: int = typer.Option(100, "--tasks", min=1, help="How many tasks to write."),
    seed: int | None = typer.Option(None, "--seed", help="Seed of the data and the tasks (default: the spec's)."),
    scale: float = typer.Option(
        1.0,
        "--scale",
        min=0.0,
        help="Multiply every absolute row count (rounded; a positive count keeps at least 1 row, static tables keep theirs).",
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace an existing folder."),
) -> None:
    """Build an agent environment from a spec.

    Example:

        simulacra env build example:shop -o env/ --tasks 200 --seed 7
    """
    from simulacra.envs import build_environment

    r = build_environment(resolve_spec(spec), output, tasks=tasks, seed=seed, scale=scale, replace=replace)
    console.print(
        f"wrote {escape(str(r.path))}: {r.tasks} tasks, {r.tools} tools ({r.seconds:.2f} s wall, {r.cpu_seconds:.2f} s CPU)"
    )
    for category, n in sorted(r.categories.items()):
        console.print(f"  {category:<26} {n:>6}")


@app.command("run")
def run_cmd(
    env: Path = typer.Argument(..., help="A built environment folder."),
    agent: str = typer.Option(
        "oracle", "--agent", help="oracle, noop, random, or module:callable (agent(task, history) -> tool call)."
    ),
    trials: int = typer.Option(1, "--trials", min=1, help="Episodes per task (for pass^k)."),
    output: Path = typer.Option(..., "-o", "--output", help="Trajectories JSONL to write."),
    max_steps: int = typer.Option(30, "--max-steps", min=1, help="Tool calls per episode before it is cut."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random agent."),
) -> None:
    """Run an agent over every task of an environment, recording each episode.

    Example:

        simulacra env run env/ --agent oracle --trials 3 -o traj.jsonl
    """
    from simulacra.envs.agents import load_agent
    from simulacra.envs.episode import EnvFiles
    from simulacra.envs.run import run_agent

    files = EnvFiles(env)
    r = run_agent(
        files, load_agent(agent, files, seed=seed), output, trials=trials, agent_name=agent, max_steps=max_steps
    )
    console.print(
        f"wrote {escape(r['output'])}: {r['episodes']} episodes, {r['successes']} successful "
        f"({r['seconds']:.2f} s wall, {r['cpu_seconds']:.2f} s CPU)"
    )


@app.command("score")
def score_cmd(
    env: Path = typer.Argument(..., help="A built environment folder."),
    trajectories: Path = typer.Argument(
        ..., help="Trajectories JSONL (simulacra env run, or the MCP server's --record)."
    ),
    json_out: Path | None = typer.Option(
        None, "--json", help="Write the scores as JSON here (and an HTML summary beside it)."
    ),
) -> None:
    """Score trajectories: replay each episode, compare the final database with the goal, check the answer's facts.

    Example:

        simulacra env score env/ traj.jsonl --json scores.json
    """
    from simulacra.envs.score import render_html, score

    scores = score(env, trajectories)
    s = scores["summary"]
    console.print(
        f"{s['episodes']} episodes of {s['tasks']} tasks: success {s['success_rate']:.1%}, "
        f"pass^{s['k']} {s['pass_at_k']:.1%}"
    )
    for name, r in scores["by_category"].items():
        console.print(f"  {name:<26} {r['success_rate']:>7.1%}  ({r['episodes']} episodes)")
    if json_out is not None:
        from simulacra.io._base import atomic_write_text

        atomic_write_text(json_out, json.dumps(scores, indent=1) + "\n")
        atomic_write_text(json_out.with_suffix(".html"), render_html(scores))
        console.print(f"wrote {escape(str(json_out))} and {escape(str(json_out.with_suffix('.html')))}")


@app.command("serve")
def serve_cmd(
    env: Path = typer.Argument(..., help="A built environment folder."),
    http: bool = typer.Option(False, "--http", help="Streamable HTTP on 127.0.0.1 instead of stdio."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="HTTP port (on 127.0.0.1)."),
    task: str | None = typer.Option(None, "--task", help="The task of every session (default: the tasks in turn)."),
    record: Path | None = typer.Option(
        None, "--record", help="Append each finished episode to this trajectories JSONL."
    ),
) -> None:
    """Serve the environment's tools over MCP; one session is one episode on a fresh database.

    Example:

        simulacra env serve env/ --http --port 8765 --record traj.jsonl
    """
    from simulacra.envs.mcp_server import serve_http, serve_stdio

    if http:
        serve_http(env, port=port, task=task, record=record)
    else:
        serve_stdio(env, task=task, record=record)
