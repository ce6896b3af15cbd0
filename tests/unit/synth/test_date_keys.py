"""A table keyed by a date written as text (a calendar's day, a month of a report) learned and sampled.

SQLite keeps dates as text, so a calendar table keyed by its day (``01-Jan-2020``) reaches ``fit`` as text: its key
is an identifier, not a parsed date. A child whose dates are measured from that day (sales on or after it) made
``fit`` stop with an internal error (polars cannot cast text to a date), and a sample's keys, made by the key's
date sequence, were written in ISO form whatever the source's. Planted over six written forms, three shapes (a
day, a week, a month per parent row), sizes and seeds: ``fit`` and ``sample`` succeed, the parent's keys and the
child's references are written in the source's form, the keys are unique, every reference is a parent's key, and a
child's own date is never before its parent's. A key of months is drafted as a sequence of months (a step of 31
days skipped a month now and then).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import yaml

import simulacra
from simulacra.inspection import inspect

#: (strftime form, days between two parent rows: 0 for a month)
FORMS: list[tuple[str, int]] = [
    ("%Y-%m-%d", 1),
    ("%d-%b-%Y", 1),
    ("%d/%m/%Y", 7),
    ("%m/%d/%Y", 1),
    ("%Y-%m", 0),
    ("%b %Y", 0),
]

#: (parent table, its date key, child table, the child's own date)
SHAPES = [
    ("calendar", "day", "sales", "sold_on"),
    ("shifts", "shift_date", "incidents", "reported_on"),
    ("periods", "period", "invoices", "issued_on"),
]


def _nth(start: dt.date, i: int, days: int) -> dt.date:
    if days:
        return start + dt.timedelta(days=i * days)
    m = start.month - 1 + i
    return dt.date(start.year + m // 12, m % 12 + 1, 1)


def _planted(path: Path, form: str, days: int, shape: int, n: int, seed: int) -> None:
    parent, key, child, own = SHAPES[shape]
    rng = np.random.default_rng(seed)
    start = dt.date(2018 + int(rng.integers(0, 4)), int(rng.integers(1, 13)), 1)
    con = sqlite3.connect(path)
    con.execute(f"create table {parent} ({key} text primary key, total real)")
    con.execute(
        f"create table {child} (line_id integer primary key, {key} text references {parent}({key}), "
        f"{own} text, amount real)"
    )
    line = 0
    for i in range(n):
        d = _nth(start, i, days)
        con.execute(f"insert into {parent} values (?, ?)", (d.strftime(form), round(float(rng.gamma(3, 90)), 2)))
        for _ in range(int(rng.integers(1, 5))):
            line += 1
            later = d + dt.timedelta(days=int(rng.integers(0, 20)))
            con.execute(
                f"insert into {child} values (?, ?, ?, ?)",
                (line, d.strftime(form), later.strftime("%Y-%m-%d"), round(float(rng.gamma(2, 15)), 2)),
            )
    con.commit()
    con.close()


def _parse(value: str, form: str) -> dt.date:
    return dt.datetime.strptime(value, form).date()


@pytest.mark.parametrize(
    ("form", "shape", "n", "seed"),
    [(0, 0, 90, 1), (1, 0, 120, 2), (2, 1, 60, 3), (3, 1, 80, 4), (4, 2, 48, 5), (5, 2, 36, 6), (1, 2, 70, 7)],
)
def test_a_date_key_written_as_text(tmp_path: Path, form: int, shape: int, n: int, seed: int) -> None:
    fmt, days = FORMS[form]
    parent, key, child, own = SHAPES[shape]
    db = tmp_path / "src.db"
    _planted(db, fmt, days, shape, n, seed)
    simulacra.fit(db, output=tmp_path / "model", seed=0)  # stopped with an internal error before
    out = tmp_path / "out.db"
    simulacra.sample(tmp_path / "model", out, seed=seed)
    con = sqlite3.connect(out)
    keys = [r[0] for r in con.execute(f"select {key} from {parent}")]
    rows = con.execute(f"select {key}, {own} from {child}").fetchall()
    con.close()
    assert len(keys) == n and len(set(keys)) == n  # unique keys, as many as the source's
    parsed = {k: _parse(k, fmt) for k in keys}  # every key in the source's form (strptime raises otherwise)
    assert all(k == parsed[k].strftime(fmt) for k in keys)
    ordered = sorted(parsed.values())
    if days == 0:  # consecutive months, as the source's (a step of 31 days skipped one now and then)
        assert all(d.day == 1 for d in ordered)
        assert all((b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in zip(ordered, ordered[1:]))
    else:
        assert all((b - a).days == days for a, b in zip(ordered, ordered[1:]))
    assert rows
    assert {r[0] for r in rows} <= set(keys)  # every reference a parent's key, written alike
    early = sum(dt.date.fromisoformat(str(r[1])[:10]) < parsed[r[0]] for r in rows if r[1] is not None)
    assert early <= 0.01 * len(rows), f"{early} of {len(rows)} {own} before their {key}"


def test_the_same_seed_writes_the_same_keys(tmp_path: Path) -> None:
    db = tmp_path / "src.db"
    _planted(db, "%d-%b-%Y", 1, 0, 60, 9)
    simulacra.fit(db, output=tmp_path / "model", seed=0)
    dumps = []
    for name in ("a.db", "b.db"):
        simulacra.sample(tmp_path / "model", tmp_path / name, seed=3)
        con = sqlite3.connect(tmp_path / name)
        dumps.append([line for line in con.iterdump() if "_simulacra_manifest" not in line])  # no run times
        con.close()
    assert dumps[0] == dumps[1]


def test_a_date_key_with_a_value_no_format_reads(tmp_path: Path) -> None:
    """One key of 150 no date format reads (``2020-02-30``) in a reviewed spec that makes the key dates: the key
    stays text rather than losing that value to a null, and the child's dates are learned without the parent's
    day instead of stopping ``fit``."""
    db = tmp_path / "src.db"
    _planted(db, "%Y-%m-%d", 1, 0, 150, 11)
    con = sqlite3.connect(db)
    day = con.execute("select day from calendar order by day limit 1 offset 70").fetchone()[0]
    con.execute("update sales set day = '2020-02-30' where day = ?", (day,))
    con.execute("update calendar set day = '2020-02-30' where day = ?", (day,))
    first = con.execute("select min(day) from calendar").fetchone()[0]
    con.commit()
    con.close()
    draft = yaml.safe_load(inspect(db).write(tmp_path / "draft.yaml").read_text())
    draft["tables"]["calendar"]["columns"]["day"] = {"generator": "date", "start": first, "step": 1}
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(yaml.safe_dump(draft))
    simulacra.fit(db, spec=reviewed, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=1)
    con = sqlite3.connect(tmp_path / "out.db")
    keys = [r[0] for r in con.execute("select day from calendar")]
    refs = {r[0] for r in con.execute("select day from sales")}
    con.close()
    assert len(keys) == len(set(keys)) == 150 and refs <= set(keys)
