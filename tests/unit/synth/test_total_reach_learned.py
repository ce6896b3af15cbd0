"""A reviewed spec's ``rows.total`` obeyed by learned sampling as ``generate`` obeys it (issue 13, learn59): the
table's rows in all, each parent within the reach of its count — with ``by``/``counts``, of ITS value's count, so
a value counted ``fixed: 0`` gets none.

Planted in generated data of three shapes — a gym's classes (a cancelled class's bookings), a library's copies
(a lost copy's loans, a damaged copy's at most one), fields of a farm (harvest lots per field by crop, each crop a
range of its own) — where the source has children the reviewed spec does not allow (bookings made before a class
was cancelled, loans of a copy later lost, more lots than the range): inspect drafts the spec, the user's review
sets ``by``/``counts``/``total``, fit → sample keeps the total exactly and every parent within its value's reach,
at seeds 1–3, at ``--scale`` 0.5, written to a folder (the tables trimmed as they are written), and the same bytes
from a saved model. A total without ``by`` keeps every parent within ``count``'s reach; a total over a copied
lookup parent is kept; a total the sampled parents cannot hold is refused at ``rows.total``, naming the values.

Before (main 869a3500): the total was kept as the table's size only — the cancelled classes' bookings, lost
copies' loans and counts past the ranges were sampled as the model drew them, and a total over a copied lookup
parent was not kept at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.helpers import load_script

from simulacra import DatasetSynthesizer
from simulacra.errors import SpecValidationError
from simulacra.generation.totals import count_reach
from simulacra.learning import sample
from simulacra.spec.model import Distribution

_bench = load_script("learned_total_by_value")
Shape, planted, reviewed = _bench.Shape, _bench.planted, _bench.reviewed


FIXED0 = {"distribution": "fixed", "value": 0}
SHAPES = {
    "gym": Shape(
        "classes",
        "class_id",
        "state",
        "bookings",
        "booking_id",
        260,
        {"held": 0.75, "cancelled": 0.25},
        {"held": (10.0, 0), "cancelled": (2.0, 0)},
        {"distribution": "uniform", "low": 4, "high": 21},
        {"cancelled": FIXED0},
        2600,
    ),
    "library": Shape(
        "copies",
        "copy_id",
        "condition",
        "loans",
        "loan_id",
        320,
        {"good": 0.6, "damaged": 0.25, "lost": 0.15},
        {"good": (6.0, 0), "damaged": (3.0, 0), "lost": (2.5, 0)},
        {"distribution": "poisson", "lam": 6, "min": 1, "max": 14},
        {"lost": FIXED0, "damaged": {"distribution": "categorical", "values": [0, 1], "weights": [0.5, 0.5]}},
        1300,
    ),
    "farm": Shape(
        "fields",
        "field_id",
        "crop",
        "lots",
        "lot_id",
        300,
        {"wheat": 0.4, "barley": 0.35, "fallow": 0.25},
        {"wheat": (7.0, 0), "barley": (3.0, 0), "fallow": (0.8, 0)},
        FIXED0,
        {
            "wheat": {"distribution": "uniform", "low": 5, "high": 11},
            "barley": {"distribution": "categorical", "values": [1, 2, 3, 4], "weights": [0.25, 0.25, 0.25, 0.25]},
        },
        1100,
    ),
}


def per_parent(shape: Shape, out: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return (
        out[shape.parent]
        .select(shape.pk, shape.by)
        .join(out[shape.child].group_by(shape.pk).len(), on=shape.pk, how="left", maintain_order="left")
        .with_columns(pl.col("len").fill_null(0))
    )


def outside(shape: Shape, got: pl.DataFrame, counts: dict[str, dict[str, Any]] | None = None) -> int:
    """Parents whose children are outside their value's reach."""
    counts = shape.counts if counts is None else counts
    rest = count_reach(Distribution.model_validate(shape.count))
    reach = {v: count_reach(Distribution.model_validate(d)) for v, d in counts.items()}
    bounds = [reach.get(str(v), rest) for v in got[shape.by].to_list()]
    n = got["len"].to_list()
    return sum(not lo <= k <= hi for k, (lo, hi) in zip(n, bounds, strict=True))


