"""One row per second parent and date (issue 13, found on the held-out-like parcel company of
``benchmarks/heldout_logistics.py``: one route per driver and day), planted in generated data.

A table has its rows' parent (a van, a branch) and a second key (a driver of the van's depot, an account);
no (second key, date) pair repeats, where chance would repeat several. ``inspect`` drafts
``unique: [second key, date]``; fit -> sample keeps it by drawing the second key again for a later row that
repeats a pair (among the same candidates: a driver still of the van's depot).

Shapes: a date per day with the second key matched through the parent (a trip's driver of its van's depot);
a date per month (first of the month: one statement per account and month). Never drafted: the same pairs
with two planted repeats (near unique); days so spread over the years that no repeat was expected by chance
(no evidence). Days with nulls are drafted on the rows with a day (a row with a null in a unique set never
conflicts: NULLS DISTINCT); before learn-distinct56 they were not, a sample keeping the rule having drawn no null
day (``test_nullable_date_once_per_parent.py`` holds that shape now).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source
from simulacra.spec import load_plan
from simulacra.spec.model import ConstraintSpec

DAY0 = np.datetime64("2022-01-03")


def _source(name: str, frames: dict[str, pl.DataFrame], keys: list[tuple[str, str, str, str]]) -> Source:
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    fks = [ForeignKey(t, c, rt, rc) for t, c, rt, rc in keys]
    return Source(location=name, kind="folder", frames=frames, primary_keys=pks, foreign_keys=fks, fingerprint=name)


def _free_days(rng: np.random.Generator, owners: np.ndarray, days: np.ndarray) -> np.ndarray:
    """For each row a day (of ``days``) its owner holds no other row on."""
    taken: set[tuple[int, int]] = set()
    out = np.empty(len(owners), dtype=np.int64)
    for i, o in enumerate(owners.tolist()):
        while True:
            d = int(rng.choice(days))
            if (o, d) not in taken:
                taken.add((o, d))
                out[i] = d
                break
    return out


def trips(
    seed: int, *, repeats: int = 0, null_share: float = 0.0, null_once: bool = True, span: int = 300
) -> dict[str, pl.DataFrame]:
    """Depots; vans and drivers of a depot; trips per van, each by a driver of the van's depot, at most one
    per driver and day (``repeats`` pairs planted twice; ``null_share`` of days null; days over ``span``)."""
    rng = np.random.default_rng(seed)
    n_dep, n_van, n_drv = 5, 30, 60
    depots = pl.DataFrame({"depot_id": np.arange(1, n_dep + 1), "size": rng.integers(1, 9, n_dep)})
    van_dep = np.r_[np.arange(1, n_dep + 1), rng.integers(1, n_dep + 1, n_van - n_dep)]
    drv_dep = np.r_[np.arange(1, n_dep + 1), rng.integers(1, n_dep + 1, n_drv - n_dep)]
    vans = pl.DataFrame({"van_id": np.arange(1, n_van + 1), "depot_id": van_dep, "seats": rng.integers(2, 4, n_van)})
    drivers = pl.DataFrame({"driver_id": np.arange(101, 101 + n_drv), "depot_id": drv_dep})
    van = np.repeat(np.arange(1, n_van + 1), rng.integers(10, 30, n_van))
    by_dep = {d: np.flatnonzero(drv_dep == d) + 101 for d in range(1, n_dep + 1)}
    driver = np.array([int(rng.choice(by_dep[int(van_dep[v - 1])])) for v in van])
    day = _free_days(rng, driver, np.arange(span))
    if repeats:  # a near-unique decoy: a few pairs twice
        day[rng.choice(len(day), repeats, replace=False)] = -1
        for i in np.flatnonzero(day == -1):
            same = np.flatnonzero((driver == driver[i]) & (day >= 0))
            day[i] = day[same[0]]
    dates = (DAY0 + day.astype("timedelta64[D]")).astype("datetime64[D]")
    trip = pl.DataFrame(
        {
            "trip_id": np.arange(1, len(van) + 1),
            "van_id": van,
            "driver_id": driver,
            "trip_date": dates,
            "km": np.round(rng.gamma(2.0, 30.0, len(van)), 1),
        }
    )
    if null_share:  # a date not recorded; ``null_once``: at most one such trip per driver
        null = rng.random(len(van)) < null_share
        if null_once:
            null &= pl.Series(driver).is_first_distinct().to_numpy()
        trip = trip.with_columns(pl.when(pl.Series(null)).then(None).otherwise(pl.col("trip_date")).alias("trip_date"))
    return {"depots": depots, "vans": vans, "drivers": drivers, "trips": trip}


def statements(seed: int) -> dict[str, pl.DataFrame]:
    """Branches; accounts; statements per branch, each for an account on the first of a month, at most one
    per account and month."""
    rng = np.random.default_rng(seed)
    n_br, n_acc = 12, 80
    branches = pl.DataFrame({"branch_id": np.arange(1, n_br + 1), "staff": rng.integers(3, 30, n_br)})
    accounts = pl.DataFrame({"account_id": np.arange(1, n_acc + 1), "kind": rng.choice(["a", "b"], n_acc)})
    branch = np.repeat(np.arange(1, n_br + 1), rng.integers(25, 45, n_br))
    account = rng.integers(1, n_acc + 1, len(branch))
    month = _free_days(rng, account, np.arange(24))
    firsts = np.array([np.datetime64("2021-01") + np.timedelta64(int(m), "M") for m in month]).astype("datetime64[D]")
    st = pl.DataFrame(
        {
            "statement_id": np.arange(1, len(branch) + 1),
            "branch_id": branch,
            "account_id": account,
            "period": firsts,
            "balance": np.round(rng.normal(1000, 300, len(branch)), 2),
        }
    )
    return {"branches": branches, "accounts": accounts, "statements": st}


TRIP_KEYS = [
    ("vans", "depot_id", "depots", "depot_id"),
    ("drivers", "depot_id", "depots", "depot_id"),
    ("trips", "van_id", "vans", "van_id"),
    ("trips", "driver_id", "drivers", "driver_id"),
]
STATEMENT_KEYS = [
    ("statements", "branch_id", "branches", "branch_id"),
    ("statements", "account_id", "accounts", "account_id"),
]
SHAPES = [  # (name, frames, keys, table, second key, date)
    ("per day", lambda s: trips(s), TRIP_KEYS, "trips", "driver_id", "trip_date"),
    ("per month", statements, STATEMENT_KEYS, "statements", "account_id", "period"),
]


def _failed(spec: object, frames: dict[str, pl.DataFrame]) -> list[str]:
    return [f.check for f in check_dataset(load_plan(spec), frames) if not f.ok]  # type: ignore[arg-type]


def _unique_sets(spec: object, table: str) -> set[tuple[str, ...]]:
    return {tuple(c.unique) for c in spec.constraints if c.table == table and c.unique}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "make", "keys", "table", "key", "day"), SHAPES, ids=[s[0] for s in SHAPES])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_date_unique_per_second_parent_is_drafted_and_kept(
    name: str, make: object, keys: list[tuple[str, str, str, str]], table: str, key: str, day: str, seed: int
) -> None:
    frames = make(seed)  # type: ignore[operator]
    spec = inspect(_source(name, frames, keys)).spec
    assert (key, day) in _unique_sets(spec, table)
    assert not _failed(spec, frames)  # the source holds its own draft
    model = DatasetSynthesizer(seed=0).fit(frames, spec)
    for s in (1, 2):
        out = model.sample(seed=s)
        t = out[table]
        assert t.height > 200
        pairs = t.select(key, day).drop_nulls()
        repeats = pairs.height - pairs.unique().height
        if table == "trips":  # the driver drawn again is still one of the van's depot
            both = t.join(out["vans"], on="van_id").join(out["drivers"], on="driver_id", suffix="_d")
            assert (both["depot_id"] == both["depot_id_d"]).all()
            # a repeat is left only where every driver of the depot holds a trip that day (sampled dates
            # that ran past the source's last day are spread just before it, where they crowd)
            busy = both.group_by("depot_id", day).agg(pl.col(key).n_unique().alias("busy"))
            crew = out["drivers"].group_by("depot_id").len()
            full = busy.join(crew, on="depot_id").filter(pl.col("busy") >= pl.col("len"))
            left = both.filter(pl.struct(key, day).is_duplicated()).join(full, on=["depot_id", day], how="anti")
            assert left.height == 0, f"{name}: repeats where a driver was free"
            assert repeats <= t.height // 200
        else:
            assert repeats == 0, f"{name}: repeated ({key}, {day}) pairs"
        if not repeats:
            assert not _failed(spec, out)


@pytest.mark.parametrize("seed", [1, 2])
def test_near_unique_and_chance_unique_dates_are_not_drafted_nullable_ones_are(seed: int) -> None:
    near = inspect(_source("near", trips(seed, repeats=2), TRIP_KEYS)).spec
    assert ("driver_id", "trip_date") not in _unique_sets(near, "trips")
    # ~10 trips per driver over 40 years: no two trips share a day, so no repeat was expected by chance
    sparse = inspect(_source("sparse", trips(seed, span=15_000), TRIP_KEYS)).spec
    assert ("driver_id", "trip_date") not in _unique_sets(sparse, "trips")
    # days with nulls, once or several times a driver: drafted on the rows with a day (NULLS DISTINCT), and the
    # source holds its own draft
    for once in (True, False):
        nulls = trips(seed, null_share=0.5 if once else 0.15, null_once=once)
        assert nulls["trips"]["trip_date"].null_count() > 10
        spec = inspect(_source("nulls", nulls, TRIP_KEYS)).spec
        assert ("driver_id", "trip_date") in _unique_sets(spec, "trips")
        assert not _failed(spec, nulls)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_written_unique_second_key_and_date_is_kept_by_fit(seed: int) -> None:
    """The rule written by hand (a reviewed draft that did not have it): fit keeps it all the same."""
    frames = statements(seed)
    spec = inspect(_source("by hand", frames, STATEMENT_KEYS)).spec
    rule = ConstraintSpec(table="statements", unique=["account_id", "period"])
    spec = spec.model_copy(update={"constraints": [c for c in spec.constraints if not c.unique] + [rule]})
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
    pairs = out["statements"].select("account_id", "period")
    assert pairs.height > 200 and pairs.height == pairs.unique().height
    # the accounts drawn again keep the table's spread: no account takes most of the repeats
    per = out["statements"].group_by("account_id").len().get_column("len")
    assert per.max() <= 3 * per.mean()
