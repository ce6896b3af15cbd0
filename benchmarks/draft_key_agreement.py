"""A record keyed to two tables that are already keyed to each other (issue 20, draft48): held-out requests.

Written at 16:32 UTC on 2026-12-06, before any rule of branch draft48 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class: a drafted record holds keys to a table A and a table B, and A holds its own key to B ("members book
classes with trainers": the bookings' class and trainer, the classes' trainer). Drawn on their own, a booking's
trainer need not be its class's trainer, and the rows contradict each other. A reader expects every row's two paths
to B to agree (or the record to reach B only through A).

Checks, each request (scale 0.05, seed 1):

1. "record keyed to A": the record table (any of the names given) has a foreign key to A;
2. "A keyed to B": A has a foreign key to B (the path the record's B must agree with);
3. "record reaches B": the record has a key to B, or reaches it through A;
4. "rows agree": generated, no row of any table disagrees: wherever a table holds a key to A' and one to B' and A'
   holds exactly one key to B', the row's B' is its A' row's B' (nulls aside); the rows that disagree are printed;
5. "count kept": every count said is the rows of its table;
6. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_key_agreement.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, fk, keys_to, pick, run_held_out  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, record names, A names, B names, {table names: rows said})
HELD_OUT: list[tuple[str, str, str, str, dict[str, int]]] = [
    (
        "a climbing gym: 1,500 climbers, 25 instructors and 120 courses; climbers book courses with instructors",
        "bookings|course_bookings",
        "courses",
        "instructors",
        {"climbers": 1500, "instructors": 25, "courses": 120},
    ),
    (
        "a health network: 12,000 patients, 400 doctors and 30 clinics where doctors work; patients book "
        "appointments with doctors at clinics",
        "appointments",
        "doctors",
        "clinics",
        {"patients": 12000, "doctors": 400, "clinics": 30},
    ),
    (
        "a food delivery service: 600 couriers, 150 restaurants and 40,000 orders from restaurants; couriers "
        "deliver orders for restaurants",
        "deliveries|order_deliveries|orders",
        "orders",
        "restaurants",
        {"couriers": 600, "restaurants": 150},
    ),
    (
        "a music school: 900 pupils, 30 teachers and 80 lessons given by teachers; pupils reserve lessons with "
        "teachers",
        "reservations|lesson_reservations",
        "lessons",
        "teachers",
        {"pupils": 900, "teachers": 30, "lessons": 80},
    ),
    (
        "a car dealer network: 50 dealerships, 400 salespeople who work at dealerships and 8,000 buyers; buyers "
        "buy cars from salespeople at dealerships",
        "purchases|car_purchases|sales",
        "salespeople",
        "dealerships",
        {"dealerships": 50, "salespeople": 400, "buyers": 8000},
    ),
    (
        "a pet care app: 2,000 owners, 300 walkers and 5,000 dogs of owners; walkers walk dogs for owners",
        "walks|dog_walks",
        "dogs",
        "owners",
        {"owners": 2000, "walkers": 300, "dogs": 5000},
    ),
    (
        "a tutoring centre: 70 tutors, 1,000 learners and 200 groups led by tutors; learners register for groups "
        "with tutors",
        "registrations|group_registrations",
        "groups",
        "tutors",
        {"tutors": 70, "learners": 1000, "groups": 200},
    ),
]


def disagreeing(spec: dict[str, Any], frames: dict[str, Any]) -> dict[str, int]:
    """Rows whose two paths to a table disagree, by ``table.col_to_B via col_to_A``: every table holding a key to A
    and one to B where A holds exactly one key to B (nulls on either path aside)."""
    tables = spec["tables"]
    found: dict[str, int] = {}
    for name, table in tables.items():
        keys = {
            c: str(v["references"]).split(".")[0]
            for c, v in table["columns"].items()
            if isinstance(v, dict) and v.get("generator") == "foreign_key"
        }
        for ca, a in keys.items():
            for cb, b in keys.items():
                if ca == cb or a == b or a not in tables or len(keys_to(tables[a], b)) != 1:
                    continue
                a_b = keys_to(tables[a], b)[0]
                pk = str(tables[a]["primary_key"])
                joined = (
                    frames[name]
                    .select([ca, cb])
                    .join(frames[a].select([pk, a_b]).rename({pk: ca, a_b: "__a_b"}), on=ca, how="left")
                )
                bad = joined.filter(joined[cb].is_not_null() & joined["__a_b"].is_not_null())
                n = int((bad[cb] != bad["__a_b"]).sum())
                if n:
                    found[f"{name}.{cb} via {ca}"] = n
    return found


def checks(
    request: str, records: str, a_names: str, b_names: str, counts: dict[str, int], scale: float = 0.05
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r, a, b = pick(tables, records), pick(tables, a_names), pick(tables, b_names)
    rec = tables[r] if r is not None else None
    a_keyed = r is not None and (r == a or fk(rec, a) is not None)
    a_to_b = a is not None and fk(tables[a], b) is not None
    reaches = r is not None and (fk(rec, b) is not None or (a_keyed and a_to_b))
    try:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        simulacra.validate(spec, frames)
        made, bad = True, disagreeing(spec, frames)
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    generate: {type(exc).__name__}: {exc}")
        made, bad = False, {"(not generated)": -1}
    if bad:
        print(f"    disagree: {bad}")
    return [
        ("record keyed to A", a_keyed),
        ("A keyed to B", a_to_b),
        ("record reaches B", reaches),
        ("rows agree", not bad),
        ("count kept", counts_kept(tables, counts)),
        ("generates", made),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=6)


if __name__ == "__main__":
    main()
