"""A booking keyed to the thing it books (issue 20, draft39): held-out-style requests.

Written at 08:28 UTC on 2026-12-06, before any rule of branch draft39, expectations first; run once on main (before)
and once on the branch (after), not tuned on: a **test** figure. Each request has a person, a thing that is booked
(a session, a service, a desk) and a record of the booking said of that thing ("session bookings", "service
appointments", "desk reservations"). A reader expects each booking to refer to the thing it books, as well as to
the person who books it. Checks per request:

1. "record": the booking table is drafted (one of the names listed);
2. "person": it has a foreign key to the person's table;
3. "thing": it has a foreign key to the booked thing's table;
4. "generates": the spec generates at scale 0.05, seed 1, and every booking's thing key is a row of that table.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_booking_act.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, fk, pick, run  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, booking names, person names, thing names)
HELD_OUT: list[tuple[str, str, str, str]] = [
    (
        "a climbing gym: 12 coaches, 900 climbing sessions in 2025 each led by a coach, 2,000 members and 7,000 "
        "session bookings",
        "session_bookings|bookings",
        "members",
        "sessions|climbing_sessions",
    ),
    (
        "a hair salon: 10 stylists, 40 services, 3,000 clients and 12,000 service appointments with stylists",
        "service_appointments|appointments",
        "clients",
        "services",
    ),
    (
        "a coworking space: 150 desks, 600 members and 20,000 desk reservations in 2025",
        "desk_reservations|reservations",
        "members",
        "desks",
    ),
]


def booking_checks(request: str, booking: str, person: str, thing: str) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    b, p, t = (pick(tables, n) for n in (booking, person, thing))
    if b is None:
        return [("record", False), ("person", False), ("thing", False), ("generates", False)]
    pk, tk = fk(tables[b], p), fk(tables[b], t)
    try:
        frames = simulacra.generate(spec, seed=1, scale=0.05).frames
        ok = True
        if tk is not None and t is not None:
            ok = bool(frames[b][tk].drop_nulls().is_in(frames[t][str(tables[t]["primary_key"])]).all())
    except Exception:
        ok = False
    return [("record", True), ("person", pk is not None), ("thing", tk is not None), ("generates", ok)]


def main() -> None:
    run(HELD_OUT, booking_checks, per_request=4, note=" (test requests, run once before and after the rule)")


if __name__ == "__main__":
    main()
