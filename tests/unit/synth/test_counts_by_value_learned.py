"""A reviewed ``rows.by``/``counts`` obeyed by learned sampling WITHOUT a ``rows.total`` (issue 13, learn60): each
parent's children within the reach of its value's count (``counts``, else ``count``), so a value counted
``fixed: 0`` gets none and no parent passes its value's largest count.

Planted in the three shapes of ``test_total_reach_learned`` (a gym's cancelled classes, a library's lost and
damaged copies, a farm's crops), whose source breaks the reviewed rule: the user's review sets ``by``/``counts``
but no total; fit → sample keeps every parent within its value's reach and the size the sizing sets (the rows
held off moved to parents with room) at seeds 1–3, at ``--scale`` 0.5, with ``exact_sizes``, and the same bytes
from a saved model.

Before (main 35c00728): without a total the counts were the model's — the cancelled classes' bookings and the
lost copies' loans sampled as the source had them.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from tests.unit.synth.test_total_reach_learned import SHAPES, outside, per_parent, planted, reviewed, zero_children

from simulacra import DatasetSynthesizer
from simulacra.generation.totals import count_reach
from simulacra.spec.model import Distribution


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", list(SHAPES))
def test_counts_by_value_are_obeyed_without_a_total(name: str, seed: int, tmp_path: Path) -> None:
    shape = SHAPES[name]
    frames = planted(shape, seed)
    src = per_parent(shape, frames)
    assert outside(shape, src) > 10 and zero_children(shape, src) > 0  # the source breaks the reviewed rule
    model = DatasetSynthesizer(seed=0).fit(frames, reviewed(shape, frames, f"{name}{seed}n", total=None))
    out = model.sample(seed=seed)
    got = per_parent(shape, out)
    assert outside(shape, got) == 0
    assert zero_children(shape, got) == 0
    # the size as the sizing sets it (the real one within its band): the rows held off moved to parents with room
    assert abs(out[shape.child].height - frames[shape.child].height) <= 0.02 * frames[shape.child].height
    for v, d in shape.counts.items():  # a value with a wider reach still spreads over it
        lo, hi = count_reach(Distribution.model_validate(d))
        mine = got.filter(pl.col(shape.by) == v)["len"]
        if hi > lo and mine.len() >= 20:
            assert mine.n_unique() >= 2, (v, mine.value_counts())
    assert outside(shape, per_parent(shape, model.sample(seed=seed, scale=0.5))) == 0
    model.save(tmp_path / "m")
    again = DatasetSynthesizer.load(tmp_path / "m").sample(seed=seed)
    for t in out:
        assert out[t].write_csv() == again[t].write_csv(), t


@pytest.mark.parametrize("name", list(SHAPES))
def test_exact_sizes_keep_the_size_within_each_values_reach(name: str) -> None:
    """``exact_sizes``: the real size, the rows a clipped parent lost moved to parents with room."""
    shape = SHAPES[name]
    frames = planted(shape, 4)
    model = DatasetSynthesizer(seed=0).fit(frames, reviewed(shape, frames, f"{name}x", total=None))
    out = model.sample(seed=4, exact_sizes=True)
    got = per_parent(shape, out)
    assert outside(shape, got) == 0 and zero_children(shape, got) == 0
    assert out[shape.child].height == frames[shape.child].height


@pytest.mark.parametrize("seed", [5, 6])
def test_a_largest_count_is_never_passed(seed: int) -> None:
    """One value's reach narrowed to 0..2 (the source gives its parents about six): none past two (a count past
    it held at two), the other values' parents as the model drew them (``count`` wide)."""
    shape = SHAPES["library"]
    frames = planted(shape, seed)
    low = {"distribution": "categorical", "values": [0, 1, 2], "weights": [0.3, 0.4, 0.3]}
    wide = {"distribution": "uniform", "low": 0, "high": 40}
    spec = reviewed(shape, frames, f"max{seed}", total=None, count=wide, counts={"good": low})
    assert int(per_parent(shape, frames).filter(pl.col(shape.by) == "good")["len"].max()) > 2  # type: ignore[arg-type]
    got = per_parent(shape, DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed))
    good = got.filter(pl.col(shape.by) == "good")["len"]
    assert int(good.max()) == 2  # type: ignore[arg-type]  # (held at its largest, not dropped)
    assert int(got.filter(pl.col(shape.by) != "good")["len"].sum()) > 0
