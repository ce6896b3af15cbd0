"""A child's number bounded by a number of the row its key points to (issue 13), planted in generated data: a
match's attendance within its home team's stadium capacity (two keys into the teams), seats sold within the
aircraft's seats, an exam mark within the exam's maximum. ``inspect`` drafts ``check: col <= fk.column``;
fit → sample keeps it on every row (a row past its bound draws again among the sampled values within it) and
``validate`` reads it. A bound the data breaks, or one the two ranges alone explain, gets no check. Before (the
football league of benchmarks/heldout_league.py): no check was drafted and 35% of sampled matches drew more
spectators than the stadium holds.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from tests.helpers import folder_source

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey
from simulacra.synth._parent_bounds import bounded_by_parent


def matches(seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str, str]:
    rng = np.random.default_rng(seed)
    n = 14
    cap = (rng.lognormal(np.log(20_000), 0.5, n) // 100 * 100).astype(np.int64).clip(5_000, 80_000)
    home = rng.integers(1, n + 1, 600)
    away = (home - 1 + rng.integers(1, n, 600)) % n + 1
    frames = {
        "teams": pl.DataFrame(
            {"team_id": np.arange(1, n + 1), "capacity": cap, "founded": rng.integers(1870, 1950, n)}
        ),
        "matches": pl.DataFrame(
            {
                "match_id": np.arange(1, 601),
                "home_id": home,
                "away_id": away,
                "attendance": (cap[home - 1] * rng.uniform(0.5, 1.0, 600)).astype(np.int64),
            }
        ),
    }
    keys = [ForeignKey("matches", "home_id", "teams", "team_id"), ForeignKey("matches", "away_id", "teams", "team_id")]
    return frames, keys, "attendance <= home_id.capacity", "matches", "attendance"


def flights(seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str, str]:
    rng = np.random.default_rng(seed)
    seats = rng.choice([70, 120, 150, 180, 220, 300, 400], 25)
    plane = rng.integers(1, 26, 900)
    frames = {
        "aircraft": pl.DataFrame(
            {"aircraft_id": np.arange(1, 26), "seats": seats, "built": rng.integers(1990, 2024, 25)}
        ),
        "flights": pl.DataFrame(
            {
                "flight_id": np.arange(1, 901),
                "aircraft_id": plane,
                "sold": np.floor(seats[plane - 1] * rng.beta(5, 1.5, 900)).astype(np.int64),
                "fare": np.round(rng.gamma(3, 40, 900), 2),
            }
        ),
    }
    return (
        frames,
        [ForeignKey("flights", "aircraft_id", "aircraft", "aircraft_id")],
        "sold <= aircraft_id.seats",
        "flights",
        "sold",
    )


def marks(seed: int) -> tuple[dict[str, pl.DataFrame], list[ForeignKey], str, str, str]:
    rng = np.random.default_rng(seed)
    top = rng.choice([20.0, 50.0, 100.0], 30)
    exam = rng.integers(1, 31, 800)
    frames = {
        "exams": pl.DataFrame({"exam_id": np.arange(1, 31), "max_mark": top, "minutes": rng.integers(30, 180, 30)}),
        "results": pl.DataFrame(
            {
                "result_id": np.arange(1, 801),
                "exam_id": exam,
                "mark": np.round(top[exam - 1] * rng.beta(4, 2, 800), 1),
            }
        ),
    }
    return frames, [ForeignKey("results", "exam_id", "exams", "exam_id")], "mark <= exam_id.max_mark", "results", "mark"


def _bounds(spec, child: str) -> list[str]:  # noqa: ANN001
    return [c.check for c in spec.constraints if c.table == child and c.check and "." in c.check]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("make", [matches, flights, marks], ids=lambda f: f.__name__)
def test_a_number_bounded_by_its_parents_is_drafted_and_kept(make, seed: int) -> None:  # noqa: ANN001
    frames, keys, check, child, col = make(seed)
    parent = keys[0].ref_table
    spec = inspect(folder_source(frames, keys, f"{make.__name__}{seed}")).spec
    assert _bounds(spec, child) == [check]
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    out = model.sample(seed=seed)
    assert model.sample(seed=seed)[child].equals(out[child])  # the same rows for the same seed
    ((c, b),) = bounded_by_parent([check], frames[child].columns, [k.column for k in keys])
    fk, pc = b.expr.split(".")
    j = out[child].join(out[parent].select(pl.col(out[parent].columns[0]).alias(fk), pc), on=fk, how="left")
    assert (j[c] <= j[pc]).all()
    # redrawn, not clipped: few rows sit on the bound (the source has almost none)
    assert float((j[c] == j[pc]).mean()) < 0.05
    assert float(out[child][c].std()) > 0.5 * float(frames[child][c].std())


def test_a_bound_broken_or_explained_by_the_ranges_gets_no_check() -> None:
    frames, keys, _, child, col = flights(3)
    broken = frames[child].with_columns(pl.when(pl.col("flight_id") == 7).then(999).otherwise(pl.col(col)).alias(col))
    assert _bounds(inspect(folder_source({**frames, child: broken}, keys, "broken")).spec, child) == []
    rng = np.random.default_rng(4)  # every mark below every exam's maximum: the ranges explain it
    frames, keys, _, child, col = marks(4)
    frames["exams"] = frames["exams"].with_columns(pl.Series("max_mark", rng.choice([200.0, 250.0], 30)))
    assert _bounds(inspect(folder_source(frames, keys, "ranges")).spec, child) == []


def test_a_parents_total_or_largest_of_the_numbers_is_no_bound() -> None:
    rng = np.random.default_rng(6)
    inv = rng.integers(1, 201, 1500)
    items = pl.DataFrame(
        {"item_id": np.arange(1, 1501), "invoice_id": inv, "amount": np.round(rng.gamma(2, 30, 1500), 2)}
    )
    per = items.group_by("invoice_id").agg(pl.col("amount").sum().alias("total"), pl.col("amount").max().alias("top"))
    invoices = pl.DataFrame({"invoice_id": np.arange(1, 201)}).join(per, on="invoice_id", how="left")
    invoices = invoices.with_columns(pl.col("total", "top").fill_null(0.0))
    frames = {"invoices": invoices, "items": items}
    keys = [ForeignKey("items", "invoice_id", "invoices", "invoice_id")]
    assert _bounds(inspect(folder_source(frames, keys, "totals")).spec, "items") == []


def test_bounded_by_parent_reads_every_form_of_the_bound() -> None:
    """Every form ``spec.bounds`` reads (flipped, strict, in parentheses, in a conjunction, a ``BETWEEN``, quoted
    names, an expression of the parent's columns); not a bound by this row's own column, by an unknown key, or
    one under ``OR``."""
    got = bounded_by_parent(
        [
            "a <= fk.b",
            "x>=k.y",
            "a < fk.b",
            "fk.b >= a",
            "(a <= fk.b)",
            "a > 0 AND a <= fk.b - 10",
            "x BETWEEN k.y AND fk.b",
            '"a" <= fk.b',
            "a <= b",
            "a + 1 <= fk.b",
            "a <= other.b",
            "a <= fk.b OR x >= k.y",
        ],
        ["a", "b", "x"],
        ["fk", "k"],
    )
    assert [(c, b.expr, b.below, b.strict) for c, b in got] == [
        ("a", "fk.b", True, False),
        ("x", "k.y", False, False),
        ("a", "fk.b", True, True),
        ("a", "fk.b", True, False),
        ("a", "fk.b", True, False),
        ("a", "fk.b - 10", True, False),
        ("x", "k.y", False, False),
        ("x", "fk.b", True, False),
        ("a", "fk.b", True, False),
    ]


def test_a_number_bounded_from_both_sides_keeps_both() -> None:
    """Two bounds on one number (two checks, or a ``BETWEEN``): the rows one bound's redraw moved past the other
    draw again inside both; a strict bound is never met, and a row no sampled value fits is clipped inside."""
    from simulacra._random import Stream
    from simulacra.synth._parent_bounds import keep_bound, keep_bounds

    rng = np.random.default_rng(3)
    x = pl.Series("x", rng.integers(0, 100, 300))
    lo, hi = pl.Series(rng.integers(0, 50, 300)), pl.Series(rng.integers(50, 100, 300))
    rows = np.arange(300, dtype=np.int64)
    s = Stream(5)
    y = keep_bound(keep_bound(x, hi, True, s, rows, strict=True), lo, False, s, rows)
    y = keep_bounds(y, [(hi, True, True), (lo, False, False)], s, rows)
    assert ((y < hi) & (y >= lo)).all()
    assert y.dtype == pl.Int64 and y.n_unique() > 40
    # nothing sampled fits between 10 and 11 (strictly): the nearest whole number inside
    tight = keep_bounds(pl.Series("x", [50, 60]), [(pl.Series([11, 11]), True, False), (pl.Series([10, 10]), False, True)], s, rows[:2])  # fmt: skip
    assert tight.to_list() == [11, 11]
