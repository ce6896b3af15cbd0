"""A review of a thing two keys away from its reviewer (issue 20, draft42): held-out-style requests.

Written at 10:20 UTC on 2026-12-06, before any rule of branch draft42 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.
Each request has people, a thing they review and a chain of two tables between them: an order's lines of books
(customers <- orders <- order lines -> books), an appointment's treatments given by dentists (patients <-
appointments <- treatments -> dentists), enrollments in a course's sections (students <- enrollments -> sections ->
courses), a booking's stays on pitches (campers <- bookings <- stays -> pitches). A reader expects each review's
thing to be one the reviewer reached through the chain (a book on a line of one of the customer's orders), and the
review dated after the act it is of, whose date may be two keys away from it (the order's date, not the line's).

Checks, each request (scale 0.05, seed 1):

1. "review table": a table of the reviews exists (any of the names given);
2. "generates" and 3. "validates" (``simulacra.validate`` on the rows);
4. "reached through the chain": in the rows, every review's (reviewer, thing) pair is one the chain joins (the
   review's reviewer and thing read through its own keys, the shortest way: its own key to the people or the thing
   where it has one, else through the table it is keyed to); the share is printed;
5. "dated after the act": every review reaches each act table given through its keys and is dated on or after the
   act's date.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_review_chain.py
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import pick  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, review names, thing names, reviewer names, the chain from the reviewer to the thing, act names)
HELD_OUT: list[tuple[str, str, str, str, list[str], list[str]]] = [
    (
        "an online bookshop: 2,000 books, 8,000 customers and 20,000 orders over 2025, each order with 1 to 4 order "
        "lines of books; customers write reviews of the books they ordered",
        "reviews|book_reviews|customer_reviews",
        "books",
        "customers",
        ["orders", "order_lines|lines|order_items|items"],
        ["orders"],
    ),
    (
        "a dental practice: 6 dentists, 4,000 patients and 15,000 appointments over 2025, each appointment with 1 to "
        "3 treatments each given by a dentist; patient ratings of the dentists who treated them",
        "ratings|patient_ratings|dentist_ratings|reviews",
        "dentists",
        "patients",
        ["appointments", "treatments"],
        ["appointments"],
    ),
    (
        "a university: 200 courses with 3 sections each, 10,000 students and 30,000 enrollments in sections over "
        "2025; students rate the courses they took",
        "ratings|course_ratings|student_ratings|reviews",
        "courses",
        "students",
        ["enrollments|section_enrollments", "sections|course_sections"],
        ["enrollments|section_enrollments"],
    ),
    (
        "a campsite chain: 15 campsites with 40 pitches each, 8,000 campers, 12,000 bookings over 2025 by campers and "
        "14,000 stays on pitches, each stay part of a booking; campers review the pitches they stayed on",
        "reviews|pitch_reviews|camper_reviews",
        "pitches",
        "campers",
        ["bookings", "stays"],
        ["bookings", "stays"],
    ),
    (
        "a food delivery platform: 300 restaurants with 20 to 60 dishes each, 25,000 diners and 90,000 orders over "
        "2025 with 1 to 5 order items each, every item a dish; diner ratings of the dishes they ordered",
        "ratings|dish_ratings|diner_ratings|reviews",
        "dishes",
        "diners",
        ["orders", "order_items|items|order_lines"],
        ["orders"],
    ),
]

_CHECKS = ("review table", "generates", "validates", "reached through the chain", "dated after the act")


def _keys(table: dict[str, Any]) -> list[tuple[str, str]]:
    """(column, table it refers to) for each foreign key of ``table``."""
    return [
        (str(n), str(c.get("references", "")).split(".")[0])
        for n, c in table["columns"].items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    ]


def _path(tables: dict[str, Any], start: str, goal: str, most: int = 3) -> list[tuple[str, str]] | None:
    """The shortest run of foreign keys from ``start`` to ``goal`` (column, table reached), at most ``most``."""
    seen, queue = {start}, deque([(start, list[tuple[str, str]]())])
    while queue:
        t, run = queue.popleft()
        if t == goal and run:
            return run
        if len(run) == most:
            continue
        for col, to in _keys(tables[t]):
            if to in tables and (to not in seen or to == goal):
                seen.add(to)
                queue.append((to, [*run, (col, to)]))
    return None


def _follow(
    frames: dict[str, pl.DataFrame], tables: dict[str, Any], start: str, run: list[tuple[str, str]], as_: str
) -> pl.DataFrame:
    """Each ``start`` row's primary key (``_row``) and the key of the row ``run`` reaches (``as_``)."""
    pk = str(tables[start]["primary_key"])
    out = frames[start].select(pl.col(pk).alias("_row"), pl.col(run[0][0]).alias("_at"))
    at = run[0][1]
    for col, to in run[1:]:
        step = frames[at].select(pl.col(str(tables[at]["primary_key"])).alias("_at"), pl.col(col).alias("_next"))
        out = out.join(step, on="_at", how="left").drop("_at").rename({"_next": "_at"})
        at = to
    return out.rename({"_at": as_})


