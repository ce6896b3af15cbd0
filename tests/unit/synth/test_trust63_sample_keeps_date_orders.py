"""``sample`` never breaks an order its own fit learned between a table's dates (issue 13, trust63).

Found by learn99: four date columns on one instant (two date-times, two days of them) learned ``posted <=
created``-style checks that no chain holds (two dates each first), and ``sample`` broke one on ~half its rows.

Planted here (nothing real), per table: k = 2..6 date columns, each the latest of a random set of earlier ones
(a chain, a fork, a join: several firsts) plus a gap that is 0 on a tie share of 0%, 30% or 100% of rows; some
columns dates, some date-times (mixed), some null on a share of rows, the columns in shuffled order, under
several names, seeds and sizes; a child table whose date is on or after its parent's. Property: fit -> sample ->
``check_dataset`` with the learned spec finds no failed check, and ``sample`` does not refuse."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.constraints import check_dataset
from simulacra.spec import load_plan

_NAMES = [
    ["created", "posted", "updated", "shipped", "closed", "archived"],
    ["opened_on", "approved_on", "paid_on", "sent_on", "filed_on", "purged_on"],
    ["t_a", "t_b", "t_c", "t_d", "t_e", "t_f"],
]


def _dated(rng: np.random.Generator, n: int, k: int, tie: float, names: list[str]) -> pl.DataFrame:
    """``k`` dates of one row event: each the latest of 1-2 earlier ones (or the first) plus a gap, 0 on
    ``tie`` of the rows; about half date-times, half days of them; one may be null on some rows."""
    first = np.datetime64("2020-01-01T00:00:00", "ms") + rng.integers(0, 600 * 86_400_000, n).astype("timedelta64[ms]")
    made: list[np.ndarray] = [first]
    for i in range(1, k):
        parents = rng.choice(i, size=min(i, int(rng.integers(1, 3))), replace=False)
        latest = np.max(np.stack([made[p] for p in parents]), axis=0)
        gap = rng.integers(1, 15 * 86_400_000, n) * (rng.uniform(size=n) >= tie)
        made.append(latest + gap.astype("timedelta64[ms]"))
    cols: dict[str, pl.Series] = {}
    for i, v in enumerate(made):
        s = pl.Series(names[i], v)
        if rng.uniform() < 0.5:
            s = s.dt.date()  # the day of the instant
        if i and rng.uniform() < 0.3:  # null on some rows
            s = pl.select(pl.when(pl.Series(rng.uniform(size=n) < 0.2)).then(None).otherwise(s)).to_series()
        cols[names[i]] = s.alias(names[i])
    order = list(rng.permutation(list(cols)))
    return pl.DataFrame({"id": np.arange(1, n + 1), **{c: cols[c] for c in order}, "amount": rng.gamma(3, 10, n)})


def _one_instant(rng: np.random.Generator, n: int, names: list[str]) -> pl.DataFrame:
    """learn99's table: four columns on one instant, two date-times and two days of them."""
    s = pl.Series(np.datetime64("2021-01-01T00:00:00", "ms") + rng.integers(0, 700 * 86_400_000, n).astype("timedelta64[ms]"))  # fmt: skip
    a, b, c, d = names[:4]
    return pl.DataFrame({"id": np.arange(1, n + 1), a: s, b: s.dt.date(), c: s, d: s.dt.date(), "qty": rng.integers(1, 9, n)})  # fmt: skip


def planted(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    names = _NAMES[seed % len(_NAMES)]
    out = {"instant": _one_instant(rng, int(rng.integers(150, 260)), names)}
    for j, (k, tie) in enumerate([(2, 0.0), (3, 0.3), (4, 0.3), (5, 1.0), (6, 0.3)][seed % 2 :: 2]):
        out[f"dated{j}"] = _dated(rng, int(rng.integers(150, 260)), k, tie, _NAMES[(seed + j) % len(_NAMES)])
    parents = out["dated0"]
    child_n = int(rng.integers(200, 320))
    pick = rng.integers(0, parents.height, child_n)
    day = parents.get_column(parents.columns[1]).cast(pl.Date).to_numpy()[pick]
    out["dated0_notes"] = pl.DataFrame(
        {
            "note_id": np.arange(1, child_n + 1),
            "id": parents.get_column("id").to_numpy()[pick],
            "noted_on": day + rng.integers(0, 30, child_n).astype("timedelta64[D]"),
        }
    )
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_sample_keeps_every_date_order_its_fit_learned(seed: int) -> None:
    frames = planted(seed)
    fitted = simulacra.fit(frames, seed=seed)
    orders = [c.check for c in fitted.spec.constraints if c.check and "<" in c.check]
    assert any(c.table == "instant" and c.check for c in fitted.spec.constraints)  # the orders are learned
    assert orders  # and some besides
    out = simulacra.sample(fitted.model, seed=seed).frames  # on base: refuses (DataValidationError)
    failed = [f.problem().render() for f in check_dataset(load_plan(fitted.spec), out) if not f.ok]
    assert failed == []


def family(seed: int) -> dict[str, pl.DataFrame]:
    """A parent with two or three dates in order (ties on a share of rows, a date-time among them) and a child
    whose dated events fall on or after the parent's latest date, some on the same instant (dev: written after
    the fix)."""
    rng = np.random.default_rng(seed)
    parents = _dated(rng, int(rng.integers(120, 200)), int(rng.integers(2, 4)), [0.0, 0.3, 1.0][seed % 3], _NAMES[seed % 3])  # fmt: skip
    dates = [c for c in parents.columns if parents.schema[c] in (pl.Date,) or isinstance(parents.schema[c], pl.Datetime)]  # fmt: skip
    latest = parents.select(pl.max_horizontal(*[pl.col(c).cast(pl.Datetime("ms")) for c in dates])).to_series()
    n = int(rng.integers(250, 400))
    pick = rng.integers(0, parents.height, n)
    at = latest.to_numpy()[pick] + (rng.integers(0, 40 * 86_400_000, n) * (rng.uniform(size=n) > 0.3)).astype("timedelta64[ms]")  # fmt: skip
    return {
        "cases": parents.rename({"id": "case_id"}),
        "case_events": pl.DataFrame(
            {"event_id": np.arange(1, n + 1), "case_id": parents.get_column("id").to_numpy()[pick], "logged_at": at}
        ),
    }


@pytest.mark.parametrize("seed", [5, 6])
def test_a_child_dated_after_its_parents_dates_keeps_every_learned_order(seed: int) -> None:
    frames = family(seed)
    fitted = simulacra.fit(frames, seed=seed)
    out = simulacra.sample(fitted.model, seed=seed).frames
    assert [f.problem().render() for f in check_dataset(load_plan(fitted.spec), out) if not f.ok] == []
    learned = fitted.spec.tables["case_events"].columns["logged_at"]
    parent_dates = [c for c in frames["cases"].columns if c in out["cases"].columns and c not in ("case_id", "amount")]  # fmt: skip
    if getattr(learned, "after", None):  # learned after a parent's date: kept on every row
        j = out["case_events"].join(out["cases"], on="case_id")
        ref = str(learned.after).split(".")[-1]
        assert ref in parent_dates
        bad = j.filter(pl.col("logged_at") < pl.col(ref).cast(pl.Datetime("us"))).height
        assert bad == 0
