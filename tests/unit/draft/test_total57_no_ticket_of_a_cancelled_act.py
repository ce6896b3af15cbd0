"""Tickets, seats or sales asked as a count in all (``rows.total``) for acts that can be cancelled: none for a
cancelled act, the count kept exactly (issues 20 and 13, engine-total57).

draft31 made the tickets of an act per the act with ``by: status`` and ``counts: {cancelled: fixed 0}`` only
where no count in all was asked: "30,000 ticket sales" sold tickets for cancelled performances too, since the
engine did not spread a total by a parent's value. The engine does now; the venue pass writes both.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

import simulacra
from simulacra.constraints import check_dataset
from simulacra.draft import draft
from simulacra.spec import load_plan

# (request, the count of tickets/seats/sales asked)
REQUESTS = [
    ("a theatre: 3 stages, 400 performances and 30,000 ticket sales", 30_000),
    ("a concert hall: 2 halls, 300 concerts in 2025 and 60,000 seats sold to 20,000 customers", 60_000),
    ("a multiplex with 10 screens, 5,000 screenings and 200,000 tickets sold", 200_000),
]


def _sold(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(table, act) of every table made per an act with a count in all, the act having a status."""
    tables = spec["tables"]
    return [
        (t, tb["rows"]["per"])
        for t, tb in tables.items()
        if isinstance(tb["rows"], dict) and "total" in tb["rows"] and "status" in tables[tb["rows"]["per"]]["columns"]
    ]


@pytest.mark.parametrize(("request_", "asked"), REQUESTS)
def test_the_count_in_all_goes_to_the_acts_that_took_place(request_: str, asked: int) -> None:
    spec = draft(request_).spec  # raises if the draft does not validate
    sold = _sold(spec)
    assert sold, spec["tables"].keys()
    for t, _ in sold:
        rows = spec["tables"][t]["rows"]
        assert rows["total"] == asked
        assert rows["by"] == "status" and rows["counts"]["cancelled"] == {"distribution": "fixed", "value": 0}
    for seed in (1, 2):
        f = simulacra.generate(spec, seed=seed, scale=0.1).frames
        for t, act in sold:
            key = spec["tables"][act]["primary_key"]
            gone = f[act].filter(pl.col("status") == "cancelled")[key]
            assert gone.len() > 0, (t, seed)
            assert f[t].height == int(round(asked * 0.1)), (t, seed)
            assert f[t].filter(pl.col(key).is_in(gone.implode())).height == 0, (t, seed)
        assert [x for x in check_dataset(load_plan(spec), f, declared=True) if not x.ok] == []
