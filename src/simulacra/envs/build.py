"""``simulacra env build``: the database, tools, policy and tasks of an agent environment, from a spec.

The folder holds ``db.sqlite`` (the generated data, foreign keys indexed, plus ``_handoffs``), ``tools.json``
(JSON-Schema function definitions), ``policy.md``, ``tasks.jsonl`` and ``env.json`` (schema, actions, policy,
clock). The same spec, seed and scale give the same bytes. The folder appears complete or not at all.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulacra._fs import make_temp_dir, replace_dir
from simulacra.envs._db import HANDOFFS
from simulacra.envs._schema import EnvSchema, TableInfo, json_type
from simulacra.envs.episode import EnvFiles
from simulacra.envs.policy import render_policy
from simulacra.envs.tasks import make_tasks
from simulacra.envs.tools import action_key, tool_definitions
from simulacra.errors import (
    Location,
    Problem,
    SinkError,
    SpecError,
    SpecValidationError,
)
from simulacra.spec import model as m
from simulacra.spec.load import load_plan, spec_hash

__all__ = ["BuildResult", "build_environment"]

FILES = ("db.sqlite", "env.json", "policy.md", "tasks.jsonl", "tools.json")


@dataclass
class BuildResult:
    path: Path
    tasks: int
    tools: int
    categories: dict[str, int]
    seconds: float
    cpu_seconds: float
    stages: dict[str, float]  # wall seconds: generate (the data), tasks (writing and settling them)


def _schema(conn: sqlite3.Connection, spec: m.DatasetSpec) -> EnvSchema:
    labels: dict[str, set[str]] = {}
    for s in spec.scenarios:
        labels.setdefault(s.table, set()).update(s.labels)
    tables = {}
    dates: list[str] = []
    for name, t in spec.tables.items():
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        columns = {r[1]: json_type(r[2]) for r in info}
        keys = t.key_columns
        parents = {
            c: col.ref_table for c, col in t.columns.items() if isinstance(col, m.ForeignKeyColumn) and c in columns
        }
        tables[name] = TableInfo(
            name,
            keys[0] if len(keys) == 1 else None,
            columns,
            tuple(c for c in columns if c in labels.get(name, ())),
            parents,
        )
        for c, col in t.columns.items():
            if (
                isinstance(col, m.DateColumn) and col.generator == "datetime" and c in columns
            ):  # dates may lie ahead (an expiry)
                v = conn.execute(f'SELECT MAX("{c}") FROM "{name}"').fetchone()[0]
                if isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}", v):
                    dates.append(v if "T" in v else v[:10] + "T00:00:00")
    tables[HANDOFFS] = TableInfo(HANDOFFS, "handoff_id", {"handoff_id": "integer", "at": "string"})
    return EnvSchema(tables, max(dates)[:19] if dates else "2025-01-01T00:00:00")


def _check_actions(conn: sqlite3.Connection, spec: m.DatasetSpec, schema: EnvSchema) -> None:
    """Every action and bound rule names real tables and columns and its SQL compiles: a SpecError naming it, else."""
    problems: list[Problem] = []
    names: set[str] = set()
    for i, a in enumerate(spec.actions):
        here, label = Location(table=a.table), f"actions[{i}] '{a.name}'"
        if a.name in names or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", a.name):
            problems.append(Problem(here, f"{label}: " + "needs a unique tool name (letters, digits, _)"))
        names.add(a.name)
        t = schema.tables.get(a.table)
        if t is None or not t.key:
            problems.append(
                Problem(here, f"{label}: " + f"table '{a.table}' is not a table with a single-column primary key")
            )
            continue
        key = action_key(a, schema)
        binds = {**dict.fromkeys([*a.params, key, "now", "next_id", "__key"])}
        sql = (
            [pc.check for pc in a.preconditions]
            + ([a.where] if a.where else [])
            + [p.example for p in a.params.values() if p.example]
        )
        sql += [r.when for r in (spec.policy.rules if spec.policy else []) if r.action == a.name and r.when]
        for e in a.effects:
            target = schema.tables.get(e.insert) if e.insert else t
            if target is None:
                problems.append(Problem(here, f"{label}: " + f"inserts into unknown table '{e.insert}'"))
                continue
            cols = list(e.set or e.values)
            bad = [c for c in cols if c not in target.columns]
            if bad:
                problems.append(Problem(here, f"{label}: " + f"unknown column(s) of {target.name}: {', '.join(bad)}"))
            sql += list((e.set or e.values).values())
        for name, req in a.scenarios.items():
            if not any(sc.name == name and sc.table == a.table for sc in spec.scenarios):
                problems.append(Problem(here, f"{label}: scenarios: no scenario '{name}' of table '{a.table}'"))
            unknown = sorted(set(req.params) - set(a.params))
            if unknown:
                problems.append(Problem(here, f"{label}: scenarios.{name}: unknown parameter(s) {', '.join(unknown)}"))
        for expr in sql:
            try:
                conn.execute(f'EXPLAIN SELECT ({expr}) FROM "{a.table}" WHERE "{t.key}" = :__key', binds)
            except sqlite3.Error as exc:
                problems.append(Problem(here, f"{label}: " + f"SQL {expr!r} does not compile: {exc}"))
    if spec.policy and spec.policy.identify_by:
        table, column = spec.policy.identify_by.split(".")
        info = schema.tables.get(table)
        if info is None or not info.key or column not in info.visible:
            problems.append(
                Problem(
                    Location(table=table, column=column),
                    f"policy identify_by '{spec.policy.identify_by}': "
                    "needs a visible column of a table with a one-column primary key",
                )
            )
    for r in spec.policy.rules if spec.policy else []:
        if r.action and r.action not in names:
            problems.append(Problem(Location(), f"policy rule '{r.id}': unknown action '{r.action}'"))
    if problems:
        raise SpecValidationError(problems)


def build_environment(
    spec: str | Path | m.DatasetSpec,
    output: str | Path,
    *,
    tasks: int = 100,
    seed: int | None = None,
    scale: float = 1.0,
    replace: bool = False,
) -> BuildResult:
    """Build an agent environment from a spec into the folder ``output``."""
    from simulacra.pipeline import generate

    t0, c0 = time.perf_counter(), time.process_time()
    plan = load_plan(spec)
    spec_model = plan.spec
    target = Path(output)
    occupied = target.is_file() or target.is_symlink() or (target.is_dir() and any(target.iterdir()))
    if occupied and not replace:
        raise SinkError(f"{target} exists; pass replace=True / --replace")
    if tasks < 1:
        raise SpecError("tasks must be at least 1")
    target.parent.mkdir(parents=True, exist_ok=True)
    seed = spec_model.seed if seed is None else seed
    tmp = make_temp_dir(target, "env")
    try:
        db = tmp / "db.sqlite"
        t_gen = time.perf_counter()
        generate(plan, db, seed=seed, scale=scale, documents=False, check_space=False)
        t_gen = time.perf_counter() - t_gen
        for extra in tmp.iterdir():  # the generation manifest (with its clock times): env.json says what was built
            if extra.name != "db.sqlite":
                extra.unlink()
        conn = sqlite3.connect(db, isolation_level=None)
        schema = _schema(conn, spec_model)
        _check_actions(conn, spec_model, schema)
        for name, t in schema.tables.items():
            for fk in t.parents:
                conn.execute(f'CREATE INDEX IF NOT EXISTS "ix_{name}_{fk}" ON "{name}" ("{fk}")')
        conn.execute(f'CREATE TABLE "{HANDOFFS}" (handoff_id INTEGER PRIMARY KEY, at TEXT)')
        conn.execute('DROP TABLE IF EXISTS "_simulacra_manifest"')  # its clock times would differ run to run
        conn.execute("VACUUM")
        conn.close()
        actions = [a.model_dump(mode="json", exclude_none=True) for a in spec_model.actions]
        meta = {
            "name": spec_model.name,
            "spec_hash": spec_hash(spec_model),
            "seed": seed,
            "scale": scale,
            "schema": schema.to_json(),
            "actions": actions,
            "policy": spec_model.policy.model_dump(mode="json", exclude_none=True) if spec_model.policy else None,
        }
        tools = tool_definitions(schema, list(spec_model.actions))
        _write_json(tmp / "env.json", meta)
        _write_json(tmp / "tools.json", tools)
        (tmp / "policy.md").write_text(render_policy(spec_model), encoding="utf-8")
        (tmp / "tasks.jsonl").write_text("", encoding="utf-8")
        files = EnvFiles(tmp)
        t_tasks = time.perf_counter()
        written = make_tasks(files, spec_model, tasks, seed)
        t_tasks = time.perf_counter() - t_tasks
        files.pristine.close()
        with (tmp / "tasks.jsonl").open("w", encoding="utf-8") as f:
            for task in written:
                f.write(json.dumps(task, ensure_ascii=False, sort_keys=True, default=str) + "\n")
        meta["tasks"] = len(written)
        _write_json(tmp / "env.json", meta)
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    categories: dict[str, int] = {}
    for task in written:
        categories[task["labels"]["category"]] = categories.get(task["labels"]["category"], 0) + 1
    return BuildResult(
        target,
        len(written),
        len(tools),
        categories,
        time.perf_counter() - t0,
        time.process_time() - c0,
        {"generate": round(t_gen, 3), "tasks": round(t_tasks, 3)},
    )


def _write_json(path: Path, data: Any) -> None:
    path.write_text(
        json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False, default=str) + "\n", encoding="utf-8"
    )
