"""Own numbering with rows deleted at random is no reference; an extension is, where its rows say so (learn101).

learn95 took an undeclared key repeating the parent key's name (``stock.item_id`` -> ``products.item_id``) as a
reference when its values skip at least 10% of the parent keys. A table numbering its own rows ``1..n`` that lost
10-30% of them at random holds the same values (a random subset of ``1..n``): a false key. Now, below half the
parent keys skipped, the rows must say it too: stored out of key order (an own counter numbers rows as they
come), or describing their parent's row (a date after the parent's, its category, numbers following the
parent's), judged against the key's order (two tables growing with their key relate through ``1..n`` alone).

Planted over several names, sizes, shares, deletion rates and seeds (dev: the fix was written against these).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from simulacra.inspection._extension_rows import out_of_key_order, relates_to_parent
from simulacra.inspection._keys import infer_foreign_keys, infer_primary_keys

# (parent, its key, child, the child's key): the child key repeats the parent key's name, not naming the parent
NAMES = [
    ("products", "item_id", "stock", "item_id"),
    ("people", "pid", "medical_records", "pid"),
    ("stays", "sid", "bills", "sid"),
    ("customers", "cust_code", "preferences", "cust_code"),
    ("boats", "hull_no", "moorings", "hull_no"),
]
DAY0 = np.datetime64(date(2018, 1, 1))


def _inferred(tables: dict[str, pl.DataFrame]) -> set[tuple[str, str, str]]:
    pks, _, _ = infer_primary_keys(tables, {})
    fks, _ = infer_foreign_keys(tables, pks, [])
    return {(f.table, f.column, f.references) for f in fks}


def _grows(rng: np.random.Generator, keys: np.ndarray, days: int) -> np.ndarray:
    """Dates of insertion: growing with the key, a few days of noise."""
    return DAY0 + (keys / keys.max() * days + rng.integers(0, 4, keys.size)).astype("timedelta64[D]")


def _parent(names: tuple[str, str, str, str], n: int, rng: np.random.Generator) -> pl.DataFrame:
    keys = np.arange(1, n + 1)
    return pl.DataFrame(
        {
            names[1]: keys,
            "created": _grows(rng, keys, 1500),
            "tier": rng.choice(["gold", "silver", "basic"], n),
            "income": rng.lognormal(10, 0.5, n).round(0),
        }
    )


def _own(names: tuple[str, str, str, str], n: int, m: int, deleted: float, seed: int) -> dict[str, pl.DataFrame]:
    """The child numbers its own rows 1..m, ``deleted`` of them removed at random; its own dates of insertion."""
    parent, _, child, ck = names
    rng = np.random.default_rng(seed)
    kept = np.sort(rng.choice(np.arange(1, m + 1), size=round((1 - deleted) * m), replace=False))
    children = pl.DataFrame(
        {
            ck: kept,
            "opened": _grows(rng, kept, 900),
            "status": rng.choice(["open", "closed", "held"], kept.size),
            "points": rng.integers(0, 500, kept.size),
        }
    )
    return {parent: _parent(names, n, rng), child: children}


def _extension(
    names: tuple[str, str, str, str], n: int, share: float, seed: int, *, related: bool, shuffled: bool
) -> dict[str, pl.DataFrame]:
    """One child row for a random share of the parents, keyed by the parent's key."""
    parent, pk, child, ck = names
    rng = np.random.default_rng(seed)
    parents = _parent(names, n, rng)
    held = np.sort(rng.choice(np.arange(1, n + 1), size=round(share * n), replace=False))
    if shuffled:
        held = rng.permutation(held)
    k, idx = held.size, held - 1
    if related:
        opened = parents["created"].to_numpy()[idx] + rng.integers(1, 60, k).astype("timedelta64[D]")
        status = np.where(rng.random(k) < 0.8, parents["tier"].to_numpy()[idx], "basic")
        points = (parents["income"].to_numpy()[idx] / 100 * rng.uniform(0.5, 1.5, k)).round(0)
    else:
        opened = _grows(rng, held, 900)
        status = rng.choice(["open", "closed", "held"], k)
        points = rng.integers(0, 500, k)
    return {parent: parents, child: pl.DataFrame({ck: held, "opened": opened, "status": status, "points": points})}


# own numbering 1..n (as many numbers as the parent has keys) with rows deleted at random: learn95's false keys
OWN_EQUAL = [
    (0, 1000, 0.1, 1),
    (1, 1500, 0.3, 2),
    (2, 300, 0.2, 3),
    (3, 2000, 0.3, 4),
    (4, 120, 0.1, 5),
    (0, 60, 0.3, 6),
]


@pytest.mark.parametrize(("names", "n", "deleted", "seed"), OWN_EQUAL)
def test_own_numbering_with_rows_deleted_at_random_is_no_reference(
    names: int, n: int, deleted: float, seed: int
) -> None:
    assert _inferred(_own(NAMES[names], n, n, deleted, seed)) == set()


@pytest.mark.parametrize(("names", "n", "m", "seed"), [(1, 1200, 1150, 7), (2, 2500, 2440, 8), (3, 400, 390, 9)])
def test_own_numbering_short_of_the_parent_with_rows_deleted_is_no_reference(
    names: int, n: int, m: int, seed: int
) -> None:
    assert _inferred(_own(NAMES[names], n, m, 0.1, seed)) == set()


