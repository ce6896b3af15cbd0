"""A record verb's objects (issue 20, draft45): held-out requests.

Written at 13:25 UTC on 2026-12-06, before any rule of branch draft45 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

- "to": a record verb with a second object said through a preposition ("couriers delivered parcels to
  recipients", "agents sell policies to clients", "the archive lends films to cinemas"). A reader expects the record
  (delivery, sale, loan, letter) keyed to the subject's table (where it is a table: "the archive" is the setting, no
  table), the object's and the table after 'to'; dated; its count where said.
- "thing": a record verb whose object no drafted table holds ("diners reserve tables", "guests booked beds",
  "riders rent scooters"). A reader expects the object drafted as a small table of things (its count an assumption
  said) so that the record has its key: the record keyed to the subject's table and the thing's, dated.

Checks, each request (scale 0.05, seed 1):

1. "record table": a table of the records exists (any of the names given);
2. "keyed to each": it has a foreign key to each table expected (any of the names given for each; a table that is
   the record itself needs no key);
3. "dated": the record has a date or datetime column;
4. "count kept": every count said is the rows of its table;
5. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_verb_objects.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

from simulacra.draft import draft  # noqa: E402

#: (request, sub-class, record names, [names of each table it must be keyed to], {table names: rows said})
HELD_OUT: list[tuple[str, str, str, list[str], dict[str, int]]] = [
    # to: a second object said after 'to'
    (
        "a parcel service: 250 couriers, 40,000 parcels and 9,000 recipients; couriers delivered parcels to recipients",
        "to",
        "deliveries|parcel_deliveries",
        ["couriers", "parcels", "recipients"],
        {"couriers": 250, "parcels": 40000, "recipients": 9000},
    ),
    (
        "a film archive: 4,000 films and 120 cinemas; the archive lends films to cinemas",
        "to",
        "loans|film_loans",
        ["films", "cinemas"],
        {"films": 4000, "cinemas": 120},
    ),
    (
        "an insurance broker: 80 agents, 2,000 policies and 12,000 clients; agents sell policies to clients",
        "to",
        "sales|policy_sales",
        ["agents", "policies", "clients"],
        {"agents": 80, "policies": 2000, "clients": 12000},
    ),
    (
        "a charity: 200 volunteers and 6,000 donors; volunteers send 15,000 letters to donors",
        "to",
        "letters",
        ["volunteers", "donors"],
        {"volunteers": 200, "donors": 6000, "letters": 15000},
    ),
    # thing: the object is a thing no table of the request holds
    (
        "a bistro: 2,000 diners; diners reserve tables",
        "thing",
        "reservations|table_reservations|bookings",
        ["diners", "tables|dining_tables|restaurant_tables"],
        {"diners": 2000},
    ),
    (
        "a hostel: 4,000 guests; guests booked beds",
        "thing",
        "bookings|bed_bookings|reservations",
        ["guests", "beds"],
        {"guests": 4000},
    ),
    (
        "a city scooter scheme: 25,000 riders; riders rent scooters",
        "thing",
        "rentals|scooter_rentals",
        ["riders", "scooters"],
        {"riders": 25000},
    ),
    (
        "a ski shop: 1,500 skiers; skiers hire skis",
        "thing",
        "hires|rentals|ski_hires|ski_rentals",
        ["skiers", "skis"],
        {"skiers": 1500},
    ),
]

_DATES = frozenset({"date", "datetime"})


def checks(
    request: str, sub: str, records: str, keyed: list[str], counts: dict[str, int], scale: float = 0.05
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r = pick(tables, records)
    targets = key_targets(tables[r]) if r is not None else set()
    want = [pick(tables, k) for k in keyed]
    dated = r is not None and any(
        isinstance(c, dict) and c.get("generator") in _DATES for c in tables[r]["columns"].values()
    )
    kept = counts_kept(tables, counts)
    return [
        ("record table", r is not None),
        ("keyed to each", r is not None and all(w is not None and (w == r or w in targets) for w in want)),
        ("dated", dated),
        ("count kept", kept),
        ("generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=5)


if __name__ == "__main__":
    main()
