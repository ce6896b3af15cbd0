"""Of several parents, the one within which a column numbers the rows 1..n is the one rows are drawn per.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): reservations have a title and a
member, and ``queue_pos`` is 1..n within each title in ``placed_at`` order. Rows were drawn per member (the
deeper parent), so the queue was lost: 1..n for a third of the titles. Planted over several names, group
sizes and seeds, with the ranked parent always the shallower one: it is the ``per`` parent and a sample
keeps the rank.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = [  # ranked parent, other parent (with its own parent, so deeper), child, rank column, mean per parent
    ("titles", "members", "reservations", "queue_pos", 2.5),
    ("races", "drivers", "results", "position", 8.0),
    ("tickets", "agents", "replies", "reply_no", 3.5),
]


def _frames(ranked: str, other: str, child: str, rank: str, mean: float, seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    rk, ok = f"{ranked[:-1]}_id", f"{other[:-1]}_id"
    n_ranked, n_other = 300, 400
    groups = pl.DataFrame({"group_id": np.arange(1, 9), "label": [f"g{i}" for i in range(8)]})
    others = pl.DataFrame({ok: np.arange(1, n_other + 1), "group_id": rng.integers(1, 9, n_other)})
    rows = []
    start = dt.datetime(2024, 1, 1)
    for p in range(1, n_ranked + 1):
        n = int(rng.poisson(mean)) if rng.random() < 0.7 else 0
        if n == 0:
            continue
        who = rng.choice(np.arange(1, n_other + 1), size=n, replace=False)
        at = np.sort(rng.integers(0, 180 * 86400, n))
        for i, (w, t) in enumerate(zip(who, at, strict=True), start=1):
            rows.append((p, int(w), start + dt.timedelta(seconds=int(t)), i))
    kids = pl.DataFrame(rows, schema=[rk, ok, "placed_at", rank], orient="row")
    kids = kids.sample(fraction=1.0, shuffle=True, seed=seed).with_columns(pl.int_range(1, len(rows) + 1).alias("id"))
    return {
        "groups": groups,
        ranked: pl.DataFrame({rk: np.arange(1, n_ranked + 1), "year": rng.integers(1950, 2020, n_ranked)}),
        other: others,
        child: kids.select("id", rk, ok, "placed_at", rank),
    }


@pytest.mark.parametrize("shape", SHAPES, ids=[s[2] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 4])
def test_rows_are_drawn_per_the_parent_that_ranks_them(shape: tuple[str, str, str, str, float], seed: int) -> None:
    ranked, other, child, rank, mean = shape
    frames = _frames(ranked, other, child, rank, mean, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{child}{seed}"))
    table = ins.spec.tables[child]
    assert table.rows.per == ranked, table.rows
    assert table.columns[rank].generator == "rank"
    rk = f"{ranked[:-1]}_id"
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)[child]
    g = (
        out.sort(rk, "placed_at", rank)
        .group_by(rk, maintain_order=True)
        .agg((pl.col(rank) == pl.int_range(1, pl.len() + 1)).all().alias("ok"))
    )
    assert g["ok"].mean() >= 0.99
