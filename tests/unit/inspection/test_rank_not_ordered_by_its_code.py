"""A column that is a code of a rank (a month's first day-of-year beside the month number) is a lookup on the
rank, never the order the rank follows.

Found by the energy-utility probe (``benchmarks/heldout_utility.py``, issue 13): readings hold ``month_no``
1..12 per meter, ``month_start`` (0, 31, 60, ... : the month's first day of the year) and ``read_date``. The
rank was drafted ``by: month_start``, so ``month_start`` was drawn as a uniform number 0..335 and a drafted
``unique(meter_id, month_start)`` made ``simulacra sample --seed 3`` refuse to write anything. A column
the rank decides in every row is the rank's code: drafted as a lookup on it, the order taken from another
column (the read date). Planted over several code shapes, group sizes and seeds.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

MONTH_STARTS = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]
SHAPES = [  # parent, child, rank column, code column, code of rank k, fixed count (None: 2..10 rows)
    ("meters", "readings", "month_no", "month_start", lambda k: MONTH_STARTS[k - 1], 12),
    ("routes", "stops", "stop_no", "bay", lambda k: 100 + 10 * k, None),
    ("courses", "sessions", "session_no", "week_offset", lambda k: 7 * (k - 1), None),
]


def _frames(parent: str, child: str, rank: str, code: str, f, fixed: int | None, seed: int) -> dict[str, pl.DataFrame]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    pk = f"{parent[:-1]}_id"
    n_parents = 150
    rows = []
    for p in range(1, n_parents + 1):
        n = fixed or int(rng.integers(2, 11))
        start = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 60)))
        days = np.cumsum(rng.integers(5, 40, n))
        for k in range(1, n + 1):
            rows.append((p, k, f(k), start + dt.timedelta(days=int(days[k - 1])), float(rng.lognormal(5, 0.4))))
    kids = pl.DataFrame(rows, schema=[pk, rank, code, "on_date", "amount"], orient="row")
    kids = kids.with_columns(pl.int_range(1, len(rows) + 1).alias("id"))
    return {
        parent: pl.DataFrame({pk: np.arange(1, n_parents + 1), "size": rng.integers(1, 100, n_parents)}),
        child: kids.select("id", pk, rank, code, "on_date", "amount"),
    }


@pytest.mark.parametrize("shape", SHAPES, ids=[s[1] for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 3])
def test_a_code_of_the_rank_is_a_lookup_not_its_order(shape, seed: int) -> None:  # type: ignore[no-untyped-def]
    parent, child, rank, code, f, fixed = shape
    frames = _frames(parent, child, rank, code, f, fixed, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{child}{seed}"))
    table = ins.spec.tables[child]
    assert table.columns[rank].generator == "rank"
    assert table.columns[rank].by != code, table.columns[rank]
    drafted = table.columns[code]
    if drafted.generator == "expression":  # a code linear in the rank (100 + 10 x k) is that sum, for every rank
        assert rank in drafted.expr and code != "month_start", drafted  # type: ignore[union-attr]
    else:
        assert drafted.generator == "lookup" and drafted.key == rank, drafted  # type: ignore[union-attr]
    pk = f"{parent[:-1]}_id"
    assert not any(c.unique == [pk, code] for c in ins.spec.constraints)
    model = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    for s in (seed + 1, seed + 3):
        out = model.sample(seed=s)[child]
        seen = out.filter(pl.col(rank) <= frames[child][rank].max())  # a rank the source never has: no code
        assert seen.height >= 0.95 * out.height
        assert seen[code].cast(pl.Int64).to_list() == [f(int(k)) for k in seen[rank]]
        g = out.group_by(pk).agg((pl.col(rank).sort() == pl.int_range(1, pl.len() + 1)).all().alias("ok"))
        assert g["ok"].all()
