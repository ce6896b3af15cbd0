"""Keys under another noun or a role (issue 13, learn80): planted in generated SQLite databases.

A true key whose column names another noun than its parent table: a player's ``team_id`` among ``clubs``, a
contract's ``firm_id`` among ``companies`` (one body of people under another word), a store's ``manager_id``
and a post's ``author_id`` among people (a role), an invoice's ``customer_ref`` among ``accounts``, a ticket's
``assigned_to`` among ``users`` and an employee's ``reports_to`` among the employees (the row a verb points
to: a self-reference), and two roles into one parent (a match's ``home_club_id`` and ``away_club_id`` among
``teams``). Parents of 20 to 2,000 rows, keyed ``1..N`` or a sample of a wider range (the children hold only
the sampled parents' keys), children of 60 to 2,000 rows, several seeds: each is taken as a key and the
inspection's notes say which evidence decided.

Beside them, look-alikes that must never become keys: counts ``1..5`` beside a 5-row table, finishing
positions ``1..20`` beside a 20-row table, quantities inside a small table's keys, and a part of a body of
people (``branch_id``, ``department_id``) or a place (``store_id`` among ``firms``) whose small ids land on a parent's dense keys.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect

SEEDS = (1, 2, 3)


def _write(path: Path, frames: dict[str, pl.DataFrame]) -> Path:
    """A SQLite database whose first column of each table is its declared primary key and which declares no
    foreign key: the keys are the inspection's to find."""
    with sqlite3.connect(path) as con:
        for name, frame in frames.items():
            cols = [f'"{c}" {"TEXT" if frame.schema[c] == pl.String else "INTEGER"}' for c in frame.columns]
            cols[0] += " PRIMARY KEY"
            con.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
            marks = ", ".join("?" for _ in frame.columns)
            con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', frame.rows())
    return path


def _parent_keys(rng: np.random.Generator, sampled: bool) -> np.ndarray:
    """A parent's keys: ``1..N`` (N 20 to 2,000), or N keys sampled from ``1..3N`` (the parent is a sample)."""
    n = int(rng.integers(20, 2001))
    if not sampled:
        return np.arange(1, n + 1)
    return np.sort(rng.choice(np.arange(1, 3 * n + 1), n, replace=False))


def _refs(rng: np.random.Generator, keys: np.ndarray, rows: int) -> np.ndarray:
    """``rows`` references to ``keys``: every key at least once where there are rows enough, in random order."""
    if rows <= keys.size:
        return rng.choice(keys, rows)
    return rng.permutation(np.concatenate([keys, rng.choice(keys, rows - keys.size)]))


def _parent(name: str, keys: np.ndarray, rng: np.random.Generator) -> pl.DataFrame:
    pk = f"{name.removesuffix('s')}_id"
    return pl.DataFrame({pk: keys, "name": [f"{name[:3]}-{k}" for k in keys], "score": rng.integers(1, 999, keys.size)})


#: (column, child table, parent table): the column names another noun than its parent, or a role
ANOTHER_NOUN = [
    ("team_id", "players", "clubs"),
    ("firm_id", "contracts", "companies"),
    ("manager_id", "stores", "employees"),
    ("author_id", "posts", "users"),
    ("customer_ref", "invoices", "accounts"),
    ("assigned_to", "tickets", "users"),
]


def planted(seed: int, column: str, child: str, parent: str, sampled: bool) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    keys = _parent_keys(rng, sampled)
    rows = int(rng.integers(60, 2001))
    child_frame = pl.DataFrame(
        {
            f"{child.removesuffix('s')}_id": np.arange(1, rows + 1),
            column: _refs(rng, keys, rows),
            "amount": rng.integers(1, 10_000, rows),
        }
    )
    return {parent: _parent(parent, keys, rng), child: child_frame}


def _inspect(tmp_path: Path, frames: dict[str, pl.DataFrame]) -> tuple[dict[tuple[str, str], str], list[str]]:
    ins = inspect(_write(tmp_path / "planted.db", frames))
    return {(k.table, k.column): k.references for k in ins.keys}, ins.notes


def _said(notes: list[str], table: str, column: str, parent: str) -> str:
    said = [n for n in notes if n.startswith(f"{table}.{column}: taken as a key to {parent}")]
    assert len(said) == 1, notes
    return said[0]


@pytest.mark.parametrize("sampled", [False, True], ids=["dense", "sampled"])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("column", "child", "parent"), ANOTHER_NOUN)
def test_a_key_under_another_noun_or_role_is_taken(
    tmp_path: Path, column: str, child: str, parent: str, seed: int, sampled: bool
) -> None:
    frames = planted(seed, column, child, parent, sampled)
    keys, notes = _inspect(tmp_path, frames)
    ref = f"{parent}.{parent.removesuffix('s')}_id"
    assert keys.get((child, column)) == ref, (keys, notes)
    note = _said(notes, child, column, ref)
    n = frames[child][column].len()
    # the evidence that decided: every value among the parent's unique keys, and how unlikely that is by chance
    assert f"all {n:,} non-null values" in note and "its key unique" in note and "chance" in note, note


