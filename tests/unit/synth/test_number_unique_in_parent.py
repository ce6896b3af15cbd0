"""A number unique within its parent (issue 13), planted in generated data: a shirt number per team, a seat
per flight, a room per floor — children with a date (drawn as a sequence, position by position) and without.

``inspect`` drafts ``unique: [parent key, number]``; fit → sample keeps it in every parent, the numbers inside
the range the source shows. Before (found on a football league nobody tuned for, benchmarks/heldout_league.py,
its first run): a child drawn as a sequence (players ordered by birth date) left such a set unenforced, so
``sample`` refused its own output ("unique(team_id, shirt_number): 45-52% of rows fail").
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.test_keys_two_parents import Keys, _source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.synth._spread import spread_unique_in

Frames = dict[str, pl.DataFrame]


def _children(
    rng: np.random.Generator, parent: str, child: str, number: str, n_parents: int, per: tuple[int, int], span: int
) -> tuple[Frames, Keys]:
    """``n_parents`` parents; ``per`` children each holding distinct ``number``s drawn from 1..``span``."""
    sizes = rng.integers(per[0], per[1] + 1, n_parents)
    nums = np.concatenate([rng.choice(np.arange(1, span + 1), k, replace=False) for k in sizes])
    frames = {
        parent: pl.DataFrame({f"{parent}_id": np.arange(1, n_parents + 1), "size": rng.integers(10, 90, n_parents)}),
        child: pl.DataFrame(
            {
                f"{child}_id": np.arange(1, len(nums) + 1),
                f"{parent}_id": np.repeat(np.arange(1, n_parents + 1), sizes),
                number: nums,
                "weight": np.round(rng.gamma(4.0, 10.0, len(nums)), 1),
            }
        ),
    }
    return frames, [(child, f"{parent}_id", parent, f"{parent}_id")]


def squads(seed: int) -> tuple[Frames, Keys, str, str, str]:
    """Teams and 20-26 players each with a birth date (the child is drawn as a sequence), shirts 1..40."""
    rng = np.random.default_rng(seed)
    frames, keys = _children(rng, "team", "player", "shirt", 24, (20, 26), 40)
    n = frames["player"].height
    born = [dt.date(1985, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 6000, n)]
    frames["player"] = frames["player"].with_columns(pl.Series("born", born))
    return frames, keys, "player", "team_id", "shirt"


def seats(seed: int) -> tuple[Frames, Keys, str, str, str]:
    """Flights and 30-60 passengers with a seat among 1..72, no dates."""
    rng = np.random.default_rng(seed)
    frames, keys = _children(rng, "flight", "passenger", "seat", 30, (30, 60), 72)
    return frames, keys, "passenger", "flight_id", "seat"


def rooms(seed: int) -> tuple[Frames, Keys, str, str, str]:
    """Floors and 8-14 rooms numbered within 1..16 with a check-in time (a sequence child)."""
    rng = np.random.default_rng(seed)
    frames, keys = _children(rng, "floor", "room", "room_no", 40, (8, 14), 16)
    n = frames["room"].height
    at = [dt.datetime(2024, 3, 1) + dt.timedelta(minutes=int(m)) for m in rng.integers(0, 60 * 24 * 90, n)]
    frames["room"] = frames["room"].with_columns(pl.Series("checked_in", at))
    return frames, keys, "room", "floor_id", "room_no"


def _once_per_parent(frame: pl.DataFrame, parent: str, col: str) -> float:
    g = frame.group_by(parent).agg((pl.col(col).n_unique() == pl.len()).alias("u"))
    return float(g.get_column("u").mean())  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("make", [squads, seats, rooms], ids=lambda f: f.__name__)
def test_a_number_unique_within_its_parent_is_kept_by_sample(make, seed: int) -> None:  # noqa: ANN001
    frames, keys, child, parent, col = make(seed)
    assert _once_per_parent(frames[child], parent, col) == 1.0
    ins = inspect(_source(f"{make.__name__}-{seed}", frames, keys))
    assert any(c.table == child and sorted(c.unique or []) == sorted([parent, col]) for c in ins.spec.constraints)
    out = DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed)
    assert out[child].height > 200
    assert _once_per_parent(out[child], parent, col) == 1.0
    lo, hi = frames[child][col].min(), frames[child][col].max()
    assert out[child][col].is_between(lo, hi).all()


def test_spread_within_groups_moves_only_repeats_and_stays_in_range() -> None:
    values = pl.Series("n", [5, 5, 5, 2, 2, None, None, 7], dtype=pl.Int64)
    groups = np.array([1, 1, 1, 2, 2, 2, 2, 1], dtype=np.int64)
    out = spread_unique_in(values, groups)
    assert out.dtype == pl.Int64 and out.null_count() == 2
    g1, g2 = out.filter(pl.Series(groups == 1)).to_list(), out.filter(pl.Series(groups == 2)).drop_nulls().to_list()
    assert g1[0] == 5 and g1[3] == 7 and len(set(g1)) == 4 and all(2 <= v <= 7 for v in g1)
    assert g2[0] == 2 and len(set(g2)) == 2 and all(2 <= v <= 7 for v in g2)
    assert spread_unique_in(values, groups).to_list() == out.to_list()  # deterministic
