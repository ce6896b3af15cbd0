"""A code written from other columns of its row and its parent's (issue 13, formatted strings), planted in
generated data: a class ``MAT-9-12`` (its subject's code, its year group, its id), a booking ``LHR/2024/551``
(its airport's code, its year, its number), an order ``ORD-NYC-1042`` (a constant, its store's code, its
number). ``inspect`` drafts an ``expression`` writing it; fit → sample keeps it on every row; a code of the same
shape whose parts are not the row's (or off on one row) is not drafted. Shapes: three, each with two seeds.

Before (base dc89f28), found on a school database (benchmarks/heldout_school.py): drafted as a code of its own
shape (``pattern: '???-#-##'``); no sampled class code named its subject, year and id.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import Keys, _source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect

Frames = dict[str, pl.DataFrame]
Shape = tuple[Frames, Keys, str, str, pl.Expr]  # frames, keys, child, code column, its composition (child + parent)


def classes(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    codes = ["MAT", "ENG", "SCI", "HIS", "GEO", "ART", "MUS", "FRE"]
    subjects = pl.DataFrame({"subject_id": np.arange(1, 9), "code": codes, "hours": rng.integers(1, 5, 8)})
    n = 160
    c = pl.DataFrame(
        {"class_id": np.arange(1, n + 1), "subject_id": rng.integers(1, 9, n), "year_group": rng.integers(7, 12, n)}
    )
    c = c.join(subjects.select("subject_id", "code"), on="subject_id", how="left", maintain_order="left")
    c = c.with_columns(pl.format("{}-{}-{}", "code", "year_group", "class_id").alias("class_code")).drop("code")
    keys = [("classes", "subject_id", "subjects", "subject_id")]
    expr = pl.format("{}-{}-{}", "code", "year_group", "class_id")
    return {"subjects": subjects, "classes": c}, keys, "classes", "class_code", expr


def bookings(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    airports = pl.DataFrame({"airport_id": np.arange(1, 7), "iata": ["LHR", "CDG", "FRA", "AMS", "MAD", "FCO"]})
    n = 240
    b = pl.DataFrame(
        {
            "booking_id": np.arange(1, n + 1),
            "airport_id": rng.integers(1, 7, n),
            "year": rng.integers(2019, 2025, n),
            "number": rng.permutation(9000)[:n] + 100,
        }
    )
    expr = pl.format("{}/{}/{}", "iata", "year", "number")
    b = b.join(airports, on="airport_id", how="left", maintain_order="left")
    b = b.with_columns(expr.alias("ref")).drop("iata")
    keys = [("bookings", "airport_id", "airports", "airport_id")]
    return {"airports": airports, "bookings": b}, keys, "bookings", "ref", expr


def orders(seed: int) -> Shape:
    rng = np.random.default_rng(seed)
    stores = pl.DataFrame({"store_id": np.arange(1, 6), "city": ["NYC", "SFO", "BOS", "SEA", "AUS"]})
    n = 200
    o = pl.DataFrame(
        {"order_id": np.arange(1, n + 1), "store_id": rng.integers(1, 6, n), "no": np.arange(1000, 1000 + n)}
    )
    expr = pl.format("ORD-{}-{}", "city", "no")
    o = o.join(stores, on="store_id", how="left", maintain_order="left").with_columns(expr.alias("ref")).drop("city")
    keys = [("orders", "store_id", "stores", "store_id")]
    return {"stores": stores, "orders": o}, keys, "orders", "ref", expr


SHAPES = [classes, bookings, orders]


def _held(frames: Frames, keys: Keys, child: str, col: str, expr: pl.Expr) -> float:
    """Share of ``child`` rows whose code is its composition (the parent's columns joined in)."""
    (_, fk, parent, pk), *_ = keys
    j = frames[child].join(frames[parent], left_on=fk, right_on=pk, how="left", suffix="_p")
    return float((j.get_column(col) == j.select(expr).to_series()).mean())  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_code_written_from_its_row_is_drafted_and_kept(make, seed: int) -> None:  # noqa: ANN001
    frames, keys, child, col, expr = make(seed)
    assert _held(frames, keys, child, col, expr) == 1.0
    ins = inspect(_source(f"{make.__name__}-{seed}", frames, keys))
    spec = ins.spec.tables[child].columns[col]
    assert spec.generator == "expression" and spec.expr.startswith("CONCAT(")  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed)
    assert out[child].height >= 100
    assert _held(out, keys, child, col, expr) == 1.0


@pytest.mark.parametrize("make", SHAPES, ids=lambda f: f.__name__)
def test_a_code_of_the_same_shape_not_written_from_its_row_is_not(make) -> None:  # noqa: ANN001
    frames, keys, child, col, _ = make(3)
    f = frames[child]
    shuffled = pl.Series(np.random.default_rng(3).permutation(f.get_column(col).to_numpy()))
    first = f.get_column(col)[0]
    off = f.get_column(col).scatter([0], first[:-1] + ("7" if first[-1] != "7" else "8"))
    for values in (shuffled, off):
        bad = {**frames, child: f.with_columns(values.alias(col))}
        spec = inspect(_source(f"{make.__name__}-bad", bad, keys)).spec.tables[child].columns[col]
        assert spec.generator != "expression"
