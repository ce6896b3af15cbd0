"""Unique values that repeat are redrawn in batches, not row by row (issue 11: redraw time grew
faster than the row count; 640k shop customers took 32 minutes).

Time is bounded by counting the engine's redraw passes (``GenerationStats.redraws``), not seconds:
one pass per redraw level and chunk, however many rows collide. The values are those of the
row-by-row redraw: a chunk of one row is that redraw, and every chunk size gives the same bytes.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from simulacra.generation.engine import Engine
from simulacra.spec.load import load_plan
from simulacra.values import _kinds


@pytest.fixture
def numbers_only_on_redraw(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names never take a number on their first draw, however large the table (as before CROWDED): every
    numbered address is then a redrawn row, which the tests below count."""
    monkeypatch.setattr(_kinds, "CROWDED", float("inf"))


def _run(spec: dict[str, Any], chunk_size: int) -> tuple[dict[str, pl.DataFrame], dict[str, dict[str, int]]]:
    engine = Engine(load_plan(spec), chunk_size=chunk_size)
    frames = engine.frames()
    return frames, engine.stats.redraws


def _people(rows: int) -> dict[str, Any]:
    """The shop's customers, reduced: a unique email made from the name (collisions grow with rows)."""
    return {
        "name": "people",
        "seed": 5,
        "locale": "en_US",
        "tables": {
            "person": {
                "rows": rows,
                "primary_key": "id",
                "columns": {
                    "id": "sequence",
                    "gender": {"generator": "categorical", "values": {"F": 0.5, "M": 0.5}},
                    "first_name": {"generator": "first_name", "gender": "gender"},
                    "last_name": "last_name",
                    "email": {
                        "generator": "email",
                        "first_name": "first_name",
                        "last_name": "last_name",
                        "unique": True,
                    },
                    "login": {
                        "generator": "username",
                        "first_name": "first_name",
                        "last_name": "last_name",
                        "unique": True,
                    },
                },
            }
        },
        "constraints": [{"table": "person", "column": "email", "regex": "^[a-z0-9._+-]+@[a-z0-9.-]+\\.[a-z]+$"}],
    }


def _codes(rows: int) -> dict[str, Any]:
    """Generators with few distinct values for the row count: codes, a pattern, an integer, an FK pair;
    several redraw levels are needed, and a row check rejects some candidates."""
    return {
        "name": "codes",
        "seed": 9,
        "tables": {
            "a": {"rows": 60, "primary_key": "a_id", "columns": {"a_id": "sequence"}},
            "b": {"rows": 40, "primary_key": "b_id", "columns": {"b_id": "sequence"}},
            "item": {
                "rows": rows,
                "primary_key": "id",
                "columns": {
                    "id": "sequence",
                    "code": {"generator": "pattern", "pattern": "?#-##", "unique": True},
                    "badge": {"generator": "integer", "low": 1, "high": 3 * rows, "unique": True},
                    "a_id": {"generator": "foreign_key", "references": "a.a_id"},
                    "b_id": {"generator": "foreign_key", "references": "b.b_id"},
                },
            },
        },
        "constraints": [
            {"table": "item", "unique": ["a_id", "b_id"]},
            {"table": "item", "check": "badge % 7 != 0"},
        ],
    }


@pytest.mark.usefixtures("numbers_only_on_redraw")
def test_email_collisions_are_redrawn_in_a_few_passes_not_one_per_row() -> None:
    frames, redraws = _run(_people(30_000), chunk_size=10_000)
    person = frames["person"]
    assert person["email"].n_unique() == person.height
    assert person["login"].n_unique() == person.height
    r = redraws["person"]
    assert r["rows"] >= 300, r  # name-made addresses do collide at this size
    # a redraw remakes the row's name and email (for either column), and a redrawn email carries a number
    assert r["rows"] == person["email"].str.contains(r"\d").sum(), r
    # three chunks, one pass each: a redrawn email and login carry a number distinct per row, so one
    # redraw level is enough (the row-by-row redraw made a pass per row, 3.5 ms each)
    assert r["passes"] <= 3 * 2, r
    assert r["candidates"] <= 1.2 * r["rows"], r  # candidates made for rows that did not need one: few


@pytest.mark.usefixtures("numbers_only_on_redraw")
def test_unique_logins_take_a_number_only_when_redrawn() -> None:
    frames, _ = _run(_people(30_000), chunk_size=30_000)
    person = frames["person"]
    redrawn = person["email"].str.contains(r"\d")  # the rows redrawn (see above)
    logins = person.filter(redrawn)["login"]
    assert logins.str.contains(r"^[a-z._]+\d+$").all()  # name-made, then the row's number
    # rows not redrawn keep the login of the first attempt: some with a pattern number, some without
    kept = person.filter(~redrawn)["login"]
    assert 0.2 < kept.str.contains(r"\d").mean() < 0.9


def test_few_distinct_values_need_several_levels_each_one_pass() -> None:
    frames, redraws = _run(_codes(1_500), chunk_size=500)
    item = frames["item"]
    assert item["code"].n_unique() == item.height
    assert item["badge"].n_unique() == item.height
    assert item.select("a_id", "b_id").n_unique() == item.height
    assert (item["badge"] % 7 != 0).all()
    r = redraws["item"]
    assert r["rows"] >= 200, r  # 1,500 of 2,400 (a, b) pairs: late rows collide, many levels deep
    assert r["levels"] >= 5, r
    # about a pass per level and chunk (three chunks); row by row it was one pass per attempt of every row
    assert r["passes"] <= 2 * 3 * r["levels"], r
    assert r["passes"] * 4 <= r["rows"], r


def test_batched_redraws_are_the_row_by_row_values_in_every_chunk_size() -> None:
    whole, _ = _run(_codes(600), chunk_size=600)
    for size in (1, 37):  # a chunk of one row redraws it alone: the row-by-row redraw
        other, _ = _run(_codes(600), chunk_size=size)
        assert other["item"].equals(whole["item"]), size
    people, _ = _run(_people(4_000), chunk_size=4_000)
    people_small, _ = _run(_people(4_000), chunk_size=333)
    assert people_small["person"].equals(people["person"])
