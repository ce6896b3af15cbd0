"""Rows made per parent row and step ("readings every 5 minutes") start at the parent's own start, on the grid
(issue 20, draft64).

draft63 put the k-th reading of each parent at the span's first midnight + k steps, so a server created mid-span
had readings from before it existed. The k-th row now sits at the parent's start rounded up to the grid + k steps,
and only the steps left before the span ends are made (``rows.equals``). Short spellings of a step's unit ("every
35 secs", "every 45 sec", "every 10 mins", "every 2 hrs", "every 30s") and a catalogue word before the rows' noun
("gps pings": not doctors, GPs) were misread: the test drafts them too."""

from __future__ import annotations

import datetime as dt
import math
import time

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import made_per, step_requests

import simulacra
from simulacra.draft import draft

#: (setting, parents, the rows each makes per step): parents with a start of their own
SETTINGS = [
    ("a hosting company", "servers", "cpu readings"),
    ("a cloud provider", "servers", "health checks"),
    ("a utility", "smart meters", "meter readings"),
    ("a hospital", "patients", "vital sign readings"),
    ("a bank", "accounts", "balance snapshots"),
    ("a gym", "members", "heart rate readings"),
    ("a logistics company", "trucks", "gps pings"),
    ("a factory", "machines", "sensor readings"),
]
#: (number, the unit as said, seconds in the unit)
STEPS = [(35, "seconds", 1), (35, "secs", 1), (45, "sec", 1), (50, "s", 1), (7, "minutes", 60), (10, "mins", 60),
         (13, "min", 60), (90, "minutes", 60), (5, "hours", 3600), (2, "hrs", 3600), (3, "hr", 3600)]  # fmt: skip
SPANS = [
    ("for a day", dt.date(2024, 12, 31), dt.date(2024, 12, 31)),
    ("for a week", dt.date(2024, 12, 25), dt.date(2024, 12, 31)),
    ("for a month", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
]
MOST = 3_000  # most rows per parent a generated case may get


def _cases(seed: int, n: int) -> list[tuple[str, int, dt.date, dt.date, str]]:
    """Requests as draft63's, the parents named by their last word ("smart meters": meters)."""
    drawn = step_requests(seed, n, SETTINGS, STEPS, SPANS, MOST, (3, 9))
    return [(text, step, first, last, parents.split()[-1]) for text, step, first, last, parents in drawn]


CASES = _cases(64, 4) + _cases(65, 3)
#: the settings with a parent created inside the span (servers, accounts): the defect's own case, each seed
PLANTED = [
    ("a hosting company: 6 servers with cpu readings every 7 minutes for a week", 420),
    ("a bank: 8 accounts with balance snapshots every 3 hrs for a month", 10_800),
    ("a fitness app: 5 users with heart rate pings every 45 sec for a day", 45),
]


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


def _check(text: str, step: int, first: dt.date, last: dt.date, parent: str, seed: int) -> int:
    """Draft and generate; every row on the grid, at or after its parent's start, the steps left each; returns
    how many parents start inside the span."""
    t0 = time.process_time()
    d = draft(text)
    table = made_per(d.spec, parent)
    steps = math.ceil(((last - first).days + 1) * 86_400 / step)
    assert d.spec["tables"][table]["rows"]["count"] == {"distribution": "fixed", "value": float(steps)}, text
    frames = simulacra.generate(d.spec, seed=seed, scale=1.0).frames
    simulacra.validate(d.spec, frames)
    assert time.process_time() - t0 < 10, text
    cols = d.spec["tables"][table]["columns"]
    fk = next(n for n, c in cols.items() if isinstance(c, dict) and c.get("generator") == "foreign_key")
    pkey = str(cols[fk]["references"]).split(".")[1]
    rows, parents = frames[table], frames[parent]
    when = next(n for n, t in rows.schema.items() if isinstance(t, pl.Datetime) or t == pl.Date)
    pwhen = [n for n, t in parents.schema.items() if isinstance(t, pl.Datetime) or t == pl.Date]
    start = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    joined = rows.join(parents.select([pkey, *pwhen]), left_on=fk, right_on=pkey, how="left", suffix="_parent")
    starts = [c if c not in rows.columns else c + "_parent" for c in pwhen if "birth" not in c]
    assert starts, text  # the parents have a start of their own
    inside = 0
    for ts in joined[when]:
        ts = ts if isinstance(ts, dt.datetime) else dt.datetime.combine(ts, dt.time())
        assert start <= ts < end and (ts - start).total_seconds() % step == 0, (text, ts)  # on the grid
    # the parent's start the draft chose: rows come after it (the latest start column bounds every row)
    col = next(s for s in starts if (joined[when] >= joined[s].cast(joined[when].dtype)).all())
    pcol = col.removesuffix("_parent")
    counts = dict(rows.group_by(fk).len().iter_rows())
    for pk, own in parents.select([pkey, pcol]).iter_rows():
        own = own if isinstance(own, dt.datetime) else dt.datetime.combine(own, dt.time())
        left = steps - max(0, math.ceil((own - start).total_seconds() / step))
        inside += own > start
        assert counts.get(pk, 0) == max(0, left), (text, pk, own)  # only the steps left before the span ends
    return inside


@pytest.mark.parametrize(("text", "step", "first", "last", "parent"), CASES)
def test_rows_on_the_grid_after_their_parent(text: str, step: int, first: dt.date, last: dt.date, parent: str) -> None:
    _check(text, step, first, last, parent, seed=1)


@pytest.mark.parametrize(("text", "step"), PLANTED)
@pytest.mark.parametrize("seed", [3, 11])
def test_a_parent_started_mid_span_has_no_earlier_rows(text: str, step: int, seed: int) -> None:
    said = text.rsplit(" for a ", 1)[1]
    first = {"day": dt.date(2024, 12, 31), "week": dt.date(2024, 12, 25), "month": dt.date(2024, 12, 1)}[said]
    parent = text.split(": ")[1].split(" with ")[0].split()[-1]
    assert _check(text, step, first, dt.date(2024, 12, 31), parent, seed) > 0  # the defect is exercised


@pytest.mark.parametrize("unit", ["secs", "sec", "s", "seconds"])
@pytest.mark.parametrize("noun", ["gps pings", "location pings", "gp pings"])
def test_short_units_and_a_modifier_before_the_noun(unit: str, noun: str) -> None:
    spec = draft(f"a fleet: 12 vans with {noun} every 35{'' if unit == 's' else ' '}{unit} for a day").spec
    table = made_per(spec, "vans")
    assert table == noun.replace(" ", "_"), (noun, unit, list(spec["tables"]))
    assert spec["tables"][table]["rows"]["count"]["value"] == math.ceil(86_400 / 35)
    assert not any(t in spec["tables"] for t in ("secs", "sec", "doctors", "gps"))