@pytest.mark.parametrize(("names", "seed"), [(0, 10), (4, 11)])
def test_own_numbering_exported_in_another_columns_order_is_no_reference(names: int, seed: int) -> None:
    """Rows sorted by ``status``: out of key order, but in a column's order, so the order says nothing."""
    tables = _own(NAMES[names], 900, 900, 0.2, seed)
    child = NAMES[names][2]
    tables[child] = tables[child].sort("status", maintain_order=True)
    assert _inferred(tables) == set()


# (names, n, share, seed, shuffled): extensions whose rows describe their parent's row
RELATED = [(0, 1000, 0.9, 20, False), (1, 800, 0.8, 21, False), (2, 400, 0.7, 22, True), (3, 1500, 0.6, 23, False)]


@pytest.mark.parametrize(("names", "n", "share", "seed", "shuffled"), RELATED)
def test_an_extension_describing_its_parents_rows_is_a_reference(
    names: int, n: int, share: float, seed: int, shuffled: bool
) -> None:
    parent, pk, child, ck = NAMES[names]
    tables = _extension(NAMES[names], n, share, seed, related=True, shuffled=shuffled)
    pks, _, _ = infer_primary_keys(tables, {})
    fks, _ = infer_foreign_keys(tables, pks, [])
    assert {(f.table, f.column, f.references) for f in fks} == {(child, ck, f"{parent}.{pk}")}
    assert "describe their parent's" in fks[0].evidence or "out of key order" in fks[0].evidence


@pytest.mark.parametrize(("names", "n", "share", "seed"), [(0, 1000, 0.8, 30), (3, 700, 0.6, 31), (4, 300, 0.9, 32)])
def test_an_extension_stored_out_of_key_order_is_a_reference(names: int, n: int, share: float, seed: int) -> None:
    parent, pk, child, ck = NAMES[names]
    tables = _extension(NAMES[names], n, share, seed, related=False, shuffled=True)
    assert _inferred(tables) == {(child, ck, f"{parent}.{pk}")}


@pytest.mark.parametrize(("names", "n", "share", "seed"), [(1, 1200, 0.3, 40), (2, 2000, 0.05, 41), (4, 900, 0.4, 42)])
def test_an_extension_over_a_minority_of_parents_is_a_reference_by_its_values(
    names: int, n: int, share: float, seed: int
) -> None:
    """Most parent keys skipped: the values alone say it (own numbering would have lost most of its rows)."""
    parent, pk, child, ck = NAMES[names]
    tables = _extension(NAMES[names], n, share, seed, related=False, shuffled=False)
    assert _inferred(tables) == {(child, ck, f"{parent}.{pk}")}


@pytest.mark.parametrize(("names", "share", "seed"), [(0, 0.8, 50), (2, 0.7, 51)])
def test_an_extension_indistinguishable_from_own_numbering_is_not_invented(names: int, share: float, seed: int) -> None:
    """In key order, its columns unrelated to the parent's, over most parents: the same data as own numbering
    ``1..n`` with a few rows deleted. No key (a false key corrupts samples; a missed one only loses linkage)."""
    assert _inferred(_extension(NAMES[names], 1000, share, seed, related=False, shuffled=False)) == set()


def test_two_tables_growing_with_their_keys_are_not_related_by_that() -> None:
    """Dates of insertion in both tables, joined on 1..n, follow each other through the key alone: no evidence."""
    for seed in range(60, 66):
        tables = _own(NAMES[seed % len(NAMES)], 1500, 1500, 0.2, seed)
        (parent, pframe), (child, cframe) = tables.items()
        key = pframe.columns[0]
        assert relates_to_parent(cframe, key, pframe, key) is None, seed


def test_a_child_following_its_parents_numbers_is_related_and_says_which() -> None:
    rng = np.random.default_rng(70)
    pframe = pl.DataFrame({"pid": np.arange(1, 501), "income": rng.lognormal(10, 0.5, 500)})
    held = np.sort(rng.choice(np.arange(1, 501), 300, replace=False))
    limit = pframe["income"].to_numpy()[held - 1] * rng.uniform(0.2, 0.3, held.size)
    why = relates_to_parent(pl.DataFrame({"pid": held, "limit": limit}), "pid", pframe, "pid")
    assert why is not None and "limit follows the parent's income" in why


def test_row_order_evidence() -> None:
    rng = np.random.default_rng(80)
    keys = rng.permutation(np.arange(1, 201))
    assert out_of_key_order(pl.DataFrame({"k": keys, "x": rng.integers(0, 9, 200)}), "k") is not None
    assert out_of_key_order(pl.DataFrame({"k": np.sort(keys)}), "k") is None
    sorted_by_x = pl.DataFrame({"k": keys, "x": rng.integers(0, 9, 200)}).sort("x")
    assert out_of_key_order(sorted_by_x, "k") is None
    assert out_of_key_order(pl.DataFrame({"k": keys[:10]}), "k") is None  # too few rows to tell
