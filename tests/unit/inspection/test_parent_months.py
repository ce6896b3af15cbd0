"""One child per month of its parent's period (issue 13): a subscription's bills, a lease's rent invoices, an
employee's payslips — one for each month from the parent's start month to its end month, or to the data's
last month while it is open.

Found by the mobile operator probe (``benchmarks/learn_heldout_telecom.py``): learned as a count per parent, the
sampled subscriptions had as many bills as their months in 35% of parents. Planted over names, sizes (50-400
parents), periods of 1-30 months, with and without open ends, dates or months written as text, and seeds:
drafted as ``rows.months``, at least 99% of the sampled parents have exactly one child per month of their sampled
period, the months exactly those; children that skip months are not given the rule.
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

#: (parent table, its key, start column, end column, child table, month column)
SHAPES = [
    ("subscriptions", "subscription_id", "start_date", "end_date", "bills", "period"),
    ("leases", "lease_id", "move_in", "move_out", "rent_invoices", "rent_month"),
    ("employees", "employee_id", "hired_on", "left_on", "payslips", "pay_month"),
]
LAST = dt.date(2024, 6, 1)  # the data's last month


def _add_months(d: dt.date, k: int) -> dt.date:
    m = d.year * 12 + d.month - 1 + k
    return dt.date(m // 12, m % 12 + 1, 1)


def _months(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + 1


def _planted(path: Path, shape: int, n: int, seed: int, *, open_share: float, text: bool, skip: float = 0.0) -> None:
    """``n`` parents with periods of 1-30 months (``open_share`` still open: to ``LAST``'s month), and a child per
    month of each (a month left out with chance ``skip``), the month a date on the 1st or ``YYYY-MM`` text."""
    parent, key, start, end, child, col = SHAPES[shape]
    rng = np.random.default_rng(seed)
    prow, crow = [], []
    for i in range(1, n + 1):
        k = int(rng.integers(1, 31))
        s = _add_months(LAST, -int(rng.integers(0, 40))) + dt.timedelta(days=int(rng.integers(0, 28)))
        e: dt.date | None = _add_months(s, k - 1) + dt.timedelta(days=int(rng.integers(0, 27)))
        if rng.random() < open_share or e is None or e >= LAST:
            e = None
        prow.append((i, s.isoformat(), None if e is None else e.isoformat(), float(rng.integers(10, 60))))
        for j in range(_months(s, e or LAST)):
            if skip and rng.random() < skip:
                continue
            m = _add_months(s, j)
            crow.append((len(crow) + 1, i, f"{m:%Y-%m}" if text else m.isoformat(), round(float(rng.gamma(2, 20)), 2)))
    con = sqlite3.connect(path)
    con.execute(f"create table {parent} ({key} integer primary key, {start} date, {end} date, fee real)")
    con.execute(
        f"create table {child} (line_id integer primary key, {key} integer references {parent}({key}), "
        f"{col} {'text' if text else 'date'}, amount real)"
    )
    con.executemany(f"insert into {parent} values (?, ?, ?, ?)", prow)
    con.executemany(f"insert into {child} values (?, ?, ?, ?)", crow)
    con.commit()
    con.close()


def _month_of(v: str) -> dt.date:
    return dt.date(int(v[:4]), int(v[5:7]), 1)


@pytest.mark.parametrize(
    ("shape", "n", "seed", "open_share", "text"),
    [(0, 200, 1, 0.5, True), (1, 60, 2, 0.0, False), (2, 400, 3, 0.3, False), (0, 120, 4, 0.0, True)],
)
def test_one_child_per_month_of_the_parent(
    tmp_path: Path, shape: int, n: int, seed: int, open_share: float, text: bool
) -> None:
    parent, key, start, end, child, col = SHAPES[shape]
    db = tmp_path / "src.db"
    _planted(db, shape, n, seed, open_share=open_share, text=text)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    simulacra.validate(draft, db)  # the source holds its own draft

    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    for s in (seed, seed + 10):
        out = tmp_path / f"out{s}.db"
        simulacra.sample(tmp_path / "model", out, seed=s)
        con = sqlite3.connect(out)
        periods = con.execute(f"select {key}, {start}, {end} from {parent}").fetchall()
        got: dict[int, list[dt.date]] = {}
        for k, v in con.execute(f"select {key}, {col} from {child}").fetchall():
            got.setdefault(k, []).append(_month_of(str(v)))
        con.close()
        good = 0
        for k, a, b in periods:
            first = _month_of(str(a))
            last = _month_of(str(b)) if b is not None else LAST
            want = [_add_months(first, j) for j in range(max(_months(first, last), 0))]
            good += sorted(got.get(k, [])) == want
        assert good >= 0.99 * len(periods), f"{good} of {len(periods)} parents hold exactly their months"
    # a readable rule of the reviewed spec (a user can remove it)
    rows = yaml.safe_load(draft.read_text())["tables"][child]["rows"]
    assert rows.get("months") == {"column": col, "start": start, "end": end, "until": LAST.isoformat()}, rows


@pytest.mark.parametrize(("shape", "seed", "skip"), [(0, 5, 0.3), (2, 6, 0.15)])
def test_children_that_skip_months_get_no_rule(tmp_path: Path, shape: int, seed: int, skip: float) -> None:
    _, _, _, _, child, _ = SHAPES[shape]
    db = tmp_path / "src.db"
    _planted(db, shape, 150, seed, open_share=0.3, text=False, skip=skip)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    rows = yaml.safe_load(draft.read_text())["tables"][child]["rows"]
    assert "months" not in rows, rows


def _drafted(tmp_path: Path, shape: int, seed: int) -> tuple[Path, Path]:
    db = tmp_path / "src.db"
    _planted(db, shape, 80, seed, open_share=0.3, text=False)
    return db, inspect(db).write(tmp_path / "draft.yaml")


@pytest.mark.parametrize(("shape", "seed"), [(1, 7), (2, 8)])
def test_validate_checks_the_months(tmp_path: Path, shape: int, seed: int) -> None:
    """A sample validates against the rule; a source with a month missing from one parent does not."""
    parent, key, _, _, child, col = SHAPES[shape]
    db, draft = _drafted(tmp_path, shape, seed)
    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=seed)
    simulacra.validate(draft, tmp_path / "out.db")
    con = sqlite3.connect(db)
    (k,) = con.execute(f"select {key} from {child} group by {key} having count(*) > 2 limit 1").fetchone()
    con.execute(f"delete from {child} where line_id = (select max(line_id) - 1 from {child} where {key} = ?)", (k,))
    con.commit()
    con.close()
    with pytest.raises(Exception, match="one per month"):
        simulacra.validate(draft, db)


def test_the_rule_can_be_removed(tmp_path: Path) -> None:
    """Without ``rows.months`` (a user took it out) the counts are learned again: fit and sample run."""
    db, draft = _drafted(tmp_path, 0, 9)
    spec = yaml.safe_load(draft.read_text())
    del spec["tables"]["bills"]["rows"]["months"]
    draft.write_text(yaml.safe_dump(spec, sort_keys=False))
    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=1)
    con = sqlite3.connect(tmp_path / "out.db")
    assert con.execute("select count(*) from bills").fetchone()[0] > 0
    con.close()


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ({"column": "period", "start": "start_date", "until": "June"}, "not an ISO date"),
        ({"column": "period", "start": "begun", "until": "2024-06-01"}, "unknown column 'subscriptions.begun'"),
        ({"column": "month", "start": "start_date", "until": "2024-06-01"}, "unknown column 'bills.month'"),
    ],
)
def test_a_wrong_rule_is_a_located_error(tmp_path: Path, months: dict[str, str], message: str) -> None:
    db, draft = _drafted(tmp_path, 0, 10)
    spec = yaml.safe_load(draft.read_text())
    spec["tables"]["bills"]["rows"]["months"] = months
    draft.write_text(yaml.safe_dump(spec, sort_keys=False))
    with pytest.raises(Exception, match=message):
        simulacra.validate(draft, db)


@pytest.mark.parametrize(("shape", "seed", "text", "chunk"), [(0, 11, True, 100_000), (2, 12, False, 97)])
def test_generate_keeps_the_months(tmp_path: Path, shape: int, seed: int, text: bool, chunk: int) -> None:
    """``generate`` from the draft: each parent its months, once each (chunks that split a parent's children
    too), and the output validates against the draft."""
    parent, key, start, end, child, col = SHAPES[shape]
    db = tmp_path / "src.db"
    _planted(db, shape, 90, seed, open_share=0.3, text=text)
    draft = inspect(db).write(tmp_path / "draft.yaml")
    out = tmp_path / "gen.db"
    simulacra.generate(draft, out, seed=seed, chunk_size=chunk)
    simulacra.validate(draft, out)
    con = sqlite3.connect(out)
    periods = con.execute(f"select {key}, {start}, {end} from {parent}").fetchall()
    got: dict[int, list[dt.date]] = {}
    for k, v in con.execute(f"select {key}, {col} from {child}").fetchall():
        got.setdefault(k, []).append(_month_of(str(v)))
    con.close()
    for k, a, b in periods:
        first = _month_of(str(a))
        last = _month_of(str(b)) if b is not None else LAST
        assert sorted(got.get(k, [])) == [_add_months(first, j) for j in range(max(_months(first, last), 0))], k