def zero_children(shape: Shape, got: pl.DataFrame) -> int:
    """Children of parents whose value is counted ``fixed: 0`` (in ``counts``, or the rest by ``count``)."""
    zero = [v for v in shape.values if shape.counts.get(v, shape.count) == FIXED0]
    return int(got.filter(pl.col(shape.by).is_in(zero))["len"].sum())


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", list(SHAPES))
def test_a_total_by_value_is_kept_within_each_values_reach(name: str, seed: int, tmp_path: Path) -> None:
    shape = SHAPES[name]
    frames = planted(shape, seed)
    src = per_parent(shape, frames)
    assert outside(shape, src) > 10 and zero_children(shape, src) > 0  # the source breaks the reviewed rule
    spec = reviewed(shape, frames, f"{name}{seed}")
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)
    got = per_parent(shape, out)
    assert out[shape.child].height == shape.total
    assert outside(shape, got) == 0
    assert zero_children(shape, got) == 0
    # every value with a reach wider than one count still spreads over it (not all parents at one end)
    for v, d in shape.counts.items():
        lo, hi = count_reach(Distribution.model_validate(d))
        mine = got.filter(pl.col(shape.by) == v)["len"]
        if hi > lo and mine.len() >= 20:
            assert mine.n_unique() >= 2, (v, mine.value_counts())
    # half the scale: half the total, each parent still within its reach
    half = model.sample(seed=seed, scale=0.5)
    assert half[shape.child].height == round(shape.total * 0.5)
    assert outside(shape, per_parent(shape, half)) == 0
    # a saved model samples the same bytes
    model.save(tmp_path / "m")
    again = DatasetSynthesizer.load(tmp_path / "m").sample(seed=seed)
    for t in out:
        assert out[t].write_csv() == again[t].write_csv(), t


@pytest.mark.parametrize("name", ["gym", "library"])
def test_written_table_by_table_the_total_keeps_its_reach(name: str, tmp_path: Path) -> None:
    """Written to a folder, each table is trimmed to what later tables read once it is made: the parent's
    'by' column is kept for the reach of its children."""
    shape = SHAPES[name]
    frames = planted(shape, 4)
    model = DatasetSynthesizer(seed=0).fit(frames, reviewed(shape, frames, f"{name}w"))
    model.save(tmp_path / "m")
    sample(tmp_path / "m", tmp_path / "out", seed=4, format="parquet", chunk_rows=200)
    out = {t: pl.read_parquet(tmp_path / "out" / f"{t}.parquet") for t in frames}
    got = per_parent(shape, out)
    assert out[shape.child].height == shape.total
    assert outside(shape, got) == 0 and zero_children(shape, got) == 0
    whole = model.sample(seed=4)
    assert out[shape.child].sort(shape.ck).select(shape.pk).equals(whole[shape.child].sort(shape.ck).select(shape.pk))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_total_without_by_keeps_every_parent_within_counts_reach(seed: int) -> None:
    """'per owners, count 0..3, total': no owner past three, the total exact — the source has owners of up to
    eight."""
    shape = SHAPES["library"]
    frames = planted(shape, seed)
    assert int(per_parent(shape, frames)["len"].max()) > 3  # type: ignore[arg-type]
    cat = {"distribution": "categorical", "values": [0, 1, 2, 3], "weights": [0.25, 0.25, 0.25, 0.25]}
    spec = reviewed(shape, frames, f"nb{seed}", by=None, counts=None, count=cat, total=600)
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    got = per_parent(shape, out)["len"]
    assert out[shape.child].height == 600
    assert int(got.max()) <= 3  # type: ignore[arg-type]
    assert got.n_unique() == 4  # spread over the reach


def test_a_total_over_a_copied_lookup_parent_is_kept() -> None:
    """A parent table of 60 rows is copied whole (a lookup); its children's total was the real size, the
    reviewed total unread."""
    shape = SHAPES["gym"]
    frames = planted(shape, 5, n_parent=60)
    spec = reviewed(shape, frames, "lookup", total=700)
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    assert model.tables_[shape.parent].reference is not None
    out = model.sample(seed=5)
    assert out[shape.child].height == 700 != frames[shape.child].height
    got = per_parent(shape, out)
    assert outside(shape, got) == 0 and zero_children(shape, got) == 0


def test_a_condition_keeps_each_parent_within_its_reach() -> None:
    shape = SHAPES["gym"]
    frames = planted(shape, 6)
    model = DatasetSynthesizer(seed=0).fit(frames, reviewed(shape, frames, "cond"))
    out = model.sample(seed=6, where="opened > 2004")  # four in five of the classes
    got = per_parent(shape, out)
    assert got.height and outside(shape, got) == 0 and zero_children(shape, got) == 0


@pytest.mark.parametrize("name", ["gym", "farm"])
def test_a_total_the_sampled_parents_cannot_hold_is_refused_at_rows_total(name: str) -> None:
    shape = SHAPES[name]
    frames = planted(shape, 7)
    spec = reviewed(shape, frames, f"{name}big", total=shape.n_parent * 40)
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    with pytest.raises(SpecValidationError) as err:
        model.sample(seed=7)
    text = str(err.value)
    assert "rows.total" in text and f"by {shape.by}" in text
    assert err.value.problems[0].location.table == shape.child
    for v in shape.counts:
        assert repr(v) in text
