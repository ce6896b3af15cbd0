"""Learned aggregates (issue 13): a reviewed spec's ``aggregate`` columns are computed from the sampled children,
as generation makes them, so a sample's parent totals equal its children's.

Planted in SQLite databases the test writes, names and sizes drawn from a seed: a customer's number of orders
(count), an order's total of its lines to the cent (sum), its latest line date (max), in a chain of three
tables (the customer waits for its orders, the order for its lines), and a count through a second key
(``via``: an agent's tickets it is assigned, the tickets made per their reporter). ``inspect`` drafts them;
``fit --spec`` learned nothing of them before (it refused the spec). Every sampled parent row equals its
children's aggregate, in memory and written to a database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.constraints import check_dataset
from simulacra.errors import SpecError
from simulacra.inspection import inspect
from simulacra.spec import model as m
from simulacra.spec.plan import make_plan

NAMES = [
    ("customers", "orders", "lines", "n_orders", "total", "last_line_on", "amount", "line_on"),
    ("members", "baskets", "items", "basket_count", "basket_total", "latest_item", "price", "added_on"),
]


def ledger(tmp_path: Path, seed: int) -> tuple[Path, tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    top, mid, low, n_col, sum_col, max_col, value, day = NAMES[seed % len(NAMES)]
    n = int(rng.integers(150, 300))
    per = rng.poisson(rng.uniform(1.5, 4), n)
    per[rng.random(n) < 0.1] = 0
    owner = np.repeat(np.arange(1, n + 1), per)
    m = len(owner)
    k = rng.integers(1, 6, m)
    order = np.repeat(np.arange(1, m + 1), k)
    decimals = int(rng.integers(0, 3))
    amounts = np.round(rng.lognormal(2.5, 0.8, len(order)), decimals)
    days = np.datetime64("2022-01-01") + rng.integers(0, 700, len(order)).astype("timedelta64[D]")
    lines = pl.DataFrame({"lid": np.arange(1, len(order) + 1), "oid": order, value: amounts, day: days})
    sums = lines.group_by("oid").agg(
        pl.col(value).sum().round(decimals).alias(sum_col), pl.col(day).max().alias(max_col)
    )
    orders = (
        pl.DataFrame({"oid": np.arange(1, m + 1), "cid": owner, "channel": rng.choice(["web", "shop", "phone"], m)})
        .join(sums, on="oid", how="left")
        .sort("oid")
    )
    counts = orders.group_by("cid").agg(pl.len().alias(n_col))
    customers = (
        pl.DataFrame({"cid": np.arange(1, n + 1), "tier": rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2])})
        .join(counts, on="cid", how="left")
        .with_columns(pl.col(n_col).fill_null(0))
        .sort("cid")
    )
    db = tmp_path / f"ledger{seed}.db"
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE {top} (cid INTEGER PRIMARY KEY, tier TEXT, {n_col} INTEGER)")
        con.execute(
            f"CREATE TABLE {mid} (oid INTEGER PRIMARY KEY, cid INTEGER REFERENCES {top}(cid), channel TEXT, "
            f"{sum_col} REAL, {max_col} TEXT)"
        )
        con.execute(
            f"CREATE TABLE {low} (lid INTEGER PRIMARY KEY, oid INTEGER REFERENCES {mid}(oid), {value} REAL, {day} TEXT)"
        )
        con.executemany(f"INSERT INTO {top} VALUES (?,?,?)", customers.rows())
        con.executemany(
            f"INSERT INTO {mid} VALUES (?,?,?,?,?)",
            [(a, b, c, d, str(e)) for a, b, c, d, e in orders.rows()],
        )
        con.executemany(f"INSERT INTO {low} VALUES (?,?,?,?)", [(a, b, c, str(d)) for a, b, c, d in lines.rows()])
    return db, (top, mid, low, n_col, sum_col, max_col)


def _read(db: Path) -> dict[str, pl.DataFrame]:
    con = sqlite3.connect(db)
    names = [
        r[0]
        for r in con.execute("select name from sqlite_master where type='table' and name not like '\\_%' escape '\\'")
    ]
    out = {n: pl.read_database(f'select * from "{n}"', con, infer_schema_length=None) for n in names}
    con.close()
    return out


def _exact(frames: dict[str, pl.DataFrame], names: tuple[str, ...]) -> dict[str, float]:
    top, mid, low, n_col, sum_col, max_col = names
    value = next(c for c in frames[low].columns if c not in ("lid", "oid") and frames[low].schema[c].is_numeric())
    day = next(c for c in frames[low].columns if c not in ("lid", "oid", value))
    per = (
        frames[low]
        .group_by("oid")
        .agg(pl.col(value).sum().alias("__s"), pl.col(day).cast(pl.String).str.slice(0, 10).max().alias("__d"))
    )
    o = frames[mid].join(per, on="oid", how="left")
    c = frames[top].join(frames[mid].group_by("cid").agg(pl.len().alias("__n")), on="cid", how="left")
    return {
        "count": float((c[n_col] == c["__n"].fill_null(0)).mean() or 0.0),
        "sum": float(((o[sum_col] - o["__s"]).abs() < 0.006).mean() or 0.0),
        "max": float((o[max_col].cast(pl.String).str.slice(0, 10) == o["__d"]).mean() or 0.0),
    }


@pytest.mark.parametrize("seed", [0, 1])
def test_a_reviewed_specs_aggregates_are_computed_from_the_sampled_children(tmp_path: Path, seed: int) -> None:
    db, names = ledger(tmp_path, seed)
    top, mid, _low, n_col, sum_col, max_col = names
    assert _exact(_read(db), names) == {"count": 1.0, "sum": 1.0, "max": 1.0}
    spec = inspect(db).write(tmp_path / "draft.yaml")
    drafted = inspect(db).spec
    assert drafted.tables[top].columns[n_col].generator == "aggregate"
    assert drafted.tables[mid].columns[sum_col].generator == "aggregate"
    assert drafted.tables[mid].columns[max_col].generator == "aggregate"
    fitted = simulacra.fit(db, spec=spec, output=tmp_path / "model")
    for s in (1, 2):
        got = simulacra.sample(tmp_path / "model", seed=s)
        assert got.frames is not None and got.frames[mid].height > 100
        assert _exact(got.frames, names) == {"count": 1.0, "sum": 1.0, "max": 1.0}
        assert all(f.ok for f in check_dataset(fitted.model.plan_, got.frames) if "aggregate" in f.check)
    out = tmp_path / "out.db"
    simulacra.sample(tmp_path / "model", out, seed=1, chunk_rows=50)  # written table by table, in runs
    written = _read(out)
    assert _exact(written, names) == {"count": 1.0, "sum": 1.0, "max": 1.0}
    assert written[mid]["cid"].is_in(written[top]["cid"].implode()).all()
    # the other columns are still learned: the parents' tiers keep their shares
    share = written[top]["tier"].value_counts(normalize=True).sort("tier")["proportion"].to_numpy()
    assert share[0] > share[2]


def test_a_count_through_a_second_key_is_computed(tmp_path: Path) -> None:
    """An agent's count of the tickets assigned to it, the tickets made per their customer (``via``)."""
    rng = np.random.default_rng(7)
    n_cust, n_agent = 300, 40
    per = rng.poisson(rng.choice([0.5, 5.0], n_cust))
    customer = np.repeat(np.arange(1, n_cust + 1), per)
    assignee = rng.integers(1, n_agent + 1, len(customer))
    assigned = np.bincount(assignee, minlength=n_agent + 1)[1:]
    db = tmp_path / "desk.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE customers (cid INTEGER PRIMARY KEY, segment TEXT)")
        con.execute("CREATE TABLE agents (aid INTEGER PRIMARY KEY, team TEXT, n_assigned INTEGER)")
        con.execute(
            "CREATE TABLE tickets (tid INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(cid), "
            "assignee_id INTEGER REFERENCES agents(aid), hours REAL)"
        )
        seg, teams = rng.choice(["s", "m", "l"], n_cust), rng.choice(["x", "y"], n_agent)
        con.executemany("INSERT INTO customers VALUES (?,?)", [(i + 1, str(seg[i])) for i in range(n_cust)])
        con.executemany(
            "INSERT INTO agents VALUES (?,?,?)", [(i + 1, str(teams[i]), int(assigned[i])) for i in range(n_agent)]
        )
        hours = np.round(rng.gamma(2.0, 2.0, len(customer)), 1)
        con.executemany(
            "INSERT INTO tickets VALUES (?,?,?,?)",
            [(i + 1, int(customer[i]), int(assignee[i]), float(hours[i])) for i in range(len(customer))],
        )
    spec = inspect(db).spec
    col = spec.tables["agents"].columns["n_assigned"]
    assert col.generator == "aggregate"
    # reviewed: the tickets are made per their customer, so the agents' count reads them through assignee_id
    tickets, agents = spec.tables["tickets"], spec.tables["agents"]
    rows = tickets.rows.model_copy(update={"per": "customers", "via": None})  # type: ignore[union-attr]
    cols = {**agents.columns, "n_assigned": col.model_copy(update={"via": "assignee_id"})}
    spec = spec.model_copy(
        update={
            "tables": {
                **spec.tables,
                "tickets": tickets.model_copy(update={"rows": rows}),
                "agents": agents.model_copy(update={"columns": cols}),
            }
        }
    )
    model = simulacra.fit(db, spec=spec).model
    for s in (1, 2):
        got = simulacra.sample(model, seed=s).frames
        assert got is not None and got["tickets"].height > 100
        n_got = got["agents"].join(
            got["tickets"].group_by("assignee_id").agg(pl.len().alias("__n")),
            left_on="aid",
            right_on="assignee_id",
            how="left",
        )
        assert (n_got["n_assigned"] == n_got["__n"].fill_null(0)).all()


