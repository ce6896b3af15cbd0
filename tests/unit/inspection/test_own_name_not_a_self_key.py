"""A column named for its own table (``events.event_no``) is the row's own number, not a key to another row.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): a branch's events numbered 1..n
in date order were drafted as a self-reference ``event_no -> events.event_id`` (the name "names table
'events'"), so samples held ``event_no`` null or 1 and the rank was lost. Planted here over several table
names, suffixes, sizes and seeds: the rank is drafted as a rank and a learned sample keeps it 1..n.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = [  # parent table, child table, the child's number column, parents, mean children
    ("branches", "events", "event_no", 12, 25),
    ("routes", "stops", "stop_code", 40, 8),
    ("orders", "lines", "line_id", 60, 4),
    ("races", "laps", "lap_no", 15, 30),
]


def _frames(parent: str, child: str, number: str, n_parents: int, mean: int, seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(1, n_parents + 1):
        n = max(2, int(rng.poisson(mean)))
        days = np.sort(rng.choice(np.arange(900), size=n, replace=False))
        for i, d in enumerate(days, start=1):
            rows.append((p, i, int(d), float(rng.gamma(2.0, 3.0))))
    kids = pl.DataFrame(rows, schema=["parent_key", number, "day", "size"], orient="row", strict=False)
    kids = kids.sample(fraction=1.0, shuffle=True, seed=seed)  # rows not stored in rank order
    kids = kids.with_columns(
        pl.int_range(1, kids.height + 1).alias("id"),
        (pl.lit(np.datetime64("2022-01-01")).cast(pl.Date) + pl.duration(days=pl.col("day"))).alias("on"),
    ).rename({"parent_key": f"{parent[:-1] if not parent.endswith('ches') else parent[:-2]}_id"})
    fk = kids.columns[0]
    parents = pl.DataFrame({fk: np.arange(1, n_parents + 1), "label": [f"p{i}" for i in range(n_parents)]})
    return {parent: parents, child: kids.select("id", fk, number, "on", "size")}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[1] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 7])
def test_a_number_named_for_its_own_table_is_a_rank_not_a_self_key(shape: tuple, seed: int) -> None:
    parent, child, number, n_parents, mean = shape
    frames = _frames(parent, child, number, n_parents, mean, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{child}{seed}"))
    assert not [k for k in ins.keys if k.table == child and k.column == number], "the row's own number is no key"
    col = ins.spec.tables[child].columns[number]
    assert col.generator == "rank" and getattr(col, "by", None) == "on"
    fk = frames[parent].columns[0]
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)[child]
    groups = (
        out.sort(fk, "on", number)
        .group_by(fk, maintain_order=True)
        .agg((pl.col(number) == pl.int_range(1, pl.len() + 1)).all().alias("ok"))
    )
    assert groups["ok"].mean() >= 0.99, f"{child}.{number} is 1..n in date order within each {parent[:-1]}"
