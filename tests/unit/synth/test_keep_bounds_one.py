"""One bound kept by the same code as several (house, issue 13): ``keep_bound`` is ``keep_bounds`` of one bound.

A learned number past the bound a check puts on it by its parent's column draws again among the sampled values
inside the bound (``synth._parent_bounds``). One bound and several were two near-copies that drew a row past a
lower bound at mirrored places in the pool (one counted from the largest value, the other from the smallest).

Planted here: a child table whose six columns are each held by one check against its parent's columns — an
integer below (``qty <= key.stock``) and above (``units >= key.min_units``), a float strictly above (``price >
key.cost``) and strictly below (``weight < key.max_weight``), a date strictly after (``shipped > key.audit``)
and strictly before (``due < key.closes``; the source's dates touch their bounds on some rows, so the strict
checks are redrawn) — under three names and sizes (seeds 1-3). ``sample`` keeps every check on every row; and
``keep_bound`` on planted columns (integer, float, date; upper, lower, strict) gives exactly ``keep_bounds``'
rows for that one bound, each inside it, the rows inside left as they were.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from numpy.typing import NDArray
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra._random import Stream
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.spec import model as m
from simulacra.synth._parent_bounds import keep_bound, keep_bounds

SEEDS = [1, 2, 3]
#: (parent table, child table, the child's key) per world
NAMES = [("depots", "orders", "depot_id"), ("wards", "stays", "ward_id"), ("hangars", "loads", "hangar_id")]
#: the child's columns held by one check each: (column, the check with ``{k}`` for the key)
CHECKS = [
    ("qty", "qty <= {k}.stock"),
    ("units", "units >= {k}.min_units"),
    ("price", "price > {k}.cost"),
    ("weight", "weight < {k}.max_weight"),
    ("shipped", "shipped > {k}.audit"),
    ("due", "due < {k}.closes"),
]


def planted(seed: int, nulls: bool = False) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], list[str]]:
    """A parent table of 25 + 10 * seed rows and a child of 400 + 150 * seed rows, its columns inside the parent's
    (the dates on their bounds on some rows: ``shipped >= audit``, ``due <= closes``), named by the seed;
    ``nulls``: a tenth of the child's weights and due dates null."""
    parent, child, key = NAMES[seed % 3]
    rng = np.random.default_rng(seed)
    n, k = 25 + 10 * seed, 400 + 150 * seed
    stock = rng.integers(20, 400, n)
    min_units = rng.integers(1, 30, n)
    cost = np.round(rng.lognormal(np.log(30), 0.7, n), 2)
    max_weight = np.round(rng.gamma(3, 50, n) + 5, 1)
    opened = np.datetime64("2022-01-01") + rng.integers(0, 500, n).astype("timedelta64[D]")
    audit = opened + rng.integers(0, 300, n).astype("timedelta64[D]")
    closes = opened + rng.integers(330, 700, n).astype("timedelta64[D]")
    i = rng.integers(0, n, k)
    frames = {
        parent: pl.DataFrame(
            {
                key: np.arange(1, n + 1),
                "stock": stock,
                "min_units": min_units,
                "cost": cost,
                "max_weight": max_weight,
                "opened": opened,
                "audit": audit,
                "closes": closes,
            }
        ),
        child: pl.DataFrame(
            {
                f"{child[:-1]}_id": np.arange(1, k + 1),
                key: i + 1,
                "qty": (stock[i] * rng.uniform(0.1, 1.0, k)).astype(np.int64),
                "units": min_units[i] + rng.integers(0, 40, k),
                "price": np.round(cost[i] * rng.uniform(1.05, 3.0, k), 2),
                "weight": np.round(max_weight[i] * rng.uniform(0.2, 0.98, k), 1),
                "shipped": audit[i] + rng.integers(0, 20, k).astype("timedelta64[D]"),
                "due": closes[i] - rng.integers(0, 20, k).astype("timedelta64[D]"),
            }
        ),
    }
    if nulls:
        gone = pl.Series(rng.random(k) < 0.1)
        frames[child] = frames[child].with_columns(
            pl.when(gone).then(None).otherwise(pl.col("weight", "due")).name.keep()
        )
    return frames, [ForeignKey(child, key, parent, key)], [c.format(k=key) for _, c in CHECKS]


def spec_for(seed: int, nulls: bool = False) -> tuple[dict[str, pl.DataFrame], m.DatasetSpec, list[str]]:
    """The planted frames and their drafted spec, the drafted checks on the six columns replaced by ``CHECKS``."""
    frames, keys, checks = planted(seed, nulls)
    child = keys[0].table
    spec = inspect(folder_source(frames, keys, f"one_bound{seed}")).spec
    cols = {c for c, _ in CHECKS}
    kept = [c for c in spec.constraints if not (c.table == child and c.check and any(x in c.check for x in cols))]
    added = [m.ConstraintSpec(table=child, check=c) for c in checks]
    return frames, spec.model_copy(update={"constraints": [*kept, *added]}), checks


