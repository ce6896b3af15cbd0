"""A review, feedback or rating has an author who took part (issue 20, draft36): held-out-style requests.

Written at 07:10 UTC on 2026-12-06, before any rule of branch draft36, expectations first; run once on main
(before) and once on the branch (after), not tuned on: a **test** figure. Each request names an act or a thing
people take part in, people, and reviews said another way. Where the request has a record of taking part
(tickets, registrations, bookings), each review is written by the record's person about the record's subject:

1. "review table": a table of the reviews exists (any of the names given);
2. "of the record" (record requests): the reviews are made per the record (``rows.per``) or keyed to it;
   "author keyed" (no record): the reviews have a key to the people;
3. "no other key": the reviews' keys go only to the record, the subject and the author (no second place);
4. "generates" (scale 0.05, seed 1) and 5. "validates" (``simulacra.validate`` on the rows);
6. "author and subject the record's": in the rows, each review's (author, subject) - its own columns where it has
   them, else its record's - equals its record's, and no record has two reviews (record requests); each review's
   author is a row of the people (no record);
7. "dated after": each review's date is on or after its subject's date and its record's date (where they have one).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_review_authors.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, fk, key_targets, pick, run_held_out  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, review names, subject names, record names or None, author names)
HELD_OUT: list[tuple[str, str, str, str | None, str]] = [
    (
        "an arthouse cinema: 4 screens, 1,800 screenings over 2024, 2,500 members, 40,000 tickets bought by members "
        "and member ratings of screenings",
        "ratings|member_ratings|reviews",
        "screenings",
        "tickets",
        "members",
    ),
    (
        "a training provider: 60 trainers, 300 courses in 2025, 4,000 trainees, 9,000 course registrations and "
        "trainee feedback on courses",
        "feedback|trainee_feedback|course_feedback|surveys",
        "courses",
        "registrations|course_registrations",
        "trainees",
    ),
    (
        "a hotel group: 12 hotels, 6,000 guests and 15,000 bookings over 2024; guests write reviews of the hotels "
        "they booked",
        "reviews|hotel_reviews",
        "hotels",
        "bookings",
        "guests",
    ),
    (
        "a natural history museum: 30 exhibitions over 2025, 12,000 visitors and exhibition reviews",
        "reviews|exhibition_reviews",
        "exhibitions",
        None,
        "visitors",
    ),
]


def _when(frame: pl.DataFrame) -> str | None:
    return next((c for c in frame.columns if frame[c].dtype in (pl.Date, pl.Datetime)), None)


def _at(frame: pl.DataFrame, col: str) -> pl.Series:
    s = frame[col]
    return s.cast(pl.Datetime) if s.dtype == pl.Date else s.dt.cast_time_unit("us").dt.replace_time_zone(None)


def checks(request: str, reviews: str, subject: str, record: str | None, author: str, scale: float = 0.05) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    v, s, r, a = pick(tables, reviews), pick(tables, subject), pick(tables, record), pick(tables, author)
    out = [("review table", v is not None)]
    if v is None:
        return out + [(n, False) for n in ("of the record", "no other key", "generates", "validates", "rows", "after")]
    rows = tables[v]["rows"]
    per = rows.get("per") if isinstance(rows, dict) else None
    if record is not None:
        out.append(("of the record", r is not None and (per == r or fk(tables[v], r) is not None)))
    else:
        out.append(("author keyed", a is not None and fk(tables[v], a) is not None))
    out.append(("no other key", key_targets(tables[v]) <= {t for t in (r, s, a) if t}))
    try:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        out.append(("generates", True))
    except Exception:
        return out + [("generates", False), ("validates", False), ("author and subject", False), ("after", False)]
    try:
        simulacra.validate(spec, frames)
        out.append(("validates", True))
    except Exception:
        out.append(("validates", False))
    fv = frames[v]
    held = fv.height > 0
    after = held
    if r is not None and held:
        rk = fk(tables[v], r)
        rpk = str(tables[r]["primary_key"])
        held = rk is not None
        if rk is not None:
            joined = fv.join(frames[r], left_on=rk, right_on=rpk, how="left", suffix="_rec")
            held = joined.height == fv.height and fv[rk].null_count() == 0 and fv[rk].n_unique() == fv.height
            for t in (s, a):
                own, theirs = (fk(tables[v], t), fk(tables[r], t)) if t else (None, None)
                if theirs is None:
                    held = False  # the record says nothing of the subject or the author
                elif own is not None:
                    other = theirs if theirs != own else f"{theirs}_rec"
                    held = held and bool((joined[own] == joined[other]).all())
            when_v, when_r = _when(fv), _when(frames[r])
            if when_v and when_r:
                rec = frames[r].select(pl.col(rpk).alias(rk), _at(frames[r], when_r).alias("_r"))
                got = fv.select(rk, _at(fv, when_v).alias("_v")).join(rec, on=rk)
                after = after and bool((got["_v"] >= got["_r"]).all())
    elif a is not None and held:
        ak = fk(tables[v], a)
        apk = str(tables[a]["primary_key"])
        held = ak is not None and fv[ak].null_count() == 0 and bool(fv[ak].is_in(frames[a][apk]).all())
    sk = fk(tables[v], s) if s else None
    keyed = fv
    if s is not None and sk is None and r is not None and held:  # the subject through the record
        rk, rs = fk(tables[v], r), fk(tables[r], s)
        if rk is not None and rs is not None:
            pairs = frames[r].select(pl.col(str(tables[r]["primary_key"])).alias(rk), pl.col(rs).alias("_subject"))
            keyed, sk = fv.join(pairs, on=rk, how="left"), "_subject"
    if s is not None and sk is not None and held:
        spk = str(tables[s]["primary_key"])
        when_v, when_s = _when(fv), _when(frames[s])
        if when_v and when_s:
            sub = frames[s].select(pl.col(spk).alias(sk), _at(frames[s], when_s).alias("_s"))
            got = keyed.select(sk, _at(keyed, when_v).alias("_v")).join(sub, on=sk)
            after = after and bool((got["_v"] >= got["_s"]).all())
    out.append(("author and subject", held))
    out.append(("dated after", after))
    return out


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=7)


if __name__ == "__main__":
    main()
