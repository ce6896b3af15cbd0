"""A step said without a number or as an adverb is read as the step, per parent, on its grid (issue 20, draft65).

"readings every 5 minutes" was read as a step (draft63, draft64), but "a hospital: 300 patients with vital signs
every hour for a month" made ONE table of 744 rows in all, not 744 per patient; "every minute" a guess of 2 per
patient; "vital signs hourly" no table at all; "every 1.5 hours" an error. The test composes requests (seeded) from
settings x parents x row nouns x phrasings of a step x spans, drafts each and checks the count per parent; a sample
is generated and every parent's rows must be exactly the grid's instants (from the parent's own start on, draft64).
Controls: 'every' that is no step ("every patient has a doctor", "every second customer"), a noun with a number of
its own ("500 calls per hour": a total rate), calendar units ("monthly", "every month": no fixed length)."""

from __future__ import annotations

import datetime as dt
import math
import random

import polars as pl
import pytest
from tests.unit.draft.draft_helpers import made_per, parent_starts

import simulacra
from simulacra.draft import draft

#: (the step as said, seconds between two rows)
PHRASINGS = [
    ("every hour", 3600), ("every minute", 60), ("every second", 1), ("every day", 86_400), ("every week", 604_800),
    ("hourly", 3600), ("daily", 86_400), ("weekly", 604_800), ("each hour", 3600), ("each minute", 60),
    ("once an hour", 3600), ("once a day", 86_400), ("per hour", 3600), ("per day", 86_400), ("twice a day", 43_200),
    ("twice an hour", 1800), ("three times a day", 28_800), ("4 times an hour", 900), ("twice daily", 43_200),
    ("every other day", 172_800), ("every second day", 172_800), ("every third hour", 10_800),
    ("every half hour", 1800), ("every half an hour", 1800), ("every quarter hour", 900), ("every half-hour", 1800),
    ("half-hourly", 1800), ("quarter-hourly", 900), ("every 1.5 hours", 5400), ("every 2.5 days", 216_000),
    ("every 0.5 hours", 1800),
]  # fmt: skip
#: (setting, parents, the rows each makes per step)
SETTINGS = [
    ("a hospital", "patients", "vital signs"),
    ("a weather network", "stations", "readings"),
    ("a farm", "greenhouses", "sensor readings"),
    ("a brewery", "tanks", "temperature logs"),
    ("a zoo", "enclosures", "checks"),
    ("a hosting company", "servers", "cpu readings"),
    ("a factory", "machines", "sensor readings"),
    ("a utility", "smart meters", "meter readings"),
]
SPANS = [
    ("for a day", dt.date(2024, 12, 31), dt.date(2024, 12, 31)),
    ("for a week", dt.date(2024, 12, 25), dt.date(2024, 12, 31)),
    ("for a month", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
    ("in 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
]
MOST = 2_000  # most rows per parent a generated case may get


def _steps(first: dt.date, last: dt.date, step: int) -> int:
    return math.ceil(((last - first).days + 1) * 86_400 / step)


def _case(rng: random.Random, said: str, step: int, most: int = 400) -> tuple[str, int, dt.date, dt.date, str]:
    setting, parents, noun = rng.choice(SETTINGS)
    span, first, last = rng.choice(SPANS)
    text = f"{setting}: {rng.randint(2, most)} {parents} with {noun} {said} {span}"
    return text, step, first, last, parents.split()[-1]


#: every phrasing once, in a setting, a count and a span drawn by seed
EACH = [_case(random.Random(6500 + i), said, step) for i, (said, step) in enumerate(PHRASINGS)]


def _generated(seed: int, n: int) -> list[tuple[str, int, dt.date, dt.date, str]]:
    rng = random.Random(seed)
    out: list[tuple[str, int, dt.date, dt.date, str]] = []
    while len(out) < n:
        said, step = rng.choice(PHRASINGS)
        case = _case(rng, said, step, most=5)
        if _steps(case[2], case[3], step) <= MOST:
            out.append(case)
    return out


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    draft("a shop: 10 customers")


@pytest.mark.parametrize(("text", "step", "first", "last", "parent"), EACH)
def test_each_phrasing_is_a_step_per_parent(text: str, step: int, first: dt.date, last: dt.date, parent: str) -> None:
    spec = draft(text).spec
    table = made_per(spec, parent)
    rows = spec["tables"][table]["rows"]
    assert rows["count"] == {"distribution": "fixed", "value": float(_steps(first, last, step))}, text
    cols = spec["tables"][table]["columns"]
    assert "step_no" in cols, text  # the rows' date is the grid's instant
    assert any(f"INTERVAL '{step} seconds'" in str(c.get("expr", "")) or f"* {step // 86_400}" in str(c.get("expr", ""))
               for c in cols.values() if isinstance(c, dict)), text  # fmt: skip


@pytest.mark.parametrize(("text", "step", "first", "last", "parent"), _generated(65, 5) + _generated(66, 3))
def test_rows_fall_on_the_grid_from_their_parent_start(
    text: str, step: int, first: dt.date, last: dt.date, parent: str
) -> None:
    d = draft(text)
    table = made_per(d.spec, parent)
    frames = simulacra.generate(d.spec, seed=7, scale=1.0).frames
    simulacra.validate(d.spec, frames)
    cols = d.spec["tables"][table]["columns"]
    fk = next(
        n
        for n, c in cols.items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key" and str(c["references"]).startswith(parent + ".")
    )
    rows = frames[table]
    when = next(n for n, t in rows.schema.items() if isinstance(t, pl.Datetime) or t == pl.Date)
    start = dt.datetime.combine(first, dt.time())
    grid = [start + dt.timedelta(seconds=k * step) for k in range(_steps(first, last, step))]
    per = dict(rows.group_by(fk).agg(pl.col(when).sort()).iter_rows())
    starts = parent_starts(d.spec["tables"][table]["rows"], frames[parent], parent)
    keys = frames[parent][d.spec["tables"][parent]["primary_key"]]
    assert len(keys) >= 2
    for key, began in zip(keys, starts, strict=True):
        first_k = 0 if began is None else max(0, math.ceil((began - start).total_seconds() / step))
        got = [v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time()) for v in per.get(key, [])]
        assert got == grid[first_k:], text  # exactly the step's instants from the parent's start, each once


@pytest.mark.parametrize("noun", ["vital signs", "readings", "meter readings"])
@pytest.mark.parametrize(("adjective", "step"), [("hourly", 3600), ("half-hourly", 1800), ("quarter-hourly", 900)])
def test_an_hourly_noun_is_on_the_grid(noun: str, adjective: str, step: int) -> None:
    spec = draft(f"a hospital: 40 patients with {adjective} {noun} for a week").spec
    table = made_per(spec, "patients")
    assert spec["tables"][table]["rows"]["count"]["value"] == 7 * 86_400 / step
    assert "step_no" in spec["tables"][table]["columns"]


#: requests where 'every', 'daily', 'per' say no step of each parent's rows, and what each must still make
CONTROLS = [
    ("a hospital: every patient has a doctor; 300 patients", "patients", 300),
    ("a shop: 20 customers, every second customer has a coupon", "customers", 20),
    ("a restaurant: 40 daily specials", "specials", 40),
    ("a clinic: 300 visits every day for a month", "visits", 300 * 31),  # a total rate
    ("a call centre: 500 calls per hour for a week", "calls", 500 * 168),  # a total rate
    ("a depot: 1,200 parcels each day for a week", "parcels", 1_200 * 7),  # a total rate
]


@pytest.mark.parametrize(("text", "table", "count"), CONTROLS)
def test_every_that_is_no_step(text: str, table: str, count: int) -> None:
    spec = draft(text).spec
    assert spec["tables"][table]["rows"] == count, text
    assert not any("step_no" in ts["columns"] for ts in spec["tables"].values()), text


@pytest.mark.parametrize(
    "said",
    ["monthly", "twice a month", "7 times a day", "every day of 2024", "every week from 2023 to 2024"],
)
def test_calendar_units_and_uneven_times_are_no_step(said: str) -> None:
    spec = draft(f"a gym: 30 members with fees {said} for a year").spec
    assert not any("step_no" in ts["columns"] for ts in spec["tables"].values()), said