def sampled(seed: int, nulls: bool = False) -> tuple[dict[str, pl.DataFrame], list[ForeignKey]]:
    frames, spec, _ = spec_for(seed, nulls)
    _, keys, _ = planted(seed)
    return DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed), keys


@pytest.mark.parametrize(("seed", "nulls"), [(1, False), (2, True), (3, True)])
def test_every_bound_is_kept_on_every_sampled_row(seed: int, nulls: bool) -> None:
    """Every check on every row; the learned nulls of a bounded float and date stay nulls (on main a date column
    with a null stopped ``sample`` in the bound's redraw, and a float's nulls came out NaN)."""
    out, keys = sampled(seed, nulls)
    fk = keys[0]
    j = out[fk.table].join(out[fk.ref_table], on=fk.column, how="left")
    held = j.select(
        (pl.col("qty") <= pl.col("stock")).alias("qty"),
        (pl.col("units") >= pl.col("min_units")).alias("units"),
        (pl.col("price") > pl.col("cost")).alias("price"),
        (pl.col("weight") < pl.col("max_weight")).alias("weight"),
        (pl.col("shipped") > pl.col("audit")).alias("shipped"),
        (pl.col("due") < pl.col("closes")).alias("due"),
    )
    broken = {c: int((~held[c]).fill_null(False).sum()) for c in held.columns}
    assert broken == dict.fromkeys(held.columns, 0)
    assert out[fk.table].schema["shipped"] == pl.Date and out[fk.table].schema["qty"] == pl.Int64
    weight, due = out[fk.table]["weight"], out[fk.table]["due"]
    assert int(weight.is_nan().sum()) == 0
    assert (weight.null_count() > 0, due.null_count() > 0) == (nulls, nulls)


def _column(kind: str, below: bool, rng: np.random.Generator, n: int) -> tuple[pl.Series, pl.Series]:
    """A column of ``kind`` and a bound on it (``below``: a ceiling, else a floor) crossing it on about a sixth to
    a third of the rows, a few nulls on each side."""
    shift = 200 if below else -200  # a ceiling mostly above the column, a floor mostly below it
    x, y = rng.integers(0, 1000, n), rng.integers(0, 1000, n) + shift
    if kind == "int":
        xs, ys = pl.Series("x", x), pl.Series("y", y)
    elif kind == "float":
        xs, ys = pl.Series("x", np.round(x / 7.0, 2)), pl.Series("y", np.round(y / 7.0, 2))
    else:
        day = dt.date(2024, 1, 1)
        xs = pl.Series("x", [day + dt.timedelta(days=int(d)) for d in x])
        ys = pl.Series("y", [day + dt.timedelta(days=int(d)) for d in y])
    nulls = np.flatnonzero(rng.random(n) < 0.05)
    return xs.scatter(nulls[nulls < n // 2], None), ys.scatter(nulls[nulls >= n // 2], None)


def _numbers(s: pl.Series) -> NDArray[np.float64]:
    return (s.cast(pl.Int32) if s.dtype == pl.Date else s).cast(pl.Float64).to_numpy()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["int", "float", "date"])
@pytest.mark.parametrize(("below", "strict"), [(True, False), (True, True), (False, False), (False, True)])
def test_keep_bound_is_keep_bounds_of_one_bound(seed: int, kind: str, below: bool, strict: bool) -> None:
    rng = np.random.default_rng(100 * seed + len(kind))
    n = 200 + 50 * seed
    x, y = _column(kind, below, rng, n)
    rows = np.arange(1000, 1000 + n, dtype=np.int64)
    one = keep_bound(x, y, below, Stream(seed), rows, strict)
    assert one.equals(keep_bounds(x, [(y, below, strict)], Stream(seed), rows))
    assert one.dtype == x.dtype
    assert one.is_null().equals(x.is_null())  # a null stays null (not NaN)
    assert x.dtype != pl.Float64 or int(one.is_nan().sum()) == 0
    xf, yf, of = _numbers(x), _numbers(y), _numbers(one)
    both = ~np.isnan(xf) & ~np.isnan(yf)
    sign = 1.0 if below else -1.0
    inside = (sign * xf < sign * yf) if strict else (sign * xf <= sign * yf)
    past = both & ~inside
    assert past.sum() > n // 10  # the bound crosses the column: some rows are redrawn
    keep = ~past  # inside, or a null on either side: left as they were
    assert np.array_equal(np.nan_to_num(of[keep], nan=-1e18), np.nan_to_num(xf[keep], nan=-1e18))
    new = of[past]
    assert ((sign * new < sign * yf[past]) if strict else (sign * new <= sign * yf[past])).all()
    assert np.isin(new, xf[~np.isnan(xf)]).all()  # drawn among the column's values, not clipped (some always fit)
    assert len(np.unique(new)) > past.sum() // 4  # spread over the pool, not piled on one value
