"""A parent's column unique per parent row is no category of parents (issue 13, learn-probe48: the library probe).

A library's copies have a title and a branch; 10 branches, each its own ``n_events``, and loans per copy that
differ by branch. ``n_events`` was taken for a category of branches "explaining" 74% of the loans per copy, so the
copies were drafted per branch (10 parents): the title's key was drawn blind and 39-52% of sampled titles had no
copy, where every source title has one.

Planted in generated libraries (several seeds, numbers of branches, key orders, with and without dates): the
copies are drafted per title and, sampled, every title keeps a copy. A category shared by several parents (a
vehicle's kind, ``test_counts_follow_second_parent.py``) still decides; here a branch kind shared by the branches
is still measured."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.inspection._count_parents import EXPLAINS_MIN, count_explained
from simulacra.inspection._profile import profile_column
from simulacra.sources import ForeignKey, Source
from simulacra.spec import model as m

SHAPES = [  # (seed, branches, title key before the branch key, dated: a copy acquired after its title's publication)
    (1, 10, True, False),
    (2, 8, False, True),
    (3, 12, True, True),
    (4, 6, False, True),
    (5, 10, True, False),
]


def library(seed: int, n_branches: int, title_first: bool, dated: bool, n_titles: int = 500) -> dict[str, pl.DataFrame]:
    """Branches (each its own ``n_events`` and a ``kind`` two of them share), titles with 1 + Poisson(0.6) copies
    each, every copy at a random branch, and loans per copy by the copy's branch's own rate."""
    rng = np.random.default_rng(seed)
    branches = pl.DataFrame(
        {
            "branch_id": np.arange(1, n_branches + 1),
            "n_events": rng.permutation(np.arange(20, 20 + 3 * n_branches, 3)),
            "kind": ["central" if i % 2 else "local" for i in range(n_branches)],
        }
    )
    pub = [dt.date(1960, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 15000, n_titles)]
    titles = pl.DataFrame(
        {
            "title_id": np.arange(1, n_titles + 1),
            "genre": rng.choice(["fiction", "crime", "history"], n_titles),
            **({"published": pub} if dated else {}),
        }
    )
    n = 1 + rng.poisson(0.6, n_titles)
    t = np.repeat(titles["title_id"].to_numpy(), n)
    b = rng.integers(1, n_branches + 1, len(t))
    keys = [("title_id", t), ("branch_id", b)] if title_first else [("branch_id", b), ("title_id", t)]
    acquired = [pub[i - 1] + dt.timedelta(days=int(x)) for i, x in zip(t, rng.integers(0, 3000, len(t)), strict=True)]
    copies = pl.DataFrame(
        {"copy_id": np.arange(1, len(t) + 1), **dict(keys), **({"acquired": acquired} if dated else {})}
    )
    rate = rng.uniform(0.5, 12.0, n_branches)
    k = rng.poisson(rate[b - 1])
    loans = pl.DataFrame(
        {"loan_id": np.arange(1, int(k.sum()) + 1), "copy_id": np.repeat(copies["copy_id"].to_numpy(), k)}
    )
    return {"branches": branches, "titles": titles, "copies": copies, "loans": loans}


def draft(frames: dict[str, pl.DataFrame]) -> m.DatasetSpec:
    return inspect(Source(location="library", kind="folder", frames=frames, fingerprint="library")).spec


def draft_per(frames: dict[str, pl.DataFrame]) -> str | None:
    return draft(frames).tables["copies"].rows.per  # type: ignore[union-attr]


def with_a_copy(f: dict[str, pl.DataFrame]) -> float:
    return float(f["titles"]["title_id"].is_in(f["copies"]["title_id"].implode()).mean())


class TestAColumnUniquePerParentIsNoCategory:
    @pytest.mark.parametrize(("seed", "n_branches", "title_first", "dated"), SHAPES)
    def test_copies_are_drafted_per_title(self, seed: int, n_branches: int, title_first: bool, dated: bool) -> None:
        assert draft_per(library(seed, n_branches, title_first, dated)) == "titles"

    @pytest.mark.parametrize(("seed", "n_branches", "title_first", "dated"), SHAPES[:2])
    def test_sampled_every_title_keeps_a_copy(self, seed: int, n_branches: int, title_first: bool, dated: bool) -> None:
        frames = library(seed, n_branches, title_first, dated)
        assert with_a_copy(frames) == 1.0
        out = DatasetSynthesizer(seed=0).fit(frames, draft(frames)).sample(seed=seed)
        assert with_a_copy(out) >= 0.95

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_the_unique_column_explains_nothing_a_shared_kind_is_measured(self, seed: int) -> None:
        """``n_events`` (one value per branch) is not measured; ``kind`` (each value held by several branches) is."""
        frames = library(seed, 10, True, False)
        # loans per copy by the branch's kind alone: the shared category explains them
        kind = frames["branches"]["kind"].to_numpy()[frames["copies"]["branch_id"].to_numpy() - 1]
        k = np.random.default_rng(seed).poisson(np.where(kind == "central", 12.0, 1.0))
        frames["loans"] = pl.DataFrame(
            {"loan_id": np.arange(1, int(k.sum()) + 1), "copy_id": np.repeat(frames["copies"]["copy_id"].to_numpy(), k)}
        )
        profiles = {
            ("branches", c): profile_column("branches", frames["branches"].get_column(c))
            for c in frames["branches"].columns
        }
        fk = ForeignKey(table="copies", column="branch_id", ref_table="branches", ref_column="branch_id")
        child = ForeignKey(table="loans", column="copy_id", ref_table="copies", ref_column="copy_id")
        share, column, _ = count_explained("copies", fk, [child], frames, profiles)
        assert column == "kind"
        assert share >= EXPLAINS_MIN
