"""Keys upstream of a record's agreement, and a record made per the table its other parent is keyed to (issue 20,
draft50): held-out requests.

Written at 19:23 UTC on 2026-12-06, before any rule of branch draft50 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

Two classes draft48's held-out set left (``benchmarks/draft_key_agreement.py``):

(a) a record made per a table B that also names a table A keyed to B ("pupils reserve lessons", the reservations made
    per pupil, each lesson a pupil's): a reader expects the record's A to be one of its B's own A's;
(b) a relative clause, "with" or "whose" that says a table A belongs to a table B ("clinics where doctors work",
    "schools whose teachers teach classes", "teams with players", "consultants who work for offices"): a reader
    expects the key A -> B (and none B -> A), so a later record keyed to both can agree.

Checks, each request (scale 0.05, seed 1); a request with no record names only the first two and the last three:

1. "A keyed to B": A has a foreign key to B;
2. "B not keyed to A": B has no foreign key to A (the belonging read the right way round);
3. "record keyed to A": the record table (any of the names given) has a foreign key to A;
4. "record reaches B": the record has a key to B, or reaches it through A;
5. "record's A filled": generated, no row of the record has a null key to A (an A left empty agrees with nothing);
6. "rows agree": generated, no row of any table disagrees: wherever a table holds a key to A' and one to B' and A'
   holds exactly one key to B', the row's B' is its A' row's B' (nulls aside); the rows that disagree are printed;
7. "count kept": every count said is the rows of its table;
8. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_key_upstream.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, fk, pick, run_held_out  # noqa: E402
from draft_key_agreement import disagreeing  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, record names or "" where none, A names, B names, {table names: rows said})
HELD_OUT: list[tuple[str, str, str, str, dict[str, int]]] = [
    # (a) a record made per B naming an A keyed to B
    (
        "a driving school: 300 learners, 20 instructors and 1,500 lessons taken by learners; learners reserve "
        "lessons with instructors",
        "reservations|lesson_reservations",
        "lessons",
        "learners",
        {"learners": 300, "instructors": 20, "lessons": 1500},
    ),
    (
        "a vet practice: 2,000 owners, 3,500 pets of owners and 12 vets; owners book appointments for pets with vets",
        "appointments|bookings",
        "pets",
        "owners",
        {"owners": 2000, "pets": 3500, "vets": 12},
    ),
    (
        "a storage company: 600 customers and 1,500 units rented by customers; customers make payments for units",
        "payments|unit_payments",
        "units",
        "customers",
        {"customers": 600, "units": 1500},
    ),
    (
        "a phone company: 5,000 subscribers and 7,000 lines of subscribers; subscribers make calls on lines",
        "calls|line_calls",
        "lines",
        "subscribers",
        {"subscribers": 5000, "lines": 7000},
    ),
    # (b) a belonging said by a relative clause, "with" or "whose"
    (
        "a hospital group: 15 hospitals where nurses work; 1,200 nurses and 20,000 shifts worked by nurses at "
        "hospitals",
        "shifts",
        "nurses",
        "hospitals",
        {"hospitals": 15, "nurses": 1200, "shifts": 20000},
    ),
    (
        "a retail chain: 60 warehouses that stock products; 3,000 products",
        "",
        "products",
        "warehouses",
        {"warehouses": 60, "products": 3000},
    ),
    (
        "a football league: 18 teams with players; 450 players",
        "",
        "players",
        "teams",
        {"teams": 18, "players": 450},
    ),
    (
        "a school district: 35 schools whose teachers teach classes; 1,100 teachers and 4,000 classes",
        "",
        "teachers",
        "schools",
        {"schools": 35, "teachers": 1100, "classes": 4000},
    ),
    (
        "a consultancy: 12 offices, 200 consultants who work for offices and 900 clients; clients hire consultants "
        "at offices",
        "hires|engagements|consultant_hires",
        "consultants",
        "offices",
        {"offices": 12, "consultants": 200, "clients": 900},
    ),
    (
        "a restaurant group: 25 restaurants where chefs cook; 300 chefs and 40,000 dishes cooked by chefs",
        "dishes",
        "chefs",
        "restaurants",
        {"restaurants": 25, "chefs": 300, "dishes": 40000},
    ),
]


def checks(
    request: str, records: str, a_names: str, b_names: str, counts: dict[str, int], scale: float = 0.05
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r, a, b = pick(tables, records), pick(tables, a_names), pick(tables, b_names)
    rec = tables[r] if r is not None else None
    a_to_b = a is not None and b is not None and fk(tables[a], b) is not None
    b_to_a = b is not None and a is not None and fk(tables[b], a) is not None
    a_key = fk(rec, a) if r is not None and r != a else None
    reaches = r is not None and (fk(rec, b) is not None or (a_key is not None and a_to_b))
    filled = False
    try:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        simulacra.validate(spec, frames)
        made, bad = True, disagreeing(spec, frames)
        if r is not None and a_key is not None:
            nulls = int(frames[r][a_key].null_count())
            filled = nulls == 0
            if nulls:
                print(f"    {r}.{a_key}: {nulls} of {frames[r].height} null")
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    generate: {type(exc).__name__}: {exc}")
        made, bad = False, {"(not generated)": -1}
    if bad:
        print(f"    disagree: {bad}")
    got: Checks = [("A keyed to B", a_to_b), ("B not keyed to A", a is not None and not b_to_a)]
    if records:
        got += [("record keyed to A", a_key is not None), ("record reaches B", reaches), ("record's A filled", filled)]
    return got + [("rows agree", not bad), ("count kept", counts_kept(tables, counts)), ("generates", made)]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks)


if __name__ == "__main__":
    main()
