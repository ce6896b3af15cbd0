"""A month written as text (``2023-04``, ``2023/04``, ``04/2023``, ``Apr 2023``, ``April 2023``) is drafted as a
date of month grain, written back in its source's form.

Found by the mobile operator probe (``benchmarks/learn_heldout_telecom.py``, issue 13): a bill's ``period``
(``2023-04``) was drafted as a category, its rarest months pooled as ``(other)``, so the source failed
``validate`` against its own draft (rc 4). Planted over the five forms, table and column names, sizes and seeds,
each month a child's inside its parent's period (an account opened on the 1st of a month): the source validates
against its draft, which drafts the column as a date; every sampled value is written in the source's form and is
a month within the source's range, never before its parent's month.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

#: (strftime form, a regex of its text)
FORMS: list[tuple[str, str]] = [
    ("%Y-%m", r"^\d{4}-\d{2}$"),
    ("%Y/%m", r"^\d{4}/\d{2}$"),
    ("%m/%Y", r"^\d{2}/\d{4}$"),
    ("%b %Y", r"^[A-Z][a-z]{2} \d{4}$"),
    ("%B %Y", r"^[A-Z][a-z]+ \d{4}$"),
]

#: (parent table, its key, child table, the month column)
SHAPES = [
    ("accounts", "account_id", "bills", "period"),
    ("employees", "employee_id", "payslips", "pay_month"),
    ("meters", "meter_id", "readings", "cycle"),
    ("members", "member_id", "statements", "statement_for"),
]


def _add_months(d: dt.date, k: int) -> dt.date:
    m = d.month - 1 + k
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def _planted(
    path: Path, shape: int, form: str, n_parents: int, seed: int, *, per_month: int = 1
) -> tuple[list[dt.date], dict[int, dt.date]]:
    """A parent opened on a day of a month (the 1st where ``per_month`` is 1) and its children, ``per_month`` per
    month it ran (some skipped), the month written in ``form``. Returns the children's months and each parent's
    opening day."""
    parent, key, child, col = SHAPES[shape]
    rng = np.random.default_rng(seed)
    opened = {
        i: _add_months(dt.date(2019, 1, 1), int(rng.integers(0, 40))).replace(
            day=1 if per_month == 1 else int(rng.integers(1, 29))
        )
        for i in range(1, n_parents + 1)
    }
    parents = [(i, f"{d:%Y-%m-%d}", float(rng.integers(5, 50))) for i, d in opened.items()]
    rows, months = [], []
    for i, d in opened.items():
        for k in range(int(rng.integers(1, 20))):
            if rng.random() < 0.15:
                continue
            m = _add_months(d, k)
            for _ in range(per_month):
                months.append(m)
                rows.append((len(rows) + 1, i, m.strftime(form), round(float(rng.gamma(2.0, 20.0)), 2)))
    con = sqlite3.connect(path)
    con.execute(f"create table {parent} ({key} integer primary key, opened_on text, fee real)")
    con.execute(
        f"create table {child} (line_id integer primary key, {key} integer references {parent}({key}), "
        f"{col} text, amount real)"
    )
    con.executemany(f"insert into {parent} values (?, ?, ?)", parents)
    con.executemany(f"insert into {child} values (?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return months, opened


@pytest.mark.parametrize(
    ("form", "shape", "n", "seed"),
    [(0, 0, 80, 1), (1, 1, 50, 2), (2, 2, 120, 3), (3, 3, 60, 4), (4, 0, 90, 5), (3, 1, 40, 6)],
)
def test_month_text_is_a_month_in_its_form(tmp_path: Path, form: int, shape: int, n: int, seed: int) -> None:
    fmt, rx = FORMS[form]
    parent, key, child, col = SHAPES[shape]
    db = tmp_path / "src.db"
    months, opened = _planted(db, shape, fmt, n, seed)
    ins = inspect(db)
    assert ins.columns[(child, col)].kind == "date", ins.columns[(child, col)].describe()
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)  # the source validates against its own draft (raises naming a failed check)

    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    out = tmp_path / "out.db"
    simulacra.sample(tmp_path / "model", out, seed=seed)
    con = sqlite3.connect(out)
    got = con.execute(f"select c.{col}, p.opened_on from {child} c join {parent} p using ({key})").fetchall()
    con.close()
    assert len(got) > 0
    text = pl.Series([g[0] for g in got])
    assert bool(text.str.contains(rx).all()), text.head(5).to_list()
    parsed = [dt.datetime.strptime(v, fmt).date() for v in text.to_list()]  # every value in its form
    assert min(parsed) >= min(months) and max(parsed) <= max(months), (min(parsed), max(parsed))
    assert len(set(parsed)) > 1
    # inside its parent's period: never before the month the parent opened in
    early = sum(p < dt.date.fromisoformat(o[:10]).replace(day=1) for p, (_, o) in zip(parsed, got, strict=True))
    assert early == 0, f"{early} of {len(got)} months before their parent's"


@pytest.mark.parametrize(("form", "shape", "n", "seed"), [(0, 0, 70, 11), (4, 2, 50, 12), (2, 3, 90, 13)])
def test_months_after_a_day_of_their_parent(tmp_path: Path, form: int, shape: int, n: int, seed: int) -> None:
    """Several rows per month, parents opened mid-month: the month is never before the parent's month although
    its 1st is before the parent's day — drafted ``after`` the parent at month grain, and the source passes."""
    fmt, _ = FORMS[form]
    parent, key, child, col = SHAPES[shape]
    db = tmp_path / "src.db"
    months, _ = _planted(db, shape, fmt, n, seed, per_month=2)
    ins = inspect(db)
    drafted = ins.spec.tables[child].columns[col]
    assert drafted.grain == "month" and drafted.after_refs() == [f"{key}.opened_on"], drafted
    draft = ins.write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)
    # made by the rules (generate writes ISO dates; the source's form is a learned sample's, tested above)
    out = tmp_path / "gen.db"
    simulacra.generate(draft, out, seed=seed)
    simulacra.validate(draft, out)
    con = sqlite3.connect(out)
    got = con.execute(f"select c.{col}, p.opened_on from {child} c join {parent} p using ({key})").fetchall()
    con.close()
    assert len(got) > 0
    parsed = [dt.date.fromisoformat(str(v)[:10]) for v, _ in got]
    assert all(p.day == 1 for p in parsed), parsed[:5]  # a month: its 1st
    early = sum(p < dt.date.fromisoformat(o[:10]).replace(day=1) for p, (_, o) in zip(parsed, got, strict=True))
    assert early == 0, f"{early} of {len(got)} months before their parent's"
    assert max(parsed) <= max(months)


def test_the_same_seed_writes_the_same_months(tmp_path: Path) -> None:
    db = tmp_path / "src.db"
    _planted(db, 0, "%b %Y", 60, 8)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    runs = []
    for name in ("a.db", "b.db"):
        simulacra.sample(tmp_path / "model", tmp_path / name, seed=4)
        con = sqlite3.connect(tmp_path / name)
        runs.append(con.execute("select period from bills order by line_id").fetchall())
        con.close()
    assert runs[0] == runs[1]


@pytest.mark.parametrize("values", [["2023-04", "1999-13", "2023-05"] * 30, ["Apr 2023", "Foo 2023", "May 2023"] * 30])
def test_text_that_is_not_a_month_stays_text(values: list[str]) -> None:
    frames = {"t": pl.DataFrame({"t_id": list(range(1, len(values) + 1)), "code": values})}
    from simulacra.sources import Source

    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=re.sub(r"\W", "", values[1])))
    assert ins.columns[("t", "code")].kind != "date"
