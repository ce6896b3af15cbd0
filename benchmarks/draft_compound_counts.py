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

import argparse

import simulacra
from simulacra.draft import draft

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.1)
    args = ap.parse_args()
    held = total = full = 0
    for request, head, count, modifier, own in HELD_OUT:
        spec = draft(request).spec
        tables = spec["tables"]
        got = {name: t.get("rows") for name, t in tables.items()}
        results = {
            "compound counted": any(n.endswith(head) and r == count for n, r in got.items()),
            "modifier kept": got.get(modifier) == own,
        }
        try:
            frames = simulacra.generate(spec, seed=1, scale=args.scale).frames
            simulacra.validate(spec, frames)
            results["generates"] = True
        except Exception as exc:  # a failed generation is a failed check, reported
            results["generates"] = False
            print(f"    generate: {type(exc).__name__}: {exc}")
        print(f"{request}\n    rows: {got}")
        for name, ok in results.items():
            print(f"    {'ok  ' if ok else 'MISS'} {name}")
        held += sum(results.values())
        total += len(results)
        full += all(results.values())
    print(f"checks held: {held}/{total}; requests with every check: {full}/{len(HELD_OUT)}")


if __name__ == "__main__":
    main()
