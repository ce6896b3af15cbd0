"""A doer said after 'each' and the partner of the act (issue 20, draft55): held-out requests.

Written at 00:06 UTC on 2026-12-07, before any rule of branch draft55 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class: "EACH <doer> <verb> <things> [with a <partner>]" — the doer (a singular noun after "each" or "every")
and the partner (after "with a"/"with an") are tables of their own, counted or not; the things are the record of
the act, keyed to the doer and to the partner.

Checks, each request (scale 0.05, seed 1):

1. "tables": the doers, the records and (where said) the partners exist (any of the names given, ``a|b``);
2. "no stray": no table of a name given as stray (the verb, "each", a phrase glued into a name);
3. "keys": the records have a foreign key to the doers and (where said) to the partners;
4. "counts": every count said is the rows of its table;
5. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_each_doer.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import DoerCase, doer_checks, run_held_out  # noqa: E402

HELD_OUT: list[DoerCase] = [
    (
        "a gym where each member books classes with a trainer",
        "members",
        "classes",
        "trainers",
        ["books", "each", "member_books_classes", "books_classes"],
        {},
    ),
    (
        "a language school: each student schedules lessons with a teacher; 200 students",
        "students",
        "lessons",
        "teachers",
        ["schedules", "each", "student_schedules_lessons"],
        {"students": 200},
    ),
    (
        "a law office where every client arranges meetings with a lawyer",
        "clients",
        "meetings",
        "lawyers",
        ["arranges", "every", "client_arranges_meetings"],
        {},
    ),
    (
        "a veterinary clinic: 40 vets; each owner books appointments with a vet",
        "owners",
        "appointments",
        "vets",
        ["books", "each", "owner_books_appointments"],
        {"vets": 40},
    ),
    (
        "a music academy where each pupil attends lessons with an instructor",
        "pupils",
        "lessons",
        "instructors",
        ["attends", "each", "pupil_attends_lessons"],
        {},
    ),
    (
        "a warehouse where each picker packs parcels",
        "pickers",
        "parcels",
        None,
        ["packs", "each", "picker_packs_parcels"],
        {},
    ),
    (
        "a therapy practice: 15 therapists, 600 patients; each patient books sessions with a therapist",
        "patients",
        "sessions",
        "therapists",
        ["books", "each", "patient_books_sessions"],
        {"therapists": 15, "patients": 600},
    ),
    (
        "a consultancy where each consultant writes reports for a client",
        "consultants",
        "reports",
        None,
        ["writes", "each", "consultant_writes_reports"],
        {},
    ),
]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, doer_checks, per_request=5)


if __name__ == "__main__":
    main()
