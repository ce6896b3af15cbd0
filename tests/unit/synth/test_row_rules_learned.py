"""Rules of a row that a domain expert checks first, planted in generated tables (issue 13, found on the
support desk of ``examples/support``: learned, a ticket's ``response_hours`` agreed with its own two dates on
25% of rows and ``sla_breached`` with its hours on 97%).

* A number that is the time between two dates of its row, in seconds, minutes, hours or days, rounded to its
  decimals or cut to whole units: drafted as an ``expression`` over the two dates, kept in samples.
* A 0/1 or boolean flag that is a comparison of two columns of its row (``>``, ``>=``, ``<``, dates too):
  drafted as an ``expression``, kept in samples (one column against a number is a band: ``_bands``).
* Never drafted: a number drawn apart from the dates or agreeing on 95% of rows; a flag drawn apart, agreeing
  on 97% of rows, or with one of its values on fewer than 10 rows.

Column names give no hint (``v``, ``w``, ``flag``). Each case runs ``fit`` (the draft of a learned model, as
``simulacra fit`` makes it) and samples; two seeds each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.learning import fit

N = 400


def _times(rng: np.random.Generator, n: int, *, dates: bool) -> tuple[list[Any], list[Any]]:
    base = dt.datetime(2022, 1, 1)
    start = [base + dt.timedelta(seconds=int(s)) for s in rng.integers(0, 86400 * 300, n)]
    gap = rng.lognormal(np.log(20 * 3600), 1.0, n).astype(np.int64) + 60
    end = [s + dt.timedelta(seconds=int(g)) for s, g in zip(start, gap, strict=True)]
    if dates:
        start = [s.date() for s in start]
        end = [e.date() + dt.timedelta(days=int(k)) for e, k in zip(end, rng.integers(0, 30, n), strict=True)]
    return start, end


def elapsed(
    seed: int,
    unit: int,
    decimals: int,
    *,
    how: str = "round",
    dates: bool = False,
    agree: float = 1.0,
    apart: bool = False,
) -> pl.DataFrame:
    """``v`` = the ``unit``-second steps from ``t_a`` to ``t_b`` (rounded to ``decimals``, or floored), on
    ``agree`` of rows (else off by a few units), or drawn apart (shuffled)."""
    rng = np.random.default_rng(seed)
    a, b = _times(rng, N, dates=dates)
    sa = pl.Series(a).cast(pl.Datetime("us"))
    sb = pl.Series(b).cast(pl.Datetime("us"))
    x = (sb - sa).dt.total_microseconds().cast(pl.Float64) / (unit * 1e6)
    v = x.floor() if how == "floor" else x.round(decimals)
    if apart:
        v = pl.Series(rng.permutation(v.to_numpy()))
    off = rng.random(N) >= agree
    v = pl.Series(np.where(off, v.to_numpy() + rng.integers(3, 9, N), v.to_numpy()))
    if decimals == 0:
        v = v.cast(pl.Int64)
    return pl.DataFrame(
        {
            "row_id": np.arange(1, N + 1),
            "t_a": a,
            "t_b": b,
            "v": v,
            "w": rng.normal(50, 10, N).round(1),
            "grp": rng.choice(["p", "q", "r"], N),
        }
    )


def _fit_sample(frame: pl.DataFrame, seed: int) -> tuple[Any, pl.DataFrame]:
    result = fit({"items": frame}, seed=seed)
    return result.spec.tables["items"].columns, result.model.sample(seed=seed)["items"]


@pytest.mark.parametrize(
    ("unit", "decimals", "how", "dates"),
    [
        (3600, 2, "round", False),
        (60, 1, "round", False),
        (1, 0, "round", False),
        (86400, 0, "floor", False),
        (86400, 0, "round", True),
    ],
    ids=["hours-2dp", "minutes-1dp", "seconds", "whole-days", "days-between-dates"],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_a_number_that_is_the_time_between_two_dates_is_a_rule(
    unit: int, decimals: int, how: str, dates: bool, seed: int
) -> None:
    frame = elapsed(seed, unit, decimals, how=how, dates=dates)
    cols, out = _fit_sample(frame, seed)
    assert cols["v"].generator == "expression", cols["v"]
    assert "t_a" in cols["v"].expr and "t_b" in cols["v"].expr  # type: ignore[union-attr]
    sa, sb = out["t_a"].cast(pl.Datetime("us")), out["t_b"].cast(pl.Datetime("us"))
    x = (sb - sa).dt.total_microseconds().cast(pl.Float64) / (unit * 1e6)
    want = x.floor() if how == "floor" else x.round(decimals)
    got = out["v"].cast(pl.Float64)
    assert out.height > 100
    assert ((want - got).abs() <= 10.0 ** (-decimals) * 1.01).mean() >= 0.99  # type: ignore[operator]
    assert out["v"].dtype == frame["v"].dtype


@pytest.mark.parametrize("seed", [1, 2])
def test_a_number_apart_from_the_dates_is_not_a_rule(seed: int) -> None:
    for frame in (elapsed(seed, 3600, 2, apart=True), elapsed(seed, 3600, 2, agree=0.95)):
        cols, _ = _fit_sample(frame, seed)
        assert cols["v"].generator != "expression"
        assert cols["w"].generator != "expression"


def flags(seed: int, kind: str, *, agree: float = 1.0, apart: bool = False, rare: bool = False) -> pl.DataFrame:
    """``flag`` = a comparison of the row: ``kind`` one of ``gt`` (``x > y``, 0/1), ``ge`` (``y >= x``,
    boolean), ``lt-dates`` (``d1 < d2``, 0/1)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(50, 15, N).round(2)
    y = rng.choice([40, 55, 65], N).astype(np.int64)
    d1 = [dt.date(2023, 1, 1) + dt.timedelta(days=int(k)) for k in rng.integers(0, 60, N)]
    d2 = [dt.date(2023, 1, 20) + dt.timedelta(days=int(k)) for k in rng.integers(0, 60, N)]
    if rare:
        x = np.where(rng.random(N) < 0.02, 200.0, x)
    if kind == "gt":
        f = x > (y + (150 if rare else 0))
    elif kind == "ge":
        x = np.where(rng.random(N) < 0.1, y, x)  # ties, on the true side
        f = y >= x
    else:
        f = np.array([a < b for a, b in zip(d1, d2, strict=True)])
    if apart:
        f = rng.permutation(f)
    off = rng.random(N) >= agree
    f = np.where(off, ~f, f)
    s = pl.Series("flag", f)
    return pl.DataFrame(
        {
            "row_id": np.arange(1, N + 1),
            "x": x,
            "y": y,
            "d1": d1,
            "d2": d2,
            "flag": s if kind == "ge" else s.cast(pl.Int64),
            "grp": rng.choice(["p", "q"], N),
        }
    )


def _holds(out: pl.DataFrame, kind: str) -> float:
    if kind == "gt":
        want = out["x"] > out["y"]
    elif kind == "ge":
        want = out["y"] >= out["x"]
    else:
        want = out["d1"] < out["d2"]
    return float((want == out["flag"].cast(pl.Boolean)).mean())  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["gt", "ge", "lt-dates"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_flag_that_is_a_comparison_of_its_row_is_a_rule(kind: str, seed: int) -> None:
    frame = flags(seed, kind)
    cols, out = _fit_sample(frame, seed)
    assert cols["flag"].generator == "expression", cols["flag"]
    assert out.height > 100 and _holds(out, kind) >= 0.99
    assert out["flag"].dtype == frame["flag"].dtype
    assert out["flag"].n_unique() == 2


@pytest.mark.parametrize("seed", [1, 2])
def test_a_flag_apart_from_its_row_is_not_a_rule(seed: int) -> None:
    for frame in (flags(seed, "gt", apart=True), flags(seed, "gt", agree=0.97), flags(seed, "gt", rare=True)):
        cols, _ = _fit_sample(frame, seed)
        assert cols["flag"].generator != "expression", cols["flag"]
