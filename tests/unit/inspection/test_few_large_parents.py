"""Ranks and once-per-parent keys read from a few large parents (issue 13): four seasons of sixteen teams, two
exams of thirty pupils, five tournaments of eight players. A permutation of 1..n in each, ordered by the points,
or no team twice in a season, would hardly happen by chance, yet the rules needed ten parents. Before (found on
the football league of benchmarks/heldout_league.py, its first run): a league table's position was a uniform
number 1..16 (no season of the sample was 1..n) and a team could stand twice in one season's table (35% of
rows kept one per season and team).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra import DatasetSynthesizer
from simulacra.inspection import inspect
from simulacra.sources import ForeignKey, Source

SHAPES = [("seasons", "teams", 4, 16), ("exams", "pupils", 2, 30), ("tournaments", "players", 5, 8)]


def _frames(parent: str, member: str, n_parents: int, size: int, seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    pid, mid = f"{parent[:-1]}_id", f"{member[:-1]}_id"
    rows = []
    for p in range(1, n_parents + 1):
        who = rng.permutation(np.arange(1, size + 3))[:size]  # most members take part, a couple sit out
        score = rng.integers(0, 60, size) * 3 + rng.integers(0, 3, size)  # points, distinct enough
        order = np.argsort(-score, kind="stable")
        for rank, i in enumerate(order, 1):
            rows.append((p, int(who[i]), rank, int(score[i]), float(rng.normal(50, 10))))
    table = pl.DataFrame(rows, schema=[pid, mid, "position", "score", "rating"], orient="row")
    return {
        parent: pl.DataFrame({pid: np.arange(1, n_parents + 1), "year": 2000 + np.arange(n_parents)}),
        member: pl.DataFrame({mid: np.arange(1, size + 3), "age": rng.integers(18, 40, size + 2)}),
        "results": table.with_columns(pl.int_range(1, table.height + 1).alias("result_id")).select(
            "result_id", pid, mid, "position", "score", "rating"
        ),
    }


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] for s in SHAPES])
def test_a_rank_and_a_key_once_per_parent_are_read_from_a_few_large_parents(shape, seed: int) -> None:  # type: ignore[no-untyped-def]
    parent, member, n_parents, size = shape
    frames = _frames(parent, member, n_parents, size, seed)
    pid, mid = f"{parent[:-1]}_id", f"{member[:-1]}_id"
    keys = [ForeignKey("results", pid, parent, pid), ForeignKey("results", mid, member, mid)]
    pks = {parent: [pid], member: [mid], "results": ["result_id"]}
    src = Source(
        location="planted",
        kind="folder",
        frames=frames,
        primary_keys=pks,
        foreign_keys=keys,
        fingerprint=f"{parent}{seed}",
    )
    spec = inspect(src).spec
    pos = spec.tables["results"].columns["position"]
    assert pos.generator == "rank" and pos.by == "score" and pos.descending  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)["results"]
    g = (
        out.sort(pid, "position")
        .group_by(pid, maintain_order=True)
        .agg(
            (pl.col("position").sort() == pl.int_range(1, pl.len() + 1)).all().alias("perm"),
            (pl.col("score").diff().drop_nulls() <= 0).all().alias("order"),
            (pl.col(mid).n_unique() == pl.len()).alias("once"),
        )
    )
    assert g["perm"].all() and g["order"].all() and g["once"].all()


def test_a_few_parents_of_random_numbers_hold_no_rank() -> None:
    rng = np.random.default_rng(4)
    frame = pl.DataFrame(
        {"id": np.arange(1, 49), "season_id": np.repeat([1, 2, 3], 16), "slot": rng.integers(1, 17, 48)}
    )
    src = Source(location="planted", kind="folder", frames={"t": frame}, primary_keys={"t": ["id"]}, fingerprint="r")
    assert inspect(src).spec.tables["t"].columns["slot"].generator != "rank"
