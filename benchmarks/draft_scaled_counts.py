"""A drafted spec at a scale keeps what a small copy of the data needs (issue 20, draft53): held-out requests.

Written at 23:08 UTC on 2026-12-06, before any rule of branch draft53 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class (SCALED COUNTS): a request drafted at a scale (`simulacra draft "…" --scale F`; on a tree without it, the
drafted spec generated at `--scale F`) is a small (or large) copy of the data asked for: every table keeps a row
(a 5-row table at 0.1 was none), a table two keys of one child point at keeps two (the clubs of a match), a fixed
set is not scaled (the teams of a league: its games need them all), a population said is scaled ("2,000 patients"),
children made per parent keep their count per parent (the ratio between the tables holds), a table the request
names without a count follows the population said (the catalogue's default count times the said counts' share of
the catalogue's), and the assumptions say each scaled count and its rule.

Checks, each request (at the scale given with it, seed 1):

1. "a row each": every generated table has at least one row, and each table of `pairs` at least two;
2. "fixed sets kept": each fixed set has exactly its rows said;
3. "populations scaled": each count said is scaled: round(n x scale), within 1 (at least 1);
4. "ratios hold": each (child, parent) has child rows / parent rows within the band given;
5. "defaults follow": each table named without a count has, drafted at scale 1, its rows within the band given;
6. "explained": for every table of a number of rows, an assumption names the table and "scale <F>";
7. "generates": the scaled spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_scaled_counts.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, pick, run  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

Band = tuple[float, float]

#: (request, scale, {fixed set: rows}, [tables of two rows at least], {population said: rows at scale 1},
#: [(child, parent, (lo, hi) child rows per parent row)], {table named without a count: (lo, hi) rows at scale 1})
HELD_OUT: list[
    tuple[str, float, dict[str, int], list[str], dict[str, int], list[tuple[str, str, Band]], dict[str, Band]]
] = [
    (
        "a handball league with 16 teams and 400 players; games between teams",
        0.1,
        {"teams|clubs": 16},
        ["teams|clubs"],
        {"players": 400},
        [],
        {},
    ),
    (
        "a basketball league of 30 teams and 450 players",
        0.02,
        {"teams|clubs": 30},
        ["teams|clubs"],
        {"players": 450},
        [],
        {},
    ),
    (
        "a dental clinic: 2,000 patients, 5 dentists, appointments",
        0.1,
        {},
        [],
        {"patients": 2000, "dentists": 5},
        [("appointments", "patients", (1.5, 5.0))],
        {},
    ),
    (
        "a logistics company with 6 warehouses and 30,000 shipments",
        0.05,
        {},
        [],
        {"warehouses": 6, "shipments": 30000},
        [],
        {},
    ),
    (
        "a dental clinic: 200,000 patients, dentists, appointments and invoices",
        0.01,
        {},
        [],
        {"patients": 200000},
        [("appointments", "patients", (1.5, 5.0))],
        {"dentists": (800, 3200)},
    ),
    (
        "an online shop with 50,000 customers, products, suppliers and orders",
        0.02,
        {},
        [],
        {"customers": 50000},
        [("orders", "customers", (1.5, 6.0))],
        {"products": (5000, 20000), "suppliers": (1000, 4000)},
    ),
    (
        "a small insurance agency: 40 policyholders, agents and claims",
        0.5,
        {},
        [],
        {"policyholders": 40},
        [],
        {"agents|insurance_agents": (1, 3)},
    ),
    (
        "a hospital with 2 wards, 300 nurses and 9,000 patients",
        0.1,
        {},
        [],
        {"wards": 2, "nurses": 300, "patients": 9000},
        [],
        {},
    ),
    (
        "a bank with 25 branches, 150,000 accounts and transactions",
        0.001,
        {},
        [],
        {"branches": 25, "accounts": 150000},
        [],
        {},
    ),
    (
        "a support desk: 120,000 tickets and agents",
        0.01,
        {},
        [],
        {"tickets": 120000},
        [],
        {"agents|support_agents": (375, 1500)},
    ),
]


def _scaled(request: str, scale: float) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The spec drafted at ``scale``, the scale it is generated at, and the assumptions: ``draft(scale=)`` where
    the tree has it (generated as written), else the spec drafted at 1 generated at ``--scale``."""
    try:
        d = draft(request, scale=scale)  # type: ignore[call-arg]
        return d.spec, {"scale": 1.0}, d.assumptions
    except TypeError:
        d = draft(request)
        return d.spec, {"scale": scale}, d.assumptions


def checks(
    request: str,
    scale: float,
    fixed: dict[str, int],
    pairs: list[str],
    said: dict[str, int],
    ratios: list[tuple[str, str, Band]],
    defaults: dict[str, Band],
) -> Checks:
    spec, how, notes = _scaled(request, scale)
    tables = spec["tables"]
    try:
        frames = simulacra.generate(spec, seed=1, **how).frames
        simulacra.validate(spec, frames)
        made = True
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    generate: {type(exc).__name__}: {exc}".splitlines()[0][:200])
        frames, made = {}, False
    rows = {t: f.height for t, f in frames.items()}

    def height(names: str) -> int | None:
        t = pick(rows, names)
        return None if t is None else rows[t]

    a_row = made and all(n >= 1 for n in rows.values()) and all((height(p) or 0) >= 2 for p in pairs)
    kept = made and all(height(t) == n for t, n in fixed.items())
    scaled = made and all(
        (h := height(t)) is not None and abs(h - max(1, round(n * scale))) <= 1 for t, n in said.items()
    )
    held = made and all(
        (c := height(child)) is not None and (p := height(parent)) and lo <= c / p <= hi
        for child, parent, (lo, hi) in ratios
    )
    whole = draft(request).spec["tables"]
    follow = all(
        (t := pick(whole, names)) is not None and isinstance(whole[t]["rows"], int) and lo <= whole[t]["rows"] <= hi
        for names, (lo, hi) in defaults.items()
    )
    counted = [t for t, tb in tables.items() if isinstance(tb.get("rows"), int)]
    explained = all(any(t in a and f"scale {scale:g}" in a for a in notes) for t in counted)
    return [
        ("a row each", a_row),
        ("fixed sets kept", kept),
        ("populations scaled", scaled),
        ("ratios hold", held),
        ("defaults follow", follow),
        ("explained", explained),
        ("generates", made),
    ]


def main() -> None:
    from _draft_checks import scale_from_args

    scale_from_args(__doc__, 1.0)  # each request carries its own scale: --scale is not read (only --help)
    note = " (test requests, each at its own scale, run once before and after the rule)"
    run(HELD_OUT, checks, per_request=7, note=note)


if __name__ == "__main__":
    main()
