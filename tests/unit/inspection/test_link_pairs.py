"""A row's two keys whose pair must be one a link table holds (issue 13, learn98, found on
``benchmarks/learn96_fresh_db.py``): a result's (tour, rider) is one of the tour's entries. The draft drew the
rider on its own, so 19% of a sample's results had a rider who had not entered the stage's tour. The key is
now drafted as a reference into the link table, matched on the row's other side, and drawn as one pair of the
sampled link table.

Planted with several names, sizes, seeds and shares of the link's members per event, the other side reached
through one hop (``stage_id.tour_id``) or held by the row itself (``store_id``); and in forms that must not be
taken: keys paired at random, a link table holding nearly every pair, a few pairs outside the link table.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from tests.helpers import plan_of

import simulacra
from simulacra.errors import SpecValidationError
from simulacra.inspection import inspect
from simulacra.sources import Source

#: group table, member table, link table (per group, members distinct), event table (per group), child (per event)
THROUGH = [
    ("tours", "riders", "entries", "stages", "results"),
    ("semesters", "students", "registrations", "lectures", "attendance"),
    ("price_lists", "products", "prices", "orders", "order_lines"),
]


def _id(table: str) -> str:
    return f"{table.removesuffix('ies') + 'y' if table.endswith('ies') else table.removesuffix('s')}_id"


def _through_world(
    which: int, seed: int, *, share: float = 1.0, field: float = 0.25, noise: float = 0.0, random: bool = False
) -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    """Groups enrol a ``field`` share of the members; each event of a group has child rows for a ``share`` of
    the group's members (each once); ``noise``: that share of child rows take any member; ``random``: all do."""
    group, member, link, event, child = THROUGH[which]
    rng = np.random.default_rng(seed)
    n_member, n_group = int(rng.integers(60, 110)), int(rng.integers(8, 14))
    links, events, kids = [], [], []
    for g in range(1, n_group + 1):
        k = min(n_member, max(4, int(n_member * field * rng.uniform(0.7, 1.3))))
        field_g = rng.choice(np.arange(1, n_member + 1), k, replace=False)
        links += [(len(links) + 1, g, int(m), int(rng.integers(1, 99))) for m in field_g]
        for _ in range(int(rng.integers(2, 6))):
            events.append((len(events) + 1, g))
            who = rng.choice(field_g, max(2, round(k * share)), replace=False)
            for m in who:
                if random or rng.random() < noise:
                    m = rng.integers(1, n_member + 1)
                kids.append((len(kids) + 1, len(events), int(m), round(float(rng.uniform(1, 500)), 2)))
    frames = {
        group: pl.DataFrame({_id(group): np.arange(1, n_group + 1), "label": [f"G{g}" for g in range(n_group)]}),
        member: pl.DataFrame({_id(member): np.arange(1, n_member + 1), "size": rng.integers(1, 9, n_member)}),
        link: pl.DataFrame(links, schema=[_id(link), _id(group), _id(member), "number"], orient="row"),
        event: pl.DataFrame(events, schema=[_id(event), _id(group)], orient="row"),
        child: pl.DataFrame(kids, schema=[_id(child), _id(event), _id(member), "amount"], orient="row"),
    }
    return frames, (group, member, link, event, child)


def _direct_world(seed: int, *, noise: float = 0.0) -> tuple[dict[str, pl.DataFrame], tuple[str, ...]]:
    """Stores stock some items; a sale's (store, item) is one the store stocks (items repeat across sales)."""
    rng = np.random.default_rng(seed)
    n_item, n_store = int(rng.integers(50, 80)), int(rng.integers(10, 16))
    stock, sales = [], []
    for s in range(1, n_store + 1):
        held = rng.choice(np.arange(1, n_item + 1), int(rng.integers(6, 14)), replace=False)
        stock += [(len(stock) + 1, s, int(i)) for i in held]
        for _ in range(int(rng.integers(8, 25))):
            i = int(rng.integers(1, n_item + 1)) if rng.random() < noise else int(rng.choice(held))
            sales.append((len(sales) + 1, s, i, int(rng.integers(1, 5))))
    frames = {
        "stores": pl.DataFrame({"store_id": np.arange(1, n_store + 1), "city": [f"C{s % 4}" for s in range(n_store)]}),
        "items": pl.DataFrame({"item_id": np.arange(1, n_item + 1), "price": rng.integers(1, 90, n_item)}),
        "stock": pl.DataFrame(stock, schema=["stock_id", "store_id", "item_id"], orient="row"),
        "sales": pl.DataFrame(sales, schema=["sale_id", "store_id", "item_id", "quantity"], orient="row"),
    }
    return frames, ("stores", "items", "stock", "sales")


def _draft(frames: dict[str, pl.DataFrame], name: str) -> dict:
    return inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=name)).spec_data


@pytest.mark.parametrize(("which", "seed", "share"), [(0, 0, 1.0), (1, 1, 0.7), (2, 2, 0.3), (0, 3, 0.5), (1, 4, 1.0)])
def test_a_key_whose_pair_through_another_key_is_a_link_tables(which: int, seed: int, share: float) -> None:
    frames, (group, member, link, event, child) = _through_world(which, seed, share=share)
    col = _draft(frames, f"through{which}_{seed}")["tables"][child]["columns"][_id(member)]
    assert col["generator"] == "foreign_key", col
    assert col["references"] == f"{link}.{_id(member)}", f"{child}.{_id(member)} not drawn from {link}: {col}"
    assert col["match"] == {_id(group): f"{_id(event)}.{_id(group)}"}, col


