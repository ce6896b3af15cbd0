"""A small table's category shares, and what depends on them, survive copy rejection.

In a small, coarse table most drawn rows copy a training row (35-85%), at rates that differ by value: the trees
hold more rows of a common value, so its leaves are finer and its rows copy more (a clerk's 0.8-0.9, a driver's
0.4-0.6). Each copy redrawn whole sampled p(x)(1 - c(x)), so the shares flattened (clerks 0.47 -> 0.26-0.36) and
what follows the category with them (night shifts of clerks 0.12 -> 0.31). Planted: a job of three values at
0.47 / 0.34 / 0.19, an age that follows the job, hours that follow the age, a shift that follows the job, and a
team that follows the age (five columns: near copies policed too); 300-2,000 rows, several seeds. With copies
refused, the job's shares, the shift given the job and the age given the job stay those of the same model's draw
with copies allowed (the night share exactly so: a copy keeps its job and shift; less closely where near copies
are policed: they are redrawn whole), the ages by job keep their order and 3/4 of their spread, and no sampled row
is a combination fewer than five training rows hold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.synth import TabularSynthesizer

JOBS = ("clerk", "nurse", "driver")


def plant(n: int, seed: int, shape: str) -> pl.DataFrame:
    """``shape``: "two" (age, job, hours), "three" (and a shift), "wide" (and a team: five columns), "coarse"
    (as "two", the ages uniform over each job's span: every integer age and hour held by >= 5 rows, so the numbers
    are coded as values alone, no bins)."""
    rng = np.random.default_rng(seed)
    job = rng.choice(JOBS, n, p=[0.47, 0.34, 0.19])
    mean = np.where(job == "clerk", 30, np.where(job == "nurse", 45, 58))
    age = np.clip(np.round(mean + rng.normal(0, 7, n)), 18, 80).astype(np.int64)
    if shape == "coarse":
        age = np.where(job == "clerk", rng.integers(18, 43, n), np.where(job == "nurse", rng.integers(32, 59, n), 0))
        age = np.where(job == "driver", rng.integers(45, 72, n), age).astype(np.int64)
    hours = np.clip(np.round(60 - 0.5 * age + rng.normal(0, 6, n)), 5, 60).astype(np.int64)
    night = rng.random(n) < np.where(job == "driver", 0.7, np.where(job == "nurse", 0.45, 0.1))
    cols: dict[str, object] = {"age": age, "job": job, "hours": hours}
    if shape in ("three", "wide"):
        cols["shift"] = np.where(night, "night", "day")
    if shape == "wide":
        cols["team"] = np.where(rng.random(n) < np.where(age > 45, 0.7, 0.3), "a", "b")
    return pl.DataFrame(cols)


def figures(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The job's shares; the mean age per job; the night share per job (0 without a shift)."""
    shares = np.array([(frame["job"] == j).mean() for j in JOBS])
    by = [frame.filter(pl.col("job") == j) for j in JOBS]
    ages = np.array([b["age"].mean() for b in by])
    nights = np.array([(b["shift"] == "night").mean() if "shift" in b.columns else 0.0 for b in by])
    return shares, ages, nights


def mean_figures(model: TabularSynthesizer, n: int) -> tuple[np.ndarray, ...]:
    got = [figures(model.sample(n, seed=s)) for s in (1, 2, 3)]
    return tuple(np.mean([g[i] for g in got], axis=0) for i in range(3))


CASES = [
    (300, 3, "two"),
    (600, 1, "three"),
    (1000, 6, "wide"),
    (1500, 2, "three"),
    (2000, 4, "wide"),
    (800, 8, "three"),
    (1500, 16, "coarse"),
]


class TestCategorySharesThroughCopyRedraws:
    @pytest.mark.parametrize(("n", "seed", "shape"), CASES, ids=[f"{c[0]}-{c[2]}-{c[1]}" for c in CASES])
    def test_shares_and_what_follows_the_category_are_those_drawn_before_copies_were_refused(
        self, n: int, seed: int, shape: str
    ) -> None:
        real = plant(n, seed, shape)
        shares, ages, nights = mean_figures(TabularSynthesizer(seed=0).fit(real), n)
        free_shares, free_ages, free_nights = mean_figures(TabularSynthesizer(seed=0, reject_copies=False).fit(real), n)
        source = figures(real)[0]
        # a table of five columns polices near copies too; a near copy is redrawn whole (its share redrawn was
        # calibrated so), and only exact copies keep their categories: there the shares move a little
        near = shape == "wide"
        # the shares: the same model's with copies allowed within 0.015 (main: clerks 0.09-0.23 below; 0.04 with
        # near copies, main 0.05-0.12 off), and the source's within the model's own error (leaves counted on half
        # the rows, three samples averaged)
        assert np.all(np.abs(shares - free_shares) <= (0.04 if near else 0.015)), (shares, free_shares, source)
        se = np.sqrt(source * (1 - source) * (2 / n + 1 / (3 * n)))
        assert np.all(np.abs(shares - source) <= 3 * se + (0.04 if near else 0.01)), (shares, source)
        # what follows the job: its night share (main: clerks 0.14-0.35 against 0.09-0.13), and its ages: the
        # jobs' order and most of their spread. Not their means exactly: a job's typical ages copy most (a clerk
        # of 30 at 80-90%: the trees' leaves there hold only training rows' hours), so the clerks that leave sit
        # at the job's edges (600-three-1: 31.6 against 29.3; main 32.0 with 21% of the rows moved off clerk)
        assert np.all(np.abs(nights - free_nights) <= (0.08 if near else 0.01)), (nights, free_nights)
        assert np.all(np.abs(ages - free_ages) <= 5.0), (ages, free_ages)
        assert ages[0] < ages[1] < ages[2]
        assert ages[2] - ages[0] >= 0.75 * (free_ages[2] - free_ages[0]), (ages, free_ages)

    @pytest.mark.parametrize(("n", "seed", "shape"), [(600, 11, "three"), (1200, 12, "wide")])
    def test_no_row_is_a_combination_few_training_rows_hold(self, n: int, seed: int, shape: str) -> None:
        real = plant(n, seed, shape)
        counts = real.group_by(real.columns).len()
        rare = counts.filter(pl.col("len") < 5).drop("len")
        fake = TabularSynthesizer(seed=0).fit(real).sample(n, seed=4)
        assert fake.join(rare, on=real.columns, how="semi").height == 0


class TestCategorySharesDeterministic:
    def test_same_seed_same_rows_and_a_saved_model_draws_the_same(self, tmp_path: Path) -> None:
        real = plant(500, 13, "wide")
        model = TabularSynthesizer(seed=0).fit(real)
        a, b = model.sample(500, seed=2), model.sample(500, seed=2)
        assert a.equals(b)
        loaded = TabularSynthesizer.load(model.save(tmp_path / "m"))
        assert loaded.sample(500, seed=2).equals(a)

    @pytest.mark.parametrize("chunk", [37, 150])
    def test_drawn_in_chunks_the_rows_are_those_drawn_whole(self, chunk: int) -> None:
        model = TabularSynthesizer(seed=0).fit(plant(400, 14, "three"))
        assert model.sample(400, seed=5, chunk_size=chunk).equals(model.sample(400, seed=5))