def _pairs(frames: dict[str, pl.DataFrame], tables: dict[str, Any], chain: list[str]) -> pl.DataFrame:
    """(_p, _s): each (reviewer, thing) pair the chain joins, walked table by table along a key either way."""
    first = chain[0]
    pk = str(tables[first]["primary_key"])
    cur = frames[first].select(pl.col(pk).alias("_p"), pl.col(pk).alias("_row"))
    for a, b in zip(chain, chain[1:], strict=False):
        back = next((c for c, to in _keys(tables[b]) if to == a), None)
        if back is not None:  # b refers to a: each of a's rows to the b rows keyed to it
            step = frames[b].select(pl.col(back).alias("_row"), pl.col(str(tables[b]["primary_key"])).alias("_next"))
        else:
            fwd = next(c for c, to in _keys(tables[a]) if to == b)
            step = frames[a].select(pl.col(str(tables[a]["primary_key"])).alias("_row"), pl.col(fwd).alias("_next"))
        cur = cur.join(step, on="_row", how="inner").drop("_row").rename({"_next": "_row"})
    return cur.rename({"_row": "_s"}).unique()


def _when(frame: pl.DataFrame) -> str | None:
    return next((c for c in frame.columns if frame[c].dtype in (pl.Date, pl.Datetime)), None)


def _at(s: pl.Series) -> pl.Series:
    return s.cast(pl.Datetime) if s.dtype == pl.Date else s.dt.cast_time_unit("us").dt.replace_time_zone(None)


def checks(
    request: str, reviews: str, thing: str, reviewer: str, chain: list[str], acts: list[str], scale: float = 0.05
) -> tuple[list[tuple[str, bool]], float | None]:
    spec = draft(request).spec
    tables = spec["tables"]
    v, s, a = pick(tables, reviews), pick(tables, thing), pick(tables, reviewer)
    links = [pick(tables, n) for n in chain]
    out = [("review table", v is not None)]
    if v is None:
        return out + [(n, False) for n in _CHECKS[1:]], None
    try:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        out.append(("generates", True))
    except Exception:
        return out + [(n, False) for n in _CHECKS[1:]], None
    try:
        simulacra.validate(spec, frames)
        out.append(("validates", True))
    except Exception:
        out.append(("validates", False))
    fv = frames[v]
    share: float | None = None
    reached = False
    if s is not None and a is not None and None not in links and fv.height > 0:
        to_a, to_s = _path(tables, v, a), _path(tables, v, s)
        if to_a is not None and to_s is not None:
            got = _follow(frames, tables, v, to_a, "_p").join(_follow(frames, tables, v, to_s, "_s"), on="_row")
            pairs = _pairs(frames, tables, [a, *[str(t) for t in links], s])
            hit = got.join(pairs.with_columns(pl.lit(True).alias("_in")), on=["_p", "_s"], how="left")
            share = float(hit["_in"].fill_null(False).mean() or 0.0)
            reached = share == 1.0
    out.append(("reached through the chain", reached))
    after = fv.height > 0 and _when(fv) is not None
    for name in acts:
        act = pick(tables, name)
        run = _path(tables, v, act) if act is not None else None
        when = _when(frames[act]) if act is not None else None
        if act is None or run is None or when is None or not after:
            after = False
            continue
        pk = str(tables[act]["primary_key"])
        dates = frames[act].select(pl.col(pk).alias("_act"), _at(frames[act][when]).alias("_a"))
        mine = fv.select(pl.col(str(tables[v]["primary_key"])).alias("_row"), _at(fv[str(_when(fv))]).alias("_v"))
        j = _follow(frames, tables, v, run, "_act").join(dates, on="_act").join(mine, on="_row")
        after = j.height > 0 and bool((j["_v"] >= j["_a"]).all())
    out.append(("dated after the act", after))
    return out, share


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.05, help="generate at this scale (0.05 in the test run)")
    scale = ap.parse_args().scale
    held = total = whole = 0
    for request, reviews, thing, reviewer, chain, acts in HELD_OUT:
        share: float | None = None
        try:
            got, share = checks(request, reviews, thing, reviewer, chain, acts, scale=scale)
        except Exception as exc:  # a draft that fails is a miss of every check, said
            got = [(f"failed: {type(exc).__name__}: {exc}"[:120], False)]
        ok = sum(v for _, v in got)
        n = len(_CHECKS)
        held, total, whole = held + ok, total + n, whole + (ok == n)
        missed = [m for m, v in got if not v]
        reached = "-" if share is None else f"{share:.3f}"
        print(
            f"{ok}/{n} {request[:80]}\n     reviews reached through the chain: {reached}"
            + (f"\n     missed: {', '.join(missed)}" if missed else "")
        )
    print(
        f"\nchecks held {held}/{total}; requests with every check held {whole}/{len(HELD_OUT)} "
        "(test requests at scale 0.05, run once before and after the rule; another scale: dev)"
    )


if __name__ == "__main__":
    main()
