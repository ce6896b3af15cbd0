"""Compound nouns as a class (issue 20, draft35): held-out-style requests.

A table named by a noun phrase of modifiers and a head ("1,800 flat repair tickets", "2,000 guest feedback
forms"): a reader expects the compound's table, named by the head and its closest modifier (`repair_tickets`,
`feedback_forms`), holding the count said before it, whichever of its words the catalogue knows; the modifier's
table keeping the count said for it elsewhere; and, where the modifier names a table of the request, a key from
the compound's table to it (each repair ticket is of one flat).

Written before the run (2026-12-06, branch draft35), expectations first, one request per defect draft34 left
(a catalogue word in the middle, a catalogue head after catalogue words, no key to the modifier's table) and one
mixing them; run once before and once after the rule, not tuned on: a **test** figure. Checks per compound:
"named" (a table of the expected name), "counted" (a table named for the head, `<...>_<head>`, has ``rows`` =
the count), "modifier kept" (the modifier's table has the count said for it), "key" (the compound's table has a
foreign key to the modifier's table); per request "generates" (generate at ``--scale``, seed 1, and validate).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_compound_keys.py [--scale 0.1]
"""

from __future__ import annotations

import argparse
from typing import Any

import simulacra
from simulacra.draft import draft

#: (request, [(compound table, its head word, count, modifier tables (names a reader accepts), modifier's count)])
HELD_OUT: list[tuple[str, list[tuple[str, str, int, tuple[str, ...], int]]]] = [
    (  # a catalogue word in the middle (payment), a catalogue head (receipts)
        "a gym chain: 12 clubs, 3,000 members; 20,000 member payment receipts",
        [("payment_receipts", "receipts", 20000, ("members",), 3000)],
    ),
    (  # every word a catalogue word: flat, repair, tickets
        "a housing association: 400 flats, 350 tenants; 1,800 flat repair tickets",
        [("repair_tickets", "tickets", 1800, ("flats", "properties"), 400)],
    ),
    (  # the modifier names a table of the request: a key to it
        "an airline: 40 aircraft, 2,000 flights; 600 aircraft engine inspections",
        [("engine_inspections", "inspections", 600, ("aircraft",), 40)],
    ),
    (  # both compounds in one request
        "a hotel group: 20 hotels, 1,500 rooms, 9,000 guests; 1,200 room cleaning requests, 2,000 guest feedback forms",
        [
            ("cleaning_requests", "requests", 1200, ("rooms",), 1500),
            ("feedback_forms", "forms", 2000, ("guests",), 9000),
        ],
    ),
]


def _refs(table: dict[str, Any]) -> set[str]:
    return {
        str(c["references"]).split(".")[0]
        for c in table.get("columns", {}).values()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.1)
    args = ap.parse_args()
    held = total = full = 0
    for request, compounds in HELD_OUT:
        spec = draft(request).spec
        tables = spec["tables"]
        got = {name: t.get("rows") for name, t in tables.items()}
        results: dict[str, bool] = {}
        for name, head, count, modifiers, own in compounds:
            modifier = next((m for m in modifiers if m in tables), modifiers[0])
            results[f"{name}: named"] = name in tables
            results[f"{name}: counted"] = any(n.endswith(f"_{head}") and r == count for n, r in got.items())
            results[f"{name}: modifier kept"] = got.get(modifier) == own
            results[f"{name}: key"] = name in tables and modifier in _refs(tables[name])
        try:
            frames = simulacra.generate(spec, seed=1, scale=args.scale).frames
            simulacra.validate(spec, frames)
            results["generates"] = True
        except Exception as exc:  # a failed generation is a failed check, reported
            results["generates"] = False
            print(f"    generate: {type(exc).__name__}: {exc}")
        print(f"{request}\n    rows: {got}")
        for what, ok in results.items():
            print(f"    {'ok  ' if ok else 'MISS'} {what}")
        held += sum(results.values())
        total += len(results)
        full += all(results.values())
    print(f"checks held: {held}/{total}; requests with every check: {full}/{len(HELD_OUT)}")


if __name__ == "__main__":
    main()
