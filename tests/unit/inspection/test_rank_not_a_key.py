"""A column numbering its rows 1..n within a parent is a rank there, not a foreign key to that parent.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a booking's ``seat_idx`` runs 1..n
within each flight, up to a little past the number of flights, so nearly all its values are flight ids and
it was inferred as a second key to ``flights``; the flight then could not be the parent bookings are drawn
per (they were drawn per passenger) and the rank was lost. Planted over several names, parent counts (the
rank running 12-25% past the parent's keys, under 1% of rows) and seeds: no key is inferred on the rank,
rows are drawn per the parent that ranks them, and the sample keeps the rank 1..n per parent in its order.

The rank's order is the column that varies within a parent: a copy of the parent's date, equal on every
row of a parent, sorts any rank and is never its order (the airline's boarding number was "ordered by" the
flight's date, not its boarding time).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = [  # parent, child, rank column, order column, other parent, parents
    ("flights", "bookings", "seat_idx", "booked_at", "passengers", 91),
    ("races", "entries", "grid_slot", "qualified_at", "drivers", 50),
    ("sessions", "attendees", "badge_seq", "checked_in", "people", 120),
]


def _frames(parent: str, child: str, rank: str, by: str, other: str, n: int, seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    pk, ok = f"{parent[:-1]}_id", f"{other[:-1]}_id"
    n_other = 2000
    counts = rng.integers(n // 3, n + 1, n)
    counts[rng.integers(0, n)] = n + n // 4  # one parent with more children than there are parents
    day0 = dt.date(2025, 3, 1)
    days = [day0 + dt.timedelta(days=int(d)) for d in rng.integers(0, 60, n)]
    rows = []
    for p, (c, day) in enumerate(zip(counts, days, strict=True), start=1):
        who = rng.choice(np.arange(1, n_other + 1), size=int(c), replace=False)
        at = np.sort(rng.integers(0, 30 * 86400, int(c)))
        for i, (w, t) in enumerate(zip(who, at, strict=True), start=1):
            when = dt.datetime.combine(day, dt.time()) - dt.timedelta(seconds=30 * 86400 - int(t) + 3600)
            rows.append((p, int(w), day, when, i))
    kids = pl.DataFrame(rows, schema=[pk, ok, "day", by, rank], orient="row")
    kids = kids.sample(fraction=1.0, shuffle=True, seed=seed).with_columns(pl.int_range(1, len(rows) + 1).alias("id"))
    tiers = pl.DataFrame({"tier_id": [1, 2, 3], "name": ["a", "b", "c"]})
    return {
        "tiers": tiers,
        other: pl.DataFrame({ok: np.arange(1, n_other + 1), "tier_id": rng.integers(1, 4, n_other)}),
        parent: pl.DataFrame({pk: np.arange(1, n + 1), "day": days}),
        child: kids.select("id", pk, ok, "day", by, rank),
    }


@pytest.mark.parametrize("shape", SHAPES, ids=[s[1] for s in SHAPES])
@pytest.mark.parametrize("seed", [1, 7])
def test_a_rank_within_a_parent_is_no_key_and_decides_the_parent(shape: tuple, seed: int) -> None:
    parent, child, rank, by, other, n = shape
    frames = _frames(parent, child, rank, by, other, n, seed)
    pk = f"{parent[:-1]}_id"
    values = frames[child][rank]
    assert 0 < float((values > n).mean()) < 0.01  # the planted shape: nearly every rank is also a parent key
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{child}{seed}"))
    assert not [k for k in ins.keys if k.table == child and k.column == rank], ins.keys
    table = ins.spec.tables[child]
    assert table.rows.per == parent, table.rows
    col = table.columns[rank]
    assert col.generator == "rank"
    assert col.by == by, col  # not 'day', the parent's date copied on every row
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)[child]
    g = (
        out.sort(pk, by, rank)
        .group_by(pk, maintain_order=True)
        .agg((pl.col(rank) == pl.int_range(1, pl.len() + 1)).all().alias("ok"))
    )
    assert g["ok"].mean() >= 0.99


def test_a_key_named_as_one_is_kept_beside_its_rank() -> None:
    """The stronger name decides: the parent's key itself is never dropped as a 'rank' of the rank column."""
    frames = _frames("flights", "bookings", "seat_idx", "booked_at", "passengers", 91, 3)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="kept"))
    cols = {(k.table, k.column) for k in ins.keys}
    assert {("bookings", "flight_id"), ("bookings", "passenger_id")} <= cols