def test_a_column_derived_from_an_aggregate_is_refused_before_learning(tmp_path: Path) -> None:
    db, names = ledger(tmp_path, 0)
    top, _mid, _low, n_col, _s, _m = names
    spec = inspect(db).spec
    cols = dict(spec.tables[top].columns)
    cols["busy"] = m.ExpressionColumn(generator="expression", expr=f"{n_col} > 2")
    spec = spec.model_copy(
        update={"tables": {**spec.tables, top: spec.tables[top].model_copy(update={"columns": cols})}}
    )
    with pytest.raises(SpecError, match=rf"table '{top}', column 'busy': derived from an aggregate"):
        simulacra.fit(db, spec=spec, output=tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_a_later_table_reads_the_computed_aggregate(tmp_path: Path) -> None:
    """A payment's amount is its order's total (an expression reading the aggregate): made after the lines,
    it reads the total computed from them, in memory and written."""
    db, names = ledger(tmp_path, 0)
    _top, mid, low, _n, sum_col, _m = names
    with sqlite3.connect(db) as con:
        con.execute(
            f"CREATE TABLE payments (pay_id INTEGER PRIMARY KEY, oid INTEGER REFERENCES {mid}(oid), amount REAL)"
        )
        con.execute(f"INSERT INTO payments SELECT oid, oid, {sum_col} FROM {mid}")
    spec = inspect(db).spec
    assert spec.tables["payments"].columns["amount"].generator == "expression"  # type: ignore[union-attr]
    value = next(c for c in ("amount", "price") if c in spec.tables[low].columns)
    agg = m.AggregateColumn(generator="aggregate", function="sum", of=f"{low}.{value}", round=2)
    cols = {**spec.tables[mid].columns, sum_col: agg}  # as drafted since learn-keys3 (the payment copies it)
    spec = spec.model_copy(
        update={"tables": {**spec.tables, mid: spec.tables[mid].model_copy(update={"columns": cols})}}
    )
    simulacra.fit(db, spec=spec, output=tmp_path / "model")
    for got in (simulacra.sample(tmp_path / "model", seed=1).frames, None):
        if got is None:
            simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=1, chunk_rows=100)
            got = _read(tmp_path / "out.db")
        assert got is not None
        pay = got["payments"].join(got[mid].select("oid", sum_col), on="oid")
        assert pay.height > 100 and ((pay["amount"] - pay[sum_col]).abs() < 1e-9).all()
        sums = got[low].group_by("oid").agg(pl.col(value).sum().alias("__s"))
        o = got[mid].join(sums, on="oid", how="left")
        assert ((o[sum_col] - o["__s"].fill_null(0)).abs() < 0.006).all()


