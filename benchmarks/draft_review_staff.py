"""A participant's review of an act led by staff (issue 20, draft38): held-out-style requests.

Written at 08:20 UTC on 2026-12-06, before any rule of branch draft38, expectations first; run once on main (before)
and once on the branch (after), not tuned on: a **test** figure. Each request has an act led by a member of staff
(a class's instructor, a treatment's therapist, a lesson's instructor), people who take part through a record
(bookings) and their reviews of the act and the staff. A reader expects each review written by the record's person
(the participant, not the staff) about the record's act, and its staff key the act's, not one drawn on its own.
The seven checks of ``draft_review_authors.py`` (its "no other key" here allowing the staff too), and:

8. "staff the act's": the reviews keep a key to the staff, and in the rows (scale 0.05, seed 1) each review's
   staff is its act's where the act has a key to the staff (the act reached through the review's own key or its
   record's).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_review_staff.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, fk, key_targets, pick, run_held_out  # noqa: E402
from draft_review_authors import checks  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, review names, subject names, record names, author names, staff names)
HELD_OUT: list[tuple[str, str, str, str, str, str]] = [
    (
        "a gym: 25 instructors leading 800 fitness classes over 2025, 3,000 members, 20,000 class bookings and "
        "member ratings of classes and instructors",
        "ratings|member_ratings|class_ratings|reviews",
        "classes|fitness_classes",
        "class_bookings|bookings",
        "members",
        "instructors",
    ),
    (
        "a day spa: 15 therapists, 2,500 treatments over 2025 each given by a therapist, 5,000 guests, 8,000 "
        "treatment bookings and guest reviews of treatments and therapists",
        "reviews|guest_reviews|treatment_reviews",
        "treatments",
        "treatment_bookings|bookings",
        "guests",
        "therapists",
    ),
    (
        "a driving school: 20 instructors, 6,000 driving lessons in 2025 taught by instructors, 1,500 learners, "
        "6,000 lesson bookings and learner feedback on lessons and their instructors",
        "feedback|learner_feedback|lesson_feedback",
        "lessons|driving_lessons",
        "lesson_bookings|bookings",
        "learners",
        "instructors",
    ),
]


def staff_check(
    request: str, reviews: str, subject: str, record: str, author: str, staff: str, scale: float = 0.05
) -> Checks:
    got = checks(request, reviews, subject, record, author, scale=scale)
    spec = draft(request).spec
    tables: dict[str, Any] = spec["tables"]
    v, s, r, a, f = (pick(tables, n) for n in (reviews, subject, record, author, staff))
    if v is None:
        return [*got, ("staff the act's", False)]
    allowed = {t for t in (r, s, a, f) if t}
    got = [(n, key_targets(tables[v]) <= allowed) if n == "no other key" else (n, ok) for n, ok in got]
    staff_key = fk(tables[v], f)
    held = staff_key is not None
    if held and s is not None and fk(tables[s], f) is not None:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        fv, sf = frames[v], fk(tables[s], f)
        spk = str(tables[s]["primary_key"])
        acts = frames[s].select(pl.col(spk).alias("_act"), pl.col(str(sf)).alias("_act_staff"))
        sk = fk(tables[v], s)
        if sk is not None:
            keyed = fv.select(pl.col(sk).alias("_act"), pl.col(str(staff_key)).alias("_staff"))
        elif r is not None and fk(tables[v], r) is not None and fk(tables[r], s) is not None:
            rk, rs = str(fk(tables[v], r)), str(fk(tables[r], s))
            rec = frames[r].select(pl.col(str(tables[r]["primary_key"])).alias(rk), pl.col(rs).alias("_act"))
            keyed = fv.join(rec, on=rk, how="left").select("_act", pl.col(str(staff_key)).alias("_staff"))
        else:
            keyed = None
        if keyed is None:
            held = False
        else:
            j = keyed.join(acts, on="_act", how="left")
            held = j.height > 0 and bool((j["_staff"] == j["_act_staff"]).all())
    return [*got, ("staff the act's", held)]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, staff_check, per_request=8)


if __name__ == "__main__":
    main()
