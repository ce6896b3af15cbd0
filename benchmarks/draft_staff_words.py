"""Staff named by words the draft did not know (issue 20, draft40): held-out-style requests.

Written at 08:31 UTC on 2026-12-06, before any rule of branch draft40, expectations first; run once on main (before)
and once on the branch (after), not tuned on: a **test** figure. Each request has workers named by a trade word
(masseurs, beauticians, tailors), the people they serve, and appointments. A reader expects the workers to be
staff, not a second table of people who book: each appointment is of one customer and given by one worker.
Checks per request:

1. "tables": the staff, the customers and the appointments are drafted;
2. "person": the appointments have a foreign key to the customers;
3. "staff": the appointments have a foreign key to the staff;
4. "generates": the spec generates at scale 0.05, seed 1.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_staff_words.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, fk, pick, run  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, appointment names, customer names, staff names)
HELD_OUT: list[tuple[str, str, str, str]] = [
    (
        "a massage studio: 8 masseurs, 2,000 clients and 6,000 massage appointments in 2025",
        "massage_appointments|appointments",
        "clients",
        "masseurs",
    ),
    (
        "a beauty parlour: 6 beauticians, 1,200 customers and 5,000 appointments in 2025",
        "appointments",
        "customers",
        "beauticians",
    ),
    (
        "a tailoring shop: 5 tailors, 900 customers and 2,500 fitting appointments in 2025",
        "fitting_appointments|appointments",
        "customers",
        "tailors",
    ),
]


def staff_checks(request: str, record: str, person: str, staff: str) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    r, p, s = (pick(tables, n) for n in (record, person, staff))
    if r is None or p is None or s is None:
        return [("tables", False), ("person", False), ("staff", False), ("generates", False)]
    try:
        simulacra.generate(spec, seed=1, scale=0.05)
        ok = True
    except Exception:
        ok = False
    return [
        ("tables", True),
        ("person", fk(tables[r], p) is not None),
        ("staff", fk(tables[r], s) is not None),
        ("generates", ok),
    ]


def main() -> None:
    run(HELD_OUT, staff_checks, per_request=4, note=" (test requests, run once before and after the rule)")


if __name__ == "__main__":
    main()
