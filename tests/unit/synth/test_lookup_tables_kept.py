"""A small lookup table that keys reference under names that do not name it is kept as it is, with its rows
(issue 13, the airline probe of ``benchmarks/heldout_airline.py``): ``routes.origin_id`` and ``dest_id`` hold
1..10 and ``airports`` (10 rows: an IATA code, a country, coordinates) is keyed 1..10; no key was inferred
(dense small integers prove nothing by containment), nothing referenced ``airports``, so ``fit`` learned it as
a table of its own and sampled invented airports (no row of the source's kept) and routes drawn over 1..10 by
no airport at all. Now a column holding exactly the keys of an unreferenced lookup table of 5..40 rows with
codes or names is a key to it (``inspection/_lookup_keys.py``): fit copies the table and the routes read it.

Planted in generated databases: airports with an origin and a destination, stations with a start and an end
reference, shifts with a team reference, currencies referenced by their text codes; table sizes 5..40 and seeds vary (from 20 keys up,
``_keys``'s window rule found the key already: those cases guard it).
A column holding only some of the keys, one whose name says no key, and two lookups with the same keys are not
taken.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.unit.synth.sqlite_helpers import write_tables as _write

import simulacra
from simulacra.inspection import inspect


def _codes(rng: np.random.Generator, n: int) -> list[str]:
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    out: list[str] = []
    while len(out) < n:
        code = "".join(rng.choice(letters, 3))
        if code not in out:
            out.append(code)
    return out


# (lookup table, its key, the child, the child's key columns)
SHAPES = [
    ("airports", "airport_id", "routes", ("origin_id", "dest_id")),
    ("stations", "station_no", "trips", ("start_ref", "end_ref")),
    ("crews", "crew_no", "shifts", ("team_ref",)),
]


def network(
    tmp_path: Path, seed: int, *, n: int, shape: int, used: int | None = None, twin: bool = False
) -> tuple[Path, tuple[str, str, str, tuple[str, ...]], pl.DataFrame]:
    """A lookup of ``n`` rows (code, name, two numbers) and a child whose key columns hold its keys (the first
    ``used`` of them only, when given); ``twin``: a second unreferenced lookup with the same keys."""
    rng = np.random.default_rng(seed)
    table, key, child, links = SHAPES[shape]
    lookup = pl.DataFrame(
        {
            key: np.arange(1, n + 1),
            "code": _codes(rng, n),
            "name": [f"Place {chr(65 + i % 26)}{i}" for i in range(n)],
            "lat": np.round(rng.uniform(40, 60, n), 2),
            "lon": np.round(rng.uniform(5, 25, n), 2),
        }
    )
    m = int(rng.integers(4 * n, 6 * n))
    pool = np.arange(1, (used or n) + 1)
    child_cols: dict[str, object] = {f"{child[:-1]}_id": np.arange(1, m + 1)}
    for j, c in enumerate(links):
        vals = np.concatenate([pool, rng.choice(pool, m - len(pool))])
        child_cols[c] = np.roll(rng.permutation(vals), j)
    child_cols["fare"] = np.round(rng.lognormal(4, 0.5, m), 2)
    kids = pl.DataFrame(child_cols)
    tables = {
        table: (f"{key} INTEGER PRIMARY KEY, code TEXT, name TEXT, lat REAL, lon REAL", lookup),
        child: (
            f"{child[:-1]}_id INTEGER PRIMARY KEY, " + ", ".join(f"{c} INTEGER" for c in links) + ", fare REAL",
            kids,
        ),
    }
    if twin:
        tables["depots"] = (
            "depot_id INTEGER PRIMARY KEY, label TEXT",
            pl.DataFrame({"depot_id": np.arange(1, n + 1), "label": [f"d{i}" for i in range(n)]}),
        )
    db = tmp_path / f"lookup{seed}_{shape}.db"
    _write(db, tables)
    return db, (table, key, child, links), lookup


@pytest.mark.parametrize(
    ("seed", "n", "shape"),
    [(0, 10, 0), (1, 23, 0), (2, 6, 1), (3, 40, 1), (4, 12, 2), (5, 5, 2), (6, 17, 1), (7, 8, 0)],
)
def test_a_lookup_its_keys_hold_exactly_is_referenced_and_copied(tmp_path: Path, seed: int, n: int, shape: int) -> None:
    db, (table, key, child, links), lookup = network(tmp_path, seed, n=n, shape=shape)
    ins = inspect(db)
    found = {(fk.table, fk.column): fk.references for fk in ins.keys}
    for c in links:
        assert found.get((child, c)) == f"{table}.{key}"
    simulacra.fit(db, spec=ins.spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=3).frames
    # kept as it is: every row of the source's lookup, nothing invented
    assert got[table].sort(key).select(lookup.columns).equals(lookup.sort(key))
    for c in links:
        assert got[child][c].drop_nulls().is_in(lookup[key].implode()).all()
        assert got[child][c].n_unique() > 1


def test_a_text_code_holding_exactly_a_lookups_codes_is_a_key(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    codes = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN"]
    cur = pl.DataFrame({"code": codes, "name": [f"currency {c}" for c in codes], "digits": [2] * 7 + [0]})
    m = 300
    pays = pl.DataFrame(
        {
            "pay_id": np.arange(1, m + 1),
            "paid_in": rng.permutation(codes + list(rng.choice(codes, m - len(codes)))),
            "amount": np.round(rng.lognormal(4, 0.5, m), 2),
        }
    )
    db = tmp_path / "fx.db"
    _write(
        db,
        {
            "currencies": ("code TEXT PRIMARY KEY, name TEXT, digits INTEGER", cur),
            "payments": ("pay_id INTEGER PRIMARY KEY, paid_in TEXT, amount REAL", pays),
        },
    )
    ins = inspect(db)
    assert any(fk.table == "payments" and fk.column == "paid_in" and fk.ref_table == "currencies" for fk in ins.keys)
    simulacra.fit(db, spec=ins.spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=3).frames
    assert got["currencies"].sort("code").select(cur.columns).equals(cur.sort("code"))
    assert got["payments"]["paid_in"].is_in(cur["code"].implode()).all()


@pytest.mark.parametrize("seed", [0, 1])
def test_a_column_holding_some_of_the_keys_is_not_taken(tmp_path: Path, seed: int) -> None:
    db, (table, _, child, _), _ = network(tmp_path, seed, n=12, shape=0, used=9)
    assert not any(fk.table == child and fk.ref_table == table for fk in inspect(db).keys)


def test_two_lookups_with_the_same_keys_are_a_guess_not_taken(tmp_path: Path) -> None:
    db, (table, _, child, _), _ = network(tmp_path, 3, n=10, shape=0, twin=True)
    assert not any(fk.table == child for fk in inspect(db).keys)


def test_a_number_not_named_as_a_key_is_not_taken(tmp_path: Path) -> None:
    db, (table, key, child, links), lookup = network(tmp_path, 4, n=10, shape=0)
    with sqlite3.connect(db) as con:
        con.execute(f"ALTER TABLE {child} RENAME COLUMN {links[0]} TO floor")
        con.execute(f"ALTER TABLE {child} RENAME COLUMN {links[1]} TO level")
    assert not any(fk.table == child for fk in inspect(db).keys)
