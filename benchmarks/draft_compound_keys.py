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

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import EACH, Checks, generates, key_targets, run, scale_from_args  # noqa: E402

from simulacra.draft import draft  # noqa: E402

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


def compound_checks(
    request: str, compounds: list[tuple[str, str, int, tuple[str, ...], int]], scale: float = 0.1
) -> Checks:
    """The checks of one request; prints the request and the rows drafted per table (a failed generation first)."""
    spec = draft(request).spec
    tables = spec["tables"]
    got = {name: t.get("rows") for name, t in tables.items()}
    results: dict[str, bool] = {}
    for name, head, count, modifiers, own in compounds:
        modifier = next((m for m in modifiers if m in tables), modifiers[0])
        results[f"{name}: named"] = name in tables
        results[f"{name}: counted"] = any(n.endswith(f"_{head}") and r == count for n, r in got.items())
        results[f"{name}: modifier kept"] = got.get(modifier) == own
        results[f"{name}: key"] = name in tables and modifier in key_targets(tables[name])
    results["generates"] = generates(spec, scale)
    print(f"{request}\n    rows: {got}")
    return list(results.items())


def main() -> None:
    run(HELD_OUT, partial(compound_checks, scale=scale_from_args(__doc__, 0.1)), layout=EACH)


if __name__ == "__main__":
    main()