@pytest.mark.parametrize("seed", [5, 6])
def test_a_key_whose_pair_with_a_key_of_the_row_is_a_link_tables(seed: int) -> None:
    frames, _ = _direct_world(seed)
    cols = _draft(frames, f"direct{seed}")["tables"]["sales"]["columns"]
    drawn = [c for c in ("store_id", "item_id") if str(cols[c].get("references", "")).startswith("stock.")]
    assert len(drawn) == 1, f"neither sales key drawn from stock: {cols['store_id']} / {cols['item_id']}"
    other = ({"store_id", "item_id"} - set(drawn)).pop()
    assert cols[drawn[0]]["match"] == {other: other}, cols[drawn[0]]


@pytest.mark.parametrize(
    ("which", "seed", "kw"),
    [
        (0, 7, {"random": True}),  # keys paired at random: most pairs are in no link row
        (1, 8, {"field": 0.97}),  # every group holds nearly every member: any pairing lands in the link
        (2, 9, {"noise": 0.04}),  # 4% of rows pair outside the link table
    ],
)
def test_pairs_not_always_a_link_tables_nothing(which: int, seed: int, kw: dict) -> None:
    frames, (group, member, link, event, child) = _through_world(which, seed, **kw)
    col = _draft(frames, f"neg{which}_{seed}")["tables"][child]["columns"][_id(member)]
    assert col["references"] == f"{member}.{_id(member)}" and "match" not in col, col


def test_direct_pairs_with_noise_nothing() -> None:
    frames, _ = _direct_world(10, noise=0.05)
    cols = _draft(frames, "direct_noise")["tables"]["sales"]["columns"]
    assert not any(str(cols[c].get("references", "")).startswith("stock.") for c in ("store_id", "item_id")), cols


def test_sampled_pairs_are_the_sampled_link_tables() -> None:
    frames, (group, member, link, event, child) = _through_world(1, 11, share=0.8)
    got = simulacra.fit(frames, seed=0).model.sample(seed=1)
    kids = got[child].join(got[event].select(_id(event), _id(group)), on=_id(event), how="left")
    held = got[link].select(_id(group), _id(member)).unique().with_columns(pl.lit(True).alias("__in"))
    pairs = kids.join(held, on=[_id(group), _id(member)], how="left")
    assert pairs.height > 100
    assert pairs["__in"].null_count() == 0, "a sampled child pairs a member its group did not enrol"
    assert kids.select(_id(event), _id(member)).n_unique() == kids.height, "a member twice in one event"
    assert got[child][_id(member)].is_in(got[member][_id(member)].to_list()).all()


LINKED = """
tables:
  tours:
    rows: 6
    primary_key: tour_id
    columns:
      tour_id: sequence
  riders:
    rows: 40
    primary_key: rider_id
    columns:
      rider_id: sequence
  entries:
    rows: {per: tours, count: {distribution: fixed, value: 8}}
    primary_key: entry_id
    columns:
      entry_id: sequence
      tour_id: {generator: foreign_key, references: tours.tour_id}
      rider_id: {generator: foreign_key, references: riders.rider_id, distinct: DISTINCT}
  stages:
    rows: {per: tours, count: {distribution: fixed, value: 3}}
    primary_key: stage_id
    columns:
      stage_id: sequence
      tour_id: {generator: foreign_key, references: tours.tour_id}
  results:
    rows: {per: stages, count: {distribution: fixed, value: 5}}
    primary_key: result_id
    columns:
      result_id: sequence
      stage_id: {generator: foreign_key, references: stages.stage_id}
      rider_id: {generator: foreign_key, references: entries.rider_id, match: {tour_id: stage_id.tour_id}}
"""


def test_a_reference_to_a_link_tables_key_names_one_row_or_is_refused(tmp_path: Path) -> None:
    plan = plan_of(LINKED.replace("DISTINCT", "true"))  # one entry per (tour, rider): the pair names one row
    simulacra.generate(plan, tmp_path / "out.db", seed=3)  # the database's REFERENCES names riders, not entries
    with sqlite3.connect(tmp_path / "out.db") as con:
        refs = {r[2] for r in con.execute("PRAGMA foreign_key_list(results)") if r[3] == "rider_id"}
        kids = con.execute(
            "SELECT COUNT(*), SUM(EXISTS (SELECT 1 FROM entries e WHERE e.tour_id = s.tour_id AND e.rider_id = "
            "r.rider_id)) FROM results r JOIN stages s USING (stage_id)"
        ).fetchone()
    assert refs == {"riders"}, refs
    assert kids[0] == 6 * 3 * 5 and kids[1] == kids[0], f"generated results outside their tour's entries: {kids}"
    with pytest.raises(SpecValidationError) as err:
        plan_of(LINKED.replace("DISTINCT", "false"))
    text = str(err.value)
    assert "table 'results', column 'rider_id'" in text and "'entries.rider_id' is neither" in text, text
