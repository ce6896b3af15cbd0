"""A compound noun's modifier that names a table, long compounds, and a trade's act (issue 20, draft46):
held-out requests.

(``draft_compound_keys.py`` is draft35's set; this is the class its and draft40's "Not done" left.)

Written at 13:30 UTC on 2026-12-06, before any rule of branch draft46 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

- "head": a catalogue head after modifiers the catalogue lacks, one of which names a table of the request
  ("1,200 dog grooming invoices" with 400 dogs): the records keep their count and have a key to that table; the
  name may be the head's (``invoices``) or the compound's.
- "long": a compound of four words ("5,000 van tyre pressure checks"): named by its words less the modifier that
  names a drafted table (that one a key), ``tyre_pressure_checks``; with no such modifier, by its last three words.
- "trade": an act of the trade of the request's one staff table ("3,000 tattoo sessions" with 6 tattoo artists and
  1,500 customers): keyed to the staff and to the customers.

Checks, each request (scale 0.05, seed 1):

1. "named": a table of the records exists (any of the names given);
2. "keyed": it has a foreign key to each table expected;
3. "count kept": every count said is the rows of its table;
4. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_compound_modifier_keys.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

from simulacra.draft import draft  # noqa: E402

#: (request, sub-class, record names, [names of each table it must be keyed to], counts)
HELD_OUT: list[tuple[str, str, str, list[str], dict[str, int]]] = [
    # head: a catalogue head after modifiers the catalogue lacks, one naming a drafted table
    (
        "a dog grooming salon: 8 groomers, 300 owners, 400 dogs and 1,200 dog grooming invoices",
        "head",
        "invoices|grooming_invoices|dog_grooming_invoices",
        ["dogs"],
        {"groomers": 8, "owners": 300, "dogs": 400, "invoices|grooming_invoices|dog_grooming_invoices": 1200},
    ),
    (
        "a boatyard: 250 owners, 300 boats and 2,400 boat mooring payments",
        "head",
        "payments|mooring_payments|boat_mooring_payments",
        ["boats"],
        {"owners": 250, "boats": 300, "payments|mooring_payments|boat_mooring_payments": 2400},
    ),
    (
        "a horse livery: 150 riders, 60 horses and 900 horse feed orders",
        "head",
        "orders|feed_orders|horse_feed_orders",
        ["horses"],
        {"riders": 150, "horses": 60, "orders|feed_orders|horse_feed_orders": 900},
    ),
    (
        "a farm insurer: 4,000 farmers, 2,500 tractors and 600 tractor damage claims",
        "head",
        "claims|damage_claims|tractor_damage_claims",
        ["tractors"],
        {"farmers": 4000, "tractors": 2500, "claims|damage_claims|tractor_damage_claims": 600},
    ),
    # long: four words; the modifier naming a drafted table is the key, the rest the name
    (
        "a van hire fleet: 300 vans, 900 drivers and 5,000 van tyre pressure checks",
        "long",
        "tyre_pressure_checks",
        ["vans"],
        {"vans": 300, "drivers": 900, "tyre_pressure_checks": 5000},
    ),
    (
        "a water company: 900 boreholes, 40 engineers and 4,000 borehole water quality tests",
        "long",
        "water_quality_tests",
        ["boreholes"],
        {"boreholes": 900, "engineers": 40, "water_quality_tests": 4000},
    ),
    (
        "an airport: 6 runways, 200 aircraft and 1,500 runway surface friction measurements",
        "long",
        "surface_friction_measurements",
        ["runways"],
        {"runways": 6, "aircraft": 200, "surface_friction_measurements": 1500},
    ),
    (
        "a city council: 200 parks, 80 inspectors and 3,000 street lamp energy audits",
        "long",
        "lamp_energy_audits|street_lamp_energy_audits",
        [],
        {"parks": 200, "inspectors": 80, "lamp_energy_audits|street_lamp_energy_audits": 3000},
    ),
    # trade: an act of the trade of the request's one staff table, keyed to the staff and the customers
    (
        "a tattoo studio: 6 tattoo artists, 1,500 customers and 3,000 tattoo sessions",
        "trade",
        "sessions|tattoo_sessions",
        ["tattoo_artists|artists", "customers"],
        {"tattoo_artists|artists": 6, "customers": 1500, "sessions|tattoo_sessions": 3000},
    ),
    (
        "a videography company: 9 videographers, 700 couples and 800 wedding video shoots",
        "trade",
        "video_shoots|shoots|wedding_video_shoots",
        ["videographers", "couples"],
        {"videographers": 9, "couples": 700, "video_shoots|shoots|wedding_video_shoots": 800},
    ),
    (
        "a massage practice: 7 masseuses, 900 clients and 3,500 massage treatments",
        "trade",
        "massage_treatments|treatments|massages",
        ["masseuses", "clients|customers"],
        {"masseuses": 7, "clients|customers": 900, "massage_treatments|treatments|massages": 3500},
    ),
    (
        "a locksmith firm: 10 locksmiths, 800 customers and 1,300 lock changes",
        "trade",
        "lock_changes|changes",
        ["locksmiths", "customers"],
        {"locksmiths": 10, "customers": 800, "lock_changes|changes": 1300},
    ),
]


def checks(
    request: str, sub: str, records: str, keyed: list[str], counts: dict[str, int], scale: float = 0.05
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r = pick(tables, records)
    targets = key_targets(tables[r]) if r is not None else set()
    want = [pick(tables, k) for k in keyed]
    kept = counts_kept(tables, counts)
    return [
        (f"{sub}: named", r is not None),
        (f"{sub}: keyed", r is not None and all(w is not None and w in targets for w in want)),
        (f"{sub}: count kept", kept),
        (f"{sub}: generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=4)


if __name__ == "__main__":
    main()
