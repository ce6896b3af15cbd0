"""A table holding at most one row per parent, keyed by the parent's key, is learned as such (issue 13, learn95).

An extension table (``user_profiles`` keyed by ``users.id``, ``account_settings(account_id)``, a patient's one
medical record) has no key of its own: its key *is* its parent's. Where the source does not declare the
reference and the key shares the parent key's name without naming the parent table (``stock.item_id`` ->
``products.item_id``, ``medical_records.pid`` -> ``people.pid``), learn90 read it as the table numbering its own
rows, so samples lost the 1:1 link (a sequence ``1..m`` unrelated to the parents).

Planted in SQLite files and CSV folders over several names (the child key the same name as the parent key or
another, naming the parent or not), coverages (100%, 60%, 5% of parents), declared references or none, sizes and
seeds. Checked through inspect -> the reviewed spec as YAML -> generate, and through fit -> sample: the table is
made ``per`` its parent with one row and the observed share of parents without one, its key a foreign key; every
sampled key is a sampled parent key, unique, spread over the parents, and the share within 3 points of the real one.

Controls (must stay the table's own numbering, no key): a table numbering its rows ``1..n`` under the parent key's
name with as many rows as the parent (dense in both, equal ``n``: containment proves nothing), and one numbering
``1..m`` (``m`` below the parent's count) with a few rows deleted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra import learning
from simulacra.inspection import inspect
from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys
from simulacra.pipeline import generate
from simulacra.spec.load import load_spec

# (parent, its key, child, the child's key): the child key named as the parent key or not, naming the parent or not
NAMES = [
    ("products", "item_id", "stock", "item_id"),
    ("people", "pid", "medical_records", "pid"),
    ("stays", "sid", "bills", "sid"),
    ("customers", "cust_code", "preferences", "cust_code"),
    ("users", "id", "user_profiles", "user_id"),
    ("accounts", "account_id", "account_settings", "account_id"),
]


def _tables(
    names: tuple[str, str, str, str], share: float, n: int, seed: int, *, shuffled: bool = False, related: bool = False
) -> dict[str, pl.DataFrame]:
    """Parent and child; ``related``: the child's ``tier`` repeats its parent's (90%), as an extension's rows do."""
    parent, pk, child, ck = names
    rng = np.random.default_rng(seed)
    parents = pl.DataFrame(
        {pk: np.arange(1, n + 1), "age": rng.integers(18, 80, n), "tier": rng.choice(["gold", "silver", "basic"], n)}
    )
    held = np.sort(rng.choice(np.arange(1, n + 1), size=round(share * n), replace=False))
    if shuffled:
        held = rng.permutation(held)
    children = pl.DataFrame(
        {
            ck: held,
            "status": rng.choice(["open", "closed", "held"], held.size),
            "points": rng.integers(0, 500, held.size),
        }
    )
    if related:
        tiers = parents["tier"].to_numpy()[held - 1]
        own = rng.choice(["gold", "silver", "basic"], held.size)
        children = children.with_columns(tier=np.where(rng.random(held.size) < 0.9, tiers, own))
    return {parent: parents, child: children}


def _write(src: Path, tables: dict[str, pl.DataFrame], fmt: str, declared: tuple[str, str] | None) -> Path:
    """A SQLite file (first column the key; the child's key referencing ``declared`` when given) or a CSV folder."""
    if fmt == "csv":
        src.mkdir()
        for name, f in tables.items():
            f.write_csv(src / f"{name}.csv")
        return src
    path = src.with_suffix(".sqlite")
    with sqlite3.connect(path) as con:
        for i, (name, f) in enumerate(tables.items()):
            cols = ", ".join(
                f'"{c}" {"INTEGER" if f[c].dtype.is_integer() else "TEXT"}'
                + (" PRIMARY KEY" if j == 0 else "")
                + (f' REFERENCES "{declared[0]}"("{declared[1]}")' if j == 0 and i == 1 and declared else "")
                for j, c in enumerate(f.columns)
            )
            con.execute(f'CREATE TABLE "{name}" ({cols})')
            con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * f.width)})', f.rows())
    return path


def _inferred(tables: dict[str, pl.DataFrame]) -> set[tuple[str, str, str]]:
    pks, _, _ = infer_primary_keys(tables, {})
    fks, _ = infer_foreign_keys(tables, pks, [])
    return {(f.table, f.column, f.references) for f in fks}


# undeclared, the key named as the parent's without naming the parent: learn90 read these as own numbering
UNDECLARED = [
    (0, 0.6, 1200, 0),
    (0, 0.05, 2000, 1),
    (1, 0.6, 1500, 2),
    (1, 0.05, 1300, 3),
    (2, 0.6, 1000, 4),
    (2, 0.3, 800, 5),
    (3, 0.6, 1100, 6),
    (3, 0.05, 2400, 7),
]


@pytest.mark.parametrize(("names", "share", "n", "seed"), UNDECLARED)
def test_a_same_named_key_skipping_parents_is_a_reference(names: int, share: float, n: int, seed: int) -> None:
    parent, pk, child, ck = NAMES[names]
    # over most parents (fewer than half of their keys skipped) the rows must say it too (learn101): here they
    # repeat their parent's tier. In key order with columns unrelated to the parent's it is the same data as own
    # numbering 1..n with rows deleted at random: no key (test_learn101_extension_rows)
    tables = _tables(NAMES[names], share, n, seed, shuffled=seed % 2 == 1, related=share > 0.5)
    assert _inferred(tables) == {(child, ck, f"{parent}.{pk}")}


