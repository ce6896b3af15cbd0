"""A child's date after its parent's that is, closer, after an earlier date of its own row (a ticket's first
response: hours after the ticket was opened, both after the customer signed up; issue 13). The draft had
``after: customer_id.created_at`` with a median of 126 days, so a generated response took months and the
elapsed hours drafted on it (``response_hours``) went with it; now ``after: <the row's date>``. Planted with
two seeds and two gap units; a row date not after the same parent date leaves the parent's ``after``."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.sources import Source


def world(seed: int, unit: str, *, own_parent_date: bool = True) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_p, n = 200, 900
    joined = [dt.datetime(2021, 1, 1) + dt.timedelta(hours=int(h)) for h in rng.integers(0, 24 * 700, n_p)]
    owner = rng.integers(1, n_p + 1, n)
    step = {"hours": 3600, "minutes": 60}[unit]
    opened = [joined[o - 1] + dt.timedelta(days=float(d)) for o, d in zip(owner, rng.exponential(100, n), strict=True)]
    if not own_parent_date:  # the row's first date is not always after the parent's
        opened = [o - dt.timedelta(days=400) if i % 3 == 0 else o for i, o in enumerate(opened)]
    first = [o + dt.timedelta(seconds=float(g) * step) for o, g in zip(opened, rng.lognormal(1.5, 0.7, n), strict=True)]
    if not own_parent_date:
        first = [max(f, joined[o - 1] + dt.timedelta(hours=1)) for f, o in zip(first, owner, strict=True)]
    parents = pl.DataFrame({"member_id": np.arange(1, n_p + 1), "joined": joined})
    rows = pl.DataFrame({"entry_id": np.arange(1, n + 1), "member_id": owner, "t0": opened, "t1": first})
    return {"members": parents, "entries": rows}


def _draft(frames: dict[str, pl.DataFrame]):  # type: ignore[no-untyped-def]
    src = Source(
        location="w",
        kind="folder",
        frames=frames,
        primary_keys={"members": ["member_id"], "entries": ["entry_id"]},
        fingerprint="w",
    )
    return inspect(src).spec.tables["entries"].columns


@pytest.mark.parametrize("unit", ["hours", "minutes"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_date_closer_to_its_rows_date_is_drafted_after_it(seed: int, unit: str) -> None:
    cols = _draft(world(seed, unit))
    assert cols["t0"].after == "member_id.joined"  # type: ignore[union-attr]
    assert cols["t1"].after == "t0", cols["t1"]  # type: ignore[union-attr]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_row_date_not_after_the_parents_leaves_the_parents_after(seed: int) -> None:
    cols = _draft(world(seed, "hours", own_parent_date=False))
    assert cols["t1"].after != "t0"  # type: ignore[union-attr]
