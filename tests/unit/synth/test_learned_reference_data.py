"""A learned database keeps what a domain expert reads first: its lookups, its calendar, its codes.

Fitted on the shipped HR example and sampled back, a department list under learned offices came out
as ``name 1…`` placeholders, a calendar keyed by its date as the pattern ``####-##-##`` (2023-19-47),
an agent's level L1–L3 as ``L#`` (L7, L0), and a table with two keys to one parent (a ticket's reporter
and assignee) did not fit at all. Planted here, from seeds (names, sizes, shares, formats vary):

* a chain of small lookups (regions → offices with a city → departments with labels) under which a
  larger table is learned: copied whole, labels and keys kept;
* a calendar whose key is a date (as text, or date/times a fixed number of hours apart) and an index
  that holds each integer of its range once: valid, distinct dates and indexes;
* a code column with a few values, the rarest seen fewer than five times: only real values;
* a child with two foreign keys to one parent: drafted with ``via`` and learned;
* a column that repeats its parent's (a department's title on each of its staff): its parent's;
* columns that spell a part of a date of the row (a weekday name, a month number): the date's.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

_LABELS = ["Sales", "Legal", "Finance", "Ops", "Support", "Research", "Audit", "Facilities", "Payroll", "Design"]
_CITIES = ["Leeds", "Bristol", "Cardiff", "York", "Bath", "Derby", "Exeter", "Lincoln"]


def _source(path: Path, seed: int) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    copy = str(rng.choice(["dept_title", "team_name", "unit"]))  # the staff's copy of its department's title
    wd, wd_fmt = str(rng.choice(["weekday", "dow", "day_name"])), str(rng.choice(["%a", "%A"]))  # parts of the day
    con = sqlite3.connect(path)
    con.executescript(
        f"""create table regions(region_id integer primary key, label text);
        create table offices(office_id integer primary key, region_id integer references regions(region_id), city text);
        create table departments(department_id integer primary key, title text,
          office_id integer references offices(office_id));
        create table staff(staff_id integer primary key, department_id integer references departments(department_id),
          band text, salary real, joined text, {copy} text);
        create table calendar(day text primary key, day_no integer, busy real, {wd} text, month_no integer);
        create table agents(agent_id integer primary key, tier text, rating real);
        create table requests(request_id integer primary key, raised_by integer references staff(staff_id),
          handled_by integer references staff(staff_id), size real);"""
    )
    n_regions = int(rng.integers(2, 5))
    con.executemany("insert into regions values (?,?)", [(i + 1, f"R{i + 1}") for i in range(n_regions)])
    n_offices = int(rng.integers(4, 8))
    offices = [(i + 1, int(rng.integers(1, n_regions + 1)), str(rng.choice(_CITIES))) for i in range(n_offices)]
    con.executemany("insert into offices values (?,?,?)", offices)
    n_dep = int(rng.integers(6, 10))
    titles = [str(t) for t in rng.choice(_LABELS, n_dep, replace=False)]
    departments = [(i + 1, titles[i], int(rng.integers(1, n_offices + 1))) for i in range(n_dep)]
    con.executemany("insert into departments values (?,?,?)", departments)
    # a code column: a few bands for many rows, the rarest seen 1-4 times
    k = int(rng.integers(3, 6))
    prefix = str(rng.choice(["L", "B", "G", "T"]))
    bands = [f"{prefix}{j + 1}" for j in range(k)]
    n_staff = int(rng.integers(300, 400))
    rare = int(rng.integers(1, 5))
    common = rng.choice(bands[:-1], n_staff - rare, p=rng.dirichlet(np.ones(k - 1) * 3))
    staff_bands = [str(b) for b in common] + [bands[-1]] * rare
    rng.shuffle(staff_bands)
    staff = [
        (
            i + 1,
            int(rng.integers(1, n_dep + 1)),
            staff_bands[i],
            round(float(rng.lognormal(10, 0.3)), 2),
            (dt.date(2015, 1, 1) + dt.timedelta(days=int(rng.integers(0, 3000)))).isoformat(),
        )
        for i in range(n_staff)
    ]
    staff = [(*row, titles[row[1] - 1]) for row in staff]
    con.executemany("insert into staff values (?,?,?,?,?,?)", staff)
    # a calendar keyed by its date: days, or date/times every few hours, from a random start
    first = dt.datetime(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1500)))
    hours = int(rng.choice([0, 6, 8]))
    step = dt.timedelta(hours=hours) if hours else dt.timedelta(days=1)
    n_days = int(rng.integers(200, 400))
    base = int(rng.integers(0, 3))
    days = [
        (
            (first + i * step).strftime("%Y-%m-%d %H:%M:%S" if hours else "%Y-%m-%d"),
            base + i,
            float(rng.random()),
            (first + i * step).strftime(wd_fmt),
            (first + i * step).month,
        )
        for i in range(n_days)
    ]
    con.executemany("insert into calendar values (?,?,?,?,?)", days)
    # a small table's code column: 2-3 common tiers, 2-3 rare ones (2-4 rows each) holding > 10% of the rows
    n_common, n_rare = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    tiers = [f"{prefix}{j}" for j in rng.permutation(10)[: n_common + n_rare]]
    rare_rows = [t for t in tiers[n_common:] for _ in range(int(rng.integers(3, 5)))]
    n_agents = int(rng.integers(40, 60))
    agent_tiers = rare_rows + [str(t) for t in rng.choice(tiers[:n_common], n_agents - len(rare_rows))]
    rng.shuffle(agent_tiers)
    con.executemany(
        "insert into agents values (?,?,?)",
        [(i + 1, agent_tiers[i], round(float(rng.normal(3, 1)), 2)) for i in range(n_agents)],
    )
    requests = [
        (i + 1, int(rng.integers(1, n_staff + 1)), int(rng.integers(1, n_staff + 1)), float(rng.gamma(2, 3)))
        for i in range(int(rng.integers(500, 800)))
    ]
    con.executemany("insert into requests values (?,?,?,?)", requests)
    con.commit()
    con.close()
    return {
        "wd": wd,
        "wd_fmt": wd_fmt,
        "copy": copy,
        "titles": sorted(titles),
        "bands": set(bands),
        "tiers": set(tiers),
        "days": n_days,
        "hours": hours,
    }


def _read(path: Path) -> dict[str, pl.DataFrame]:
    con = sqlite3.connect(path)
    names = [
        r[0]
        for r in con.execute("select name from sqlite_master where type='table' and name not like '\\_%' escape '\\'")
    ]
    frames = {n: pl.read_database(f'select * from "{n}"', con, infer_schema_length=None) for n in names}
    con.close()
    return frames


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_lookups_calendar_and_codes_are_kept(tmp_path: Path, seed: int) -> None:
    src = tmp_path / "src.db"
    truth = _source(src, seed)
    spec = inspect(str(src)).spec_data
    assert spec["tables"]["requests"]["rows"]["via"] in ("raised_by", "handled_by")
    simulacra.fit(str(src), output=tmp_path / "model")
    out = tmp_path / "out.db"
    simulacra.sample(tmp_path / "model", output=out, seed=seed)
    real, got = _read(src), _read(out)
    # a chain of lookups: copied, labels and keys kept
    assert sorted(got["departments"]["title"].to_list()) == truth["titles"]
    assert got["departments"].sort("department_id").equals(real["departments"].sort("department_id"))
    assert got["offices"].sort("office_id").equals(real["offices"].sort("office_id"))
    # a column repeating its parent's: its parent's in every row
    joined = got["staff"].join(got["departments"], on="department_id", how="inner")
    assert joined.height == got["staff"].height
    assert float((joined[str(truth["copy"])] == joined["title"]).mean() or 0) >= 0.99
    # the calendar: valid, distinct dates (and date/times), in the source's form; each index once
    days = got["calendar"]["day"].cast(pl.String).str.replace("T", " ")
    parsed = days.str.to_datetime("%Y-%m-%d %H:%M:%S" if truth["hours"] else "%Y-%m-%d", strict=False)
    assert got["calendar"].height == truth["days"]
    assert float(parsed.is_not_null().mean() or 0) >= 0.99
    assert parsed.drop_nulls().n_unique() >= 0.99 * got["calendar"].height
    assert got["calendar"]["day_no"].n_unique() == got["calendar"].height
    # columns that spell a part of the day (its weekday, its month): the day's
    wd = got["calendar"][str(truth["wd"])]
    assert float((wd == parsed.dt.strftime(str(truth["wd_fmt"]))).mean() or 0) >= 0.99
    assert float((got["calendar"]["month_no"] == parsed.dt.month()).mean() or 0) >= 0.99
    # a code column with few values: only real values
    assert set(got["staff"]["band"].drop_nulls().unique().to_list()) <= truth["bands"]  # type: ignore[operator]
    assert set(got["agents"]["tier"].drop_nulls().unique().to_list()) <= truth["tiers"]  # type: ignore[operator]
    assert got["requests"].height > 0