@pytest.mark.parametrize(
    ("names", "n", "seed"), [(0, 1000, 10), (1, 1500, 11), (2, 300, 12), (3, 2000, 13), (1, 40, 14)]
)
def test_own_numbering_dense_as_the_parents_is_no_reference(names: int, n: int, seed: int) -> None:
    """The hard negative: ``1..n`` in both tables, as many rows: every value is a parent key, none skipped."""
    tables = _tables(NAMES[names], 1.0, n, seed, shuffled=seed % 2 == 1)
    assert _inferred(tables) == set()


@pytest.mark.parametrize(("names", "n", "m", "seed"), [(0, 1200, 900, 20), (1, 1500, 1400, 21), (2, 90, 40, 22)])
def test_own_numbering_with_a_few_deleted_rows_is_no_reference(names: int, n: int, m: int, seed: int) -> None:
    """``1..m`` with 3% of its rows deleted, inside a parent's ``1..n``: it skips few keys, and stops short of the
    parent's last keys (an extension spreads over all of them)."""
    parent, pk, child, ck = NAMES[names]
    rng = np.random.default_rng(seed)
    kept = np.sort(rng.choice(np.arange(1, m + 1), size=round(0.97 * m), replace=False))
    tables = {
        parent: pl.DataFrame({pk: np.arange(1, n + 1), "age": rng.integers(18, 80, n)}),
        child: pl.DataFrame({ck: kept, "points": rng.integers(0, 500, kept.size)}),
    }
    assert _inferred(tables) == set()


def _spread(keys: pl.Series, parents: pl.Series) -> float:
    """Share of the keys in the upper half of the parent keys (about a half when spread over all parents)."""
    return float((keys > parents.median()).mean())  # type: ignore[operator]


def _check_sample(frames: dict[str, pl.DataFrame], names: tuple[str, str, str, str], share: float) -> None:
    parent, pk, child, ck = names
    parents, keys = frames[parent][pk], frames[child][ck]
    assert parents.len() >= 1000
    assert keys.is_in(parents.implode()).all(), "an extension row of a parent that does not exist"
    assert keys.n_unique() == keys.len(), "several extension rows for one parent"
    assert abs(keys.len() / parents.len() - share) <= 0.03
    if share < 1.0:
        assert abs(_spread(keys, parents) - 0.5) <= 0.15, "the keys are a sequence, not a share of the parents"


# (names, share, declared, format, seed): the full path, inspect -> YAML -> generate
PATHS = [
    (0, 0.6, False, "sqlite", 30),
    (1, 0.05, False, "csv", 31),
    (2, 1.0, True, "sqlite", 32),
    (3, 0.6, False, "csv", 33),
    (4, 0.6, True, "sqlite", 34),
    (5, 0.05, True, "sqlite", 35),
    (0, 1.0, True, "sqlite", 36),
]


@pytest.mark.parametrize(("names", "share", "declared", "fmt", "seed"), PATHS)
def test_inspect_writes_one_row_per_parent_and_generate_keeps_it(
    tmp_path: Path, names: int, share: float, declared: bool, fmt: str, seed: int
) -> None:
    parent, pk, child, ck = NAMES[names]
    # a share over most parents, undeclared: its rows repeat the parent's tier (learn101; see above)
    tables = _tables(
        NAMES[names], share, 1200 + 100 * (seed % 4), seed, shuffled=seed % 2 == 0, related=0.5 < share < 1
    )
    src = _write(tmp_path / "db", tables, fmt, (parent, pk) if declared else None)
    draft = inspect(src)
    assert {(k.table, k.column, k.references) for k in draft.keys} == {(child, ck, f"{parent}.{pk}")}
    draft.write(tmp_path / "draft.yaml")
    text = (tmp_path / "draft.yaml").read_text()
    spec = load_spec(tmp_path / "draft.yaml")  # the reviewed spec, as a person reads it
    rows = spec.tables[child].rows
    assert not isinstance(rows, int), f"{child} numbered as its own rows:\n{text}"
    assert rows.per == parent
    assert rows.count is not None and rows.count.distribution == "fixed" and rows.count.value == 1
    assert abs((rows.zero_rate or 0.0) - (1 - share)) < 1e-9
    assert spec.tables[child].primary_key in (ck, [ck])
    assert spec.tables[child].columns[ck].generator == "foreign_key"
    frames = generate(spec, seed=seed).frames
    assert frames is not None
    _check_sample(frames, NAMES[names], share)


@pytest.mark.parametrize(("names", "share", "fmt", "seed"), [(1, 0.6, "sqlite", 40), (3, 0.05, "csv", 41)])
def test_fit_and_sample_keep_one_row_per_parent(tmp_path: Path, names: int, share: float, fmt: str, seed: int) -> None:
    # SQLite reads rows in key order: the 60% share says it by its rows' tier (learn101)
    tables = _tables(NAMES[names], share, 1500, seed, shuffled=True, related=share > 0.5)
    src = _write(tmp_path / "db", tables, fmt, None)
    model = learning.fit(src, seed=seed).model
    frames = learning.sample(model, seed=seed + 1).frames
    assert frames is not None
    _check_sample(frames, NAMES[names], share)
