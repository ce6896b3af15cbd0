"""A record's maker read from the record's own word, and records said by more verbs (issue 20, draft44):
held-out requests.

Written at 11:30 UTC on 2026-12-06, before any rule of branch draft44 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

- "stem" / "table": several tables of people who take part and one record, no verb ("a charity run: 5,000 runners,
  600 volunteers, 900 donors and 2,400 donations"). A reader expects each record made by the people its own word
  names: by stem (donation - donor, vote - voter, bid - bidder, rental - renter) or by a word that does not pair by
  stem (pledge - backer, purchase - buyer, loan - borrower, ticket - ticket buyer), and by none of the others.
- "verb", "lend", "sponsor": a verb draft43 did not read (hire, enrol, like, deliver; lend, its object lent to
  the people after 'to'; sponsor) implies a record keyed to both tables (the thing lent and the people it is lent to).

Checks, each request (scale 0.05, seed 1):

1. "record table": a table of the records exists (any of the names given);
2. "keyed to maker": it has a foreign key to each table expected (the maker; for a verb, both tables);
3. "no other people": it has no key to the other tables of people named;
4. "count kept": every count said is the rows of its table;
5. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_record_makers.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, generates, key_targets, pick, run_held_out  # noqa: E402

from simulacra.draft import draft  # noqa: E402

#: (request, sub-class, record names, [names of each table it must be keyed to], [names of other people], counts)
HELD_OUT: list[tuple[str, str, str, list[str], list[str], dict[str, int]]] = [
    # stem: the maker's word pairs with the record's by stem
    (
        "a charity run: 5,000 runners, 600 volunteers, 900 donors and 2,400 donations",
        "stem",
        "donations",
        ["donors"],
        ["runners", "volunteers"],
        {"runners": 5000, "volunteers": 600, "donors": 900, "donations": 2400},
    ),
    (
        "a local election: 40 candidates, 300 volunteers, 25,000 voters and 24,000 votes",
        "stem",
        "votes",
        ["voters"],
        ["volunteers"],
        {"candidates": 40, "volunteers": 300, "voters": 25000, "votes": 24000},
    ),
    (
        "an online auction house: 2,000 lots, 6,000 bidders, 500 subscribers and 30,000 bids",
        "stem",
        "bids",
        ["bidders"],
        ["subscribers"],
        {"lots": 2000, "bidders": 6000, "subscribers": 500, "bids": 30000},
    ),
    (
        "a camper van firm: 80 vans, 1,200 renters, 300 visitors and 2,500 rentals",
        "stem",
        "rentals|van_rentals",
        ["renters"],
        ["visitors"],
        {"vans": 80, "renters": 1200, "visitors": 300, "rentals|van_rentals": 2500},
    ),
    # table: the maker's word does not pair by stem
    (
        "a crowdfunding site: 300 projects, 40,000 backers, 2,000 followers and 55,000 pledges",
        "table",
        "pledges",
        ["backers"],
        ["followers"],
        {"projects": 300, "backers": 40000, "followers": 2000, "pledges": 55000},
    ),
    (
        "a record fair: 120 stalls, 200 volunteers, 6,000 buyers and 14,000 purchases",
        "table",
        "purchases",
        ["buyers"],
        ["volunteers"],
        {"stalls": 120, "volunteers": 200, "buyers": 6000, "purchases": 14000},
    ),
    (
        "a community library: 20,000 books, 60 volunteers, 3,000 borrowers and 40,000 loans",
        "table",
        "loans|book_loans",
        ["borrowers"],
        ["volunteers"],
        {"books": 20000, "volunteers": 60, "borrowers": 3000, "loans|book_loans": 40000},
    ),
    (
        "a theatre: 200 performances, 150 volunteers, 5,000 members, 9,000 ticket buyers and 25,000 tickets",
        "table",
        "tickets",
        ["ticket_buyers"],
        ["volunteers", "members"],
        {"performances": 200, "volunteers": 150, "members": 5000, "ticket_buyers": 9000, "tickets": 25000},
    ),
    # verb: hire, enrol, like, deliver
    (
        "a staffing agency: 400 firms and 9,000 workers; firms hire workers",
        "verb",
        "hires|hirings|placements|hiring",
        ["firms", "workers"],
        [],
        {"firms": 400, "workers": 9000},
    ),
    (
        "an online academy: 300 courses and 25,000 learners; learners enrol in courses",
        "verb",
        "enrolments|enrollments|course_enrolments|registrations",
        ["learners", "courses"],
        [],
        {"courses": 300, "learners": 25000},
    ),
    (
        "a video site: 5,000 videos and 80,000 users; users like videos",
        "verb",
        "likes|video_likes",
        ["users", "videos"],
        [],
        {"videos": 5000, "users": 80000},
    ),
    (
        "a grocer: 500 drivers and 20,000 households; drivers deliver to households",
        "verb",
        "deliveries",
        ["drivers", "households"],
        [],
        {"drivers": 500, "households": 20000},
    ),
    # lend: the lender is the subject, the thing lent the object, the borrowers after 'to'
    (
        "a tool library: 500 tools and 1,500 members; the library lends tools to members",
        "lend",
        "loans|tool_loans",
        ["tools", "members"],
        [],
        {"tools": 500, "members": 1500},
    ),
    (
        "a museum: 2,000 artworks and 60 galleries; the museum lends artworks to galleries",
        "lend",
        "loans|artwork_loans",
        ["artworks", "galleries"],
        [],
        {"artworks": 2000, "galleries": 60},
    ),
    (
        "a toy library: 800 toys and 1,000 families; it lends toys to families",
        "lend",
        "loans|toy_loans",
        ["toys", "families"],
        [],
        {"toys": 800, "families": 1000},
    ),
    # sponsor
    (
        "a sports league: 20 teams and 45 companies; companies sponsor teams",
        "sponsor",
        "sponsorships|team_sponsorships|sponsors",
        ["companies", "teams"],
        [],
        {"teams": 20, "companies": 45},
    ),
    (
        "a charity walk: 1,000 walkers and 3,000 friends; friends sponsor walkers",
        "sponsor",
        "sponsorships|walker_sponsorships|sponsors",
        ["friends", "walkers"],
        [],
        {"walkers": 1000, "friends": 3000},
    ),
    (
        "a film festival: 120 films and 30 brands; brands sponsor films",
        "sponsor",
        "sponsorships|film_sponsorships|sponsors",
        ["brands", "films"],
        [],
        {"films": 120, "brands": 30},
    ),
]


def checks(
    request: str,
    sub: str,
    records: str,
    makers: list[str],
    others: list[str],
    counts: dict[str, int],
    scale: float = 0.05,
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r = pick(tables, records)
    targets = key_targets(tables[r]) if r is not None else set()
    want = [pick(tables, m) for m in makers]
    other = {t for o in others if (t := pick(tables, o)) is not None}
    kept = counts_kept(tables, counts)
    return [
        ("record table", r is not None),
        ("keyed to maker", r is not None and all(w is not None and w in targets for w in want)),
        ("no other people", r is not None and not targets & other),
        ("count kept", kept),
        ("generates", generates(spec, scale)),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=5)


if __name__ == "__main__":
    main()
