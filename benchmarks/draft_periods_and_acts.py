"""A year or date phrase is the request's period, never a count; acts whose object is made or happens are records
(issue 20, draft51): held-out requests.

Written at 19:23 UTC on 2026-12-06, before any rule of branch draft51 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class (draft49's "Still missed", draft47's): (a) a year or date phrase in a request ("over 2024", "across
2021–2023", "throughout Q3 2024", "from 2020 to 2022", "since 2019", "during 2022") is the period the acts' dates
fall in, never a count of the noun after it, nor a word of a table's name; (b) a verb whose object is made or
happens ('host', 'organise', 'stage' events; 'dispatch', 'ship' parcels; 'treat', 'examine' patients; 'teach'
lessons; 'grade' essays) leaves a record of each act: the object itself where it is counted with the verb (a match
hosted, a parcel dispatched), else a record of the act keyed to the subject and the object.

Checks, each request (scale 0.05, seed 1):

1. "record table": a table of the records exists (any of the names given);
2. "keyed to each": it has a foreign key to each table expected (any of the names given for each);
3. "no other key": it has no foreign key to a table outside those expected;
4. "no year table": no table has the year said as its rows, and no table's name holds a period word ('over',
   'across', 'since', 'during', 'throughout', 'from', 'q3') or a year;
5. "dated": the record has a date or datetime column;
6. "in period": every generated date of the record falls within the period said (where none is said, the check
   holds with "dated");
7. "count kept": every count said is the rows of its table;
8. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_periods_and_acts.py
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

_D = dt.date
#: (request, record names, [names of each table it must be keyed to], {table names: rows said},
#: (first, last day of the period said) or None, the years said)
HELD_OUT: list[tuple[str, str, list[str], dict[str, int], tuple[dt.date, dt.date] | None, list[int]]] = [
    # (a) a period phrase before a noun the request counts elsewhere
    (
        "a food bank: 300 drivers and 1,500 households; over 2024 drivers delivered 12,000 boxes to households",
        "boxes|deliveries|box_deliveries",
        ["drivers", "households"],
        {"drivers": 300, "households": 1500, "boxes|deliveries|box_deliveries": 12000},
        (_D(2024, 1, 1), _D(2024, 12, 31)),
        [2024],
    ),
    (
        "a youth league: 24 clubs and 500 players; across 2021–2023 clubs hosted 900 matches",
        "matches",
        ["clubs"],
        {"clubs": 24, "players": 500, "matches": 900},
        (_D(2021, 1, 1), _D(2023, 12, 31)),
        [2021, 2023],
    ),
    (
        "a tutoring service: 40 tutors and 900 students; from 2020 to 2022 tutors taught 15,000 lessons to students",
        "lessons",
        ["tutors", "students"],
        {"tutors": 40, "students": 900, "lessons": 15000},
        (_D(2020, 1, 1), _D(2022, 12, 31)),
        [2020, 2022],
    ),
    (
        "an art fair: 60 galleries and 3,000 collectors; since 2019 galleries sold 4,500 prints to collectors",
        "prints|sales|print_sales",
        ["galleries", "collectors"],
        {"galleries": 60, "collectors": 3000, "prints|sales|print_sales": 4500},
        (_D(2019, 1, 1), _D(2024, 12, 31)),
        [2019],
    ),
    (
        "a parcel network: 45 depots and 7,000 customers; during 2022 depots dispatched 50,000 parcels to customers",
        "parcels|dispatches|shipments",
        ["depots", "customers"],
        {"depots": 45, "customers": 7000, "parcels|dispatches|shipments": 50000},
        (_D(2022, 1, 1), _D(2022, 12, 31)),
        [2022],
    ),
    (
        "a clinic network: 80 doctors and 6,000 patients; throughout Q3 2024 doctors treated patients",
        "treatments",
        ["doctors", "patients"],
        {"doctors": 80, "patients": 6000},
        (_D(2024, 7, 1), _D(2024, 9, 30)),
        [2024],
    ),
    # (b) act verbs: the object is made or happens
    (
        "a community centre: 20 organisers and 15 halls; organisers organise 350 events at halls",
        "events",
        ["organisers", "halls"],
        {"organisers": 20, "halls": 15, "events": 350},
        None,
        [],
    ),
    (
        "a vet practice: 12 vets and 3,000 pets; vets examine pets",
        "examinations|exams",
        ["vets", "pets"],
        {"vets": 12, "pets": 3000},
        None,
        [],
    ),
    (
        "a school: 35 teachers, 800 pupils and 6,000 essays; in 2024 teachers graded essays",
        "grades|gradings",
        ["teachers", "essays"],
        {"teachers": 35, "pupils": 800, "essays": 6000},
        (_D(2024, 1, 1), _D(2024, 12, 31)),
        [2024],
    ),
    (
        "a rugby union: 18 venues and 40 clubs; clubs stage 700 tournaments at venues",
        "tournaments",
        ["clubs", "venues"],
        {"venues": 18, "clubs": 40, "tournaments": 700},
        None,
        [],
    ),
]

_DATES = frozenset({"date", "datetime"})
_PERIOD_WORDS = re.compile(r"(^|_)(over|across|since|during|throughout|from|q[1-4]|(19|20)\d\d)(_|$)")


def _date_columns(table: dict[str, Any]) -> list[str]:
    return [c for c, v in table["columns"].items() if isinstance(v, dict) and v.get("generator") in _DATES]


def _in_period(
    spec: dict[str, Any], table: str, columns: list[str], period: tuple[dt.date, dt.date], scale: float
) -> bool:
    """Every date the record's rows are generated with (seed 1) lies within the period said."""
    try:
        frame = simulacra.generate(spec, seed=1, scale=scale).frames[table]
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    in period: {type(exc).__name__}: {exc}")
        return False
    for c in columns:
        values = pd.to_datetime(frame[c]).dropna()
        if values.empty or values.min().date() < period[0] or values.max().date() > period[1]:
            return False
    return True


def _no_year_table(tables: dict[str, Any], years: list[int]) -> bool:
    return not any(t.get("rows") in years or _PERIOD_WORDS.search(name) for name, t in tables.items())


def checks(
    request: str,
    records: str,
    keyed: list[str],
    counts: dict[str, int],
    period: tuple[dt.date, dt.date] | None,
    years: list[int],
    scale: float = 0.05,
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r = pick(tables, records)
    targets = key_targets(tables[r]) if r is not None else set()
    want = [pick(tables, k) for k in keyed]
    allowed = {n for k in keyed for n in k.split("|")}
    dates = _date_columns(tables[r]) if r is not None else []
    in_period = bool(dates) and (period is None or r is not None and _in_period(spec, r, dates, period, scale))
    return [
        ("record table", r is not None),
        ("keyed to each", r is not None and all(w is not None and w in targets for w in want)),
        ("no other key", r is not None and targets <= allowed),
        ("no year table", _no_year_table(tables, years)),
        ("dated", bool(dates)),
        ("in period", in_period),
        ("count kept", counts_kept(tables, counts)),
        ("generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=8)


if __name__ == "__main__":
    main()
