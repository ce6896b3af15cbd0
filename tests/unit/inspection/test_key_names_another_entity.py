"""A value-found key whose name names another entity (issue 13, learn74): never drafted.

``calls.cell_id`` held 300 distinct cell ids 1..300 and the operator's 300 customers were keyed 1..300, so the
values "found" a key to customers. Planted here in generated databases: a child column named for a noun that
is neither the parent's entity nor a role a row of it plays (a cell, a gate, a terminal, a seat, a shelf, a
room, a bay, a station, a branch, a router), its dense small integers inside a parent's dense keys 1..N (N 40
to 300, 30 to 2,000 rows, several seeds): no key is drafted and a note says why. Beside them, keys that only
their values reveal stay drafted: roles (``reviewer``, ``approved_by``, ``owner_id``, ``sender``, ``payer``,
``assignee``, a self-referencing ``manager``) and a noun the catalogue lists with the parent's (``client_id``
-> customers, ``car_id`` -> vehicles, ``handset_id`` -> devices).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys
from simulacra.sources import Source

SEEDS = (1, 2, 3)


def _dense(rng: np.random.Generator, n_keys: int, rows: int) -> np.ndarray:
    """Integers inside 1..n_keys, every one of them where there are rows enough (the small dense ids of a
    cell, a gate, a seat), else ``rows`` distinct ones: at least 30 distinct, in a random order."""
    keys = np.arange(1, n_keys + 1)
    if rows <= n_keys:
        return rng.permutation(keys)[:rows]
    return rng.permutation(np.concatenate([keys, rng.choice(keys, rows - n_keys)]))


def planted(seed: int, parent: str, child: str, column: str) -> dict[str, pl.DataFrame]:
    """A parent keyed 1..N and a child that refers to it by name (``<parent>_id``) and holds ``column``: dense
    integers inside 1..N."""
    rng = np.random.default_rng(seed)
    n_keys = int(rng.integers(40, 301))
    rows = int(rng.integers(30, 2001))
    pk = f"{parent.removesuffix('s')}_id"
    parent_frame = pl.DataFrame({pk: np.arange(1, n_keys + 1), "score": rng.integers(1, 1000, n_keys)})
    child_frame = pl.DataFrame(
        {
            f"{child.removesuffix('s')}_id": np.arange(1, rows + 1),
            pk: rng.integers(1, n_keys + 1, rows),
            column: _dense(rng, n_keys, rows),
        }
    )
    return {parent: parent_frame, child: child_frame}


def _keys(frames: dict[str, pl.DataFrame]) -> tuple[dict[tuple[str, str], str], list[str]]:
    pks, _evidence, _notes = infer_primary_keys(frames, {})
    keys, notes = infer_foreign_keys(frames, pks, [])
    return {(k.table, k.column): k.references for k in keys}, notes


#: (child column, child table, parent table): the column's noun is another entity than the parent's
ANOTHER_ENTITY = [
    ("cell_id", "calls", "customers"),
    ("gate_id", "boardings", "passengers"),
    ("terminal_id", "payments", "customers"),
    ("seat_id", "tickets", "users"),
    ("shelf_id", "stock_counts", "products"),
    ("room_id", "stays", "guests"),
    ("bay_ref", "repairs", "vehicles"),
    ("station_key", "readings", "employees"),
    ("branch_id", "visits", "members"),
    ("router_id", "sessions", "users"),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("column", "child", "parent"), ANOTHER_ENTITY)
def test_a_noun_of_another_entity_is_no_key(column: str, child: str, parent: str, seed: int) -> None:
    frames = planted(seed, parent, child, column)
    keys, notes = _keys(frames)
    assert (child, column) not in keys, keys
    # the child's real key, named for its parent, is still found
    assert keys[(child, f"{parent.removesuffix('s')}_id")] == f"{parent}.{parent.removesuffix('s')}_id"
    noun = column.rsplit("_", 1)[0]
    said = [n for n in notes if n.startswith(f"{child}.{column} ")]
    assert len(said) == 1, notes
    assert f"a reference to a '{noun}'" in said[0] and parent in said[0] and "not a key" in said[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_number_of_another_entity_is_no_key(seed: int) -> None:
    """``room_no``: a number, not an id, is never a key by its values alone (it was not on main either)."""
    keys, _notes = _keys(planted(seed, "guests", "stays", "room_no"))
    assert ("stays", "room_no") not in keys


#: (child column, child table, parent table): a role a row of the parent plays, or the parent's own noun in a
#: word the catalogue lists beside it
ROLES_AND_SYNONYMS = [
    ("reviewer", "reviews", "users"),
    ("approved_by", "expenses", "employees"),
    ("owner_id", "pets", "customers"),
    ("sender", "messages", "users"),
    ("payer", "payments", "customers"),
    ("assignee", "tickets", "users"),
    ("client_id", "orders", "customers"),
    ("car_id", "trips", "vehicles"),
    ("handset_id", "calls", "devices"),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("column", "child", "parent"), ROLES_AND_SYNONYMS)
def test_a_role_or_a_synonym_stays_a_key(column: str, child: str, parent: str, seed: int) -> None:
    frames = planted(seed, parent, child, column)
    keys, notes = _keys(frames)
    assert keys.get((child, column)) == f"{parent}.{parent.removesuffix('s')}_id", (keys, notes)
    assert not [n for n in notes if n.startswith(f"{child}.{column} ")]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_manager_among_the_employees_stays_a_key(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(200, 2001))
    managers = rng.choice(np.arange(1, n + 1), int(rng.integers(40, 80)), replace=False)
    frames = {"employees": pl.DataFrame({"employee_id": np.arange(1, n + 1), "manager": rng.choice(managers, n)})}
    keys, _notes = _keys(frames)
    assert keys.get(("employees", "manager")) == "employees.employee_id"


def test_inspect_says_why_in_its_notes() -> None:
    """The telecom shape through ``inspect``: the draft has no cell key and its notes say why."""
    frames = planted(3, "customers", "calls", "cell_id")
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    src = Source(location="telecom", kind="folder", frames=frames, primary_keys=pks, foreign_keys=[], fingerprint="t")
    ins = inspect(src)
    assert ("calls", "cell_id") not in {(k.table, k.column) for k in ins.keys}
    assert any(
        "cell_id looks like a reference to a 'cell', which no table holds" in n and "customers" in n for n in ins.notes
    ), ins.notes
