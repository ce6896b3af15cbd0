"""A pair of keys once per context parent (issue 13), planted in generated data: an enrolment's (student,
course) once per term, a flight's (origin, destination) once per day (two keys into one table, kept apart too).
``inspect`` drafts ``unique: [parent, a, b]``; fit → sample keeps it on every row. A pair that repeats once in
the data, parents too small for chance to repeat one, or a parent that takes most of the pairs its values could
form (a round robin: a schedule, not a rule the sampler keeps by moving keys) get no rule. Before (the football
league of benchmarks/heldout_league.py): a unique set of keys was never drafted, nor kept when written by hand
(keys are not learned columns, so the learned redraws dropped it): 37% of sampled matches kept their pairing.
"""

from __future__ import annotations

import collections
import datetime as dt

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.synth._pairs_once import pairs_once


def _distinct_pairs(rng: np.random.Generator, n: int, n_a: int, n_b: int, *, apart: bool) -> list[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    while len(seen) < n:
        x, y = int(rng.integers(1, n_a + 1)), int(rng.integers(1, n_b + 1))
        if not (apart and x == y):
            seen.add((x, y))
    return sorted(seen, key=lambda _: rng.random())


def enrolments(seed: int, per: int = 150) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], tuple[str, str, str]]:
    rng = np.random.default_rng(seed)
    n_terms, rows = 8, []
    for t in range(1, n_terms + 1):
        rows += [(t, s, c, int(rng.integers(40, 101))) for s, c in _distinct_pairs(rng, per, 60, 20, apart=False)]
    e = pl.DataFrame(rows, schema=["term_id", "student_id", "course_id", "mark"], orient="row")
    frames = {
        "terms": pl.DataFrame(
            {
                "term_id": np.arange(1, n_terms + 1),
                "starts": [dt.date(2020, 1, 1) + dt.timedelta(days=120 * k) for k in range(n_terms)],
            }
        ),
        "students": pl.DataFrame({"student_id": np.arange(1, 61), "year": rng.integers(1, 5, 60)}),
        "courses": pl.DataFrame({"course_id": np.arange(1, 21), "credits": rng.integers(1, 7, 20)}),
        "enrolments": e.with_columns(pl.int_range(1, e.height + 1).alias("enrolment_id")).select(
            "enrolment_id", pl.all().exclude("enrolment_id")
        ),
    }
    keys = [
        ForeignKey("enrolments", "term_id", "terms", "term_id"),
        ForeignKey("enrolments", "student_id", "students", "student_id"),
        ForeignKey("enrolments", "course_id", "courses", "course_id"),
    ]
    return frames, keys, ("term_id", "student_id", "course_id")


def flights(seed: int, per: int = 40) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], tuple[str, str, str]]:
    rng = np.random.default_rng(seed)
    n_days, rows = 30, []
    for d in range(1, n_days + 1):
        rows += [(d, o, t, int(rng.integers(50, 300))) for o, t in _distinct_pairs(rng, per, 12, 12, apart=True)]
    f = pl.DataFrame(rows, schema=["day_id", "origin_id", "destination_id", "seats"], orient="row")
    frames = {
        "days": pl.DataFrame(
            {
                "day_id": np.arange(1, n_days + 1),
                "on": [dt.date(2024, 3, 1) + dt.timedelta(days=k) for k in range(n_days)],
            }
        ),
        "airports": pl.DataFrame({"airport_id": np.arange(1, 13), "runways": rng.integers(1, 5, 12)}),
        "flights": f.with_columns(pl.int_range(1, f.height + 1).alias("flight_id")).select(
            "flight_id", pl.all().exclude("flight_id")
        ),
    }
    keys = [
        ForeignKey("flights", "day_id", "days", "day_id"),
        ForeignKey("flights", "origin_id", "airports", "airport_id"),
        ForeignKey("flights", "destination_id", "airports", "airport_id"),
    ]
    return frames, keys, ("day_id", "origin_id", "destination_id")


def _rules(spec, child: str) -> list[list[str]]:  # noqa: ANN001
    return [list(c.unique) for c in spec.constraints if c.table == child and c.unique and len(c.unique) == 3]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", [enrolments, flights], ids=lambda f: f.__name__)
def test_a_pair_once_per_parent_is_drafted_and_kept(make, seed: int) -> None:  # noqa: ANN001
    frames, keys, cols = make(seed)
    child = keys[0].table
    spec = inspect(folder_source(frames, keys, f"{make.__name__}{seed}")).spec
    assert _rules(spec, child) == [list(cols)]
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)[child]
    assert out.height > 100
    assert not out.select(cols).is_duplicated().any()
    if child == "flights":
        assert (out["origin_id"] != out["destination_id"]).all()
    again = model.sample(seed=seed)[child]
    assert again.equals(out)


def test_a_repeat_small_parents_or_a_full_schedule_get_no_rule() -> None:
    frames, keys, (p, a, b) = enrolments(3)
    e = frames["enrolments"]  # one pair taken twice in a term
    frames["enrolments"] = e.with_columns(
        pl.when(pl.col("enrolment_id") == 2).then(e[a][0]).otherwise(pl.col(a)).alias(a),
        pl.when(pl.col("enrolment_id") == 2).then(e[b][0]).otherwise(pl.col(b)).alias(b),
    )
    assert _rules(inspect(folder_source(frames, keys, "repeat")).spec, "enrolments") == []
    frames, keys, _ = enrolments(4, per=6)  # 8 terms of 6 enrolments: chance would repeat about one pair
    assert _rules(inspect(folder_source(frames, keys, "small")).spec, "enrolments") == []
    frames, keys, _ = flights(5, per=100)  # 100 of the 132 routes every day: a schedule
    assert _rules(inspect(folder_source(frames, keys, "full")).spec, "flights") == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pairs_once_swaps_within_parents_and_keeps_the_counts(seed: int) -> None:
    rng = np.random.default_rng(seed)
    parent = np.repeat(np.arange(5), 60)
    a, b = rng.integers(0, 15, 300), rng.integers(0, 15, 300)
    b = np.where(a == b, (b + 1) % 15, b)
    day = rng.integers(0, 400, 300)  # a key once per day beside it (days rarely shared here)
    out_a, out_b = pairs_once(parent, a, b, np.random.default_rng(9), apart=True, n_a=15, n_b=15, held_b=[day])
    assert not any(v > 1 for v in collections.Counter(zip(parent.tolist(), out_a.tolist(), out_b.tolist())).values())
    assert not np.any(out_a == out_b)
    for p in range(5):  # swaps only: each parent's references are the same
        m = parent == p
        assert sorted(out_a[m].tolist()) == sorted(a[m].tolist())
        assert sorted(out_b[m].tolist()) == sorted(b[m].tolist())
    again = pairs_once(parent, a, b, np.random.default_rng(9), apart=True, n_a=15, n_b=15, held_b=[day])
    assert again[0].tolist() == out_a.tolist() and again[1].tolist() == out_b.tolist()
