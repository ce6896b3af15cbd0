"""A same-named column that refers to a parent is a key, even where it is unique (issue 13, learn91).

learn90 stopped taking ``returns.item_id 1..40 -> shipments.item_id`` (two tables numbering their own rows under
one name) by refusing any same-named column that is unique and never null unless its name mentions the parent.
That also refused true 1:1 references held beside a table's own key: ``bills(bid, sid, pid)`` with one bill per
stay, ``sid`` unique in bills, is a reference to ``stays.sid`` (the bill's own numbering is ``bid``), and without
it a bill's ``pid`` can no longer be matched to its stay's person.

Planted in SQLite files (declared keys) and CSV folders (keys inferred) over several names, sizes, seeds and
coverages: a top table, a middle table repeating the top's key (``pid``, ``person_id``, ``id``), a 1:1 table with
its own key and a unique same-named reference to the middle (all or part of its rows, in order or shuffled, its
own key equal to the reference or not), a card per top row (unique, same-named), dated children repeating the
middle's key, and a table numbering its own rows under the middle's key name (learn90's class: no key).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys

# (top, its key, middle, its key, 1:1 table, its own key, card table, its own key, child, its own key, own-numbered)
NAMES = [
    ("people", "pid", "stays", "sid", "bills", "bid", "cards", "card_no", "tests", "eid", "exports"),
    (
        "patients",
        "person_id",
        "visits",
        "vid",
        "charges",
        "charge_no",
        "badges",
        "badge_id",
        "treatments",
        "tid",
        "batches",
    ),
    ("members", "id", "admissions", "adm", "invoices", "inv_id", "lockers", "locker_no", "readings", "rid", "imports"),
    ("owners", "pid", "rentals", "sid", "receipts", "rno", "passes", "pass_id", "returns", "ret_id", "uploads"),
]


def _database(seed: int) -> tuple[dict[str, pl.DataFrame], set[tuple[str, str, str]], tuple[str, ...]]:
    rng = np.random.default_rng(seed)
    top, tk, mid, mk, one, ok, card, ck, ev, ek, own = NAMES[seed % len(NAMES)]
    n_top = int(rng.integers(60, 220))
    tops = pl.DataFrame({tk: np.arange(1, n_top + 1), "sex": rng.choice(["F", "M"], n_top)})
    owner = np.repeat(np.arange(1, n_top + 1), rng.integers(1, 4, n_top))  # each top row 1..3 middle rows
    n_mid = owner.size
    mids = pl.DataFrame({mk: np.arange(1, n_mid + 1), tk: owner, "days": rng.integers(1, 30, n_mid)})
    # the 1:1 table: all middle rows or a part, in order or shuffled; its own key equal to the reference or not
    share = [1.0, 0.7, 0.9][seed % 3]
    picked = np.sort(rng.choice(np.arange(1, n_mid + 1), size=int(share * n_mid), replace=False))
    if seed % 2:
        picked = rng.permutation(picked)
    own_no = picked.copy() if share == 1.0 and seed % 2 == 0 else np.arange(1, picked.size + 1)
    ones = pl.DataFrame(
        {ok: own_no, mk: picked, tk: owner[picked - 1], "amount": np.round(rng.gamma(2.0, 300.0, picked.size), 2)}
    ).sort(ok)
    # a card for some top rows: unique in cards, named as the top's key
    holders = rng.permutation(rng.choice(np.arange(1, n_top + 1), size=int(0.8 * n_top), replace=False))
    cards = pl.DataFrame({ck: np.arange(1, holders.size + 1), tk: holders, "tier": rng.integers(1, 4, holders.size)})
    per = rng.integers(0, 5, n_mid)
    evs = pl.DataFrame(
        {
            ek: np.arange(1, int(per.sum()) + 1),
            mk: np.repeat(np.arange(1, n_mid + 1), per),
            "value": rng.random(per.sum()),
        }
    )
    n_own = int(rng.integers(25, max(26, n_mid // 3)))
    owns = pl.DataFrame({mk: np.arange(1, n_own + 1), "rows": rng.integers(100, 900, n_own)})  # its own numbering
    tables = {top: tops, mid: mids, one: ones, card: cards, ev: evs, own: owns}
    true = {
        (mid, tk, f"{top}.{tk}"),
        (one, mk, f"{mid}.{mk}"),
        (one, tk, f"{top}.{tk}"),
        (card, tk, f"{top}.{tk}"),
        (ev, mk, f"{mid}.{mk}"),
    }
    return tables, true, (top, tk, mid, mk, one)


def _write_sqlite(path: Path, tables: dict[str, pl.DataFrame]) -> None:
    with sqlite3.connect(path) as con:
        for name, f in tables.items():
            cols = ", ".join(
                f'"{c}" {"INTEGER" if f[c].dtype.is_integer() else "REAL" if f[c].dtype.is_float() else "TEXT"}'
                + (" PRIMARY KEY" if i == 0 else "")
                for i, c in enumerate(f.columns)
            )
            con.execute(f'CREATE TABLE "{name}" ({cols})')
            con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * f.width)})', f.rows())


SEEDS = list(range(8))


@pytest.mark.parametrize("seed", SEEDS)
def test_same_named_references_are_found_and_own_numbering_is_not(seed: int) -> None:
    tables, true, _ = _database(seed)
    pks, _, _ = infer_primary_keys(tables, {})
    fks, _ = infer_foreign_keys(tables, pks, [])
    got = {(f.table, f.column, f.references) for f in fks}
    assert not got - true, f"false keys: {sorted(got - true)}"
    assert not true - got, f"keys missed: {sorted(true - got)}"


@pytest.mark.parametrize(("seed", "fmt"), [(0, "sqlite"), (1, "csv"), (2, "sqlite"), (3, "csv"), (5, "sqlite")])
def test_inspect_finds_the_references_and_matches_the_one_row_table_through_its_parent(
    tmp_path: Path, seed: int, fmt: str
) -> None:
    tables, true, (top, tk, mid, mk, one) = _database(seed)
    if fmt == "sqlite":
        src = tmp_path / "db.sqlite"
        _write_sqlite(src, tables)
    else:
        src = tmp_path / "db"
        src.mkdir()
        for name, f in tables.items():
            f.write_csv(src / f"{name}.csv")
    draft = inspect(src)
    got = {(k.table, k.column, k.references) for k in draft.keys}
    assert got == true
    # the 1:1 table's top key is its middle row's: matched through the reference the unique column is
    assert draft.spec.tables[one].columns[tk].match == {tk: f"{mk}.{tk}"}


def test_a_unique_reference_beside_the_tables_own_key_in_two_tables() -> None:
    """The direct case: ``bills.sid`` unique (one bill per stay, some stays unbilled) beside ``bills.bid``."""
    rng = np.random.default_rng(7)
    sids = np.sort(rng.choice(np.arange(1, 301), size=240, replace=False))
    frames = {
        "stays": pl.DataFrame({"sid": np.arange(1, 301), "days": rng.integers(1, 9, 300)}),
        "bills": pl.DataFrame({"bid": np.arange(1, 241), "sid": rng.permutation(sids)}),
    }
    fks, _ = infer_foreign_keys(frames, {"stays": ["sid"], "bills": ["bid"]}, [])
    assert [(f.table, f.column, f.references) for f in fks] == [("bills", "sid", "stays.sid")]