@pytest.mark.parametrize("seed", SEEDS)
def test_a_self_reference_by_a_verb_is_taken(tmp_path: Path, seed: int) -> None:
    """``employees.reports_to``: managers drawn from the whole staff, the top of the tree reporting to no one."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(200, 2001))
    managers = rng.choice(np.arange(1, n + 1), int(rng.integers(30, 80)), replace=False)
    boss = pl.Series("reports_to", rng.choice(managers, n))
    # managers report to no one here: a null is no reference
    boss = boss.scatter(managers - 1, None)
    frames = {
        "employees": pl.DataFrame(
            {
                "employee_id": np.arange(1, n + 1),
                "reports_to": boss,
                "salary": rng.integers(1, 9, n),
            }
        )
    }
    keys, notes = _inspect(tmp_path, frames)
    assert keys.get(("employees", "reports_to")) == "employees.employee_id", (keys, notes)
    assert "chance" in _said(notes, "employees", "reports_to", "employees.employee_id")


TWO_ROLES = [
    ("home_club_id", "away_club_id", "teams"),
    ("host_team_id", "guest_team_id", "clubs"),
]


@pytest.mark.parametrize("sampled", [False, True], ids=["dense", "sampled"])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("home", "away", "parent"), TWO_ROLES)
def test_two_roles_into_one_parent_are_both_keys(
    tmp_path: Path, home: str, away: str, parent: str, seed: int, sampled: bool
) -> None:
    rng = np.random.default_rng(seed)
    keys = _parent_keys(rng, sampled)
    rows = int(rng.integers(60, 2001))
    a = _refs(rng, keys, rows)
    b = _refs(rng, keys, rows)
    clash = a == b
    b[clash] = np.roll(a, 1)[clash]  # a team never plays itself (where rolling meets itself, drop the row)
    ok = a != b
    matches = pl.DataFrame({"match_id": np.arange(1, int(ok.sum()) + 1), home: a[ok], away: b[ok]})
    found, _notes = _inspect(tmp_path, {parent: _parent(parent, keys, rng), "matches": matches})
    ref = f"{parent}.{parent.removesuffix('s')}_id"
    assert found.get(("matches", home)) == ref, found
    assert found.get(("matches", away)) == ref, found


def _lookalikes(seed: int) -> dict[str, pl.DataFrame]:
    """Small tables keyed 1..n and integer columns whose values happen to lie among those keys."""
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(200, 2001))
    n_stages = 20
    levels = pl.DataFrame({"level_id": np.arange(1, 6), "label": ["a", "b", "c", "d", "e"]})
    stages = pl.DataFrame({"stage_id": np.arange(1, n_stages + 1), "label": [f"s{i}" for i in range(n_stages)]})
    sizes = pl.DataFrame({"size_id": np.arange(1, 31), "label": [f"z{i}" for i in range(30)]})
    races = rows // n_stages
    finish = np.concatenate([rng.permutation(n_stages) + 1 for _ in range(races)])
    results = pl.DataFrame(
        {
            "result_id": np.arange(1, finish.size + 1),
            "race_no": np.repeat(np.arange(1, races + 1), n_stages),
            "finish": finish,  # a position 1..20 in each race, beside stages 1..20
            "position": finish,
        }
    )
    households = pl.DataFrame(
        {
            "household_id": np.arange(1, rows + 1),
            "visits": _refs(rng, np.arange(1, 6), rows),  # counts 1..5 beside levels 1..5
            "bedrooms": rng.integers(1, 6, rows),
            "num_guests": rng.integers(1, 6, rows),
            "item_count": rng.integers(1, 6, rows),
            "qty": _refs(rng, np.arange(1, 31), rows),  # quantities 1..30 beside sizes 1..30
            "units": rng.integers(1, 31, rows),
            "year": rng.integers(1, 21, rows),
        }
    )
    return {"levels": levels, "stages": stages, "sizes": sizes, "results": results, "households": households}


@pytest.mark.parametrize("seed", SEEDS)
def test_counts_positions_and_quantities_are_no_keys(tmp_path: Path, seed: int) -> None:
    keys, notes = _inspect(tmp_path, _lookalikes(seed))
    for table, column in [
        ("results", "finish"),
        ("results", "position"),
        ("households", "visits"),
        ("households", "bedrooms"),
        ("households", "num_guests"),
        ("households", "item_count"),
        ("households", "qty"),
        ("households", "units"),
        ("households", "year"),
    ]:
        assert (table, column) not in keys, (table, column, keys)
        assert not [n for n in notes if n.startswith(f"{table}.{column}: taken as a key")]


#: (column, child table, parent table): a part of a body of people, or a thing, is another entity than the parent
PARTS = [
    ("branch_id", "visits", "companies"),
    ("department_id", "shifts", "clubs"),
    ("store_id", "sales", "firms"),
    ("cell_id", "calls", "customers"),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("column", "child", "parent"), PARTS)
def test_a_part_of_a_body_of_people_is_no_key(tmp_path: Path, column: str, child: str, parent: str, seed: int) -> None:
    """Dense ids of a branch, a department, a store among a parent's dense keys: containment proves nothing and
    the name says another entity (the group rule takes only a body of people under another word)."""
    frames = planted(seed, column, child, parent, sampled=False)
    keys, notes = _inspect(tmp_path, frames)
    assert (child, column) not in keys, (keys, notes)
    assert any(n.startswith(f"{child}.{column} looks like a reference to a ") for n in notes), notes
