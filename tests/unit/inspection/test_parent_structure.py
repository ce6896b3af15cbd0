"""Structure across a row and its parent, written into the reviewed draft and kept by `generate`.

Drafted column by column, three things an expert checks first came apart: a child dated before
its parent (a visit before the patient registered: 35% of rows of a planted clinic), children
for parents whose state excludes them (prescriptions of cancelled visits), and a column filled
where its row's state says it is empty (a fee charged for a no-show). The inspector now drafts
them as ``after: fk.column`` with the gap's distribution, ``rows: {by: ...}`` with a count
distribution per value, and a ``case`` that is null on the rows the state names.

Each class is planted here with its own names, values, units and shares, drawn from a seed, and
also in forms that must not be taken (one child out of order; counts independent of the state;
nulls that do not follow it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect

_STATES = [("paid", "refunded", "void"), ("done", "no_show", "cancelled"), ("open", "closed", "lost", "spam")]
_UNITS = {"days": 86_400, "hours": 3_600, "minutes": 60}


def _world(seed: int, *, unit: str, break_order: bool = False, plain_counts: bool = False) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    states = _STATES[seed % len(_STATES)]
    n_parent = 400
    parent_t0 = np.datetime64("2020-01-01T00:00:00") + rng.integers(0, 3 * 365 * 86_400, n_parent).astype(
        "timedelta64[s]"
    )
    weights = rng.dirichlet(np.ones(len(states)) * 3)
    weights = np.maximum(weights, 0.15) / np.maximum(weights, 0.15).sum()
    state = rng.choice(states, n_parent, p=weights)
    empty_states = set(states[1:])  # the first state is the only one with an amount and children
    rows: list[tuple[int, np.datetime64, float | None]] = []
    for i in range(n_parent):
        k = int(rng.integers(1, 5))
        if not plain_counts and state[i] in empty_states:
            k = 0
        for _ in range(k):
            gap = float(rng.lognormal(np.log(30.0), 0.6)) * _UNITS[unit]
            rows.append((i + 1, parent_t0[i] + np.timedelta64(int(gap), "s"), None))
    if break_order:
        j = len(rows) // 2
        rows[j] = (rows[j][0], parent_t0[rows[j][0] - 1] - np.timedelta64(3600, "s"), None)
    amount = np.round(rng.lognormal(3, 0.5, n_parent), 2)
    return {
        "states": states,
        "empty": empty_states,
        "parent": pl.DataFrame(
            {
                "pid": np.arange(1, n_parent + 1),
                "opened_at": parent_t0.astype("datetime64[us]"),
                "stage": state,
                "amount": [None if s in empty_states else a for s, a in zip(state, amount, strict=True)],
            }
        ),
        "child": pl.DataFrame(
            {
                "cid": np.arange(1, len(rows) + 1),
                "pid": [r[0] for r in rows],
                "logged_at": np.array([r[1] for r in rows]).astype("datetime64[us]"),
            }
        ),
    }


def _sqlite(path: Path, world: dict[str, Any], parent: str = "ledger", child: str = "entry") -> Path:
    con = sqlite3.connect(path)
    con.execute(f"create table {parent}(pid integer primary key, opened_at timestamp, stage text, amount real)")
    con.execute(
        f"create table {child}(cid integer primary key, pid integer references {parent}(pid), logged_at timestamp)"
    )
    fmt = "%Y-%m-%d %H:%M:%S"
    con.executemany(
        f"insert into {parent} values (?,?,?,?)",
        [(p, o.strftime(fmt), s, a) for p, o, s, a in world["parent"].iter_rows()],
    )
    con.executemany(
        f"insert into {child} values (?,?,?)", [(c, p, t.strftime(fmt)) for c, p, t in world["child"].iter_rows()]
    )
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(("seed", "unit"), [(1, "days"), (2, "hours"), (3, "minutes")])
def test_drafts_parent_dates_counts_by_state_and_empty_columns(tmp_path: Path, seed: int, unit: str) -> None:
    world = _world(seed, unit=unit)
    db = _sqlite(tmp_path / "src.db", world)
    spec = inspect(db).spec_data
    child = spec["tables"]["entry"]
    logged = child["columns"]["logged_at"]
    assert logged["after"] == "pid.opened_at", logged
    assert logged["offset"]["unit"] == unit
    assert 15 < logged["offset"]["median"] < 60  # planted: lognormal, median 30 units
    rows = child["rows"]
    assert rows["by"] == "stage", rows
    for s in world["empty"]:
        if s in rows["counts"]:
            assert rows["counts"][s] == {"distribution": "fixed", "value": 0}
    amount = spec["tables"]["ledger"]["columns"]["amount"]
    assert amount["generator"] == "case", amount
    assert amount["cases"][0]["then"] is None and "null_rate" not in amount["else"]

    # the draft validates against its own source, and generated data keeps all three
    yaml_path = inspect(db).write(tmp_path / "draft.yaml")
    simulacra.validate(yaml_path, db)  # raises DataValidationError naming any failed check
    out = tmp_path / "gen.db"
    simulacra.generate(yaml_path, out, seed=seed)
    con = sqlite3.connect(out)
    before = con.execute(
        "select count(*) from entry e join ledger l on l.pid = e.pid where e.logged_at < l.opened_at"
    ).fetchone()[0]
    marks = ", ".join("'" + s + "'" for s in world["empty"])
    orphans = con.execute(
        f"select count(*) from entry e join ledger l on l.pid = e.pid where l.stage in ({marks})"
    ).fetchone()[0]
    filled = con.execute(f"select count(*) from ledger where stage in ({marks}) and amount is not null").fetchone()[0]
    empty = con.execute(f"select count(*) from ledger where stage not in ({marks}) and amount is null").fetchone()[0]
    n_child = con.execute("select count(*) from entry").fetchone()[0]
    con.close()
    assert n_child > 100
    assert (before, orphans, filled, empty) == (0, 0, 0, 0)


def test_nothing_is_drafted_where_the_data_does_not_show_it(tmp_path: Path) -> None:
    world = _world(4, unit="days", break_order=True, plain_counts=True)
    parent = world["parent"]
    # nulls that do not follow the state: one filled amount in an empty state
    first_empty = parent.with_row_index().filter(pl.col("stage").is_in(list(world["empty"]))).item(0, "index")
    world["parent"] = parent.with_columns(
        pl.when(pl.int_range(pl.len()) == first_empty).then(9.99).otherwise(pl.col("amount")).alias("amount")
    )
    spec = inspect(_sqlite(tmp_path / "src.db", world)).spec_data
    child = spec["tables"]["entry"]
    assert "after" not in child["columns"]["logged_at"]  # one entry logged before its ledger opened
    assert "by" not in child["rows"]  # counts drawn independently of the stage
    assert spec["tables"]["ledger"]["columns"]["amount"]["generator"] != "case"


def test_a_parent_dated_past_the_childs_window_keeps_the_plain_range(tmp_path: Path) -> None:
    """A child table cut to a window (a prefix of transactions) must not get `after`: parents opened
    after the window would need children past its end."""
    world = _world(5, unit="days")
    cut = world["child"].get_column("logged_at").quantile(0.5)
    child = world["child"].filter(pl.col("logged_at") <= cut)
    world["child"] = child
    spec = inspect(_sqlite(tmp_path / "src.db", world)).spec_data
    assert "after" not in spec["tables"]["entry"]["columns"]["logged_at"]


def test_the_draft_names_the_evidence(tmp_path: Path) -> None:
    text = inspect(_sqlite(tmp_path / "src.db", _world(6, unit="days"))).to_yaml()
    assert "never before opened_at of its parent in all" in text
    assert "the count depends on the parent's stage" in text
    assert "null exactly where stage is" in text
