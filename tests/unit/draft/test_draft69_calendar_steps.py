"""Rows made per parent and calendar step ("monthly invoices", "every Monday", "on the 15th of each month") fall on
the calendar's own boundaries, from each parent's own start (issue 20, draft69).

draft63-67 put rows made every fixed step ("every 5 minutes") on a grid from each parent's start; a calendar step
got a count per unit of the span, each row drawn anywhere in its unit ("customers with invoices every month" was
even one table of 12 rows). Here each row must sit on a boundary of the real calendar (the 1st of a month, of a
quarter, of a year; a Monday or the weekday named; a weekday; the day of the month said), and each parent gets
exactly the boundaries of the span at or after its own start. The expected boundaries are counted here from the
calendar alone (``_boundaries``), never from the draft's code."""

from __future__ import annotations

import datetime as dt
import random
import time

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import made_per, parent_starts

import simulacra
from simulacra.draft import draft

#: (setting, parents, the rows each makes per step)
SETTINGS = [
    ("a telecom", "customers", "invoices"),
    ("a consultancy", "employees", "timesheets"),
    ("a gym", "members", "payments"),
    ("a bank", "accounts", "statements"),
    ("a utility", "subscribers", "bills"),
    ("an insurer", "policies", "renewals"),
    ("a fleet operator", "vehicles", "inspections"),
    ("a factory", "machines", "maintenance checks"),
    ("a clinic", "patients", "checkups"),
    ("a charity", "donors", "donations"),
]
#: (how the step is said, with {rows} the rows' noun; the boundary: a unit of the test's own calendar below)
PHRASINGS = [
    ("monthly {rows}", ("months", 1, 1)),
    ("{rows} every month", ("months", 1, 1)),
    ("{rows} each month", ("months", 1, 1)),
    ("{rows} on the 1st of each month", ("months", 1, 1)),
    ("{rows} on the 15th of each month", ("months", 1, 15)),
    ("{rows} every month on the 28th", ("months", 1, 28)),
    ("quarterly {rows}", ("months", 3, 1)),
    ("{rows} every quarter", ("months", 3, 1)),
    ("yearly {rows}", ("months", 12, 1)),
    ("{rows} every year", ("months", 12, 1)),
    ("weekly {rows}", ("weekday", 0, 0)),
    ("{rows} every monday", ("weekday", 0, 0)),
    ("{rows} every friday", ("weekday", 4, 0)),
    ("{rows} on wednesdays", ("weekday", 2, 0)),
    ("{rows} each sunday", ("weekday", 6, 0)),
    ("{rows} every weekday", ("weekdays", 0, 0)),
    ("{rows} on weekdays", ("weekdays", 0, 0)),
]
#: (the span said, its first and last day): a leap day, a year's end, both, months of each length
SPANS = [
    ("in 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("from november 2023 to march 2024", dt.date(2023, 11, 1), dt.date(2024, 3, 31)),
    ("from january to april 2024", dt.date(2024, 1, 1), dt.date(2024, 4, 30)),
    ("between 2023 and 2024", dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
    ("from december 2019 to february 2021", dt.date(2019, 12, 1), dt.date(2021, 2, 28)),
]
MOST = 600  # most rows per parent a generated case may get (the weekdays of two years: 522)


def _boundaries(unit: tuple[str, int, int], first: dt.date, last: dt.date) -> list[dt.date]:
    """The calendar's boundaries of ``unit`` from ``first`` to ``last``: every day of the span that is one."""
    kind, n, day = unit
    out = []
    d = first
    while d <= last:
        if kind == "months" and d.day == day and (d.month - 1) % n == 0:
            out.append(d)
        elif kind == "weekday" and d.weekday() == n:
            out.append(d)
        elif kind == "weekdays" and d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def _cases(seed: int, n: int) -> list[tuple[str, tuple[str, int, int], dt.date, dt.date, str]]:
    rng = random.Random(seed)
    out: list[tuple[str, tuple[str, int, int], dt.date, dt.date, str]] = []
    while len(out) < n:
        setting, parents, rows = rng.choice(SETTINGS)
        said, unit = rng.choice(PHRASINGS)
        span_said, first, last = rng.choice(SPANS)
        if not 0 < len(_boundaries(unit, first, last)) <= MOST:
            continue
        text = f"{setting}: {rng.randint(3, 9)} {parents} with {said.format(rows=rows)} {span_said}"
        out.append((text, unit, first, last, parents))
    return out


CASES = _cases(69, 5) + _cases(70, 3)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


def _on_the_calendar(
    text: str, unit: tuple[str, int, int], first: dt.date, last: dt.date, parent: str, seed: int
) -> int:
    """Draft and generate: every parent's rows are exactly the calendar's boundaries of the span at or after its
    own start; returns how many parents start inside the span."""
    t0 = time.process_time()
    d = draft(text)
    child = made_per(d.spec, parent)
    cols = d.spec["tables"][child]["columns"]
    on_grid = [c for c, col in cols.items() if isinstance(col, dict) and "step_no" in str(col.get("expr", ""))]
    assert len(on_grid) == 1, (text, cols)
    frames = simulacra.generate(d.spec, seed=seed).frames
    simulacra.validate(d.spec, frames)
    key = next(c for c, col in cols.items() if isinstance(col, dict) and col.get("references", "").startswith(parent))
    pk = d.spec["tables"][parent]["primary_key"]
    starts = parent_starts(d.spec["tables"][child]["rows"], frames[parent], parent)
    points = _boundaries(unit, first, last)
    got = frames[child].group_by(key).agg(pl.col(on_grid[0]).sort()).rows()
    by_parent = {k: v for k, v in got}
    inside = 0
    for pid, began in zip(frames[parent][pk].to_list(), starts, strict=True):
        expected = [p for p in points if began is None or dt.datetime.combine(p, dt.time()) >= began]
        inside += began is not None and dt.datetime.combine(first, dt.time()) < began
        dates = [v.date() if isinstance(v, dt.datetime) else v for v in by_parent.get(pid, [])]
        assert dates == expected, (text, pid, began, dates[:5], expected[:5])
        assert all(not isinstance(v, dt.datetime) or v.time() == dt.time() for v in by_parent.get(pid, []))
    assert time.process_time() - t0 < 10, text
    return inside


@pytest.mark.parametrize(("text", "unit", "first", "last", "parent"), CASES, ids=[c[0] for c in CASES])
def test_each_row_on_a_calendar_boundary_from_its_parents_start(
    text: str, unit: tuple[str, int, int], first: dt.date, last: dt.date, parent: str
) -> None:
    _on_the_calendar(text, unit, first, last, parent, seed=7)


#: parents created inside the span (a customer signing up, a member joining in 2024): the defect's own case
PLANTED = [
    ("a telecom: 8 customers with invoices every month in 2024", ("months", 1, 1)),
    ("a gym: 9 members with payments on the 15th of each month in 2024", ("months", 1, 15)),
    ("a clinic: 7 patients with checkups every friday in 2024", ("weekday", 4, 0)),
    ("a bank: 6 accounts with statements every weekday in 2024", ("weekdays", 0, 0)),
]


@pytest.mark.parametrize(("text", "unit"), PLANTED, ids=[p[0] for p in PLANTED])
@pytest.mark.parametrize("seed", [11])
def test_a_parent_started_mid_span_gets_only_the_boundaries_left(
    text: str, unit: tuple[str, int, int], seed: int
) -> None:
    parent = text.split(": ")[1].split()[1]
    inside = _on_the_calendar(text, unit, dt.date(2024, 1, 1), dt.date(2024, 12, 31), parent, seed)
    assert inside > 0, text  # the case is planted: some parents begin inside the span


def test_a_leap_day_and_a_year_end_are_counted_as_the_calendar_has_them() -> None:
    """Weekdays from 2023-12-25 to 2024-03-10 (a year end, a 29 February): counted by the calendar."""
    d = draft("a bank: 4 accounts with statements every weekday from december 2023 to february 2024")
    rows = d.spec["tables"][made_per(d.spec, "accounts")]["rows"]
    assert rows["count"]["value"] == len(_boundaries(("weekdays", 0, 0), dt.date(2023, 12, 1), dt.date(2024, 2, 29)))


#: controls: a numbered step keeps draft63-65's fixed grid from the span's first midnight, however it is said
NUMBERED = [
    "a consultancy: 6 employees with timesheets every 2 weeks in 2024",
    "a consultancy: 6 employees with timesheets every two weeks in 2024",
    "a consultancy: 6 employees with biweekly timesheets in 2024",
    "a consultancy: 6 employees with timesheets fortnightly in 2024",
]


def test_numbered_steps_keep_their_fixed_grid() -> None:
    specs = [draft(t).spec for t in NUMBERED]
    tables = [{k: v for k, v in s["tables"].items()} for s in specs]
    assert all(t == tables[0] for t in tables), "every way of saying 2 weeks is the numbered step"
    cols = tables[0]["timesheets"]["columns"]
    assert any("INTERVAL '1209600 seconds'" in str(c.get("expr", "")) or "step_no * 14" in str(c.get("expr", ""))
               for c in cols.values() if isinstance(c, dict))  # fmt: skip


def test_a_fixed_step_of_days_is_not_moved_onto_mondays() -> None:
    """'every 7 days' from a Wednesday start stays on Wednesdays (a numbered step, not a calendar week)."""
    d = draft("a clinic: 5 patients with checkups every 7 days from may 2024 to june 2024")
    cols = d.spec["tables"][made_per(d.spec, "patients")]["columns"]
    exprs = " ".join(str(c.get("expr", "")) for c in cols.values() if isinstance(c, dict))
    assert "2024-05-01" in exprs and "604800" in exprs or "step_no * 7" in exprs, exprs