def test_a_table_reading_an_aggregate_before_its_children_is_refused(tmp_path: Path) -> None:
    """Learned tables are made in the plan's order: a payment made before the order's lines cannot read
    the total computed from them, and ``fit`` says so before learning anything."""
    db, names = ledger(tmp_path, 0)
    _top, mid, low, _n, sum_col, _m = names
    with sqlite3.connect(db) as con:
        con.execute(
            f"CREATE TABLE payments (pay_id INTEGER PRIMARY KEY, oid INTEGER REFERENCES {mid}(oid), amount REAL)"
        )
        con.execute(f"INSERT INTO payments SELECT oid, oid, {sum_col} FROM {mid}")
    spec = inspect(db).spec
    agg = m.AggregateColumn(generator="aggregate", function="sum", of=f"{low}.amount", round=2)
    tables = dict(spec.tables)
    tables[mid] = tables[mid].model_copy(update={"columns": {**tables[mid].columns, sum_col: agg}})
    # the payments listed before the lines: the plan keeps that order (both only need the orders)
    ordered = {t: tables[t] for t in tables if t != low} | {low: tables[low]}
    spec = spec.model_copy(update={"tables": ordered})
    order = list(make_plan(spec).tables)
    assert order.index("payments") < order.index(low)
    with pytest.raises(SpecError, match=rf"table 'payments' reads '\w+\.{sum_col}', an aggregate of '{low}.amount'"):
        simulacra.fit(db, spec=spec, output=tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_a_dp_fit_still_refuses_aggregates(tmp_path: Path) -> None:
    db, names = ledger(tmp_path, 1)
    spec = inspect(db).spec
    with pytest.raises(SpecError, match=r"column '\w+': an aggregate of '[\w.]+', which a DP fit does not make"):
        simulacra.fit(db, spec=spec, output=tmp_path / "model", dp_epsilon=1.0)
    assert not (tmp_path / "model").exists()
