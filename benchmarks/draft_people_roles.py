"""People named by what they do at an event or to a product (issue 20, draft41): held-out requests.

Written at 10:25 UTC on 2026-12-06, before any rule of branch draft41, expectations first; run once on main (before)
and once on the branch (after), not tuned on: a **test** figure. Each request names people by the part they take
(an audience, ticket buyers, voters, backers, fans who buy tickets), not by a catalogue noun, and records they make
(tickets, bookings, ballots, pledges, bids, votes, reviews). A reader expects a table of those people, as many as
said, and each record made by one of them. Four sub-classes of four requests each:

- "collective": a word for the whole audience ("an audience of 9,000", "12,000 audience members", "a crowd of");
- "compound": a role said with what it is of ("ticket buyers", "season ticket holders", "museum visitors");
- "plural": a role word alone ("viewers", "voters", "backers", "passengers");
- "who": the people and a relative clause of what they do ("18,000 fans who buy 40,000 tickets").

Checks per request:

1. "people": a table of the people exists (any of the names given) with person columns (first_name, email) and
   no staff column (hired_on);
2. "count": its rows are the number said;
3. "records keyed": the records' table exists (any of the names given) and has a foreign key to the people;
4. "generates": the spec generates at scale 0.05, seed 1;
5. "validates": ``simulacra.validate`` passes on the rows generated.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_people_roles.py

Before (main ``869a3500``, run once at 10:26 UTC): checks held 66/80, requests with every check held 8/16
(collective 11/20, compound 17/20, plural 19/20, who 19/20). Missed: "an audience of N" / "a crowd of N" drafts no
people at all (3 requests); "ticket buyers", "raffle ticket buyers", "museum visitors" and "fans who buy ... tickets"
leave the tickets or purchases without a key to them; "voters" with "ballots" leaves the ballots without one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import fk, pick  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: sub-class -> [(request, people names, count said, record names)]
HELD_OUT: dict[str, list[tuple[str, str, int, str]]] = {
    "collective": [
        (
            "a jazz club: 150 gigs in 2025, an audience of 9,000 and 20,000 tickets",
            "audience|audience_members|attendees",
            9000,
            "tickets",
        ),
        (
            "an opera house: 2 stages, 250 performances over 2024, 12,000 audience members and 50,000 seat bookings",
            "audience_members|audience",
            12000,
            "seat_bookings|bookings",
        ),
        (
            "a lecture series: 40 lectures in 2025, an audience of 3,000 and 6,000 registrations",
            "audience|audience_members|attendees",
            3000,
            "registrations",
        ),
        (
            "a circus: 180 shows in 2024 and a crowd of 30,000 buying 70,000 tickets",
            "crowd|crowd_members|audience|spectators",
            30000,
            "tickets",
        ),
    ],
    "compound": [
        (
            "a ballet company: 200 performances over 2025, 7,000 ticket buyers and 25,000 tickets",
            "ticket_buyers|buyers",
            7000,
            "tickets",
        ),
        (
            "a hockey arena: 41 home games in 2024, 9,000 season ticket holders and 300,000 game tickets",
            "season_ticket_holders|ticket_holders",
            9000,
            "game_tickets|tickets",
        ),
        (
            "a charity raffle: 2,000 raffle ticket buyers and 9,000 raffle tickets",
            "raffle_ticket_buyers|ticket_buyers|buyers",
            2000,
            "raffle_tickets|tickets",
        ),
        (
            "a museum: 30 exhibitions in 2025, 25,000 museum visitors and 40,000 ticket purchases",
            "museum_visitors|visitors",
            25000,
            "ticket_purchases|purchases",
        ),
    ],
    "plural": [
        (
            "a livestreaming platform: 500 streamers, 80,000 viewers and 300,000 subscriptions",
            "viewers",
            80000,
            "subscriptions",
        ),
        (
            "a referendum: 400 polling stations, 60,000 voters and 60,000 ballots in 2025",
            "voters",
            60000,
            "ballots",
        ),
        (
            "a crowdfunding site: 900 projects, 15,000 backers and 40,000 pledges",
            "backers",
            15000,
            "pledges",
        ),
        (
            "a bus company: 80 buses, 3,000 journeys in 2025, 20,000 passengers and 100,000 tickets",
            "passengers",
            20000,
            "tickets",
        ),
    ],
    "who": [
        (
            "a rock festival: 60 concerts and 18,000 fans who buy 40,000 tickets",
            "fans",
            18000,
            "tickets",
        ),
        (
            "a song contest: 20 songs and 100,000 viewers who cast 250,000 votes",
            "viewers",
            100000,
            "votes",
        ),
        (
            "an art auction: 400 lots and 600 collectors who place 5,000 bids",
            "collectors",
            600,
            "bids",
        ),
        (
            "a podcast: 200 episodes and 30,000 listeners who post 4,000 reviews",
            "listeners",
            30000,
            "reviews",
        ),
    ],
}

CHECKS = ("people", "count", "records keyed", "generates", "validates")


def _rows(table: dict[str, Any]) -> int | None:
    rows = table["rows"]
    return rows if isinstance(rows, int) else rows.get("total") if isinstance(rows, dict) else None


def people_checks(request: str, people: str, count: int, records: str) -> list[tuple[str, bool]]:
    spec = draft(request).spec
    tables = spec["tables"]
    p, r = pick(tables, people), pick(tables, records)
    cols = tables[p]["columns"] if p is not None else {}
    out = [
        ("people", p is not None and {"first_name", "email"} <= set(cols) and "hired_on" not in cols),
        ("count", p is not None and _rows(tables[p]) == count),
        ("records keyed", p is not None and r is not None and fk(tables[r], p) is not None),
    ]
    try:
        frames = simulacra.generate(spec, seed=1, scale=0.05).frames
    except Exception:
        return [*out, ("generates", False), ("validates", False)]
    try:
        simulacra.validate(spec, frames)
        return [*out, ("generates", True), ("validates", True)]
    except Exception:
        return [*out, ("generates", True), ("validates", False)]


def main() -> None:
    held = total = whole = n = 0
    for sub, requests in HELD_OUT.items():
        sub_held = 0
        for request, *rest in requests:
            try:
                got = people_checks(request, *rest)  # type: ignore[arg-type]
            except Exception as exc:  # a draft that fails is a miss of every check, said
                got = [(f"draft failed: {type(exc).__name__}", False)] + [(c, False) for c in CHECKS[1:]]
            ok = sum(v for _, v in got)
            sub_held += ok
            held, total, whole, n = held + ok, total + len(CHECKS), whole + (ok == len(CHECKS)), n + 1
            missed = [name for name, v in got if not v]
            print(
                f"{ok}/{len(CHECKS)} [{sub}] {request[:90]}" + (f"\n     missed: {', '.join(missed)}" if missed else "")
            )
        print(f"  {sub}: {sub_held}/{len(CHECKS) * len(requests)}")
    print(
        f"\nchecks held {held}/{total}; requests with every check held {whole}/{n} "
        "(test requests, run once before and after the rule)"
    )


if __name__ == "__main__":
    main()
