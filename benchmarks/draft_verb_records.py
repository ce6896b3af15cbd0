"""A record said by its verb, not its noun (issue 20, draft43): held-out requests.

Written at 10:58 UTC on 2026-12-06, before any rule of branch draft43 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.
Each request names two tables and a verb between them that implies a record of the act ("viewers rate films",
"players book courts", "customers buy books", "pupils borrow books", "readers follow authors"), four requests per
sub-class (rate/review, reserve/book, order/buy, borrow/loan, vote/follow). A reader expects a table of the records
the verb implies (ratings, bookings, orders, loans, votes, follows), keyed to both tables (a follow of users by users:
two keys to the users), the counts said kept, and a spec that generates and validates.

Checks, each request (scale 0.05, seed 1):

1. "record table": a table of the records exists (any of the names given);
2. "keyed to both": it has a foreign key to the subject's table and one to the object's (two to one table where
   the subject and the object are the same table);
3. "count kept": every count said is the rows of its table (the subject's, the object's, the records' where said);
4. "generates" and 5. "validates" (``simulacra.validate`` on the rows).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_verb_records.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import counts_kept, pick  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (sub-class, request, record names, subject names, object names, {table names: rows said})
HELD_OUT: list[tuple[str, str, str, str, str, dict[str, int]]] = [
    # rate / review
    (
        "rate",
        "a film streaming service: 2,500 films and 60,000 viewers; viewers rate the films they watched",
        "ratings|film_ratings|viewer_ratings|reviews",
        "viewers",
        "films|movies",
        {"films|movies": 2500, "viewers": 60000},
    ),
    (
        "rate",
        "a hotel group: 30 hotels and 18,000 guests over 2025; guests review hotels",
        "reviews|hotel_reviews|guest_reviews|ratings",
        "guests",
        "hotels",
        {"hotels": 30, "guests": 18000},
    ),
    (
        "rate",
        "an app store: 1,200 apps and 90,000 users; users review apps",
        "reviews|app_reviews|user_reviews|ratings",
        "users",
        "apps",
        {"apps": 1200, "users": 90000},
    ),
    (
        "rate",
        "a wine club with 400 wines: 6,000 members rate wines",
        "ratings|wine_ratings|member_ratings|reviews",
        "members",
        "wines",
        {"wines": 400, "members": 6000},
    ),
    # reserve / book
    (
        "reserve",
        "a coworking space: 60 desks and 1,500 members; members reserve desks",
        "reservations|desk_reservations|bookings",
        "members",
        "desks",
        {"desks": 60, "members": 1500},
    ),
    (
        "reserve",
        "a tennis club: 12 courts and 900 players; players book courts over 2025",
        "bookings|court_bookings|reservations",
        "players",
        "courts",
        {"courts": 12, "players": 900},
    ),
    (
        "reserve",
        "a campsite: 150 pitches and 7,000 campers; campers book pitches",
        "bookings|pitch_bookings|reservations",
        "campers",
        "pitches",
        {"pitches": 150, "campers": 7000},
    ),
    (
        "reserve",
        "a car rental firm: 300 cars and 20,000 drivers who made 45,000 reservations; drivers reserve cars",
        "reservations|car_reservations|bookings|rentals",
        "drivers",
        "cars",
        {"cars": 300, "drivers": 20000, "reservations|car_reservations|bookings|rentals": 45000},
    ),
    # order / buy
    (
        "order",
        "a bakery: 80 products and 5,000 customers; customers order products",
        "orders|product_orders|purchases",
        "customers",
        "products",
        {"products": 80, "customers": 5000},
    ),
    (
        "order",
        "a bookshop: 10,000 books and 30,000 customers; customers buy books over 2025",
        "purchases|book_purchases|orders|sales",
        "customers",
        "books",
        {"books": 10000, "customers": 30000},
    ),
    (
        "order",
        "a farm shop: 200 products and 3,000 shoppers who placed 12,000 orders; shoppers order products",
        "orders|product_orders|purchases",
        "shoppers",
        "products",
        {"products": 200, "shoppers": 3000, "orders|product_orders|purchases": 12000},
    ),
    (
        "order",
        "a hardware store: 1,500 tools and 8,000 tradespeople; tradespeople purchase tools",
        "purchases|tool_purchases|orders|sales",
        "tradespeople",
        "tools",
        {"tools": 1500, "tradespeople": 8000},
    ),
    # borrow / loan
    (
        "borrow",
        "a school library: 8,000 books and 1,200 pupils; pupils borrow books",
        "loans|book_loans|borrowings|checkouts",
        "pupils",
        "books",
        {"books": 8000, "pupils": 1200},
    ),
    (
        "borrow",
        "a tool library: 400 tools and 2,000 members; members borrow tools over 2024",
        "loans|tool_loans|borrowings|checkouts",
        "members",
        "tools",
        {"tools": 400, "members": 2000},
    ),
    (
        "borrow",
        "a toy library: 600 toys and 900 families; families borrow toys",
        "loans|toy_loans|borrowings|checkouts",
        "families",
        "toys",
        {"toys": 600, "families": 900},
    ),
    (
        "borrow",
        "a city library: 50,000 books; 15,000 readers borrow books",
        "loans|book_loans|borrowings|checkouts",
        "readers",
        "books",
        {"books": 50000, "readers": 15000},
    ),
    # vote / follow
    (
        "vote",
        "a music contest: 24 singers and 50,000 viewers; viewers vote for singers",
        "votes|singer_votes|viewer_votes",
        "viewers",
        "singers",
        {"singers": 24, "viewers": 50000},
    ),
    (
        "vote",
        "a photo app: 20,000 users; users follow other users",
        "follows|followings|user_follows|followers",
        "users",
        "users",
        {"users": 20000},
    ),
    (
        "vote",
        "a blogging platform: 500 authors and 30,000 readers; readers follow authors",
        "follows|followings|author_follows|reader_follows|followers",
        "readers",
        "authors",
        {"authors": 500, "readers": 30000},
    ),
    (
        "vote",
        "a city council: 40 proposals and 12,000 residents; residents vote on proposals",
        "votes|proposal_votes|resident_votes",
        "residents",
        "proposals",
        {"proposals": 40, "residents": 12000},
    ),
]

_CHECKS = ("record table", "keyed to both", "count kept", "generates", "validates")


def _refs(table: dict[str, Any]) -> list[str]:
    """The table each foreign key of ``table`` refers to."""
    return [
        str(c.get("references", "")).split(".")[0]
        for c in table["columns"].values()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    ]


def checks(
    request: str, records: str, subject: str, obj: str, counts: dict[str, int], scale: float = 0.05
) -> list[tuple[str, bool]]:
    spec = draft(request).spec
    tables = spec["tables"]
    r, s, o = pick(tables, records), pick(tables, subject), pick(tables, obj)
    out = [("record table", r is not None)]
    refs = _refs(tables[r]) if r is not None else []
    if s is not None and s == o:
        keyed = refs.count(s) >= 2
    else:
        keyed = s is not None and o is not None and s in refs and o in refs
    out.append(("keyed to both", r is not None and keyed))
    kept = counts_kept(tables, counts)
    out.append(("count kept", kept))
    try:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        out.append(("generates", True))
    except Exception:
        return out + [("generates", False), ("validates", False)]
    try:
        simulacra.validate(spec, frames)
        out.append(("validates", True))
    except Exception:
        out.append(("validates", False))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.05, help="generate at this scale (0.05 in the test run)")
    scale = ap.parse_args().scale
    held = total = whole = 0
    per: dict[str, list[int]] = {}
    for sub, request, records, subject, obj, counts in HELD_OUT:
        try:
            got = checks(request, records, subject, obj, counts, scale=scale)
        except Exception as exc:  # a draft that fails is a miss of every check, said
            got = [(f"failed: {type(exc).__name__}: {exc}"[:120], False)]
        ok = sum(v for _, v in got)
        n = len(_CHECKS)
        held, total, whole = held + ok, total + n, whole + (ok == n)
        per.setdefault(sub, [0, 0])
        per[sub][0] += ok == n
        per[sub][1] += 1
        missed = [m for m, v in got if not v]
        print(f"{ok}/{n} {request[:100]}" + (f"\n     missed: {', '.join(missed)}" if missed else ""))
    print("\nrequests with every check held, per sub-class: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in per.items()))
    print(
        f"checks held {held}/{total}; requests with every check held {whole}/{len(HELD_OUT)} "
        "(test requests at scale 0.05, run once before and after the rule; another scale: dev)"
    )


if __name__ == "__main__":
    main()
