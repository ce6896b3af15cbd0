"""A record verb's second object after another preposition, and record verbs the draft did not know (issue 20,
draft47): held-out requests.

Written at 15:56 UTC on 2026-12-06, before any rule of branch draft47 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class: a record verb with a second object said after 'from', 'at', 'with' or 'for' ("fans buy tickets from
resellers", "members book sessions with coaches"), and verbs that leave a record the draft did not read ('send',
'receive', 'submit', 'give'). A reader expects the record keyed to the subject's table, the object's (where the
object is a table) and the table after the preposition, where that is a table the request drafts; a setting said
in the singular ("from the library", "from the firm") is no table and adds no key. The record is dated; every
count said is kept.

Checks, each request (scale 0.05, seed 1):

1. "record table": a table of the records exists (any of the names given);
2. "keyed to each": it has a foreign key to each table expected (any of the names given for each; a table that is
   the record itself needs no key);
3. "no other key": it has no foreign key to a table outside those expected and those it may have (an object that
   is a thing, drafted as a table or not);
4. "no setting table": no table is drafted of a name the request says is the setting or no table;
5. "dated": the record has a date or datetime column;
6. "count kept": every count said is the rows of its table;
7. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_verb_prepositions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

from simulacra.draft import draft  # noqa: E402

#: (request, record names, [names of each table it must be keyed to], [names it may be keyed to],
#: [names no table may have], {table names: rows said})
HELD_OUT: list[tuple[str, str, list[str], list[str], list[str], dict[str, int]]] = [
    # from
    (
        "a ticket exchange: 30,000 fans, 800 resellers and 50,000 tickets; fans buy tickets from resellers",
        "purchases|ticket_purchases",
        ["fans", "tickets", "resellers"],
        [],
        [],
        {"fans": 30000, "resellers": 800, "tickets": 50000},
    ),
    (
        "a tool library: 1,200 tools and 3,000 members; members borrow tools from the library",
        "loans|tool_loans",
        ["members", "tools"],
        [],
        ["library", "libraries", "tool_libraries"],
        {"tools": 1200, "members": 3000},
    ),
    (
        "a housing agency: 500 landlords, 1,800 apartments and 2,500 tenants; tenants rented apartments from landlords",
        "rentals|apartment_rentals",
        ["tenants", "apartments", "landlords"],
        [],
        [],
        {"landlords": 500, "apartments": 1800, "tenants": 2500},
    ),
    (
        "a clinic network: 300 physicians and 20,000 patients; patients receive referrals from physicians",
        "referrals",
        ["patients", "physicians"],
        [],
        [],
        {"physicians": 300, "patients": 20000},
    ),
    (
        "a car hire firm: 300 cars and 9,000 drivers; drivers hire cars from the firm",
        "hires|rentals|car_hires|car_rentals",
        ["drivers", "cars"],
        [],
        ["firm", "firms", "car_hire_firms"],
        {"cars": 300, "drivers": 9000},
    ),
    # at
    (
        "a craft fair circuit: 400 artisans and 60 fairs; artisans sell crafts at fairs",
        "sales|craft_sales",
        ["artisans", "fairs"],
        ["crafts"],
        [],
        {"artisans": 400, "fairs": 60},
    ),
    (
        "a food truck rally: 90 vendors and 15 festivals; vendors sold 40,000 meals at festivals",
        "meals|sales|meal_sales",
        ["vendors", "festivals"],
        [],
        [],
        {"vendors": 90, "festivals": 15, "meals|sales|meal_sales": 40000},
    ),
    # with
    (
        "a gym: 2,500 members and 40 coaches; members book sessions with coaches",
        "bookings|session_bookings|sessions",
        ["members", "coaches"],
        ["sessions"],
        [],
        {"members": 2500, "coaches": 40},
    ),
    (
        "a language school: 600 learners and 45 tutors; learners reserved lessons with tutors",
        "reservations|lesson_reservations|lessons",
        ["learners", "tutors"],
        ["lessons"],
        [],
        {"learners": 600, "tutors": 45},
    ),
    # for
    (
        "a consultancy: 150 consultants and 90 projects; consultants submit timesheets for projects",
        "timesheets|submissions|timesheet_submissions",
        ["consultants", "projects"],
        [],
        [],
        {"consultants": 150, "projects": 90},
    ),
    (
        "a travel agency: 40 agents and 5,000 travellers; agents book hotels for travellers",
        "bookings|hotel_bookings",
        ["agents", "travellers"],
        ["hotels"],
        [],
        {"agents": 40, "travellers": 5000},
    ),
    # to, a verb the draft did not know
    (
        "a newsroom: 120 reporters and 3,000 subscribers; reporters send newsletters to subscribers",
        "newsletters|sendings",
        ["reporters", "subscribers"],
        ["newsletters"],
        [],
        {"reporters": 120, "subscribers": 3000},
    ),
    (
        "a fundraising platform: 8,000 backers and 300 campaigns; backers give money to campaigns",
        "donations|gifts|contributions|pledges",
        ["backers", "campaigns"],
        [],
        ["money", "monies"],
        {"backers": 8000, "campaigns": 300},
    ),
]

_DATES = frozenset({"date", "datetime"})


def checks(
    request: str,
    records: str,
    keyed: list[str],
    may: list[str],
    absent: list[str],
    counts: dict[str, int],
    scale: float = 0.05,
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r = pick(tables, records)
    targets = key_targets(tables[r]) if r is not None else set()
    want = [pick(tables, k) for k in keyed]
    allowed = {n for k in keyed + may for n in k.split("|")}
    dated = r is not None and any(
        isinstance(c, dict) and c.get("generator") in _DATES for c in tables[r]["columns"].values()
    )
    return [
        ("record table", r is not None),
        ("keyed to each", r is not None and all(w is not None and (w == r or w in targets) for w in want)),
        ("no other key", r is not None and targets <= allowed),
        ("no setting table", not set(absent) & set(tables)),
        ("dated", dated),
        ("count kept", counts_kept(tables, counts)),
        ("generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=7)


if __name__ == "__main__":
    main()
