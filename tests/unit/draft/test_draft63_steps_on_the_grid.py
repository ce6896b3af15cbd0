"""Rows made one per parent row and step ("readings every 7 minutes") fall on the step's grid (issue 20, draft63).

A step that does not divide a day (7 minutes, 90 minutes, 35 seconds) cannot be a datetime's ``resolution``; the
draft counted its rows by rounding and drew their times anywhere in the span. Each parent row now gets exactly the
instants ``start + k * step`` of the span, k = 0, 1, ..., before the span ends: the test composes requests (seeded)
from settings, parents, row nouns, steps in seconds, minutes and hours (most not dividing a day) and spans, drafts
and generates each, and checks the count per parent, the grid and the time taken. Since draft64 a parent with a start
of its own gets the grid's instants from that start on only."""

from __future__ import annotations

import datetime as dt
import math
import time

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import made_per, parent_starts, step_requests

import simulacra
from simulacra.draft import draft

#: (setting, parents, the rows each makes per step)
SETTINGS = [
    ("a weather network", "stations", "readings"),
    ("a farm", "greenhouses", "sensor readings"),
    ("a hospital", "patients", "vital signs"),
    ("a brewery", "tanks", "temperature logs"),
    ("a lab", "freezers", "readings"),
    ("a school", "classrooms", "air quality readings"),
    ("a port", "cranes", "load readings"),
    ("a zoo", "enclosures", "checks"),
    ("an energy company", "smart meters", "meter readings"),
]
#: steps: (number, unit, seconds in the unit)
STEPS = [(7, "seconds", 1), (35, "seconds", 1), (45, "seconds", 1), (13, "seconds", 1), (7, "minutes", 60),
         (11, "minutes", 60), (13, "minutes", 60), (25, "minutes", 60), (90, "minutes", 60), (15, "minutes", 60),
         (5, "hours", 3600), (7, "hours", 3600), (3, "hours", 3600)]  # fmt: skip
#: spans said, and the days they cover
SPANS = [
    ("for a day", dt.date(2024, 12, 31), dt.date(2024, 12, 31)),
    ("for a week", dt.date(2024, 12, 25), dt.date(2024, 12, 31)),
    ("for a month", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
    ("in 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
]
#: most rows one parent row may get in a case (the test generates them all)
MOST = 12_000


def _cases(seed: int, n: int) -> list[tuple[str, int, dt.date, dt.date, str]]:
    return step_requests(seed, n, SETTINGS, STEPS, SPANS, MOST, (2, 5))


CASES = _cases(63, 8) + _cases(64, 5)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """The catalogue and word lists load once per process (seconds): not part of the time a request takes."""
    draft("a shop: 10 customers")


@pytest.mark.parametrize(("request_text", "step", "first", "last", "parents"), CASES)
def test_rows_per_step_fall_on_the_grid(
    request_text: str, step: int, first: dt.date, last: dt.date, parents: str
) -> None:
    t0 = time.process_time()  # CPU seconds: the shared test machine's load stretches the wall clock, not these
    d = draft(request_text)
    parent = parents.split()[-1]
    table = made_per(d.spec, parent)
    steps = math.ceil(((last - first).days + 1) * 86_400 / step)  # every instant of the grid in the span
    assert d.spec["tables"][table]["rows"]["count"] == {"distribution": "fixed", "value": float(steps)}
    frames = simulacra.generate(d.spec, seed=1, scale=1.0).frames
    simulacra.validate(d.spec, frames)
    assert time.process_time() - t0 < 10, request_text
    rows = frames[table]
    fk = next(
        n
        for n, c in d.spec["tables"][table]["columns"].items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key" and str(c["references"]).startswith(parent + ".")
    )
    when = next(n for n, t in rows.schema.items() if t in (pl.Datetime, pl.Date) or isinstance(t, pl.Datetime))
    start = dt.datetime.combine(first, dt.time())
    grid = [start + dt.timedelta(seconds=k * step) for k in range(steps)]
    assert (
        grid[-1] < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()) <= grid[-1] + dt.timedelta(seconds=step)
    )
    # draft64: a parent with a start of its own (a tank in service since) gets the grid's instants from that start
    # on; one without gets them all
    starts = parent_starts(d.spec["tables"][table]["rows"], frames[parent], parent)
    per = dict(rows.group_by(fk).agg(pl.col(when).sort()).iter_rows())
    for key, began in zip(frames[parent][d.spec["tables"][parent]["primary_key"]], starts, strict=True):
        first_k = 0 if began is None else max(0, math.ceil((began - start).total_seconds() / step))
        assert per.get(key, []) == grid[first_k:], request_text  # exactly the step's instants, each once


def test_a_step_that_divides_a_day_keeps_its_count() -> None:
    spec = draft("a weather network: 30 stations with readings every 15 minutes for a week").spec
    assert spec["tables"]["readings"]["rows"]["count"]["value"] == 672  # 7 x 96, as before
