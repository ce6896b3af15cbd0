"""A member's record over the parts of a group (issue 20, draft-attend55): held-out-style requests.

Written before the rule in ``simulacra.draft._progress`` (2026-12-06), expectations first, run once before and
once after it, not tuned on: a **test** figure. Each request names a member, a group with parts, and a record of
the member over the parts. Checks per request: a record table exists (any of the names given); it is made per a
membership table keyed to both the member and the group; its key to the part is ``distinct`` with ``match``; the
spec validates and generates (``scale`` 0.05, seed 1); in the rows no record's part is null, every record's part
is of its membership's group, and no membership holds a part twice.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_progress_requests.py [--scale 1]

At scale 0.05 (the test run) a request with 10 or 8 groups generates none, so no record rows to check: the
figure at ``--scale 1`` was added after that run (the rule not changed), and is not a held-out figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, fk, pick, run_held_out  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, member table, group table, part table, record table names accepted)
HELD_OUT: list[tuple[str, str, str, str, set[str]]] = [
    (
        "a driving school: 25 instructors, 600 learners enrolled in 10 courses; each course has 8 sessions; "
        "session attendance",
        "learners",
        "courses",
        "sessions",
        {"session_attendance", "attendance", "attendances"},
    ),
    (
        "a fitness app: 4,000 members who joined 15 workout plans, each plan has 20 workouts; workout completions",
        "members",
        "plans|workout_plans",
        "workouts",
        {"workout_completions", "completions"},
    ),
    (
        "a podcast network: 10,000 listeners subscribed to 60 podcasts; each podcast has 25 episodes; episode plays",
        "listeners",
        "podcasts",
        "episodes",
        {"episode_plays", "plays"},
    ),
    (
        "a corporate compliance programme: 1,200 employees assigned to 8 training tracks; every track has 6 units; "
        "unit completions recorded per employee",
        "employees",
        "tracks|training_tracks",
        "units",
        {"unit_completions", "completions"},
    ),
]


def checks(request: str, member: str, group: str, part: str, records: set[str], scale: float = 0.05) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    m, g, p, r = pick(tables, member), pick(tables, group), pick(tables, part), pick(tables, records)
    out = [("record table", r is not None)]
    rows = tables[r].get("rows") if r else None
    e = rows.get("per") if isinstance(rows, dict) else None
    ok = bool(e and e in tables and fk(tables[e], m) and fk(tables[e], g))
    out.append(("made per a membership of member and group", ok))
    pk = fk(tables[r], p) if r else None
    part_key = tables[r]["columns"][pk] if r and pk else {}
    out.append(("part key distinct with match", bool(part_key.get("distinct") and part_key.get("match"))))
    try:
        result = simulacra.generate(spec, seed=1, scale=scale)
        frames = result.frames
        out.append(("generates", True))
    except Exception:
        out.append(("generates", False))
        return out + [("validates", False), ("rows hold distinct and match", False)]
    try:
        simulacra.validate(spec, frames)  # raises listing every failed check
        out.append(("validates", True))
    except Exception:
        out.append(("validates", False))
    held = False
    if ok and pk and e and p and r:
        ek, egc = tables[e]["primary_key"], fk(tables[e], g)
        pgc = fk(tables[p], g)
        erk = fk(tables[r], e)
        if egc and pgc and erk:
            joined = (
                frames[r]
                .join(frames[e].select(ek, pl.col(egc).alias("_eg")), left_on=erk, right_on=ek)
                .join(
                    frames[p].select(tables[p]["primary_key"], pl.col(pgc).alias("_pg")),
                    left_on=pk,
                    right_on=tables[p]["primary_key"],
                    how="left",
                )
            )
            held = (
                frames[r].height > 0
                and frames[r][pk].null_count() == 0
                and bool((joined["_eg"] == joined["_pg"]).all())
                and frames[r].select(erk, pk).unique().height == frames[r].height
            )
    out.append(("rows hold distinct and match", held))
    return out


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks)


if __name__ == "__main__":
    main()
