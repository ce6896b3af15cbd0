"""A thing no count is said for is sized by its users; a thing said by two words is one table (issue 20, draft52):
held-out requests.

Written at 20:07 UTC on 2026-12-06, before any rule of branch draft52 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class (draft44-46's "Not done"): (a) a table of things the users act on ("members reserve desks", "riders rent
scooters") with no count said was a flat 100 rows whatever the users' count; its rows follow the users said (fewer
shared things than users); (b) a thing said by two words ("members reserve picnic tables") is one table of those
words (`picnic_tables`), the modifier no table of its own, and the verb's record is keyed to it.

Checks, each request (scale 0.05, seed 1):

1. "thing table": a table of the things exists (any of the names given);
2. "no modifier table": no table is drafted of a name given as the modifier's;
3. "record keyed": a table of the acts exists (any of the names given) with a foreign key to the users and one to
   the things;
4. "sized by users": the things' rows lie in the band given (a share of the users said, fewer things than users;
   where the band is None, the check holds with "thing table");
5. "count kept": every count said is the rows of its table;
6. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_thing_sizes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

from simulacra.draft import draft  # noqa: E402

#: (request, thing names, [names no table may have], users' names, record names, (lo, hi) rows of the things or None,
#: {table names: rows said})
HELD_OUT: list[tuple[str, str, list[str], str, str, tuple[int, int] | None, dict[str, int]]] = [
    # (a) one word, no count said: sized by the users
    (
        "a tennis club: 150 members; members book courts",
        "courts",
        [],
        "members",
        "bookings",
        (2, 75),
        {"members": 150},
    ),
    (
        "a scooter sharing app: 250,000 riders; riders rent scooters",
        "scooters",
        [],
        "riders",
        "rentals",
        (2_500, 125_000),
        {"riders": 250000},
    ),
    (
        "a swimming pool: 80 swimmers; swimmers reserve lockers",
        "lockers",
        [],
        "swimmers",
        "reservations",
        (1, 40),
        {"swimmers": 80},
    ),
    (
        "a hotel chain with 2,000,000 guests; guests book suites",
        "suites",
        [],
        "guests",
        "bookings",
        (20_000, 1_000_000),
        {"guests": 2000000},
    ),
    # (b) two words: one table of things
    (
        "a club with 3,000 members; members reserve picnic tables",
        "picnic_tables",
        ["picnics", "picnic", "tables"],
        "members",
        "reservations",
        (30, 1_500),
        {"members": 3000},
    ),
    (
        "a delivery firm: 1,200 couriers; couriers rent cargo bikes",
        "cargo_bikes",
        ["cargos", "cargo", "bikes"],
        "couriers",
        "rentals",
        (12, 600),
        {"couriers": 1200},
    ),
    (
        "a school: 900 pupils; pupils borrow graphing calculators",
        "graphing_calculators",
        ["graphings", "graphing", "calculators"],
        "pupils",
        "loans",
        (9, 450),
        {"pupils": 900},
    ),
    (
        "a campsite: 400 campers; campers book tent pitches",
        "tent_pitches",
        ["tents", "tent", "pitches"],
        "campers",
        "bookings",
        (4, 200),
        {"campers": 400},
    ),
    (
        "a university: 40,000 students; students book study rooms",
        "study_rooms|rooms",
        ["studies", "study"],
        "students",
        "bookings",
        None,
        {"students": 40000},
    ),
]


def checks(
    request: str,
    things: str,
    absent: list[str],
    users: str,
    records: str,
    band: tuple[int, int] | None,
    counts: dict[str, int],
    scale: float = 0.05,
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    t = pick(tables, things)
    r = pick(tables, records)
    u = pick(tables, users)
    rows = tables[t].get("rows") if t is not None else None
    sized = t is not None and (band is None or isinstance(rows, int) and band[0] <= rows <= band[1])
    return [
        ("thing table", t is not None),
        ("no modifier table", not set(absent) & set(tables)),
        ("record keyed", r is not None and u is not None and t is not None and {u, t} <= key_targets(tables[r])),
        ("sized by users", sized),
        ("count kept", counts_kept(tables, counts)),
        ("generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=6)


if __name__ == "__main__":
    main()
