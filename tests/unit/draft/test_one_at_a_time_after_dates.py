"""A lesson whose start comes after other dates (its pupil's enrolment, its instructor's hiring) still takes
its instructor for its slot: no instructor in two lessons that start at once (a ``unique`` constraint on the
key and the start, rows that break it drawn again), as for a start drawn over the span. Not for a key whose
own date may fall on the span's last days (a coach hired any day up to the end would hold all his lessons in
them): there the rows are left as drawn.

The settings and nouns here are from no benchmark request set (``benchmarks/draft_requests.py``)."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

import simulacra
from simulacra.draft import draft

#: (request, table, the key that is in one lesson at a time, its parent table and date)
_HELD = [
    (
        "a flying club: 10 instructors, 200 members and 2,500 lessons where an instructor teaches a member",
        "lessons",
        "instructor_id",
        ("instructors", "hired_on"),
    ),
    ("a piano school: 6 teachers, 300 pupils and 4,000 lessons", "lessons", "teacher_id", ("teachers", "hired_on")),
]


def _unique(spec: dict[str, Any], table: str) -> list[list[str]]:
    return [c["unique"] for c in spec.get("constraints", []) if c.get("table") == table and "unique" in c]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("request_", "table", "key", "parent"), _HELD)
def test_no_key_in_two_rows_that_start_at_once(
    request_: str, table: str, key: str, parent: tuple[str, str], seed: int
) -> None:
    spec = draft(request_).spec
    col = spec["tables"][table]["columns"]["starts_at"]
    assert isinstance(col.get("after"), list) and f"{key}.{parent[1]}" in col["after"]
    assert [key, "starts_at"] in _unique(spec, table)
    frames = simulacra.generate(spec, seed=seed).frames
    rows = frames[table]
    assert not rows.select(pl.struct(key, "starts_at").is_duplicated().any()).item()
    # still after the key's own date, on the opening hours and quarter hours
    p, date = parent
    view = rows.join(frames[p].select(pl.col(key), pl.col(date).alias("_own")), on=key, how="left")
    assert (view["starts_at"] >= view["_own"].cast(pl.Datetime("us"))).all()
    hours = [h for h, w in enumerate(col["hour_weights"]) if w > 0]
    assert rows["starts_at"].dt.hour().is_in(hours).all() and (rows["starts_at"].dt.minute() % 15 == 0).all()


def test_the_rule_has_work_to_do() -> None:
    """Without the constraint the same lessons would put an instructor in two at once (the class is real)."""
    spec = draft(_HELD[0][0]).spec
    spec["constraints"] = [c for c in spec.get("constraints", []) if "unique" not in c]
    rows = simulacra.generate(spec, seed=1).frames["lessons"]
    assert rows.select(pl.struct("instructor_id", "starts_at").is_duplicated().sum()).item() > 0


def test_a_key_whose_date_may_fall_late_in_the_span_is_left_as_drawn() -> None:
    """Coaches hired up to the span's last day: no constraint on them (it could not be kept), and it generates."""
    spec = draft("a tennis academy: 8 coaches, 400 players and 3,000 lessons where a coach teaches a player").spec
    cols = spec["tables"]["lessons"]["columns"]
    assert str(spec["tables"]["coaches"]["columns"]["hired_on"]["end"]) == "2024-12-31"
    assert "coach_id.hired_on" in cols["starts_at"]["after"]
    assert not any("coach_id" in u for u in _unique(spec, "lessons"))
    assert simulacra.generate(spec, seed=2).frames["lessons"].height == 3000
