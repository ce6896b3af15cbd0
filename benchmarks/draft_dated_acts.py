"""Acts counted with their verb are dated; a hire, rent or borrow from the setting is a record (issue 20, draft49):
held-out requests.

Written at 16:57 UTC on 2026-12-06, before any rule of branch draft49 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class (draft47's "Still missed"): (a) acts counted with a record verb ("vendors sold 40,000 meals at
festivals", "couriers delivered 80,000 parcels to customers") are the record itself, keyed to the subject and the
second object, and a record of an act always has its date: within the request's period where one is said ("in
2024", "over 2025"); (b) a hire, rent or borrow whose second object is the setting, said in the singular ("riders
rent bikes from the shop"), is a record keyed to the hirer and the thing, and the setting is no table.

Checks, each request (scale 0.05, seed 1):

1. "record table": a table of the records exists (any of the names given);
2. "keyed to each": it has a foreign key to each table expected (any of the names given for each);
3. "no other key": it has no foreign key to a table outside those expected;
4. "no setting table": no table is drafted of a name the request says is the setting;
5. "dated": the record has a date or datetime column;
6. "in period": where the request says a year, every generated date of the record falls within it (where it
   says none, the check holds with "dated");
7. "count kept": every count said is the rows of its table;
8. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_dated_acts.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402
from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, record names, [names of each table it must be keyed to], [names no table may have],
#: {table names: rows said}, year said or None)
HELD_OUT: list[tuple[str, str, list[str], list[str], dict[str, int], int | None]] = [
    # (a) acts counted with the verb
    (
        "a food market: 120 stallholders and 25 markets; stallholders sold 60,000 pies at markets in 2024",
        "pies|sales|pie_sales",
        ["stallholders", "markets"],
        [],
        {"stallholders": 120, "markets": 25, "pies|sales|pie_sales": 60000},
        2024,
    ),
    (
        "a courier firm: 200 couriers and 5,000 customers; couriers delivered 80,000 parcels to customers",
        "parcels|deliveries|parcel_deliveries",
        ["couriers", "customers"],
        [],
        {"couriers": 200, "customers": 5000, "parcels|deliveries|parcel_deliveries": 80000},
        None,
    ),
    (
        "a charity: 2,000 volunteers and 9,000 donors; over 2023 volunteers sent 30,000 letters to donors",
        "letters|shipments",
        ["volunteers", "donors"],
        [],
        {"volunteers": 2000, "donors": 9000, "letters|shipments": 30000},
        2023,
    ),
    (
        "a research office: 400 researchers and 70 grants; researchers submit 2,500 reports for grants",
        "reports|submissions",
        ["researchers", "grants"],
        [],
        {"researchers": 400, "grants": 70, "reports|submissions": 2500},
        None,
    ),
    (
        "a bakery chain: 60 bakers and 300 cafes; in 2025 bakers sell 20,000 loaves to cafes",
        "loaves|sales|loaf_sales",
        ["bakers", "cafes"],
        [],
        {"bakers": 60, "cafes": 300, "loaves|sales|loaf_sales": 20000},
        2025,
    ),
    # (b) hire, rent, borrow from the setting
    (
        "a bike rental shop: 150 bikes and 4,000 riders; riders rent bikes from the shop",
        "rentals|bike_rentals",
        ["riders", "bikes"],
        ["shop", "shops", "bike_rental_shops", "rental_shops"],
        {"bikes": 150, "riders": 4000},
        None,
    ),
    (
        "a van hire company: 80 vans and 2,000 customers; customers hired vans from the company in 2024",
        "hires|rentals|van_hires|van_rentals",
        ["customers", "vans"],
        ["company", "companies", "van_hire_companies", "hire_companies"],
        {"vans": 80, "customers": 2000},
        2024,
    ),
    (
        "a tool depot: 500 drills and 1,200 builders; builders borrowed drills from the depot",
        "loans|drill_loans",
        ["builders", "drills"],
        ["depot", "depots", "tool_depots"],
        {"drills": 500, "builders": 1200},
        None,
    ),
    (
        "a sailing club: 40 boats and 700 sailors; sailors hire boats from the club",
        "hires|rentals|boat_hires|boat_rentals",
        ["sailors", "boats"],
        ["club", "clubs", "sailing_clubs"],
        {"boats": 40, "sailors": 700},
        None,
    ),
]

_DATES = frozenset({"date", "datetime"})


def _date_columns(table: dict[str, Any]) -> list[str]:
    return [c for c, v in table["columns"].items() if isinstance(v, dict) and v.get("generator") in _DATES]


def _in_year(spec: dict[str, Any], table: str, columns: list[str], year: int, scale: float) -> bool:
    """Every date the record's rows are generated with (seed 1) lies within the year said."""
    try:
        frame = simulacra.generate(spec, seed=1, scale=scale).frames[table]
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    in period: {type(exc).__name__}: {exc}")
        return False
    for c in columns:
        values = pd.to_datetime(frame[c]).dropna()
        if values.empty or values.min().year != year or values.max().year != year:
            return False
    return True


def checks(
    request: str,
    records: str,
    keyed: list[str],
    absent: list[str],
    counts: dict[str, int],
    year: int | None,
    scale: float = 0.05,
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r = pick(tables, records)
    targets = key_targets(tables[r]) if r is not None else set()
    want = [pick(tables, k) for k in keyed]
    allowed = {n for k in keyed for n in k.split("|")}
    dates = _date_columns(tables[r]) if r is not None else []
    in_period = bool(dates) and (year is None or r is not None and _in_year(spec, r, dates, year, scale))
    return [
        ("record table", r is not None),
        ("keyed to each", r is not None and all(w is not None and w in targets for w in want)),
        ("no other key", r is not None and targets <= allowed),
        ("no setting table", not set(absent) & set(tables)),
        ("dated", bool(dates)),
        ("in period", in_period),
        ("count kept", counts_kept(tables, counts)),
        ("generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=8)


if __name__ == "__main__":
    main()
