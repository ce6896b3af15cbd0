"""A column derived within its parent group from another column of the row (issue 13, learn97, found on
``benchmarks/learn96_fresh_db.py``: a result's ``gap`` ``+0:45`` is its ``finish_time`` ``4:32:10.4`` less the
stage's best, cut to the second; learned as a duration of its own, 3% of sampled gaps were their stage's).

The draft now writes such a column as ``running_sum`` with ``relative_to`` (min: x - the group's least; max:
the greatest - x; total: x / the group's sum; first: x - the group's first by an order column), and a running
total of a duration as a ``running_sum`` of its seconds. Planted with several names, group sizes, seeds and
forms (numbers, ``H:MM:SS.t`` durations, ``+M:SS`` gaps, ``M:SS.fff`` laps); and in forms that must not be
taken (a gap off by a second on a few rows, a random column).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from pydantic import ValidationError

import simulacra
from simulacra.generation.columns import running_sum
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.sources._coerce import parse_duration
from simulacra.spec.model import RunningSumColumn


def _hms_tenths(s: float) -> str:
    t = round(s * 10)
    whole, tenth = divmod(t, 10)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}.{tenth}"


def _behind(s: float) -> str:
    return f"+{int(s) // 60}:{int(s) % 60:02d}"


def _lap(s: float) -> str:
    ms = round(s * 1000)
    whole, frac = divmod(ms, 1000)
    return f"{whole // 60}:{whole % 60:02d}.{frac:03d}"


def _hms(s: float) -> str:
    whole = round(s)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


Derive = Callable[[np.ndarray, np.ndarray, np.random.Generator], list[object]]


def _gap_behind(x: np.ndarray, order: np.ndarray, rng: np.random.Generator) -> list[object]:
    tenths = np.round(x * 10).astype(np.int64)
    return [_behind(float((t - tenths.min()) // 10)) for t in tenths]


def _lap_delta(x: np.ndarray, order: np.ndarray, rng: np.random.Generator) -> list[object]:
    ms = np.round(x * 1000).astype(np.int64)
    return [round(float(m - ms.min()) / 1000, 3) for m in ms]


def _share(x: np.ndarray, order: np.ndarray, rng: np.random.Generator) -> list[object]:
    cents = np.round(x * 100)
    return [round(float(c / cents.sum()), 4) for c in cents]


def _below_best(x: np.ndarray, order: np.ndarray, rng: np.random.Generator) -> list[object]:
    return [int(x.max() - v) for v in x]


def _since_first(x: np.ndarray, order: np.ndarray, rng: np.random.Generator) -> list[object]:
    first = round(float(x[np.argmin(order)]), 1)
    return [round(round(float(v), 1) - first, 1) for v in x]


#: parent, child, x column, writer of x, y column, derivation, the drafted relative_to, order_by, truncate
WORLDS: list[tuple[str, str, str, Callable[[float], object], str, Derive, str, str | None, bool]] = [
    ("stages", "results", "finish_time", _hms_tenths, "gap", _gap_behind, "min", None, True),
    ("heats", "laps", "lap_time", _lap, "delta", _lap_delta, "min", None, False),
    ("shops", "sales", "amount", lambda v: round(v, 2), "share_of_day", _share, "total", None, False),
    ("leagues", "clubs", "points", lambda v: int(v), "behind_leader", _below_best, "max", None, False),
    (
        "patients",
        "visits",
        "weight",
        lambda v: round(v, 1),
        "weight_change",
        _since_first,
        "first",
        "visit_date",
        False,
    ),
]


def _x(which: int, rng: np.random.Generator, k: int) -> np.ndarray:
    if which == 0:
        return 15_000 * rng.uniform(0.9, 1.1) + rng.exponential(200, k) + rng.uniform(0, 0.9, k)
    if which == 1:
        return 88 + rng.exponential(2.5, k)
    if which == 2:
        return rng.lognormal(3, 0.8, k)
    if which == 3:
        return rng.integers(10, 90, k).astype(np.float64)
    return 80 + rng.normal(0, 4, k)


def _world(which: int, seed: int, *, spoil: str | None = None) -> dict[str, pl.DataFrame]:
    parent, child, xcol, write, ycol, derive, _, order_col, _ = WORLDS[which]
    rng = np.random.default_rng(seed)
    n_parent = int(rng.integers(18, 40))
    rows: list[tuple[object, ...]] = []
    for p in range(1, n_parent + 1):
        k = int(rng.integers(3, 12))
        x = _x(which, rng, k)
        x = np.array(
            [float(parse_duration(pl.Series([write(v)]))[0]) if isinstance(write(v), str) else write(v) for v in x]
        )
        order = rng.permutation(k)
        y = derive(x, order, rng)
        if spoil == "near":  # off by one unit of the last decimal on a few rows: close, not equal
            for i in np.flatnonzero(rng.random(k) < 0.08):
                y[i] = _nudge(y[i])
        elif spoil == "random":
            y = derive(rng.permutation(x), order, rng)
        day0 = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 500)))
        for i in range(k):
            rows.append(
                (
                    len(rows) + 1,
                    p,
                    write(float(x[i])),
                    y[i],
                    day0 + dt.timedelta(days=7 * int(order[i])),
                    int(rng.integers(1, 99)),
                )
            )
    key = f"{parent[:-1]}_id"
    return {
        parent: pl.DataFrame({key: np.arange(1, n_parent + 1), "label": [f"{parent} {i}" for i in range(n_parent)]}),
        child: pl.DataFrame(rows, schema=[f"{child[:-1]}_id", key, xcol, ycol, "visit_date", "tag"], orient="row"),
    }


def _nudge(v: object) -> object:
    if isinstance(v, str):  # +M:SS
        m, s = v.lstrip("+").split(":")
        return _behind(int(m) * 60 + int(s) + 1)
    if isinstance(v, int):
        return v + 1
    text = f"{v}"
    d = len(text.split(".")[1]) if "." in text else 0
    return round(float(v) + 10.0 ** -max(d, 1), max(d, 1))


def _draft(frames: dict[str, pl.DataFrame], name: str) -> dict:
    return inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=name)).spec_data


@pytest.mark.parametrize(("which", "seed"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (0, 5), (2, 6)])
def test_a_column_derived_within_its_parent_is_drafted(which: int, seed: int) -> None:
    _, child, xcol, _, ycol, _, how, order_by, cut = WORLDS[which]
    col = _draft(_world(which, seed), f"rel{which}_{seed}")["tables"][child]["columns"][ycol]
    assert col["generator"] == "running_sum", col
    assert col["of"] == xcol and col.get("relative_to") == how, col
    assert col.get("order_by") == order_by, col
    assert bool(col.get("truncate", False)) == cut, col


@pytest.mark.parametrize(
    ("which", "seed", "spoil"), [(0, 7, "near"), (1, 8, "near"), (2, 9, "random"), (4, 10, "random")]
)
def test_a_column_near_or_unlike_the_derivation_is_not_derived(which: int, seed: int, spoil: str) -> None:
    _, child, _, _, ycol, _, _, _, _ = WORLDS[which]
    col = _draft(_world(which, seed, spoil=spoil), f"spoilt{which}_{seed}")["tables"][child]["columns"][ycol]
    assert col["generator"] != "running_sum", col


def test_a_running_total_of_a_duration_is_drafted() -> None:
    rng = np.random.default_rng(11)
    rows = []
    for car in range(1, 26):
        total = 0
        for stint in range(1, int(rng.integers(3, 9)) + 1):
            secs = int(rng.integers(1500, 3600))
            total += secs
            rows.append((len(rows) + 1, car, stint, f"{secs // 60}:{secs % 60:02d}", _hms(total)))
    frames = {
        "cars": pl.DataFrame({"car_id": np.arange(1, 26), "crew": [f"crew {i}" for i in range(25)]}),
        "stints": pl.DataFrame(rows, schema=["stint_id", "car_id", "stint_no", "stint_time", "elapsed"], orient="row"),
    }
    col = _draft(frames, "stints")["tables"]["stints"]["columns"]["elapsed"]
    assert col["generator"] == "running_sum" and col["of"] == "stint_time" and not col.get("relative_to"), col


def test_relative_to_is_made_per_group_and_checked() -> None:
    frame = pl.DataFrame({"x": [3.0, 1.5, 2.25, 10.0, 4.0], "o": [2, 1, 3, 1, 2]})
    group = np.array([0, 0, 0, 1, 1])

    def made(**kw: object) -> list[object]:
        return running_sum(
            RunningSumColumn.model_validate({"generator": "running_sum", "of": "x", **kw}), frame, group
        ).to_list()

    assert made(relative_to="min") == [1.5, 0.0, 0.75, 6.0, 0.0]
    assert made(relative_to="max") == [0.0, 1.5, 0.75, 0.0, 6.0]
    assert made(relative_to="first", order_by="o") == [1.5, 0.0, 0.75, 0.0, -6.0]
    assert made(relative_to="total", round=3) == [0.444, 0.222, 0.333, 0.714, 0.286]
    assert made(relative_to="min", round=0, truncate=True) == [1.0, 0.0, 0.0, 6.0, 0.0]
    assert made(relative_to="min", round=0) == [2.0, 0.0, 1.0, 6.0, 0.0]  # half away from zero: 0.75 -> 1
    with pytest.raises(ValidationError, match="start"):
        RunningSumColumn.model_validate({"generator": "running_sum", "of": "x", "relative_to": "min", "start": 5})
    with pytest.raises(ValidationError, match="round"):
        RunningSumColumn.model_validate({"generator": "running_sum", "of": "x", "relative_to": "min", "truncate": True})


def test_a_sampled_gap_is_its_stages_best_time_behind_written_as_the_source(tmp_path: Path) -> None:
    model = simulacra.fit(_world(0, 12), seed=0).model  # the draft as inspected, as `fit` reads it
    for out in ("a", "b"):
        simulacra.sample(model, tmp_path / out, seed=1, format="csv")
    written = sorted((tmp_path / "a").rglob("results*.csv"))
    assert written and all(
        f.read_bytes() == (tmp_path / "b" / f.relative_to(tmp_path / "a")).read_bytes() for f in written
    )
    got = pl.read_csv(written[0], infer_schema=False)
    assert bool(got["gap"].str.contains(r"^\+\d+:\d\d$").all()), got["gap"].head()
    assert bool(got["finish_time"].str.contains(r"^\d+:\d\d:\d\d\.\d$").all()), got["finish_time"].head()
    t = got.with_columns(
        parse_duration(got["finish_time"]).alias("__t"), parse_duration(got["gap"]).alias("__g"), pl.col("stage_id")
    )
    want = (pl.col("__t") - pl.col("__t").min().over("stage_id")).round(6).floor()
    share = float(t.select((pl.col("__g") == want).mean()).item())
    assert t.height > 100 and share == 1.0, f"{share:.3f} of sampled gaps are the stage's best time behind"
