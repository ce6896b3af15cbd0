"""A count before a compound noun whose first word names a catalogue kind (issue 20, draft34): held-out-style
requests.

"4,000 truck fuel receipts": a reader expects a table of the compound (fuel receipts) with the 4,000 rows, and the
modifier's table (trucks) keeping the count said for it elsewhere, not the 4,000.

Written before the run (2026-12-06), expectations first, run once before and once after the rule, not tuned on: a
**test** figure. Checks per request: "compound counted" (a table whose name ends with the compound's head word has
``rows`` = the count asked), "modifier kept" (the modifier's table has the count said for it), "generates" (the
spec generates at ``--scale`` and validates).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_compound_counts.py [--scale 0.1]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import EACH, Checks, generates, run, scale_from_args  # noqa: E402

from simulacra.draft import draft  # noqa: E402

#: (request, compound head word, count asked, modifier table, its count)
HELD_OUT: list[tuple[str, str, int, str, int]] = [
    ("a logistics firm: 60 drivers, 200 trucks; 4,000 truck fuel receipts", "receipts", 4000, "trucks", 200),
    (
        "a university: 3,000 students, 120 courses; 9,000 course feedback forms of students",
        "forms",
        9000,
        "courses",
        120,
    ),
    ("a bakery chain: 12 shops, 40 products; 2,500 product quality checks", "checks", 2500, "products", 40),
]


def compound_checks(request: str, head: str, count: int, modifier: str, own: int, scale: float = 0.1) -> Checks:
    """The checks of one request; prints the request and the rows drafted per table (a failed generation first)."""
    spec = draft(request).spec
    tables = spec["tables"]
    got = {name: t.get("rows") for name, t in tables.items()}
    results = [
        ("compound counted", any(n.endswith(head) and r == count for n, r in got.items())),
        ("modifier kept", got.get(modifier) == own),
        ("generates", generates(spec, scale)),
    ]
    print(f"{request}\n    rows: {got}")
    return results


def main() -> None:
    run(HELD_OUT, partial(compound_checks, scale=scale_from_args(__doc__, 0.1)), layout=EACH)


if __name__ == "__main__":
    main()
